// vue-i18n set-up: Japanese by default, English switchable and remembered. Messages live in
// ja.ts and en.ts (module texts under ja/ and en/); en.ts is typed against ja.ts so a missing key fails the build.
import { createI18n } from 'vue-i18n';
import type { Locale } from '@/lib/datetime';
import { applyLocale, readLocale, writeLocale } from '@/lib/preferences';
import { ja } from './ja';
import { en } from './en';

export type MessageSchema = typeof ja;

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: readLocale(),
  fallbackLocale: 'ja',
  messages: { ja, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  writeLocale(locale);
  applyLocale(locale);
}
