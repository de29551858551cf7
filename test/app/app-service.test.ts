import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type AppEvent, type BenchState, type CallOutcome, type DeviceRowView } from '../../src/shared/api.js';
import { startFakeZebra, type FakeZebra } from '../sim/zebra-printer.js';
import { EXAMPLE_JOB, isType, scratch, simulated, startApp, type TestApp } from './fixtures.js';

/** A copy of the example job with a mistake in job.json and one in partitions.csv. */
function brokenJob(): string {
  const dir = join(scratch(), 'broken-job');
  cpSync(EXAMPLE_JOB, dir, { recursive: true });
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  };
  edit('job.json', '"baud": 921600', '"baud": "fast"');
  edit('partitions.csv', 'fctry,    data, nvs,     ,        0x6000,', 'fctry,    data, nvs,     ,        0x6000,   bogus');
  return dir;
}

describe('job.open', () => {
  let app: TestApp;
  beforeAll(() => {
    app = startApp();
  });
  afterAll(() => app.close());

  it('shows what the example job will do, and sends it to the window', async () => {
    const view = await app.ok('job.open', { folder: EXAMPLE_JOB });
    expect(view).toMatchObject({
      folder: EXAMPLE_JOB,
      name: 'widget',
      product: 'ACME Widget rev C',
      chip: 'esp32c3',
      fctry: { name: 'fctry', offset: 0x110000, size: 0x6000, encrypted: false },
      serials: 'counter WDG-{gg}{ww}-{counter:05}, from 1',
      labels: 'layout default-50x25',
      check: 'wait for "fctry ok serial={{serial}}" on the console',
      needsPassphrase: true,
      problems: [],
    });
    expect(view.images.map(({ file, offset }) => [file, offset])).toEqual([
      ['build/bootloader/bootloader.bin', 0],
      ['build/partition_table/partition-table.bin', 0x8000],
      ['build/widget.bin', 0x10000],
    ]);
    expect(view.images.every((image) => image.size > 0)).toBe(true);
    expect(view.certificates).toMatch(/issued by the job's CA \(CN=\{serial\}/);
    expect(await app.ok('job.current', {})).toEqual(view);
    const sent = await app.events.waitFor((event) => event.type === 'job', { what: 'job event' });
    expect(sent).toEqual({ type: 'job', job: view });
  });

  it('lists every problem of a broken job with its file and line, and will not start it', async () => {
    const folder = brokenJob();
    const view = await app.ok('job.open', { folder });
    expect(view).toMatchObject({ folder, name: 'widget', images: [], needsPassphrase: false });
    expect(view.problems.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'job.json', line: 21 },
      { file: 'partitions.csv', line: 7 },
    ]);
    expect(view.problems[0]!.message).toMatch(/^baud: .*expected number/);
    expect(view.problems[1]!.message).toBe("unknown flag 'bogus'");
    for (const problem of view.problems) expect(problem.hint).not.toBe('');
    expect(await app.ok('job.current', {})).toEqual(view);
    const refusal = await app.refused('bench.start', simulated(1));
    expect(refusal).toEqual({ code: 'failed', message: `the job in ${folder} has 2 problem(s): fix them and open it again` });
  });

  it('says what is wrong with a folder that is not a job', async () => {
    const empty = scratch();
    const view = await app.ok('job.open', { folder: empty });
    expect(view.problems.length).toBeGreaterThan(0);
    expect(view.problems[0]!.file).toBe('job.json');
    const missing = await app.ok('job.open', { folder: join(empty, 'no-such-job') });
    expect(missing.problems).toEqual([expect.objectContaining({ file: 'job.json', message: expect.stringMatching(/job\.json does not exist/) })]);
  });

  it('job.choose opens the folder the operator picks, and answers null when cancelled', async () => {
    app.jobFolderAnswer = () => undefined;
    expect(await app.ok('job.choose', {})).toBeNull();
    app.jobFolderAnswer = () => EXAMPLE_JOB;
    expect(await app.ok('job.choose', {})).toMatchObject({ folder: EXAMPLE_JOB, name: 'widget', problems: [] });
  });
});

