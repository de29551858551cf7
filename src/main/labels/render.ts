import type { LabelFields } from '../../shared/labels/fields.js';
import { layoutLabel } from '../../shared/labels/layout.js';
import { renderSvg } from '../../shared/labels/svg.js';
import type { LabelTemplate } from '../../shared/labels/template-schema.js';
import type { Dpi } from '../../shared/labels/units.js';
import { renderZpl } from '../../shared/labels/zpl.js';
import { bwipEncoder } from './bwip-encoder.js';
import type { Label } from './label.js';

export interface RenderOptions {
  /** The printer's resolution, when it is not the template's. */
  dpi?: Dpi;
  /** A job's constants, which take the place of the template's. */
  constants?: Readonly<Record<string, string>>;
}

/** Lays out and renders one device's label (ZPL and SVG; the PDF on demand from the layout). */
export function renderLabel(template: LabelTemplate, fields: LabelFields, options: RenderOptions = {}): Label {
  const layout = layoutLabel(template, fields, bwipEncoder, options);
  return { serial: fields.serial, mac: fields.mac, layout, zpl: renderZpl(layout), svg: renderSvg(layout), date: fields.date };
}
