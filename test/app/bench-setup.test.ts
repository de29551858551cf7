import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_JOB, scratch, simulated, startApp, type TestApp } from './fixtures.js';

const ENGINEER = 'engineer passphrase';

describe("the engineer's setup", () => {
  const open: TestApp[] = [];
  const start = (dir: string): TestApp => {
    const app = startApp({ dir });
    open.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
  });

  it('comes back after a restart: a locked bench has its job, and the operator starts it as the engineer did, without the CA passphrase', async () => {
    const dir = scratch();
    const engineer = start(dir);
    await engineer.ok('job.open', { folder: EXAMPLE_JOB });
    let mark = engineer.events.all.length;
    await engineer.ok('bench.start', simulated(1));
    await engineer.events.runEnded(mark);
    // Within a session, the CA stays open: the next run needs no passphrase, and the window is told so.
    expect((await engineer.ok('job.current', {}))?.needsPassphrase).toBe(false);
    mark = engineer.events.all.length;
    await engineer.ok('bench.start', simulated(1, { passphrase: undefined }));
    await engineer.events.runEnded(mark);
    await engineer.ok('operator.lock', { passphrase: ENGINEER });
    await engineer.close();
    open.splice(0);

    const operator = start(dir);
    expect(await operator.ok('operator.state', {})).toEqual({ locked: true, passphraseSet: true });
    const restored = await operator.ok('job.current', {});
    expect(restored).toMatchObject({ name: 'widget', needsPassphrase: true });
    // A new app has not opened the CA: the passphrase is asked again.
    expect((await operator.refused('bench.start', simulated(1, { passphrase: undefined }))).message).toMatch(/CA passphrase/);
    mark = operator.events.all.length;
    await operator.ok('bench.start', simulated(1));
    expect(await operator.events.runEnded(mark)).toEqual({ type: 'run', state: 'ended' });
    expect((await operator.refused('bench.start', simulated(2))).code).toBe('locked');
  });

  it('is needed before an operator may start: a bench locked before any engineer start refuses to start', async () => {
    const app = start(scratch());
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    await app.ok('operator.lock', { passphrase: ENGINEER });
    const refusal = await app.refused('bench.start', simulated(1));
    expect(refusal).toEqual({ code: 'locked', message: expect.stringMatching(/before an engineer has started the bench once/) });
    expect((await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
  });

  it('Stop while the bench is still starting (the CA opening) means no run: no board is touched', async () => {
    const app = start(scratch());
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    const starting = app.call('bench.start', simulated(2));
    expect(await app.ok('bench.stop', {})).toEqual({ stopping: true });
    expect(await starting).toEqual({ ok: false, error: { code: 'failed', message: 'stopped before it started: no board was touched' } });
    expect((await app.ok('bench.state', {})).running).toBe(false);
    expect(app.events.all.some((event) => event.type === 'run')).toBe(false);
    expect((await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
    // The next Start runs.
    const mark = app.events.all.length;
    await app.ok('bench.start', simulated(2));
    expect(await app.events.runEnded(mark)).toEqual({ type: 'run', state: 'ended' });
  });
});