describe('bench.start refusals: no board touched, nothing in the ledger', () => {
  let app: TestApp;
  beforeAll(() => {
    app = startApp();
  });
  afterAll(() => app.close());

  const nothingRecorded = async () => {
    expect(await app.ok('ledger.jobs', {})).toEqual([]);
    expect((await app.ok('app.info', {})).ledger.devices).toBe(0);
    expect(await app.ok('bench.state', {})).toEqual({ running: false, slots: [], events: [] });
    expect(app.events.all.filter((event) => event.type === 'run')).toEqual([]);
  };

  it('without a job', async () => {
    expect(await app.refused('bench.start', simulated(1))).toEqual({ code: 'failed', message: 'open a job first' });
    await nothingRecorded();
  });

  it('without the CA passphrase', async () => {
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    const refusal = await app.refused('bench.start', simulated(1, { passphrase: undefined }));
    expect(refusal.code).toBe('failed');
    expect(refusal.message).toMatch(/^the job issues certificates: give its CA passphrase to start/);
    expect(await app.refused('bench.start', simulated(1, { passphrase: '' }))).toEqual(refusal);
    await nothingRecorded();
  });

  it('with a wrong CA passphrase', async () => {
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    const refusal = await app.refused('bench.start', simulated(1, { passphrase: 'not-the-passphrase' }));
    expect(refusal.code).toBe('failed');
    expect(refusal.message).toMatch(/^cannot decrypt the CA key ca\/ca\.key: wrong passphrase\nhint: /);
    await nothingRecorded();
  });

  it('with a printer the printers file does not have, saying how to write the file', async () => {
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    const missing = await app.refused('bench.start', simulated(1, { printer: 'line-1' }));
    expect(missing.message).toMatch(/printers\.json: no such file\nhint: printers\.json maps names to printers/);
    writeFileSync(join(app.dir, 'printers.json'), JSON.stringify({ archive: { kind: 'pdf', dir: 'labels' } }));
    const unknown = await app.refused('bench.start', simulated(1, { printer: 'line-1' }));
    expect(unknown.message).toMatch(/line-1/);
    expect(unknown.message).toMatch(/archive/);
    await nothingRecorded();
  });
});

