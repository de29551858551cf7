import type { LabelLayout } from '../../shared/labels/layout.js';

/** One device's label, rendered: each printer takes the form it needs. */
export interface Label {
  serial: string;
  mac: string;
  layout: LabelLayout;
  zpl: string;
  svg: string;
  /** The day it shows as {date}: also the PDF's creation date, so that a PDF is the same byte for byte. */
  date: string;
}
