import { describe, it } from 'vitest';
import type { EspErrorCode, EspStep } from '../../src/main/esp/index.js';
import { SIM_FAULT_NAMES, SIM_FAULTS, type SimFaultName } from '../../src/main/cli/sim-faults.js';
import { CHIP_NAMES, type PtyBoard } from '../sim/index.js';
import { espFailure, expectFlashHolds, FAULT_TIMEOUTS, flashBoard, prepare, PtyBoards, regionsFor } from './fixtures.js';

// Each fault `factory-bench sim --fault` offers, on a board behind a real pseudo-terminal: the
// client ends in its typed error, with a hint a line operator can act on, and the next attempt
// succeeds. The cases wait for timeouts, so they run concurrently.

interface Expected {
  code: EspErrorCode;
  step: EspStep;
  hint: RegExp;
  /** What the operator does before trying again: nothing, press reset (a pty has no reset lines), or plug the board back in. */
  then: 'retry' | 'reset' | 'replug';
}

const EXPECTED: Record<SimFaultName, Expected> = {
  silence: { code: 'timeout', step: 'write', hint: /stopped answering: check the cable and the power supply/, then: 'reset' },
  garbage: { code: 'timeout', step: 'verify', hint: /stopped answering: check the cable/, then: 'retry' },
  'bad-checksum': { code: 'protocol', step: 'write', hint: /garbled on the line.*check the cable.*lower --baud/, then: 'retry' },
  'drop-frames': { code: 'timeout', step: 'write', hint: /stopped answering/, then: 'retry' },
  unplug: { code: 'port-gone', step: 'write', hint: /^the board was unplugged or the cable is loose$/, then: 'replug' },
  'flash-write-error': { code: 'flash-write-failed', step: 'write', hint: /could not write its flash: check the power supply/, then: 'retry' },
  'md5-mismatch': { code: 'verify-mismatch', step: 'verify', hint: /does not hold what was written: flash it again/, then: 'retry' },
  'no-stub-hello': { code: 'stub-no-hello', step: 'stub', hint: /stub did not start: try --no-stub/, then: 'reset' },
};

// The stub writes compressed (FLASH_DEFL_DATA), the ROM plain (FLASH_DATA): both ways a fault is armed.
const CASES = SIM_FAULT_NAMES.flatMap((fault, i) => [
  { fault, loader: 'stub', stub: true, chip: CHIP_NAMES[i % CHIP_NAMES.length]! },
  // A ROM-only connection never starts the stub, so it cannot meet one that does not say hello.
  ...(fault === 'no-stub-hello' ? [] : [{ fault, loader: 'ROM', stub: false, chip: CHIP_NAMES[(i + 4) % CHIP_NAMES.length]! }]),
]);

describe('faults end in typed errors, and the next attempt succeeds', () => {
  it.concurrent.for(CASES)('$fault ($loader, $chip)', async ({ fault, stub, chip }, { expect, onTestFinished }) => {
    const boards = new PtyBoards();
    onTestFinished(() => boards.closeAll());
    const expected = EXPECTED[fault];
    let pty: PtyBoard = boards.start({ chip, faults: SIM_FAULTS[fault].specs });
    const regions = regionsFor(chip, { seed: 3 });
    const images = await prepare(regions, stub);

    const error = await espFailure(flashBoard({ path: pty.path, stub, timeouts: FAULT_TIMEOUTS }, images));
    expect({ code: error.code, step: error.step, port: error.port }).toEqual({ code: expected.code, step: expected.step, port: pty.path });
    expect(error.hint).toMatch(expected.hint);

    if (expected.then === 'reset') pty.reset('download');
    if (expected.then === 'replug') pty = boards.replug(pty);
    await flashBoard({ path: pty.path, stub }, images);
    expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
  });
});

describe('faults the client rides out', () => {
  it.concurrent.for([
    { what: 'noise on the line before an answer', faults: [{ kind: 'garbage', op: 'SPI_FLASH_MD5', bytes: 200, thenReply: true }] },
    { what: 'a block refused once with a bad checksum', faults: [{ kind: 'nak', op: 'FLASH_DEFL_DATA', nth: 2 }] },
    { what: 'a block lost on the line once', faults: [{ kind: 'dropRequest', op: 'FLASH_DEFL_DATA', nth: 2 }] },
  ] as const)('$what', async ({ faults }, { onTestFinished }) => {
    const boards = new PtyBoards();
    onTestFinished(() => boards.closeAll());
    const pty = boards.start({ chip: 'esp32c6', faults });
    const regions = regionsFor('esp32c6', { seed: 4 });
    await flashBoard({ path: pty.path, timeouts: FAULT_TIMEOUTS }, await prepare(regions));
    expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
  });
});
