import { EspError } from './errors.js';
import { Op } from './opcodes.js';
import { concat, readWord, words } from './packet.js';
import type { Protocol } from './protocol.js';
import { scaled } from './timeouts.js';

/** The simple commands: registers, SPI setup, baud rate, MD5, security info. */

const SYNC_DATA = concat(Uint8Array.of(0x07, 0x07, 0x12, 0x20), new Uint8Array(32).fill(0x55));
/** The ROM answers SYNC eight times; read the extra answers so that they do not linger. */
const SYNC_EXTRA_ANSWERS = 7;

export interface SyncResult {
  /** A SYNC answer with value 0 comes from a flasher stub that is already running. */
  stubRunning: boolean;
}

/** One SYNC attempt; undefined when no answer came in time. */
export async function sync(protocol: Protocol): Promise<SyncResult | undefined> {
  let reply;
  try {
    reply = await protocol.request(Op.SYNC, { data: SYNC_DATA, timeoutMs: protocol.timeouts.sync, payloadLength: 0 });
  } catch (error) {
    // Silence, or leftovers of an earlier session that the ROM refuses: either way, not synced yet.
    if (error instanceof EspError && error.code !== 'port-gone') return undefined;
    throw error;
  }
  await protocol.drain(protocol.timeouts.sync, SYNC_EXTRA_ANSWERS);
  return { stubRunning: reply.value === 0 };
}

export async function readReg(protocol: Protocol, address: number): Promise<number> {
  const reply = await protocol.command(Op.READ_REG, { data: words(address), payloadLength: 0 });
  return reply.value >>> 0;
}

export interface RegisterWrite {
  address: number;
  value: number;
  mask?: number;
  delayUs?: number;
}

export async function writeReg(protocol: Protocol, ...writes: RegisterWrite[]): Promise<void> {
  const data = concat(...writes.map((w) => words(w.address, w.value, w.mask ?? 0xffffffff, w.delayUs ?? 0)));
  await protocol.command(Op.WRITE_REG, { data, payloadLength: 0 });
}

/** Attaches the default SPI flash pins. The ROM wants 4 more zero bytes than the stub. */
export async function spiAttach(protocol: Protocol): Promise<void> {
  await protocol.command(Op.SPI_ATTACH, { data: protocol.stub ? words(0) : words(0, 0), payloadLength: 0 });
}

/** Tells the loader the flash size; the other geometry fields are the usual NOR values. */
export async function spiSetParams(protocol: Protocol, totalSize: number): Promise<void> {
  await protocol.command(Op.SPI_SET_PARAMS, { data: words(0, totalSize, 0x10000, 0x1000, 0x100, 0xffff), payloadLength: 0 });
}

/** The answer comes at the old rate; the ROM wants 0 as the old rate, the stub the real one. */
export async function changeBaudRate(protocol: Protocol, newBaud: number, currentBaud: number): Promise<void> {
  await protocol.command(Op.CHANGE_BAUDRATE, { data: words(newBaud, protocol.stub ? currentBaud : 0), payloadLength: 0 });
}

/** MD5 of a flash range as lower-case hex; the ROM answers in ASCII hex, the stub in 16 raw bytes. */
export async function flashMd5(protocol: Protocol, offset: number, size: number): Promise<string> {
  const timeoutMs = scaled(protocol.timeouts, protocol.timeouts.md5PerMb, size);
  const reply = await protocol.command(Op.SPI_FLASH_MD5, { data: words(offset, size, 0, 0), timeoutMs, payloadLength: protocol.stub ? 16 : 32 });
  return protocol.stub ? Buffer.from(reply.payload).toString('hex') : Buffer.from(reply.payload).toString('latin1').toLowerCase();
}

export interface SecurityInfo {
  flags: number;
  flashCryptCount: number;
  keyPurposes: number[];
  /** Absent on ESP32-S2, whose answer stops after the key purposes. */
  chipId?: number;
  apiVersion?: number;
}

export async function getSecurityInfo(protocol: Protocol): Promise<SecurityInfo> {
  const reply = await protocol.command(Op.GET_SECURITY_INFO);
  const p = reply.payload;
  if (p.length < 12) throw protocol.error('protocol', `GET_SECURITY_INFO answered ${p.length} bytes, expected 12 or 20`);
  const info: SecurityInfo = { flags: readWord(p, 0), flashCryptCount: p[4]!, keyPurposes: [...p.subarray(5, 12)] };
  if (p.length >= 20) {
    info.chipId = readWord(p, 12);
    info.apiVersion = readWord(p, 16);
  }
  return info;
}