describe('a run of four simulated boards', () => {
  let app: TestApp;
  let zebra: FakeZebra;
  let started: CallOutcome[];
  let during: BenchState;
  let duringStart: CallOutcome;
  let events: AppEvent[];
  let rows: DeviceRowView[];

  beforeAll(async () => {
    zebra = await startFakeZebra();
    app = startApp();
    writeFileSync(
      join(app.dir, 'printers.json'),
      JSON.stringify({ 'line-1': { kind: 'zebra', host: zebra.host, port: zebra.port }, archive: { kind: 'pdf', dir: 'pdf-labels' } }),
    );
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    // Two clicks on Start at once: one run.
    started = await Promise.all([app.call('bench.start', simulated(4)), app.call('bench.start', simulated(4))]);
    await app.events.waitFor((event) => event.type === 'step' && event.step === 'flashing', { what: 'a board flashing' });
    during = await app.ok('bench.state', {});
    duringStart = await app.call('bench.start', simulated(4));
    await app.events.runEnded();
    events = app.events.all;
    rows = (await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 100 })).rows;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await zebra.close();
  });

  it('starts once, however many times Start is clicked', () => {
    const accepted = started.filter((outcome) => outcome.ok);
    expect(accepted).toHaveLength(1);
    expect(started.find((outcome) => !outcome.ok)).toEqual({ ok: false, error: { code: 'failed', message: expect.stringMatching(/already (running|starting)/) } });
    expect(events.filter((event) => event.type === 'run' && event.state === 'started')).toHaveLength(1);
  });

  it('refuses a start while the run goes on', () => {
    expect(duringStart).toEqual({ ok: false, error: { code: 'failed', message: 'the bench is already running: stop it first' } });
  });

  it('replays the boards under way to a window that asks during the run', () => {
    expect(during.running).toBe(true);
    expect(during.mode).toBe('once');
    expect(during.job).toBe('widget');
    expect(during.slots.map((slot) => slot.slot)).toEqual(['sim 1', 'sim 2', 'sim 3', 'sim 4']);
    const stepsOf = (slot: string) => during.events.filter((event) => event.type === 'step' && event.slot === slot);
    for (const { slot } of during.slots) expect(stepsOf(slot)[0]).toMatchObject({ step: 'connecting', attempt: 1 });
    expect(during.events.some((event) => event.type === 'step' && event.step === 'flashing')).toBe(true);
  });

  it('sends the run as events: started, four boards done, the summary, ended', () => {
    const first = events.findIndex((event) => event.type === 'run');
    expect(events[first]).toEqual({
      type: 'run',
      state: 'started',
      mode: 'once',
      job: 'widget',
      slots: [1, 2, 3, 4].map((n) => ({ slot: `sim ${n}`, port: `sim://esp32c3-${n}` })),
    });
    const done = events.filter(isType('board-done'));
    expect(done).toHaveLength(4);
    expect(new Set(done.map((event) => event.slot))).toEqual(new Set(['sim 1', 'sim 2', 'sim 3', 'sim 4']));
    expect(new Set(done.map((event) => event.serial)).size).toBe(4);
    const summary = events.filter(isType('summary'));
    expect(summary).toEqual([expect.objectContaining({ pass: 4, fail: 0, stopped: 0, yield: 1 })]);
    expect(events.at(-1)).toEqual({ type: 'run', state: 'ended' });
    const order = (match: (event: AppEvent) => boolean) => events.findIndex(match);
    expect(order((event) => event.type === 'summary')).toBeGreaterThan(events.lastIndexOf(done.at(-1)!));
    expect(events.filter(isType('ledger')).at(-1)).toEqual({ type: 'ledger', devices: 4 });
    expect(events.some((event) => event.type === 'board-failed')).toBe(false);
  });

  it('records the four boards as provisioned, newest first', async () => {
    const done = events.filter(isType('board-done'));
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.status === 'provisioned' && row.job === 'widget' && row.chip === 'esp32c3' && row.certFingerprint)).toBe(true);
    expect(new Set(rows.map((row) => row.serial))).toEqual(new Set(done.map((event) => event.serial)));
    expect(new Set(rows.map((row) => row.mac))).toEqual(new Set(done.map((event) => event.mac)));
    const newestFirst = [...rows].sort((a, b) => (b.createdAt === a.createdAt ? b.allocationId - a.allocationId : b.createdAt.localeCompare(a.createdAt)));
    expect(rows).toEqual(newestFirst);
    expect(await app.ok('ledger.rows', { filter: {}, offset: 1, limit: 2 })).toEqual({ rows: rows.slice(1, 3), total: 4 });
    expect(await app.ok('ledger.rows', { filter: { status: 'pending' }, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    expect(await app.ok('ledger.rows', { filter: {}, offset: 4, limit: 10 })).toEqual({ rows: [], total: 4 });
    expect((await app.ok('app.info', {})).ledger).toEqual({ file: app.ledgerPath, schema: expect.any(Number), devices: 4 });
  });

  it('keeps the last run for a window opened after it', async () => {
    const state = await app.ok('bench.state', {});
    expect(state).toMatchObject({ running: false, mode: 'once', job: 'widget' });
    expect(state.slots).toHaveLength(4);
    expect(state.events.filter((event) => event.type === 'board-done')).toHaveLength(4);
    expect(state.events.filter((event) => event.type === 'summary')).toHaveLength(1);
    expect(await app.ok('bench.stop', {})).toEqual({ stopping: false });
  });

  it('finds a device by serial, or by its MAC in any spelling', async () => {
    const row = rows[2]!;
    expect(await app.ok('ledger.find', { term: row.serial })).toEqual(row);
    expect(await app.ok('ledger.find', { term: ` ${row.mac.toUpperCase().replaceAll(':', '-')} ` })).toEqual(row);
    expect(await app.ok('ledger.find', { term: row.mac.replaceAll(':', '') })).toEqual(row);
    expect(await app.ok('ledger.find', { term: 'WDG-0000-99999' })).toBeNull();
    expect(await app.ok('ledger.jobs', {})).toEqual(['widget']);
  });

  it("shows a device's history: identity, certificate (no PEM), steps, provisioning", async () => {
    const row = rows[0]!;
    const detail = await app.ok('ledger.detail', { allocationId: row.allocationId });
    expect(detail.mac).toBe(row.mac);
    expect(detail.identities).toEqual([row]);
    expect(detail.certificates).toEqual([expect.objectContaining({ serial: row.serial, fingerprint: row.certFingerprint, origin: 'issued', status: 'active' })]);
    expect(JSON.stringify(detail)).not.toMatch(/BEGIN (CERTIFICATE|PRIVATE KEY|EC PRIVATE KEY)/);
    const kinds = detail.events.map((event) => event.kind);
    expect(kinds[0]).toBe('identity.allocated');
    expect(kinds).toContain('certificate.issued');
    expect(kinds.at(-1)).toBe('identity.provisioned');
    expect(detail.labelPrints).toEqual([]);
  });

  it('exports the devices to the chosen file as CSV, replacing what was there whole', async () => {
    const folder = join(scratch(), 'exports');
    mkdirSync(folder);
    const file = join(folder, 'devices.csv');
    writeFileSync(file, 'an older export\n'.repeat(1000));
    app.exportAnswer = () => file;
    expect(await app.ok('ledger.export', { filter: {}, format: 'csv' })).toEqual({ file, rows: 4 });
    expect(app.exportAsked.at(-1)).toBe('devices.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^serial,mac,status,job/);
    for (const row of rows) expect(lines.some((line) => line.startsWith(`${row.serial},${row.mac},provisioned,widget,`))).toBe(true);
    expect(readdirSync(folder)).toEqual(['devices.csv']);
  });

  it('exports JSON with a filter, and writes nothing when cancelled or when the folder is missing', async () => {
    const folder = join(scratch(), 'exports');
    mkdirSync(folder);
    app.exportAnswer = (suggested) => join(folder, suggested);
    const answer = await app.ok('ledger.export', { filter: { serialPrefix: rows[0]!.serial }, format: 'json' });
    expect(answer).toEqual({ file: join(folder, 'devices.json'), rows: 1 });
    expect(JSON.parse(readFileSync(answer!.file, 'utf8'))).toEqual([expect.objectContaining({ serial: rows[0]!.serial, status: 'provisioned' })]);
    app.exportAnswer = () => undefined;
    expect(await app.ok('ledger.export', { filter: {}, format: 'csv' })).toBeNull();
    app.exportAnswer = () => join(folder, 'no-such-folder', 'devices.csv');
    const failure = await app.refused('ledger.export', { filter: {}, format: 'csv' });
    expect(failure.code).toBe('failed');
    expect(failure.message).toMatch(/no such file or directory/);
    expect(readdirSync(folder)).toEqual(['devices.json']);
  });

  it('lists the printers, and says what is wrong with a broken printers file', async () => {
    expect(await app.ok('labels.printers', {})).toEqual({
      file: join(app.dir, 'printers.json'),
      printers: [
        { name: 'line-1', kind: 'zebra' },
        { name: 'archive', kind: 'pdf' },
      ],
    });
    const other = startApp();
    try {
      writeFileSync(join(other.dir, 'printers.json'), '{"line-1": {"kind": "zebra", "host": "10.0.0.5", "port": "9100"}}');
      const answer = await other.ok('labels.printers', {});
      expect(answer.printers).toEqual([]);
      expect(answer.error).toMatch(/printers\.json/);
      expect(answer.error).toMatch(/port/);
      writeFileSync(join(other.dir, 'printers.json'), '{"line-1": ');
      expect((await other.ok('labels.printers', {})).error).toMatch(/printers\.json/);
    } finally {
      await other.close();
    }
  });

  it("previews a device's label as SVG, with its serial", async () => {
    const row = rows[1]!;
    const preview = await app.ok('labels.preview', { allocationId: row.allocationId });
    expect(preview).toMatchObject({ serial: row.serial, mac: row.mac, widthMm: 50, heightMm: 25 });
    expect(preview.svg).toMatch(/^<svg[\s>]/);
    expect(preview.svg).toContain(row.serial);
  });

  it('prints a label on the Zebra and records it; a reprint needs a reason', async () => {
    const row = rows[1]!;
    const first = await app.ok('labels.print', { allocationId: row.allocationId, printer: 'line-1' });
    expect(first).toMatchObject({ serial: row.serial, printer: 'line-1', reprint: false });
    expect(zebra.jobs).toHaveLength(1);
    expect(zebra.jobs[0]).toMatch(/^\^XA[\s\S]*\^XZ\s*$/);
    expect(zebra.jobs[0]).toContain(row.serial);

    const refusal = await app.refused('labels.print', { allocationId: row.allocationId, printer: 'line-1' });
    expect(refusal.code).toBe('failed');
    expect(refusal.message).toMatch(new RegExp(`^${row.serial} already has a printed label .*: printing it again is a reprint, which needs a reason\nhint: `));
    expect(zebra.jobs).toHaveLength(1);

    const again = await app.ok('labels.print', { allocationId: row.allocationId, printer: 'line-1', reason: 'label torn at packing' });
    expect(again).toMatchObject({ serial: row.serial, printer: 'line-1', reprint: true });
    expect(zebra.jobs).toHaveLength(2);
    expect(zebra.jobs[1]).toContain(row.serial);
    const detail = await app.ok('ledger.detail', { allocationId: row.allocationId });
    expect(detail.labelPrints.map(({ printer, reason, reprint, status }) => ({ printer, reason, reprint, status }))).toEqual([
      { printer: 'line-1', reason: null, reprint: false, status: 'printed' },
      { printer: 'line-1', reason: 'label torn at packing', reprint: true, status: 'printed' },
    ]);
    expect(detail.events.filter((event) => event.kind === 'label.printed')).toHaveLength(2);
  });

  it('prints to a PDF printer, and refuses a printer that is not in the file', async () => {
    const row = rows[3]!;
    mkdirSync(join(app.dir, 'pdf-labels'));
    const answer = await app.ok('labels.print', { allocationId: row.allocationId, printer: 'archive' });
    expect(answer).toMatchObject({ serial: row.serial, printer: 'archive', reprint: false });
    expect(readdirSync(join(app.dir, 'pdf-labels')).some((file) => file.includes(row.serial) && file.endsWith('.pdf'))).toBe(true);
    const refusal = await app.refused('labels.print', { allocationId: rows[2]!.allocationId, printer: 'line-9' });
    expect(refusal.code).toBe('failed');
    expect(refusal.message).toMatch(/line-9/);
    expect((await app.ok('ledger.detail', { allocationId: rows[2]!.allocationId })).labelPrints).toEqual([]);
  });

  it('says clearly that there is no such device', async () => {
    const missing = 1_000_000;
    const expected = { code: 'failed', message: `no device with allocation ${missing} in the ledger` };
    expect(await app.refused('ledger.detail', { allocationId: missing })).toEqual(expected);
    expect(await app.refused('labels.preview', { allocationId: missing })).toEqual(expected);
    expect(await app.refused('labels.print', { allocationId: missing, printer: 'line-1' })).toEqual(expected);
    expect(zebra.jobs).toHaveLength(2);
  });

  it('answers an unknown job filter with the jobs there are', async () => {
    const refusal = await app.refused('ledger.rows', { filter: { job: 'gizmo' }, offset: 0, limit: 10 });
    expect(refusal.message).toBe('no job "gizmo" in the ledger\nhint: the jobs are: widget');
    expect((await app.refused('ledger.rows', { filter: { since: 'yesterday' }, offset: 0, limit: 10 })).message).toMatch(/is not a date\nhint: /);
  });
});

