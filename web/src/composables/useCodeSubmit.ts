// A one-field form that sends a sign-in code (TOTP or recovery code): required check, busy
// state, server errors on the field, and the field emptied after a wrong code.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useApiErrors } from '@/composables/useApiErrors';
import { normaliseCode } from '@/lib/display';

export function useCodeSubmit<T>(send: (code: string) => Promise<T>, done: (answer: T) => void) {
  const { t } = useI18n();
  const code = ref('');
  const busy = ref(false);
  const errors = useApiErrors(['code']);

  async function submit() {
    const value = normaliseCode(code.value);
    if (!value) return errors.setLocal({ code: [t('form.requiredField')] });
    busy.value = true;
    errors.clear();
    try {
      done(await send(value));
    } catch (e) {
      errors.show(e);
      code.value = '';
    } finally {
      busy.value = false;
    }
  }

  return { code, busy, errors, submit };
}
