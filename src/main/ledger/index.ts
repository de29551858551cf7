export { Ledger, type BindRequest, type IssuedCertificate, type LabelPrintRecord, type LedgerOptions, type StepRecord } from './ledger.js';
export { LedgerError, type LedgerErrorCode } from './errors.js';
export { verifyLedger, type VerifyReport, type VerifyCheck, type BrokenEvent } from './verify.js';
export { exportDevices, type ExportFormat } from './export.js';
export { defaultLedgerPath } from './default-path.js';
export { normalizeMac } from './mac.js';
export { nativeBindingPath } from './native-binding.js';
export type { DeviceFilter, DeviceDetail, Page, PageRequest } from './queries.js';
export type * from './types.js';