describe('a continuous run', () => {
  let app: TestApp;
  beforeAll(() => {
    app = startApp();
  });
  afterAll(() => app.close());

  it('goes on until bench.stop, then ends', async () => {
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    expect(await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    const state = await app.ok('bench.start', simulated(2, { mode: 'continuous' }));
    expect(state).toMatchObject({ running: true, mode: 'continuous', job: 'widget' });
    // A board has its serial a few hundred ms in: the list's total counts it at once, as its rows do.
    await app.events.waitFor((event) => event.type === 'step' && event.step === 'building', { what: 'a board with a serial' });
    const early = await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 10 });
    expect(early.rows.length).toBeGreaterThan(0);
    expect(early.total).toBe(early.rows.length);
    await app.events.waitFor((event) => event.type === 'board-done', { what: 'a board done' });
    expect(await app.refused('bench.start', simulated(2, { mode: 'continuous' }))).toEqual({ code: 'failed', message: 'the bench is already running: stop it first' });
    expect((await app.ok('bench.state', {})).running).toBe(true);
    const mark = app.events.all.length;
    expect(await app.ok('bench.stop', {})).toEqual({ stopping: true });
    expect(await app.events.runEnded(mark)).toEqual({ type: 'run', state: 'ended' });
    const after = await app.ok('bench.state', {});
    expect(after).toMatchObject({ running: false, mode: 'continuous' });
    expect(after.events.filter((event) => event.type === 'summary')).toHaveLength(1);
    expect(await app.ok('bench.stop', {})).toEqual({ stopping: false });
    const provisioned = await app.ok('ledger.rows', { filter: { status: 'provisioned' }, offset: 0, limit: 10 });
    expect(provisioned.total).toBeGreaterThanOrEqual(1);
    // The bench takes a new run once the last one has ended.
    const next = app.events.all.length;
    await app.ok('bench.start', simulated(1));
    await app.events.runEnded(next);
  }, 30_000);
});

