// Names of the care network's codes (sex, categories, statuses, team roles, post categories …)
// in the language shown, from the `care.codes` messages; an unknown code is shown as it is.
import { useI18n } from 'vue-i18n';
import type { Locale } from '@/lib/datetime';
import { formatBirthDate, formatIsoDay } from '@/lib/care/dates';

export type CareCodeList =
  | 'sex'
  | 'category'
  | 'status'
  | 'teamRole'
  | 'memberStatus'
  | 'postCategory'
  | 'careLevel'
  | 'scope'
  | 'givenBy'
  | 'method'
  | 'precision'
  | 'vital'
  | 'unit'
  | 'locationSource';

export function useCareNames() {
  const { t, te, locale } = useI18n();
  const name = (list: CareCodeList | string, code: string | null | undefined): string => {
    if (!code) return '';
    const key = `care.codes.${list}.${code}`;
    return te(key) ? t(key) : code;
  };
  return {
    name,
    sex: (c: string | null | undefined) => name('sex', c),
    category: (c: string | null | undefined) => name('category', c),
    status: (c: string | null | undefined) => name('status', c),
    teamRole: (c: string | null | undefined) => name('teamRole', c),
    postCategory: (c: string | null | undefined) => name('postCategory', c),
    careLevel: (c: string | null | undefined) => name('careLevel', c),
    /** 2026年11月21日 / 2026-11-21 for an API day. */
    day: (iso: string | null | undefined) => formatIsoDay(iso, locale.value as Locale),
    /** 昭和11年1月1日 for a birth date. */
    birthDate: (iso: string | null | undefined) => formatBirthDate(iso, locale.value as Locale),
  };
}
