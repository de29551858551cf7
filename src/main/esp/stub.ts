import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ChipName } from './chips.js';
import { Op } from './opcodes.js';
import { checksum, concat, decodeResponse, encodeRequest, words } from './packet.js';
import type { Protocol } from './protocol.js';
import { parseStatus, ROM_STATUS_LENGTH, describeStatus } from './status.js';

/** A flasher stub image: code and data segments loaded to RAM, and where to start it. */
export interface StubImage {
  text: Uint8Array;
  textStart: number;
  data: Uint8Array;
  dataStart: number;
  entry: number;
}

/** Where stub images come from; the default reads the ones esptool-js ships. */
export type StubSource = (file: string) => Promise<StubImage>;

const RAM_BLOCK = 0x1800;
const HELLO = Buffer.from('OHAI', 'latin1');

/** The esp-flasher-stub file for a chip: ESP32-P4 before revision 3.0 has its own. */
export function stubFileFor(chip: ChipName, p4Revision?: number): string {
  return chip === 'esp32p4' && p4Revision !== undefined && p4Revision < 300 ? 'esp32p4-rev1' : chip;
}

interface StubJson {
  text: string;
  text_start: number;
  entry: number;
  data?: string;
  data_start?: number;
}

/**
 * Reads `esptool-js/lib/targets/stub_flasher/<file>.json` from the installed package at run
 * time (the images are not copied into this repository).
 */
export const esptoolJsStubs: StubSource = async (file) => {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`esptool-js/lib/targets/stub_flasher/${file}.json`);
  const json = JSON.parse(await readFile(path, 'utf8')) as StubJson;
  if (typeof json.text !== 'string' || typeof json.text_start !== 'number' || typeof json.entry !== 'number') {
    throw new Error(`${path} is not a flasher stub image (text, text_start, entry)`);
  }
  return {
    text: Buffer.from(json.text, 'base64'),
    textStart: json.text_start,
    data: Buffer.from(json.data ?? '', 'base64'),
    dataStart: json.data_start ?? 0,
    entry: json.entry,
  };
};

/** Loads the stub into RAM with MEM_BEGIN/MEM_DATA, starts it with MEM_END and waits for its OHAI. */
export async function runStub(protocol: Protocol, stub: StubImage): Promise<void> {
  for (const [segment, address] of [
    [stub.text, stub.textStart],
    [stub.data, stub.dataStart],
  ] as const) {
    if (segment.length === 0) continue;
    const blocks = Math.ceil(segment.length / RAM_BLOCK);
    await protocol.command(Op.MEM_BEGIN, { data: words(segment.length, blocks, RAM_BLOCK, address), payloadLength: 0 });
    for (let seq = 0; seq < blocks; seq++) {
      const block = segment.subarray(seq * RAM_BLOCK, (seq + 1) * RAM_BLOCK);
      await protocol.command(Op.MEM_DATA, { data: concat(words(block.length, seq, 0, 0), block), checksum: checksum(block), payloadLength: 0 });
    }
  }
  await protocol.transport.send(encodeRequest(Op.MEM_END, words(stub.entry === 0 ? 1 : 0, stub.entry)));
  await awaitHello(protocol);
  protocol.stub = true;
}

/** The ROM may or may not answer MEM_END before the stub's unsolicited OHAI frame; a refusal is fatal. */
async function awaitHello(protocol: Protocol): Promise<void> {
  const waitMs = protocol.timeouts.memEnd + protocol.timeouts.stubHello;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const frame = await protocol.transport.nextFrame(deadline - Date.now());
    if (!frame) throw protocol.error('stub-no-hello', `the flasher stub did not say hello within ${waitMs / 1000} s of starting it`);
    if (HELLO.equals(frame)) return;
    const response = decodeResponse(frame);
    if (response?.op !== Op.MEM_END) continue;
    const parsed = parseStatus(response.data, ROM_STATUS_LENGTH, 0);
    if (parsed && !parsed.status.ok) throw protocol.error('stub-no-hello', `starting the flasher stub failed: ${describeStatus(parsed.status.code)}`, parsed.status.code);
  }
}
