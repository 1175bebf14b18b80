// Choices remembered in this browser: the language and the text size. Storage may be missing
// or refuse writes (private mode, disabled storage); every function falls back quietly.
import type { Locale } from './datetime';

export type TextSize = 'normal' | 'large' | 'xlarge';
export const TEXT_SIZES: readonly TextSize[] = ['normal', 'large', 'xlarge'];

/** Root font size in percent of the browser's default (16 px): 16, 20 and 24 px. */
export const TEXT_SCALE_PERCENT: Record<TextSize, number> = { normal: 100, large: 125, xlarge: 150 };

const LOCALE_KEY = 'tsunagari.locale';
const TEXT_SIZE_KEY = 'tsunagari.textSize';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(store: KeyValueStore | null, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(store: KeyValueStore | null, key: string, value: string): void {
  try {
    store?.setItem(key, value);
  } catch {
    // Nothing to do: the choice holds for this page load only.
  }
}

/** The remembered language; Japanese unless English was chosen. */
export function readLocale(store: KeyValueStore | null = defaultStore()): Locale {
  return read(store, LOCALE_KEY) === 'en' ? 'en' : 'ja';
}

export function writeLocale(locale: Locale, store: KeyValueStore | null = defaultStore()): void {
  write(store, LOCALE_KEY, locale);
}

export function readTextSize(store: KeyValueStore | null = defaultStore()): TextSize {
  const v = read(store, TEXT_SIZE_KEY);
  return (TEXT_SIZES as readonly string[]).includes(v ?? '') ? (v as TextSize) : 'normal';
}

export function writeTextSize(size: TextSize, store: KeyValueStore | null = defaultStore()): void {
  write(store, TEXT_SIZE_KEY, size);
}

/** Scales the root font size, which every rem in the style sheet follows. */
export function applyTextSize(size: TextSize, root: HTMLElement = document.documentElement): void {
  root.style.fontSize = `${TEXT_SCALE_PERCENT[size]}%`;
  root.dataset.textSize = size;
}

/** Sets <html lang> so that screen readers and fonts pick the right language. */
export function applyLocale(locale: Locale, root: HTMLElement = document.documentElement): void {
  root.lang = locale;
}
