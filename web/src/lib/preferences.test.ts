import { describe, expect, it } from 'vitest';
import { readLocale, readTextSize, TEXT_SCALE_PERCENT, writeLocale, writeTextSize } from './preferences';

function memoryStore() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('preferences', () => {
  it('defaults to Japanese and standard text', () => {
    const s = memoryStore();
    expect(readLocale(s)).toBe('ja');
    expect(readTextSize(s)).toBe('normal');
  });

  it('remembers the choices', () => {
    const s = memoryStore();
    writeLocale('en', s);
    writeTextSize('xlarge', s);
    expect(readLocale(s)).toBe('en');
    expect(readTextSize(s)).toBe('xlarge');
  });

  it('ignores unknown stored values and failing storage', () => {
    const s = memoryStore();
    s.setItem('tsunagari.locale', 'fr');
    s.setItem('tsunagari.textSize', 'huge');
    expect(readLocale(s)).toBe('ja');
    expect(readTextSize(s)).toBe('normal');
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(readLocale(broken)).toBe('ja');
    expect(() => writeLocale('en', broken)).not.toThrow();
  });

  it('scales from the 16 px base', () => {
    expect(TEXT_SCALE_PERCENT).toEqual({ normal: 100, large: 125, xlarge: 150 });
  });
});
