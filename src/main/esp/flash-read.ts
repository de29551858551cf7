import { createHash } from 'node:crypto';
import { espError, hex } from './errors.js';
import { Op } from './opcodes.js';
import { words } from './packet.js';
import type { Protocol } from './protocol.js';

const STUB_PACKET = 0x1000;
const STUB_IN_FLIGHT = 64;
const ROM_READ_CHUNK = 64;

export type ReadProgress = (done: number, total: number) => void;

export async function readFlash(protocol: Protocol, offset: number, size: number, progress: ReadProgress): Promise<Uint8Array> {
  protocol.transport.context.step = 'read';
  return protocol.stub ? readWithStub(protocol, offset, size, progress) : readWithRom(protocol, offset, size, progress);
}

/**
 * The stub streams packets as bare SLIP frames; each is acknowledged with the total received
 * so far, and the stream ends with the MD5 of everything sent (16 raw bytes), which must match.
 */
async function readWithStub(protocol: Protocol, offset: number, size: number, progress: ReadProgress): Promise<Uint8Array> {
  await protocol.command(Op.READ_FLASH, { data: words(offset, size, STUB_PACKET, STUB_IN_FLIGHT), payloadLength: 0 });
  const transport = protocol.transport;
  const out = new Uint8Array(size);
  const hash = createHash('md5');
  let received = 0;
  while (received < size) {
    const frame = await transport.nextFrame(protocol.timeouts.command);
    if (!frame) throw protocol.error('timeout', `the board stopped sending flash data at ${hex(offset + received)} (${received} of ${size} bytes)`);
    if (frame.length > size - received) throw protocol.error('protocol', `the board sent ${frame.length} bytes of flash data where ${size - received} remained`);
    out.set(frame, received);
    hash.update(frame);
    received += frame.length;
    await transport.send(words(received));
    progress(received, size);
  }
  const digest = await transport.nextFrame(protocol.timeouts.command);
  if (!digest) throw protocol.error('timeout', 'the board did not send the MD5 at the end of the flash data');
  const expected = Buffer.from(digest).toString('hex');
  const actual = hash.digest('hex');
  if (digest.length !== 16 || expected !== actual) {
    throw espError('verify-mismatch', 'read', protocol.port, `the flash data read from ${hex(offset)} is damaged: its MD5 is ${actual}, the board says ${expected}`, {
      offset,
      expectedMd5: expected,
      actualMd5: actual,
    });
  }
  return out;
}

/** The ROM reads 64 bytes per command. */
async function readWithRom(protocol: Protocol, offset: number, size: number, progress: ReadProgress): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += ROM_READ_CHUNK) {
    const length = Math.min(ROM_READ_CHUNK, size - at);
    const reply = await protocol.command(Op.READ_FLASH_SLOW, { data: words(offset + at, length) });
    if (reply.payload.length < length) throw protocol.error('protocol', `READ_FLASH_SLOW answered ${reply.payload.length} bytes, expected ${length}`);
    out.set(reply.payload.subarray(0, length), at);
    progress(at + length, size);
  }
  return out;
}
