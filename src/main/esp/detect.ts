import { chipById, chipByMagic, CHIPS, MAGIC_REGISTER, type Chip, type ChipName } from './chips.js';
import { getSecurityInfo, readReg } from './commands.js';
import { EspError, espError, hex } from './errors.js';
import type { Protocol } from './protocol.js';

/**
 * Which chip answers: GET_SECURITY_INFO's chip id first (ESP32-S3 and newer), the magic
 * word at 0x40001000 for the ROMs without it (ESP32 refuses the command, ESP32-S2 omits the id).
 */
export async function detectChip(protocol: Protocol): Promise<Chip> {
  let chipId: number | undefined;
  try {
    chipId = (await getSecurityInfo(protocol)).chipId;
  } catch (error) {
    if (!(error instanceof EspError) || error.code === 'port-gone') throw error;
  }
  if (chipId !== undefined) {
    const chip = chipById(chipId);
    if (chip) return chip;
    throw protocol.error('unknown-chip', `the board reports chip id ${chipId}, which this tool does not know`);
  }
  let magic: number;
  try {
    magic = await readReg(protocol, MAGIC_REGISTER);
  } catch (error) {
    if (error instanceof EspError && (error.code === 'unsupported' || error.code === 'device-error')) {
      throw protocol.error('unsupported', 'the board refuses to read registers: it is probably an ESP32-S2 in Secure Download Mode');
    }
    throw error;
  }
  const chip = chipByMagic(magic);
  if (chip) return chip;
  throw protocol.error('unknown-chip', `the board's chip magic value ${hex(magic)} is not one this tool knows`);
}

/** ESP32-P4 revision as major * 100 + minor, from its eFuse block 1 word 2. */
export async function readP4Revision(protocol: Protocol): Promise<number> {
  const word = await readReg(protocol, CHIPS.esp32p4.macEfuse + 8);
  const major = (((word >>> 23) & 1) << 2) | ((word >>> 4) & 0x03);
  return major * 100 + (word & 0x0f);
}

/** ESP32-C2 revision (major * 100 + minor): revision 0 cannot run the flasher stub. */
export async function readC2Revision(protocol: Protocol): Promise<number> {
  const word = await readReg(protocol, CHIPS.esp32c2.macEfuse + 4);
  return ((word >>> 20) & 0x03) * 100 + ((word >>> 16) & 0x0f);
}

/** Detects the chip and checks it against the one the job expects. */
export async function identifyChip(protocol: Protocol, expected: ChipName | 'auto'): Promise<Chip> {
  let chip: Chip;
  try {
    chip = await detectChip(protocol);
  } catch (error) {
    // A named chip is trusted when the board cannot say what it is (new silicon, Secure Download Mode).
    if (expected !== 'auto' && error instanceof EspError && (error.code === 'unknown-chip' || error.code === 'unsupported')) return CHIPS[expected];
    throw error;
  }
  if (expected !== 'auto' && chip.name !== expected) {
    throw espError('wrong-chip', 'detect', protocol.port, `the board is an ${chip.label}, not an ${CHIPS[expected].label}`, { expectedChip: expected, actualChip: chip.name });
  }
  return chip;
}
