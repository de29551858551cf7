/** What a label can show of a device: from the ledger and its job. */
export interface LabelFields {
  serial: string;
  /** aa:bb:cc:dd:ee:ff */
  mac: string;
  product: string;
  job: string;
  /** The day the board was provisioned, YYYY-MM-DD. */
  date: string;
  chip: string;
}

/** Every placeholder a template may use besides its constants. */
export const FIELD_NAMES = ['serial', 'mac', 'mac_hex', 'product', 'job', 'date', 'chip'] as const;

/** The values of the placeholders: the fields, then constants that do not shadow a field. */
export function placeholderValues(fields: LabelFields, constants: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...constants,
    serial: fields.serial,
    mac: fields.mac,
    mac_hex: fields.mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase(),
    product: fields.product,
    job: fields.job,
    date: fields.date,
    chip: fields.chip,
  };
}
