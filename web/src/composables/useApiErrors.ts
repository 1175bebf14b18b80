// Form error state for one form: the last ApiError, shown as messages next to the form's own
// fields and a summary for the rest. Messages follow the language switch.
import { computed, nextTick, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/errors';
import { errorSummary, fieldMessages, unplacedProblems, type Translator } from '@/lib/errorText';
import type { Locale } from '@/lib/datetime';

export function useTranslator(): Translator {
  const { t, te, locale } = useI18n();
  return {
    get locale() {
      return locale.value as Locale;
    },
    has: (key) => te(key),
    t: (key, params) => (params ? t(key, params) : t(key)),
  };
}

/**
 * Moves focus to the first input marked invalid, so that keyboard and screen-reader users land
 * on what needs fixing (the summary is announced by its role="alert").
 */
function focusFirstInvalid(): void {
  void nextTick(() => {
    const el = document.querySelector<HTMLElement>('#main [aria-invalid="true"]');
    el?.focus();
  });
}

export function useApiErrors(fields: readonly string[] = []) {
  const tr = useTranslator();
  const { locale } = useI18n();
  const error = shallowRef<unknown>(null);
  /** Field errors found before sending (required, mismatch …), keyed like the server's. */
  const local = shallowRef<Record<string, string[]>>({});

  const byField = computed<Record<string, string[]>>(() => {
    void locale.value;
    const out: Record<string, string[]> = { ...local.value };
    if (error.value instanceof ApiError) {
      for (const [f, msgs] of Object.entries(fieldMessages(error.value, fields, tr))) {
        out[f] = [...(out[f] ?? []), ...msgs];
      }
    }
    return out;
  });

  const summary = computed<string>(() => {
    void locale.value;
    if (error.value) return errorSummary(error.value, tr);
    if (Object.keys(local.value).length > 0) return tr.t('apiErrors.code.invalid');
    return '';
  });

  const others = computed<string[]>(() => {
    void locale.value;
    return error.value instanceof ApiError ? unplacedProblems(error.value, fields, tr) : [];
  });

  return {
    error,
    byField,
    summary,
    others,
    /** The messages for one field, or undefined when it has none. */
    of: (field: string): string[] | undefined => byField.value[field],
    show(e: unknown) {
      local.value = {};
      error.value = e;
      focusFirstInvalid();
    },
    setLocal(problems: Record<string, string[]>) {
      error.value = null;
      local.value = problems;
      focusFirstInvalid();
    },
    clear() {
      error.value = null;
      local.value = {};
    },
    hasErrors: computed(() => summary.value !== ''),
  };
}

export type ApiErrorsState = ReturnType<typeof useApiErrors>;
