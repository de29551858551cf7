import type { SpiRegisters } from './chips.js';
import { readReg, writeReg } from './commands.js';
import type { Protocol } from './protocol.js';

const USR_COMMAND = 1 << 31;
const USR_MISO = 1 << 28;
const CMD_USR = 1 << 18;
const POLL_LIMIT = 16;

export const SPIFLASH_RDID = 0x9f;

/**
 * Sends one command byte to the SPI flash through the SPI controller's registers (READ_REG and
 * WRITE_REG only, so it works in the ROM and the stub) and returns up to 32 bits of its answer.
 */
export async function spiFlashCommand(protocol: Protocol, spi: SpiRegisters, command: number, readBits: number): Promise<number> {
  const at = (offset: number): number => spi.base + offset;
  const oldUsr = await readReg(protocol, at(spi.usr));
  const oldUsr2 = await readReg(protocol, at(spi.usr2));
  await writeReg(
    protocol,
    { address: at(spi.usr), value: USR_COMMAND | (readBits > 0 ? USR_MISO : 0) },
    { address: at(spi.usr1), value: 0 },
    { address: at(spi.usr2), value: (7 << 28) | command },
    { address: at(spi.mosiDlen), value: 0 },
    { address: at(spi.misoDlen), value: readBits > 0 ? readBits - 1 : 0 },
    { address: at(spi.w0), value: 0 },
  );
  await writeReg(protocol, { address: spi.base, value: CMD_USR });
  let done = false;
  for (let i = 0; i < POLL_LIMIT && !done; i++) done = ((await readReg(protocol, spi.base)) & CMD_USR) === 0;
  if (!done) throw protocol.error('protocol', `the SPI flash command 0x${command.toString(16)} did not complete`);
  const answer = await readReg(protocol, at(spi.w0));
  await writeReg(protocol, { address: at(spi.usr), value: oldUsr }, { address: at(spi.usr2), value: oldUsr2 });
  return readBits >= 32 ? answer >>> 0 : answer & ((1 << readBits) - 1);
}

/** JEDEC id: manufacturer in the low byte, memory type, capacity code in bits 23..16. */
export async function readFlashId(protocol: Protocol, spi: SpiRegisters): Promise<number> {
  return spiFlashCommand(protocol, spi, SPIFLASH_RDID, 24);
}
