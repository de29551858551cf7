import { defaultTemplatePath, loadLabelTemplate, renderLabel, renderPdf, renderPng, ZebraPrinter, type LabelFields } from '../src/main/labels/index.js';
import { startFakeZebra } from '../test/sim/zebra-printer.js';
import { median, type BenchContext } from './lib.js';

const fieldsOf = (n: number): LabelFields => ({
  serial: `WDG-2611-${String(n).padStart(5, '0')}`,
  mac: `24:0a:c4:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`,
  product: 'ACME Widget rev C',
  job: 'widget',
  date: '2026-03-14',
  chip: 'esp32c3',
});

async function time(count: number, work: (n: number) => unknown): Promise<number> {
  const samples: number[] = [];
  for (let n = 1; n <= count; n++) {
    const started = performance.now();
    await work(n);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** One label of the default template: layout (QR, Code 128) with ZPL and SVG, then PDF and PNG, then a print to a Zebra on loopback. */
export default async function labelBenchmarks(ctx: BenchContext): Promise<void> {
  const template = loadLabelTemplate(defaultTemplatePath());
  const labels = Array.from({ length: 200 }, (_, i) => renderLabel(template, fieldsOf(i + 1)));
  ctx.report('render one label (layout, ZPL, SVG), median', `${(await time(200, (n) => renderLabel(template, fieldsOf(n)))).toFixed(2)} ms`);
  ctx.report('PDF of one label, median', `${(await time(100, (n) => renderPdf(labels[n]!.layout, { title: labels[n]!.serial, date: labels[n]!.date }))).toFixed(2)} ms`);
  ctx.report('PNG of one label at 203 dpi, median', `${(await time(100, (n) => renderPng(labels[n]!.layout))).toFixed(2)} ms`);
  const fake = await startFakeZebra();
  try {
    const printer = new ZebraPrinter({ name: 'bench', host: fake.host, port: fake.port });
    ctx.report('print one label to a Zebra on loopback (~HS, then the ZPL), median', `${(await time(100, (n) => printer.print(labels[n]!))).toFixed(2)} ms`);
  } finally {
    await fake.close();
  }
}
