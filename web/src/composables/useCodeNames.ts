// Names for profession and organization-type codes in the language shown, and municipality
// names for codes. The lists are fetched once per page load.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { fetchMunicipalities, fetchOrganizationTypes, fetchProfessions } from '@/api/directory';
import type { CodeEntry, Municipality } from '@/api/types';

const professions = ref<CodeEntry[]>([]);
const organizationTypes = ref<CodeEntry[]>([]);
const municipalities = ref<Municipality[]>([]);
let started = false;
let municipalitiesStarted = false;

export function useCodeNames(options: { municipalities?: boolean } = {}) {
  const { locale } = useI18n();
  if (!started) {
    started = true;
    fetchProfessions().then((l) => (professions.value = l)).catch(() => (started = false));
    fetchOrganizationTypes().then((l) => (organizationTypes.value = l)).catch(() => (started = false));
  }
  if (options.municipalities && !municipalitiesStarted) {
    municipalitiesStarted = true;
    fetchMunicipalities().then((l) => (municipalities.value = l)).catch(() => (municipalitiesStarted = false));
  }
  const pick = (list: CodeEntry[], code: string | null | undefined): string => {
    if (!code) return '';
    const e = list.find((x) => x.code === code);
    if (!e) return code;
    return locale.value === 'en' ? e.name_en : e.name_ja;
  };
  return {
    profession: (code: string | null | undefined) => pick(professions.value, code),
    organizationType: (code: string | null | undefined) => pick(organizationTypes.value, code),
    municipality: (code: string | null | undefined): string => {
      if (!code) return '';
      const m = municipalities.value.find((x) => x.code === code);
      return m ? `${m.prefecture} ${m.name}` : code;
    },
  };
}

/** Forget the municipality list (after sign-out: another user may see others). */
export function resetMunicipalityNames(): void {
  municipalities.value = [];
  municipalitiesStarted = false;
}
