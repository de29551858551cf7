import { z } from 'zod';
import { CHIP_NAMES } from '../esp/chips.js';
import { EXTENDED_KEY_USAGES, type ExtendedKeyUsageName } from '../identity/device-extensions.js';
import { serialSchemeSchema } from '../identity/serial-scheme.js';

/** A flash offset as the JSON files write it: "0x10000" (or decimal). */
export const OFFSET_PATTERN = /^(?:0[xX][0-9a-fA-F]+|[0-9]+)$/;
/** A flash size as esptool and flasher_args.json write it. */
export const FLASH_SIZE_PATTERN = /^[0-9]+(?:KB|MB)$/;
/** Names of constants: {{const.NAME}} in the NVS template, {NAME} in certificate templates, {const:NAME} in serials. */
export const CONSTANT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const offset = z.string().regex(OFFSET_PATTERN, { error: 'an offset is a string such as "0x10000"' });
const path = (what: string) => z.string().min(1).describe(`${what}, relative to the job folder`);

export const flasherArgsFirmwareSchema = z.strictObject({
  flasherArgs: z.string().min(1).describe('the flasher_args.json `idf.py build` wrote, relative to the job folder; the images it lists are relative to its own folder'),
});

export const imagesFirmwareSchema = z.strictObject({
  images: z
    .array(z.strictObject({ offset, file: path('the image') }))
    .min(1)
    .describe('the images to flash, each at its offset'),
  flashSize: z.string().regex(FLASH_SIZE_PATTERN, { error: 'a flash size such as "4MB"' }).optional().describe('the flash size the images are built for, e.g. "4MB"; images must fit in it'),
});

export const firmwareSchema = z.union([flasherArgsFirmwareSchema, imagesFirmwareSchema]).describe('the firmware: an ESP-IDF build (flasher_args.json) or a list of images');

export const nvsSchema = z
  .strictObject({
    template: path('the fctry partition template: an nvs_partition_gen CSV whose values may use {{serial}}, {{mac}}, {{mac_hex}}, {{cert_pem}}, {{key_pem}}, {{ca_pem}} and {{const.NAME}}'),
    version: z.union([z.literal(1), z.literal(2)]).default(2).describe('NVS format version: 2 (multi-page blobs, the default) or 1'),
    encryption: z.strictObject({ keyFile: path('NVS encryption keys (an nvs_keys partition image, as `factory-bench nvs generate-key` writes)') }).optional(),
  })
  .describe('how each board\'s fctry NVS image is made');

const usages = Object.keys(EXTENDED_KEY_USAGES) as [ExtendedKeyUsageName, ...ExtendedKeyUsageName[]];

export const certificatesSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('none') }),
    z.strictObject({
      mode: z.literal('issue'),
      ca: z.strictObject({ cert: path('the CA certificate (PEM)'), key: path('the CA key, encrypted PKCS#8 PEM (factory-bench ca create)') }),
      subject: z.string().min(1).describe('the subject template, e.g. "CN={serial}, O=ACME"; placeholders {serial}, {mac}, {mac_hex}, {job} and constants'),
      san: z.array(z.string()).default([]).describe('subjectAltName templates, e.g. "DNS:{serial}.devices.example.com", "URI:urn:example:{mac}"'),
      validityDays: z.number().int().min(1).max(36_500).default(3650),
      extendedKeyUsage: z.array(z.enum(usages)).optional(),
    }),
    z.strictObject({ mode: z.literal('pool'), pool: z.string().min(1).describe('the pool its certificates were imported into (factory-bench certs import --pool)') }),
  ])
  .describe('device certificates: none, issued by the job\'s CA (its passphrase is asked at start), or taken from an imported pool');

export const checkSchema = z
  .strictObject({
    pattern: z.string().min(1).describe('a console line to wait for after the app boots; may use {{serial}} and {{mac}}'),
    timeoutMs: z.number().int().min(100).max(600_000).default(8000),
    baud: z.number().int().positive().default(115_200),
  })
  .describe('an optional check after flashing: boot the app and wait for a console line');

/** The job file, job.json: one product on the line. resources/job.schema.json is generated from this. */
export const jobSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('the job\'s name in the ledger'),
    product: z.string().min(1).describe('what the boards are, as the ledger and the labels show it'),
    chip: z.enum(CHIP_NAMES).describe('the chip every board must be'),
    firmware: firmwareSchema,
    partitionTable: path('partitions.csv or a binary partition-table.bin'),
    partitionTableOffset: offset.optional().describe('where the partition table is flashed; default: flasher_args.json\'s, else 0x8000'),
    fctryPartition: z.string().min(1).default('fctry').describe('the data/nvs partition that gets each board\'s fctry image'),
    nvs: nvsSchema,
    constants: z
      .record(z.string().regex(CONSTANT_NAME_PATTERN, { error: 'a constant name is letters, digits and _' }), z.string())
      .default({})
      .describe('values shared by every board: {{const.NAME}} in the fctry template, {NAME} in certificate templates, {const:NAME} in serial templates'),
    serial: serialSchemeSchema.describe('how boards get their serial numbers: a counter template or a list file (docs/ledger.md, "Serial schemes")'),
    certificates: certificatesSchema,
    check: checkSchema.optional(),
    labels: z.record(z.string(), z.unknown()).optional().describe('label settings (see the labels documentation)'),
    baud: z.number().int().positive().default(921_600).describe('the flashing baud rate'),
    reset: z.enum(['default', 'usb-reset', 'no-reset']).default('default').describe('how boards are reset into the bootloader, as esptool\'s --before'),
  })
  .describe('A Factory Bench job: one product on the production line');

export type JobSettings = z.output<typeof jobSchema>;
export type JobSettingsJson = z.input<typeof jobSchema>;
export type CertificateSettings = JobSettings['certificates'];
export type FirmwareSettings = JobSettings['firmware'];
