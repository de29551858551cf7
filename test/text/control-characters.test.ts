import { describe, expect, it } from 'vitest';
import { hasControlCharacter, replaceControlCharacters } from '../../src/shared/text/control-characters.js';

describe('control characters', () => {
  it('are U+0000–U+001F and DEL, nothing else', () => {
    for (let code = 0; code < 0x20; code++) expect(hasControlCharacter(`a${String.fromCharCode(code)}b`), `U+${code.toString(16)}`).toBe(true);
    expect(hasControlCharacter('a\x7fb')).toBe(true);
    expect(hasControlCharacter(' ~é€😀\u0085')).toBe(false);
  });

  it('are replaced, except those kept', () => {
    expect(replaceControlCharacters('a\x1b[31mb\nc\td\x7f', '?')).toBe('a?[31mb?c?d?');
    expect(replaceControlCharacters('a\x1b[31mb\nc\td', '?', '\n')).toBe('a?[31mb\nc?d');
    expect(replaceControlCharacters('😀\x00', '\ufffd')).toBe('😀\ufffd');
  });
});
