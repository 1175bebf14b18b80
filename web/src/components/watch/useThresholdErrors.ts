// Error state of a threshold form: problems found before sending and the server's 400 details,
// both placed on the threshold input they name ("settings.check_times[1]" on the second check
// time), other named fields (e.g. "runbook.note") available by name, the rest in the summary.
// Messages follow the language switch.
import { computed, nextTick, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/errors';
import { errorSummary, fieldProblemText, fieldProblems } from '@/lib/errorText';
import { useTranslator } from '@/composables/useApiErrors';
import { placeProblems, type LocalProblem, type PlacedMessage } from './thresholdForm';

export function useThresholdErrors(prefix = 'settings', otherFields: readonly string[] = []) {
  const tr = useTranslator();
  const { t, locale } = useI18n();
  const error = shallowRef<unknown>(null);
  const local = shallowRef<LocalProblem[]>([]);

  const problems = computed(() => {
    void locale.value;
    const out: { field: string; text: string }[] = local.value.map((p) => ({ field: p.field, text: t(`watch.thresholds.problems.${p.code}`, p.params ?? {}) }));
    if (error.value instanceof ApiError) {
      for (const p of fieldProblems(error.value)) out.push({ field: p.field, text: fieldProblemText(p, tr) });
    }
    return out;
  });

  const split = computed(() => {
    const named = problems.value.filter((p) => otherFields.includes(p.field));
    const rest = problems.value.filter((p) => !otherFields.includes(p.field));
    const { placed, others } = placeProblems(rest, (p) => p.text, prefix);
    return { placed, others, named };
  });

  const placed = computed<PlacedMessage[]>(() => split.value.placed);
  const others = computed<string[]>(() => split.value.others);
  const summary = computed(() => {
    void locale.value;
    if (error.value) return errorSummary(error.value, tr);
    if (local.value.length > 0) return tr.t('apiErrors.code.invalid');
    return '';
  });

  function focusFirstInvalid() {
    void nextTick(() => document.querySelector<HTMLElement>('#main [aria-invalid="true"]')?.focus());
  }

  return {
    error,
    placed,
    others,
    summary,
    /** Messages for a field that is no threshold (listed in `otherFields`). */
    of: (field: string): string[] | undefined => {
      const m = split.value.named.filter((p) => p.field === field).map((p) => p.text);
      return m.length ? m : undefined;
    },
    show(e: unknown) {
      local.value = [];
      error.value = e;
      focusFirstInvalid();
    },
    setLocal(p: LocalProblem[]) {
      error.value = null;
      local.value = p;
      focusFirstInvalid();
    },
    clear() {
      error.value = null;
      local.value = [];
    },
  };
}
