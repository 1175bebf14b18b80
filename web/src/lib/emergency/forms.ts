// The emergency screens' forms and what is sent from them: the EMS search, opening a record for
// an incident, the destination hospital, the hospital's outcome and the link's PIN. Each returns
// the body to send, or the problems found before sending, keyed by the server's field names so
// that its own field errors land on the same inputs. Pure, for unit tests.
import { OUTCOME_CODES, type DestinationInput, type EmsSearchQuery, type LinkOutcomeInput, type OpenAccessInput, type OutcomeCode, type OutcomeInput } from '@/api/emergencyTypes';
import { addProblem, hasProblems, type Problems } from '@/lib/care/problems';
import { foldWidth, parseBirthDate } from '@/lib/wareki';

const REQUIRED = 'form.requiredField';
const chars = (s: string) => Array.from(s).length;

// ---- EMS search ---------------------------------------------------------------------------

export interface EmsSearchForm {
  kana: string;
  birth_date: string;
  phone: string;
  address: string;
}

export const EMS_SEARCH_FIELDS = ['kana', 'birth_date', 'phone', 'address'] as const;
/** Shortest part of an address the server searches for. */
export const MIN_ADDRESS_CHARS = 4;

export function emptySearchForm(): EmsSearchForm {
  return { kana: '', birth_date: '', phone: '', address: '' };
}

/**
 * The search the form asks for. Kana goes with the birth date (either alone finds too many);
 * the birth date is sent as YYYY-MM-DD once read here, 和暦 included; the phone is folded to
 * half-width digits and hyphens.
 */
export function emsSearchOf(form: EmsSearchForm): { query: EmsSearchQuery | null; problems: Problems } {
  const p: Problems = {};
  const kana = form.kana.trim();
  const birth = form.birth_date.trim();
  const phone = foldWidth(form.phone).trim();
  const address = form.address.trim();
  const query: EmsSearchQuery = {};

  if (kana || birth) {
    if (!kana) addProblem(p, 'kana', 'emergency.search.birthDateNeedsKana');
    if (!birth) addProblem(p, 'birth_date', 'emergency.search.kanaNeedsBirthDate');
    if (kana && birth) {
      const parsed = parseBirthDate(birth);
      if (!parsed.ok) addProblem(p, 'birth_date', 'apiErrors.detail.date_format');
      else {
        query.kana = kana;
        query.birth_date = parsed.iso;
      }
    }
  }
  if (phone) {
    if (!/^[0-9][0-9 -]*$/.test(phone) || phone.replace(/[^0-9]/g, '').length < 4) addProblem(p, 'phone', 'emergency.search.phoneFormat');
    else query.phone = phone.replace(/ /g, '');
  }
  if (address) {
    if (chars(address) < MIN_ADDRESS_CHARS) addProblem(p, 'address', 'emergency.search.addressTooShort');
    else query.address = address;
  }
  if (!kana && !birth && !phone && !address) addProblem(p, 'criteria', 'emergency.search.needCriterion');
  return hasProblems(p) ? { query: null, problems: p } : { query, problems: p };
}

// ---- opening a record ---------------------------------------------------------------------

export interface OpenAccessForm {
  incident_number: string;
  reason: string;
}

export const OPEN_ACCESS_FIELDS = ['incident_number', 'reason'] as const;
export const MAX_INCIDENT_CHARS = 30;
export const MAX_REASON_CHARS = 500;

export function emptyOpenAccessForm(): OpenAccessForm {
  return { incident_number: '', reason: '' };
}

