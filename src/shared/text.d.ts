// TextEncoder and TextDecoder exist in every runtime src/shared runs in (Node,
// Chromium, Electron); the ES library types do not declare them.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
