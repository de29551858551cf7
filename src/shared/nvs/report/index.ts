/** Reports on decoded NVS images: nvs_tool's text and JSON dumps and its integrity check. */
export { renderReport, DUMPS, FORMATS, type Dump, type Format, type ReportOptions } from './render.js';