/** The body of POST /ems/accesses for the card or the person found; 事案番号 folded to half width. */
export function openAccessInputOf(
  form: OpenAccessForm,
  target: { card_token: string } | { person_id: string },
): { input: OpenAccessInput | null; problems: Problems } {
  const p: Problems = {};
  const incident = foldWidth(form.incident_number).trim();
  const reason = form.reason.trim();
  if (!incident) addProblem(p, 'incident_number', REQUIRED);
  else if (chars(incident) > MAX_INCIDENT_CHARS || !/^[A-Za-z0-9-]+$/.test(incident)) addProblem(p, 'incident_number', 'emergency.open.incidentFormat');
  if (!reason) addProblem(p, 'reason', REQUIRED);
  else if (chars(reason) > MAX_REASON_CHARS) addProblem(p, 'reason', 'care.errors.tooLong');
  if (hasProblems(p)) return { input: null, problems: p };
  return { input: { ...target, incident_number: incident, reason }, problems: p };
}

// ---- destination --------------------------------------------------------------------------

export interface DestinationForm {
  /** A hospital of the directory, or one named by hand. */
  mode: 'directory' | 'name';
  hospital_organization_id: string;
  hospital_name: string;
}

export const DESTINATION_FIELDS = ['hospital_organization_id', 'hospital_name'] as const;

export function emptyDestinationForm(): DestinationForm {
  return { mode: 'directory', hospital_organization_id: '', hospital_name: '' };
}

export function destinationInputOf(form: DestinationForm): { input: DestinationInput | null; problems: Problems } {
  const p: Problems = {};
  if (form.mode === 'directory') {
    const id = form.hospital_organization_id.trim();
    if (!id) addProblem(p, 'hospital_organization_id', 'emergency.destination.chooseHospital');
    return hasProblems(p) ? { input: null, problems: p } : { input: { hospital_organization_id: id }, problems: p };
  }
  const name = form.hospital_name.trim();
  if (!name) addProblem(p, 'hospital_name', REQUIRED);
  return hasProblems(p) ? { input: null, problems: p } : { input: { hospital_name: name }, problems: p };
}

// ---- outcome ------------------------------------------------------------------------------

export interface OutcomeForm {
  code: OutcomeCode | '';
  note: string;
  reporter_name: string;
}

export const OUTCOME_FIELDS = ['code', 'note', 'reporter_name'] as const;

export function emptyOutcomeForm(current?: { code: OutcomeCode; note?: string | null } | null): OutcomeForm {
  return { code: current?.code ?? '', note: current?.note ?? '', reporter_name: '' };
}

function isOutcomeCode(c: string): c is OutcomeCode {
  return (OUTCOME_CODES as readonly string[]).includes(c);
}

/** The outcome an account holder reports; the note is left out when blank. */
export function outcomeInputOf(form: OutcomeForm): { input: OutcomeInput | null; problems: Problems } {
  const p: Problems = {};
  if (!isOutcomeCode(form.code)) addProblem(p, 'code', 'emergency.outcome.chooseCode');
  if (hasProblems(p) || !isOutcomeCode(form.code)) return { input: null, problems: p };
  const note = form.note.trim();
  return { input: note ? { code: form.code, note } : { code: form.code }, problems: p };
}

/** The outcome reported through the one-time link, which must name the reporter. */
export function linkOutcomeInputOf(form: OutcomeForm): { input: LinkOutcomeInput | null; problems: Problems } {
  const base = outcomeInputOf(form);
  const p: Problems = { ...base.problems };
  const reporter = form.reporter_name.trim();
  if (!reporter) addProblem(p, 'reporter_name', REQUIRED);
  if (hasProblems(p) || !base.input) return { input: null, problems: p };
  return { input: { ...base.input, reporter_name: reporter }, problems: p };
}

// ---- PIN ----------------------------------------------------------------------------------

/** The 6-digit PIN as read out over the phone: full-width digits, spaces and hyphens allowed. */
export function normalizePin(text: string): string | null {
  const digits = foldWidth(text).replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** The PIN grouped for reading aloud: "123 456". */
export function pinForReading(pin: string): string {
  return pin.length === 6 ? `${pin.slice(0, 3)} ${pin.slice(3)}` : pin;
}
