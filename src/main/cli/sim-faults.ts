// The faults `factory-bench sim --fault NAME` can give a simulated board, as test/sim's fault specs.
// Each fires once (a retry after it succeeds), at a point where a line operator would meet it.
import type { FaultSpec } from '../../../test/sim/index.js';

export interface NamedFault {
  /** What the board does, for --help. */
  about: string;
  specs: readonly FaultSpec[];
}

/** Data blocks go out compressed (the default) or plain (--no-compress): one fault counting both. */
const dataBlock = (spec: Omit<FaultSpec, 'op'>): FaultSpec[] => [{ ...spec, op: ['FLASH_DEFL_DATA', 'FLASH_DATA'] }];

export const SIM_FAULTS = {
  silence: { about: 'stops answering at the 2nd flash data block it gets (a hung chip)', specs: dataBlock({ kind: 'silence', nth: 2 }) },
  garbage: { about: 'line noise instead of the answer to the first MD5 check', specs: [{ kind: 'garbage', op: 'SPI_FLASH_MD5', bytes: 64 }] },
  'bad-checksum': { about: 'the 2nd flash data block arrives with a bad checksum, all 3 times it is sent', specs: dataBlock({ kind: 'nak', nth: 2, times: 3 }) },
  'drop-frames': { about: 'the 2nd flash data block is lost on the line, all 3 times it is sent', specs: dataBlock({ kind: 'dropRequest', nth: 2, times: 3 }) },
  unplug: { about: 'the cable is pulled at the 2nd flash data block; the board comes back on a new pty', specs: dataBlock({ kind: 'unplug', nth: 2 }) },
  'flash-write-error': { about: 'the flash fails to program the 2nd data block', specs: [{ kind: 'flashWriteError', nth: 2 }] },
  'md5-mismatch': { about: 'the first MD5 check answers a wrong digest', specs: [{ kind: 'md5Mismatch' }] },
  'no-stub-hello': { about: 'the uploaded flasher stub never says hello, and answers nothing', specs: [{ kind: 'noHello' }] },
} satisfies Record<string, NamedFault>;

export type SimFaultName = keyof typeof SIM_FAULTS;

export const SIM_FAULT_NAMES = Object.keys(SIM_FAULTS) as SimFaultName[];
