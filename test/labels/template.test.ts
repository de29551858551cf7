import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplatePath, jobTemplatePath, LabelFileError, loadLabelTemplate, loadPrintersFile } from '../../src/main/labels/index.js';
import { scratch } from './fixtures.js';

function write(name: string, text: string): string {
  const file = join(scratch(), name);
  writeFileSync(file, text);
  return file;
}

const problemsOf = (load: () => unknown): LabelFileError => {
  try {
    load();
  } catch (error) {
    if (error instanceof LabelFileError) return error;
    throw error;
  }
  throw new Error('it loaded');
};

describe('label templates', () => {
  it('ships a default 50 x 25 mm template with serial, MAC, a QR of the device page and a Code 128 of the serial', () => {
    const template = loadLabelTemplate(defaultTemplatePath());
    expect(template).toMatchObject({ size: { width: 50, height: 25 }, dpi: 203 });
    expect(template.elements.map((element) => element.type)).toEqual(['text', 'text', 'qr', 'code128']);
    expect(template.elements[2]).toMatchObject({ payload: 'https://acme.example/d/{serial}', errorCorrection: 'Q' });
    expect(template.elements[3]).toMatchObject({ data: '{serial}' });
  });

  it('reports every problem at once, each with the file, line, column and JSON path', () => {
    const file = write(
      'label.json',
      `{
  "size": { "width": 50, "height": 25 },
  "dpi": 250,
  "colour": "red",
  "elements": [
    { "type": "text", "x": 2, "y": 2, "text": "S/N {serial}" },
    { "type": "barcode", "x": 2, "y": 2 },
    { "type": "qr", "x": 60, "y": 2, "size": 10, "payload": "https://acme.example/d/{serail}" },
    { "type": "code128", "x": 2, "y": 2, "width": -1, "height": 5, "data": "{serial" }
  ]
}
`,
    );
    const error = problemsOf(() => loadLabelTemplate(file));
    expect(error.problems.map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`)).toEqual([
      '3:10 dpi: dpi is one of 203, 300, 600',
      '4:13 colour: unknown field "colour"',
      '6:5 elements[0].height: "height" is missing',
      '7:15 elements[1].type: "barcode" is not an element type: the types are text, qr, code128, datamatrix',
      '8:85 elements[2].payload: unknown placeholder {serail}: the fields are {serial}, {mac}, {mac_hex}, {product}, {job}, {date}, {chip}, or a constant of the template or the job',
      '8:26 elements[2].x: x 60 mm is off the label (50 mm wide)',
      '9:51 elements[3].width: width must be more than 0 mm',
    ]);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has 7 problems:\n  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:10: dpi: dpi is one of 203, 300, 600\n`));
  });

  it('checks placeholders: braces, names, constants of the template and of the job', () => {
    const template = (text: string, constants = '{}') =>
      write('t.json', JSON.stringify({ size: { width: 50, height: 25 }, dpi: 203, constants: JSON.parse(constants) as unknown, elements: [{ type: 'text', x: 1, y: 1, height: 2, text }] }));
    expect(problemsOf(() => loadLabelTemplate(template('{serial'))).problems[0]!.message).toBe('a "{" that is never closed (write "{{" for a brace)');
    expect(problemsOf(() => loadLabelTemplate(template('a } b'))).problems[0]!.message).toBe('a "}" without its "{" (write "}}" for a brace)');
    expect(problemsOf(() => loadLabelTemplate(template('{mac-hex}'))).problems[0]!.message).toBe('"{mac-hex}" is not a placeholder: a name is letters, digits and _');
    expect(loadLabelTemplate(template('{{literal}} {MODEL}', '{"MODEL": "W1"}')).constants).toEqual({ MODEL: 'W1' });
    expect(() => loadLabelTemplate(template('{HW_REV}'))).toThrow(/unknown placeholder \{HW_REV\}/);
    expect(loadLabelTemplate(template('{HW_REV}'), { constants: { HW_REV: '3' } }).elements).toHaveLength(1);
  });

  it('names the file for a syntax error, a missing file and a file that is not an object', () => {
    const broken = write('broken.json', '{\n  "size": { "width": 50, },\n}');
    expect(problemsOf(() => loadLabelTemplate(broken)).message).toBe(`${broken}:2:26: a comma before '}' (JSON allows no trailing comma)`);
    expect(problemsOf(() => loadLabelTemplate('/nowhere/label.json')).message).toBe('/nowhere/label.json: no such file');
    const list = write('list.json', '[]');
    expect(problemsOf(() => loadLabelTemplate(list)).message).toBe(`${list}:1:1: a label template is a JSON object`);
  });

  it('finds a job\'s own template, a shipped layout, or the default', () => {
    const job = scratch();
    expect(jobTemplatePath(job, { template: 'labels/mine.json' })).toBe(join(job, 'labels', 'mine.json'));
    expect(jobTemplatePath(job, undefined)).toBe(defaultTemplatePath());
    expect(jobTemplatePath(job, { layout: 'default-50x25' })).toBe(defaultTemplatePath());
    expect(() => jobTemplatePath(job, { layout: 'widget-99x99' })).toThrow(/labels\.layout: no label layout "widget-99x99" is shipped \(default-50x25\)/);
  });
});

describe('printers.json', () => {
  it('maps names to Zebra, PDF and system printers; PDF folders are relative to the file', () => {
    const folder = scratch();
    mkdirSync(join(folder, 'conf'));
    const file = join(folder, 'conf', 'printers.json');
    writeFileSync(file, JSON.stringify({ 'line-1': { kind: 'zebra', host: '10.0.0.5' }, archive: { kind: 'pdf', dir: '../labels' }, office: { kind: 'system', device: 'HP' } }));
    expect(loadPrintersFile(file)).toEqual({
      'line-1': { kind: 'zebra', host: '10.0.0.5', port: 9100 },
      archive: { kind: 'pdf', dir: join(folder, 'labels') },
      office: { kind: 'system', device: 'HP' },
    });
  });

  it('reports mistakes with line and path', () => {
    const file = write('printers.json', '{\n  "line-1": { "kind": "zebra", "host": "10.0.0.5", "port": 70000 },\n  "x": { "kind": "lpr" },\n  "y": { "kind": "pdf" }\n}\n');
    expect(problemsOf(() => loadPrintersFile(file)).problems.map(({ line, path, message }) => `${line} ${path}: ${message}`)).toEqual([
      '2 line-1.port: Too big: expected number to be <=65535',
      '3 x.kind: kind is "zebra" (with host and port), "pdf" (with dir) or "system" (with device)',
      '4 y.dir: "dir" is missing',
    ]);
  });
});
