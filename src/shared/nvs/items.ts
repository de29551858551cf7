import type { SourceLocation } from './errors.js';

/** NVS format version: 1 stores blobs as one legacy BLOB item, 2 as BLOB_DATA chunks and a BLOB_IDX. */
export type FormatVersion = 1 | 2;

export type PrimitiveType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64';
export const PRIMITIVE_TYPES: readonly PrimitiveType[] = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64'];

/**
 * One thing to store, after a CSV row's value has been decoded. Items name
 * their namespace, so that a namespace opened again gets its keys (the
 * reference puts them in the newest namespace; see docs/compatibility.md).
 */
export type NvsItem =
  | { kind: 'namespace'; name: string; at?: SourceLocation }
  | { kind: 'primitive'; namespace: string; key: string; type: PrimitiveType; value: bigint; at?: SourceLocation }
  /** bytes: the UTF-8 text with its terminating NUL. */
  | { kind: 'string'; namespace: string; key: string; bytes: Uint8Array; at?: SourceLocation }
  | { kind: 'blob'; namespace: string; key: string; bytes: Uint8Array; at?: SourceLocation };
