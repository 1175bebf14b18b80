// The identity form of a person (register and edit) and its mapping to and from the API's JSON.
// Forms hold text as typed; the birth date may be 和暦 or 西暦 and is sent as YYYY-MM-DD.
import type {
  ConsentInput,
  LocationSource,
  PersonCategory,
  PersonDetail,
  PersonIdentityInput,
  Sex,
} from '@/api/careTypes';
import { formatWareki, parseBirthDate } from '@/lib/wareki';
import { addProblem, type Problems } from './problems';
import { parseIsoDay, todayJst } from './dates';

export interface IdentityForm {
  municipality_code: string;
  resident_id: string;
  name: string;
  kana: string;
  sex: Sex | '';
  /** As typed: 昭和11年1月1日, S11.1.1, 1936-01-01 … */
  birth_date: string;
  postal_code: string;
  address: string;
  latitude: string;
  longitude: string;
  location_source: LocationSource;
  phone: string;
  categories: PersonCategory[];
}

/** Every field of the identity form, as the server names them (for useApiErrors). */
export const IDENTITY_FIELDS = [
  'municipality_code',
  'resident_id',
  'name',
  'kana',
  'sex',
  'birth_date',
  'postal_code',
  'address',
  'latitude',
  'longitude',
  'location_source',
  'phone',
  'categories',
] as const;

export function emptyIdentityForm(municipalityCode = ''): IdentityForm {
  return {
    municipality_code: municipalityCode,
    resident_id: '',
    name: '',
    kana: '',
    sex: '',
    birth_date: '',
    postal_code: '',
    address: '',
    latitude: '',
    longitude: '',
    location_source: 'none',
    phone: '',
    categories: [],
  };
}

/** The edit form filled from a person; the birth date is shown in 和暦. */
export function identityFormOf(p: PersonDetail): IdentityForm {
  const birth = parseIsoDay(p.birth_date);
  return {
    municipality_code: p.municipality_code,
    resident_id: p.resident_id ?? '',
    name: p.name,
    kana: p.kana,
    sex: p.sex,
    birth_date: birth ? formatWareki(birth) : p.birth_date,
    postal_code: p.postal_code ?? '',
    address: p.address ?? '',
    latitude: p.latitude === null || p.latitude === undefined ? '' : String(p.latitude),
    longitude: p.longitude === null || p.longitude === undefined ? '' : String(p.longitude),
    location_source: p.location_source ?? 'none',
    phone: p.phone ?? '',
    categories: [...p.categories],
  };
}

/** A typed coordinate: undefined when empty, null when not a number. */
export function parseCoordinate(text: string): number | undefined | null {
  const s = text.trim().replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * The JSON of the identity fields, or the problems found before sending (message keys per
 * field). The server checks everything again; this catches what a person can fix at once.
 */
export function identityInputOf(
  form: IdentityForm,
  today: string = todayJst(),
): { input: PersonIdentityInput | null; problems: Problems } {
  const problems: Problems = {};
  for (const f of ['municipality_code', 'name', 'kana', 'sex', 'birth_date', 'address'] as const) {
    if (!form[f].trim()) addProblem(problems, f, 'form.requiredField');
  }
  let birth = '';
  if (form.birth_date.trim()) {
    const parsed = parseBirthDate(form.birth_date);
    if (!parsed.ok) addProblem(problems, 'birth_date', `apiErrors.detail.${parsed.code}`);
    else if (parsed.iso > today) addProblem(problems, 'birth_date', 'care.errors.futureDate');
    else birth = parsed.iso;
  }
  const lat = parseCoordinate(form.latitude);
  const lon = parseCoordinate(form.longitude);
  if (lat === null) addProblem(problems, 'latitude', 'form.notANumber');
  if (lon === null) addProblem(problems, 'longitude', 'form.notANumber');
  if ((lat === undefined) !== (lon === undefined) && lat !== null && lon !== null) {
    addProblem(problems, lat === undefined ? 'latitude' : 'longitude', 'care.errors.latLonPair');
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };

  const input: PersonIdentityInput = {
    municipality_code: form.municipality_code.trim(),
    name: form.name.trim(),
    kana: form.kana.trim(),
    sex: form.sex as Sex,
    birth_date: birth,
    address: form.address.trim(),
    categories: [...form.categories],
  };
  const resident = form.resident_id.trim();
  if (resident) input.resident_id = resident;
  const postal = form.postal_code.trim();
  if (postal) input.postal_code = postal;
  const phone = form.phone.trim();
  if (phone) input.phone = phone;
  if (typeof lat === 'number' && typeof lon === 'number') {
    input.latitude = lat;
    input.longitude = lon;
    input.location_source = form.location_source === 'none' ? 'map' : form.location_source;
  } else {
    input.location_source = 'none';
  }
  return { input, problems };
}

// ---- consent ------------------------------------------------------------------------------

export interface ConsentForm {
  team: boolean;
  emergency: boolean;
  disaster: boolean;
  family: boolean;
  obtained_on: string;
  given_by: 'self' | 'representative';
  representative_name: string;
  representative_relation: string;
  method: 'written' | 'verbal';
  note: string;
  scan_attachment_id: string;
}

/** The consent fields as the server names them (prefixed with `consent.` inside POST /persons). */
export const CONSENT_FIELDS = [
  'scopes',
  'scopes.team',
  'scopes.emergency',
  'scopes.disaster',
  'scopes.family',
  'obtained_on',
  'given_by',
  'representative_name',
  'representative_relation',
  'method',
  'scan_attachment_id',
  'note',
] as const;

export function emptyConsentForm(today: string = todayJst()): ConsentForm {
  return {
    team: true,
    emergency: false,
    disaster: false,
    family: false,
    obtained_on: today,
    given_by: 'self',
    representative_name: '',
    representative_relation: '',
    method: 'written',
    note: '',
    scan_attachment_id: '',
  };
}

export function consentInputOf(
  form: ConsentForm,
  today: string = todayJst(),
): { input: ConsentInput | null; problems: Problems } {
  const problems: Problems = {};
  if (!form.team && !form.emergency && !form.disaster && !form.family) addProblem(problems, 'scopes', 'care.errors.scopeRequired');
  if (!form.obtained_on.trim()) addProblem(problems, 'obtained_on', 'form.requiredField');
  else if (!parseIsoDay(form.obtained_on)) addProblem(problems, 'obtained_on', 'apiErrors.detail.date_format');
  else if (form.obtained_on > today) addProblem(problems, 'obtained_on', 'care.errors.futureDate');
  if (form.given_by === 'representative') {
    if (!form.representative_name.trim()) addProblem(problems, 'representative_name', 'form.requiredField');
    if (!form.representative_relation.trim()) addProblem(problems, 'representative_relation', 'form.requiredField');
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const input: ConsentInput = {
    scopes: { team: form.team, emergency: form.emergency, disaster: form.disaster, family: form.family },
    obtained_on: form.obtained_on,
    given_by: form.given_by,
    method: form.method,
  };
  if (form.given_by === 'representative') {
    input.representative_name = form.representative_name.trim();
    input.representative_relation = form.representative_relation.trim();
  }
  if (form.note.trim()) input.note = form.note.trim();
  if (form.scan_attachment_id) input.scan_attachment_id = form.scan_attachment_id;
  return { input, problems };
}