describe('operator mode', () => {
  let app: TestApp;
  let zebra: FakeZebra;
  const engineer = 'engineer-passphrase';
  beforeAll(async () => {
    zebra = await startFakeZebra();
    app = startApp();
    writeFileSync(join(app.dir, 'printers.json'), JSON.stringify({ 'line-1': { kind: 'zebra', host: zebra.host, port: zebra.port } }));
  });
  afterAll(async () => {
    await app.close();
    await zebra.close();
  });

  it("locks the job and the bench's settings; the engineer's last settings still start", async () => {
    expect(await app.ok('operator.state', {})).toEqual({ locked: false, passphraseSet: false });
    expect(await app.refused('operator.lock', {})).toEqual({ code: 'failed', message: "set the engineer's passphrase first: at least 8 characters" });
    expect((await app.refused('operator.lock', { passphrase: 'seven77' })).message).toMatch(/at least 8 characters/);
    expect(await app.ok('operator.state', {})).toEqual({ locked: false, passphraseSet: false });

    // The engineer sets the line up: the job, one board per run, its label on line-1.
    await app.ok('job.open', { folder: EXAMPLE_JOB });
    const settings = simulated(1, { printer: 'line-1' });
    let mark = app.events.all.length;
    await app.ok('bench.start', settings);
    expect(await app.events.runEnded(mark)).toEqual({ type: 'run', state: 'ended' });
    expect(zebra.jobs).toHaveLength(1);

    expect(await app.ok('operator.lock', { passphrase: engineer })).toEqual({ locked: true, passphraseSet: true });
    await app.events.waitFor((event) => event.type === 'operator' && event.locked, { what: 'operator locked' });

    const locked = { code: 'locked', message: expect.stringMatching(/locked in operator mode/) };
    expect(await app.refused('job.open', { folder: EXAMPLE_JOB })).toEqual(locked);
    let asked = 0;
    app.jobFolderAnswer = () => (asked++, EXAMPLE_JOB);
    expect(await app.refused('job.choose', {})).toEqual(locked);
    expect(asked).toBe(0);
    for (const changed of [
      simulated(2, { printer: 'line-1' }),
      simulated(1),
      simulated(1, { printer: 'line-1', retries: 3 }),
      simulated(1, { printer: 'line-1', mode: 'continuous' }),
      { ...settings, source: { kind: 'ports' as const, ports: 'auto' as const } },
    ]) {
      expect(await app.refused('bench.start', changed), JSON.stringify(changed)).toEqual(locked);
    }
    expect((await app.ok('bench.state', {})).running).toBe(false);

    // The operator runs the line as it was set up (retries 1 is the default the engineer had).
    mark = app.events.all.length;
    await app.ok('bench.start', { ...settings, retries: 1 });
    expect(await app.events.runEnded(mark)).toEqual({ type: 'run', state: 'ended' });
    expect(zebra.jobs).toHaveLength(2);
    expect(app.events.all.slice(mark).filter((event) => event.type === 'board-done')).toHaveLength(1);
    // The simulated line plugs the same board in again: it keeps its identity.
    expect((await app.ok('ledger.rows', { filter: { status: 'provisioned' }, offset: 0, limit: 10 })).total).toBe(1);
    // Reading the ledger and printing are the operator's work too.
    const row = (await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 1 })).rows[0]!;
    expect((await app.ok('labels.preview', { allocationId: row.allocationId })).serial).toBe(row.serial);

    expect(await app.refused('operator.unlock', { passphrase: 'not-the-engineer' })).toEqual({ code: 'failed', message: "that is not the engineer's passphrase: the bench stays locked" });
    expect(await app.ok('operator.state', {})).toEqual({ locked: true, passphraseSet: true });
    expect((await app.refused('job.open', { folder: EXAMPLE_JOB })).code).toBe('locked');
  }, 30_000);

  it('stays locked when the app starts again, until the engineer unlocks it', async () => {
    const again = startApp({ dir: app.dir });
    try {
      expect(await again.ok('operator.state', {})).toEqual({ locked: true, passphraseSet: true });
      expect((await again.refused('job.open', { folder: EXAMPLE_JOB })).code).toBe('locked');
      expect(await again.ok('operator.unlock', { passphrase: engineer })).toEqual({ locked: false, passphraseSet: true });
      await again.events.waitFor((event) => event.type === 'operator' && !event.locked, { what: 'operator unlocked' });
      expect((await again.ok('job.open', { folder: EXAMPLE_JOB })).problems).toEqual([]);
      // Locking again takes no new passphrase: the engineer's is kept.
      expect(await again.ok('operator.lock', {})).toEqual({ locked: true, passphraseSet: true });
      expect(await again.ok('operator.unlock', { passphrase: engineer })).toEqual({ locked: false, passphraseSet: true });
    } finally {
      await again.close();
    }
  });
});

