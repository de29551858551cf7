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

/** The client recovers: the write ends verified. */
type RidesOut = 'rides-out';

const EXPECTED: Record<SimFaultName, Expected | RidesOut> = {
  silence: { code: 'timeout', step: 'write', hint: /stopped answering: check the cable and the power supply/, then: 'reset' },
  garbage: { code: 'timeout', step: 'verify', hint: /stopped answering: check the cable/, then: 'retry' },
  'bad-checksum': { code: 'protocol', step: 'write', hint: /garbled on the line.*check the cable.*lower --baud/, then: 'retry' },
  // The block is lost twice, then again after a restart of the region: the restart rides it out.
  'drop-frames': 'rides-out',
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

    if (expected === 'rides-out') {
      await flashBoard({ path: pty.path, stub, timeouts: FAULT_TIMEOUTS }, images);
      expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
      return;
    }
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
    // The board took the block; the resend is refused as out of sequence, and the region starts again from BEGIN.
    { what: 'the answer to a block lost once (stub)', faults: [{ kind: 'dropReply', op: 'FLASH_DEFL_DATA', nth: 2 }] },
    { what: 'the answer to a block lost once (ROM)', faults: [{ kind: 'dropReply', op: 'FLASH_DATA', nth: 3 }], stub: false },
    { what: 'answers to blocks lost twice, in two attempts at the region', faults: [{ kind: 'dropReply', op: 'FLASH_DEFL_DATA', nth: 2, times: 2 }] },
  ] as const)('$what', async ({ faults, ...rest }, { onTestFinished }) => {
    const stub = 'stub' in rest ? rest.stub : true;
    const boards = new PtyBoards();
    onTestFinished(() => boards.closeAll());
    const pty = boards.start({ chip: 'esp32c6', faults });
    const regions = regionsFor('esp32c6', { seed: 4 });
    await flashBoard({ path: pty.path, stub, timeouts: FAULT_TIMEOUTS }, await prepare(regions, stub));
    expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
  });
});

describe('answers to data blocks lost every time', () => {
  it.concurrent.for([
    { loader: 'stub', stub: true, op: 'FLASH_DEFL_DATA' },
    { loader: 'ROM', stub: false, op: 'FLASH_DATA' },
  ] as const)('$loader: the region is started 3 times, then a protocol error says replies were lost', async ({ stub, op }, { expect, onTestFinished }) => {
    const boards = new PtyBoards();
    onTestFinished(() => boards.closeAll());
    const pty = boards.start({ chip: 'esp32c3', faults: [{ kind: 'dropReply', op, times: Infinity }] });
    const images = await prepare(regionsFor('esp32c3', { seed: 5 }), stub);
    const error = await espFailure(flashBoard({ path: pty.path, stub, timeouts: { command: 400, writePerMb: 1000, stubHello: 1500 } }, images));
    expect({ code: error.code, step: error.step, offset: error.details.offset }).toEqual({ code: 'protocol', step: 'write', offset: images[0]!.offset });
    expect(error.message).toMatch(/replies were lost on the line; the region was started 3 times/);
    expect(error.hint).toMatch(/check the cable.*lower --baud/);
  });
});
