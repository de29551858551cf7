/** ESP-IDF partition tables: partitions.csv and partition-table.bin, read, checked and written. */
export { encodePartitionBinary, parsePartitionBinary, type PartitionBinaryOptions } from './partitions/binary.js';
export { parsePartitionCsv, type PartitionCsvOptions } from './partitions/csv.js';
export { APP_TYPE, DATA_TYPE, NVS_SUBTYPE, subtypeName, typeName } from './partitions/names.js';
export {
  DEFAULT_TABLE_OFFSET,
  PartitionTableError,
  TABLE_LENGTH,
  TABLE_SECTOR_SIZE,
  type Md5,
  type Partition,
  type PartitionField,
  type PartitionProblem,
} from './partitions/types.js';