describe('a damaged operator lock file', () => {
  it('keeps the bench locked, and the app still starts: its ledger can be read', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'operator-lock.json'), '{"locked": false}\n');
    const app = startApp({ dir });
    try {
      expect(await app.ok('operator.state', {})).toEqual({ locked: true, passphraseSet: true });
      expect((await app.refused('job.open', { folder: EXAMPLE_JOB })).code).toBe('locked');
      const refusal = await app.refused('operator.unlock', { passphrase: 'any-passphrase-at-all' });
      expect(refusal.message).toMatch(/operator-lock\.json is damaged: the bench stays locked until an engineer removes the file/);
      expect(await app.ok('operator.lock', { passphrase: 'a-new-passphrase' })).toEqual({ locked: true, passphraseSet: true });
      expect(readFileSync(join(dir, 'operator-lock.json'), 'utf8')).toBe('{"locked": false}\n');
      expect(await app.ok('ledger.rows', { filter: {}, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    } finally {
      await app.close();
    }
  });
});

describe('the contract guards every call', () => {
  let app: TestApp;
  beforeAll(() => {
    app = startApp();
  });
  afterAll(() => app.close());

  const bad: [string, unknown][] = [
    ['app.info', { extra: 1 }],
    ['job.open', {}],
    ['job.open', { folder: '' }],
    ['job.open', { folder: 7 }],
    ['job.choose', { folder: EXAMPLE_JOB }],
    ['bench.start', { mode: 'sometimes', source: { kind: 'simulate', count: 1 } }],
    ['bench.start', { mode: 'once', source: { kind: 'simulate', count: 0 } }],
    ['bench.start', { mode: 'once', source: { kind: 'simulate', count: 65 } }],
    ['bench.start', { mode: 'once', source: { kind: 'ports', ports: [] } }],
    ['bench.start', { mode: 'once', source: { kind: 'simulate', count: 1 }, retries: 11 }],
    ['bench.start', { mode: 'once', source: { kind: 'simulate', count: 1 }, shell: 'rm -rf /' }],
    ['bench.start', { mode: 'once', source: { kind: 'simulate', count: 1 }, passphrase: 'x'.repeat(1025) }],
    ['operator.lock', { passphrase: 12345678 }],
    ['operator.unlock', {}],
    ['ledger.rows', { filter: {}, offset: -1, limit: 10 }],
    ['ledger.rows', { filter: {}, offset: 0, limit: 501 }],
    ['ledger.rows', { filter: { status: 'lost' }, offset: 0, limit: 10 }],
    ['ledger.rows', { filter: { sql: '1=1' }, offset: 0, limit: 10 }],
    ['ledger.find', { term: '' }],
    ['ledger.detail', { allocationId: 0 }],
    ['ledger.detail', { allocationId: '1' }],
    ['ledger.detail', { allocationId: 1.5 }],
    ['ledger.export', { filter: {}, format: 'xml' }],
    ['labels.preview', {}],
    ['labels.print', { allocationId: 1, printer: '' }],
    ['labels.print', { allocationId: 1, printer: 'line-1', reason: '' }],
  ];

  it.each(bad)('%s with %j is a bad request, and its handler does not run', async (name, payload) => {
    const error = await app.refused(name, payload);
    expect(error.code).toBe('bad-request');
    expect(error.message.startsWith(`${name}: `)).toBe(true);
    expect(app.runs.get(name)).toBeUndefined();
  });

  it('refuses a payload that is not an object, for every call', async () => {
    for (const name of Object.keys(calls)) {
      for (const payload of [undefined, null, 'nonsense', [], 42]) {
        const error = await app.refused(name, payload);
        expect(error.code, `${name} ${JSON.stringify(payload)}`).toBe('bad-request');
      }
    }
    expect([...app.runs.keys()]).toEqual([]);
    expect(app.exportAsked).toEqual([]);
  });

  it('knows no call outside the contract', async () => {
    expect(await app.refused('bench.erase', {})).toEqual({ code: 'unknown-call', message: 'bench.erase: no such call' });
    expect((await app.refused('constructor', {})).code).toBe('unknown-call');
  });
});
