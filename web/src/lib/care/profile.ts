// The care profile's parts described as data (docs/care-api.md, "Part data"), and the mapping
// between a part's JSON and the form that edits it. One generic form and one generic view render
// every part from these descriptions, so the field paths of the server's errors
// (`key_persons.items[1].phones[0]`) line up with the inputs by construction.
import type { ProfilePartName } from '@/api/careTypes';
import { ApiError } from '@/api/errors';
import { addProblem, type Problems } from './problems';
import { parseIsoDay } from './dates';

interface Base {
  key: string;
  required?: boolean;
}

export type FieldSpec =
  | (Base & { type: 'text'; multiline?: boolean; max?: number; input?: 'tel' | 'text' })
  | (Base & { type: 'date' })
  /** One of `codes`, named by the messages `care.codes.<codeKey>.<codePrefix><code>`. */
  | (Base & { type: 'code'; codes: readonly string[]; codeKey: string; codePrefix?: string; nullable?: boolean })
  | (Base & { type: 'int'; min?: number; max?: number })
  /** Always sent (true/false). */
  | (Base & { type: 'bool' })
  /** An optional boolean: not known, yes or no. */
  | (Base & { type: 'tristate' })
  /** A list of strings (phone numbers). */
  | (Base & { type: 'strings'; input?: 'tel' | 'text' })
  /** A list of records; `autoNumber` names an int field numbered 1, 2 … as rows are added. */
  | (Base & { type: 'list'; fields: FieldSpec[]; autoNumber?: string })
  /** An optional record; its fields' labels are `<labelPrefix>_<key>`. */
  | (Base & { type: 'group'; fields: FieldSpec[]; labelPrefix?: string })
  /** The id of a directory entry (organization or user). */
  | (Base & { type: 'ref'; target: 'organization' | 'user' });

export interface PartSpec {
  part: ProfilePartName;
  fields: FieldSpec[];
  /** Rules across fields, on the JSON about to be sent; paths relative to the part. */
  check?: (data: Record<string, unknown>) => Problems;
}

export type FormValue = string | boolean | string[] | FormRecord | FormRecord[];
export interface FormRecord {
  [key: string]: FormValue;
}

// ---- the parts ----------------------------------------------------------------------------

export const CARE_LEVELS = [
  'jigyo_taisho',
  'support_1',
  'support_2',
  'care_1',
  'care_2',
  'care_3',
  'care_4',
  'care_5',
  'not_applicable',
  'applying',
] as const;
export const DISABILITY_SUPPORT_CATEGORIES = ['1', '2', '3', '4', '5', '6'] as const;
export const CERTIFICATE_TYPES = ['physical', 'intellectual', 'mental'] as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const DEVICE_TYPES = [
  'home_oxygen',
  'ventilator',
  'gastrostomy',
  'suction',
  'pacemaker',
  'dialysis',
  'tracheostomy',
  'urinary_catheter',
  'iv_line',
  'insulin_pump',
  'other',
] as const;
export const LIVING_ARRANGEMENTS = ['alone', 'spouse_only', 'with_family', 'facility', 'other'] as const;
export const HOUSING_TYPES = ['detached', 'apartment', 'public_housing', 'facility', 'other'] as const;
/** ACP (人生会議): a wish about one treatment, and where to be at the end of life. */
export const ACP_WISHES = ['wants', 'does_not_want', 'undecided'] as const;
export const END_OF_LIFE_PLACES = ['home', 'hospital', 'facility', 'undecided'] as const;
export const BLOOD_TYPES = ['A', 'B', 'O', 'AB', 'unknown'] as const;
export const RH_TYPES = ['positive', 'negative', 'unknown'] as const;
export const PROVIDER_KINDS = ['primary_doctor', 'primary_dentist', 'pharmacy', 'care_manager', 'visiting_nurse'] as const;

const providerFields: FieldSpec[] = [
  { key: 'organization_id', type: 'ref', target: 'organization' },
  { key: 'user_id', type: 'ref', target: 'user' },
  { key: 'name', type: 'text', max: 200 },
  { key: 'phone', type: 'text', input: 'tel', max: 20 },
  { key: 'note', type: 'text', max: 1000 },
];

export const PART_SPECS: Record<ProfilePartName, PartSpec> = {
  care_level: {
    part: 'care_level',
    fields: [
      { key: 'level', type: 'code', codes: CARE_LEVELS, codeKey: 'careLevel', required: true },
      { key: 'valid_from', type: 'date' },
      { key: 'valid_to', type: 'date' },
      { key: 'certified_on', type: 'date' },
      { key: 'insured_number', type: 'text', max: 20 },
      { key: 'note', type: 'text', multiline: true, max: 2000 },
    ],
    check(data) {
      const p: Problems = {};
      const from = data.valid_from;
      const to = data.valid_to;
      if (typeof from === 'string' && typeof to === 'string' && to < from) addProblem(p, 'valid_to', 'care.errors.validToBeforeFrom');
      return p;
    },
  },
  disability: {
    part: 'disability',
    fields: [
      { key: 'support_category', type: 'code', codes: DISABILITY_SUPPORT_CATEGORIES, codeKey: 'supportCategory', codePrefix: 'c', nullable: true },
      {
        key: 'certificates',
        type: 'list',
        fields: [
          { key: 'type', type: 'code', codes: CERTIFICATE_TYPES, codeKey: 'certificate', required: true },
          { key: 'grade', type: 'text', required: true, max: 20 },
          { key: 'number', type: 'text', max: 40 },
          { key: 'valid_to', type: 'date' },
          { key: 'note', type: 'text', max: 1000 },
        ],
      },
    ],
  },
  key_persons: {
    part: 'key_persons',
    fields: [
      {
        key: 'items',
        type: 'list',
        autoNumber: 'call_order',
        fields: [
          { key: 'name', type: 'text', required: true, max: 100 },
          { key: 'kana', type: 'text', max: 100 },
          { key: 'relation', type: 'text', required: true, max: 50 },
          { key: 'phones', type: 'strings', input: 'tel' },
          { key: 'lives_with', type: 'bool' },
          { key: 'call_order', type: 'int', required: true, min: 1, max: 99 },
          { key: 'note', type: 'text', max: 1000 },
        ],
      },
    ],
    check(data) {
      const p: Problems = {};
      const items = Array.isArray(data.items) ? (data.items as Record<string, unknown>[]) : [];
      const seen = new Map<number, number>();
      items.forEach((item, i) => {
        const order = item.call_order;
        if (typeof order !== 'number') return;
        if (seen.has(order)) addProblem(p, `items[${i}].call_order`, 'care.errors.callOrderDuplicate');
        else seen.set(order, i);
      });
      return p;
    },
  },
  providers: {
    part: 'providers',
    fields: PROVIDER_KINDS.map((kind) => ({ key: kind, type: 'group', labelPrefix: 'provider', fields: providerFields }) as FieldSpec),
    check(data) {
      const p: Problems = {};
      for (const kind of PROVIDER_KINDS) {
        const g = data[kind] as Record<string, unknown> | undefined;
        if (g && !g.organization_id && !g.user_id && !g.name) addProblem(p, `${kind}.name`, 'care.errors.providerNameRequired');
      }
      return p;
    },
  },
  medical: {
    part: 'medical',
    fields: [
      {
        key: 'history',
        type: 'list',
        fields: [
          { key: 'name', type: 'text', required: true, max: 200 },
          { key: 'since', type: 'date' },
          { key: 'note', type: 'text', max: 1000 },
        ],
      },
      {
        key: 'conditions',
        type: 'list',
        fields: [
          { key: 'name', type: 'text', required: true, max: 200 },
          { key: 'note', type: 'text', max: 1000 },
        ],
      },
      {
        key: 'allergies',
        type: 'list',
        fields: [
          { key: 'substance', type: 'text', required: true, max: 200 },
          { key: 'reaction', type: 'text', max: 200 },
          { key: 'severity', type: 'code', codes: ALLERGY_SEVERITIES, codeKey: 'severity' },
        ],
      },
      { key: 'infection_notes', type: 'text', multiline: true, max: 2000 },
    ],
  },
  prescriptions: {
    part: 'prescriptions',
    fields: [
      {
        key: 'items',
        type: 'list',
        fields: [
          { key: 'drug', type: 'text', required: true, max: 200 },
          { key: 'dose', type: 'text', max: 100 },
          { key: 'usage', type: 'text', max: 200 },
          { key: 'start', type: 'date' },
          { key: 'end', type: 'date' },
          { key: 'institution', type: 'text', max: 200 },
          { key: 'prescriber', type: 'text', max: 100 },
        ],
      },
    ],
    check(data) {
      const p: Problems = {};
      const items = Array.isArray(data.items) ? (data.items as Record<string, unknown>[]) : [];
      items.forEach((item, i) => {
        if (typeof item.start === 'string' && typeof item.end === 'string' && item.end < item.start) {
          addProblem(p, `items[${i}].end`, 'care.errors.endBeforeStart');
        }
      });
      return p;
    },
  },
  devices: {
    part: 'devices',
    fields: [
      {
        key: 'items',
        type: 'list',
        fields: [
          { key: 'type', type: 'code', codes: DEVICE_TYPES, codeKey: 'device', required: true },
          { key: 'detail', type: 'text', max: 200 },
          { key: 'since', type: 'date' },
          { key: 'supplier', type: 'text', max: 200 },
        ],
      },
    ],
  },
  living: {
    part: 'living',
    fields: [
      { key: 'arrangement', type: 'code', codes: LIVING_ARRANGEMENTS, codeKey: 'arrangement', required: true },
      { key: 'housing', type: 'code', codes: HOUSING_TYPES, codeKey: 'housing' },
      { key: 'floor', type: 'int', min: -5, max: 99 },
      { key: 'elevator', type: 'tristate' },
      { key: 'pets', type: 'text', max: 200 },
      { key: 'key_box', type: 'text', max: 200 },
      { key: 'note', type: 'text', multiline: true, max: 2000 },
    ],
  },
  emergency: {
    part: 'emergency',
    fields: [
      { key: 'kit_location', type: 'text', max: 100 },
      { key: 'blood_type', type: 'code', codes: BLOOD_TYPES, codeKey: 'bloodType' },
      { key: 'rh', type: 'code', codes: RH_TYPES, codeKey: 'rh' },
      { key: 'preferred_hospital', type: 'text', max: 100 },
      { key: 'communication', type: 'text', multiline: true, max: 500 },
      { key: 'notes_for_crew', type: 'text', multiline: true, max: 2000 },
    ],
  },
  acp: {
    part: 'acp',
    fields: [
      { key: 'discussed_on', type: 'date', required: true },
      {
        key: 'participants',
        type: 'list',
        required: true,
        fields: [
          { key: 'name', type: 'text', max: 100, required: true },
          { key: 'relation', type: 'text', max: 100, required: true },
        ],
      },
      { key: 'resuscitation', type: 'code', codes: ACP_WISHES, codeKey: 'acpWish', required: true },
      { key: 'ventilation', type: 'code', codes: ACP_WISHES, codeKey: 'acpWish' },
      { key: 'artificial_nutrition', type: 'code', codes: ACP_WISHES, codeKey: 'acpWish' },
      { key: 'hospital_transport', type: 'code', codes: ACP_WISHES, codeKey: 'acpWish' },
      { key: 'end_of_life_place', type: 'code', codes: END_OF_LIFE_PLACES, codeKey: 'endOfLifePlace' },
      { key: 'values', type: 'text', multiline: true, max: 2000 },
      { key: 'wishes', type: 'text', multiline: true, max: 2000 },
      {
        key: 'substitute',
        type: 'group',
        fields: [
          { key: 'name', type: 'text', max: 100, required: true },
          { key: 'relation', type: 'text', max: 100 },
          { key: 'phone', type: 'text', input: 'tel', max: 20 },
        ],
      },
      { key: 'note', type: 'text', multiline: true, max: 4000 },
      { key: 'signed_off', type: 'bool', required: true },
    ],
  },
};

// ---- labels and paths ---------------------------------------------------------------------

/** The message key of a field's label: `care.profile.fields.<part>.<trail joined by _>`. */
export function labelKey(part: string, trail: readonly string[]): string {
  return `care.profile.fields.${part}.${trail.join('_')}`;
}

/** The label trail of a child of `field` (groups may name their children with a prefix). */
export function childTrail(field: FieldSpec, trail: readonly string[]): readonly string[] {
  if (field.type === 'group' && field.labelPrefix) return [field.labelPrefix];
  return [...trail, field.key];
}

/** `base` + `key` as the server writes paths: `items[1]` + `phones` → `items[1].phones`. */
export function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

// ---- data → form --------------------------------------------------------------------------

let rowCounter = 0;
/** A key for v-for that survives removing rows above; not sent. */
export function newRowKey(): string {
  rowCounter += 1;
  return `r${rowCounter}`;
}

function emptyValue(f: FieldSpec): FormValue {
  switch (f.type) {
    case 'bool':
      return false;
    case 'strings':
      return [];
    case 'list':
      return [];
    case 'group':
      return emptyRecord(f.fields);
    default:
      return '';
  }
}

export function emptyRecord(fields: readonly FieldSpec[]): FormRecord {
  const r: FormRecord = {};
  for (const f of fields) r[f.key] = emptyValue(f);
  return r;
}

/** A new row for a list field; the `autoNumber` field gets the next number. */
export function newListRow(field: FieldSpec & { type: 'list' }, rows: readonly FormRecord[]): FormRecord {
  const row = emptyRecord(field.fields);
  row._row = newRowKey();
  if (field.autoNumber) {
    let max = 0;
    for (const r of rows) {
      const n = Number(r[field.autoNumber]);
      if (Number.isInteger(n) && n > max) max = n;
    }
    row[field.autoNumber] = String(max + 1);
  }
  return row;
}

function valueToForm(f: FieldSpec, v: unknown): FormValue {
  switch (f.type) {
    case 'text':
    case 'date':
    case 'code':
    case 'ref':
      return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
    case 'int':
      return typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
    case 'bool':
      return v === true;
    case 'tristate':
      return v === true ? 'yes' : v === false ? 'no' : '';
    case 'strings':
      return Array.isArray(v) ? v.map((x) => String(x ?? '')) : [];
    case 'list':
      return Array.isArray(v)
        ? v.map((item) => ({ ...recordToForm(f.fields, item as Record<string, unknown>), _row: newRowKey() }))
        : [];
    case 'group':
      return recordToForm(f.fields, (v ?? {}) as Record<string, unknown>);
  }
}

function recordToForm(fields: readonly FieldSpec[], data: Record<string, unknown> | null | undefined): FormRecord {
  const r: FormRecord = {};
  for (const f of fields) r[f.key] = valueToForm(f, data?.[f.key]);
  return r;
}

/** The edit form of a part, filled from its current data (empty when never recorded). */
export function formOfPart(spec: PartSpec, data: Record<string, unknown> | null | undefined): FormRecord {
  return recordToForm(spec.fields, data ?? {});
}

// ---- emptiness and compaction -------------------------------------------------------------

function isBlank(f: FieldSpec, v: FormValue, ignore?: string): boolean {
  if (f.key === ignore) return true;
  switch (f.type) {
    case 'bool':
      return true; // a checkbox alone does not make a row worth keeping
    case 'strings':
      return (v as string[]).every((s) => !s.trim());
    case 'list':
      return (v as FormRecord[]).length === 0;
    case 'group':
      return recordIsBlank(f.fields, v as FormRecord);
    default:
      return typeof v !== 'string' || !v.trim();
  }
}

export function recordIsBlank(fields: readonly FieldSpec[], r: FormRecord, ignore?: string): boolean {
  return fields.every((f) => isBlank(f, r[f.key] ?? emptyValue(f), ignore));
}

function compactValue(f: FieldSpec, v: FormValue): FormValue {
  if (f.type === 'strings') return (v as string[]).filter((s) => s.trim() !== '');
  if (f.type === 'list') {
    return (v as FormRecord[])
      .filter((row) => !recordIsBlank(f.fields, row, f.autoNumber))
      .map((row) => ({ ...compactRecord(f.fields, row), _row: row._row ?? newRowKey() }));
  }
  if (f.type === 'group') return compactRecord(f.fields, v as FormRecord);
  return v;
}

function compactRecord(fields: readonly FieldSpec[], r: FormRecord): FormRecord {
  const out: FormRecord = { ...r };
  for (const f of fields) out[f.key] = compactValue(f, r[f.key] ?? emptyValue(f));
  return out;
}

/**
 * The form without rows left empty (blank list rows, blank phone numbers). Forms are compacted
 * before they are checked and sent, so that `items[1]` in an error is the second row shown.
 */
export function compactPartForm(spec: PartSpec, form: FormRecord): FormRecord {
  return compactRecord(spec.fields, form);
}

// ---- form → data --------------------------------------------------------------------------

function toData(f: FieldSpec, v: FormValue, path: string, problems: Problems): unknown {
  switch (f.type) {
    case 'text':
    case 'ref': {
      const s = String(v ?? '').trim();
      if (!s) {
        if (f.required) addProblem(problems, path, 'form.requiredField');
        return undefined;
      }
      return s;
    }
    case 'date': {
      const s = String(v ?? '').trim();
      if (!s) {
        if (f.required) addProblem(problems, path, 'form.requiredField');
        return undefined;
      }
      if (!parseIsoDay(s)) addProblem(problems, path, 'apiErrors.detail.date_format');
      return s;
    }
    case 'code': {
      const s = String(v ?? '');
      if (!s) {
        if (f.required) addProblem(problems, path, 'form.requiredField');
        return f.nullable ? null : undefined;
      }
      return s;
    }
    case 'int': {
      const s = String(v ?? '').trim().replace(/[０-９－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      if (!s) {
        if (f.required) addProblem(problems, path, 'form.requiredField');
        return undefined;
      }
      const n = Number(s);
      if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n)) {
        addProblem(problems, path, 'care.errors.integer');
        return undefined;
      }
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        addProblem(problems, path, 'care.errors.outOfRange');
      }
      return n;
    }
    case 'bool':
      return v === true;
    case 'tristate':
      return v === 'yes' ? true : v === 'no' ? false : undefined;
    case 'strings':
      return (v as string[]).map((s) => s.trim());
    case 'list':
      return (v as FormRecord[]).map((row, i) => recordToData(f.fields, row, `${path}[${i}]`, problems));
    case 'group': {
      const r = v as FormRecord;
      if (recordIsBlank(f.fields, r)) return undefined;
      return recordToData(f.fields, r, path, problems);
    }
  }
}

function recordToData(fields: readonly FieldSpec[], r: FormRecord, base: string, problems: Problems): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = toData(f, r[f.key] ?? emptyValue(f), joinPath(base, f.key), problems);
    if (value !== undefined) out[f.key] = value;
  }
  return out;
}

/**
 * The JSON `data` of a part from its (compacted) form, with the problems found before sending,
 * keyed by paths relative to the part (`items[1].phones[0]`).
 */
export function dataOfPartForm(spec: PartSpec, form: FormRecord): { data: Record<string, unknown>; problems: Problems } {
  const problems: Problems = {};
  const data = recordToData(spec.fields, form, '', problems);
  if (spec.check) {
    for (const [field, keys] of Object.entries(spec.check(data))) for (const k of keys) addProblem(problems, field, k);
  }
  return { data, problems };
}

/** Every input path of a form, for matching the server's field errors (relative to the part). */
export function formPaths(spec: PartSpec, form: FormRecord): string[] {
  const out: string[] = [];
  const walk = (fields: readonly FieldSpec[], r: FormRecord, base: string) => {
    for (const f of fields) {
      const path = joinPath(base, f.key);
      out.push(path);
      const v = r[f.key];
      if (f.type === 'strings' && Array.isArray(v)) (v as string[]).forEach((_, i) => out.push(`${path}[${i}]`));
      if (f.type === 'list' && Array.isArray(v)) {
        (v as FormRecord[]).forEach((row, i) => {
          out.push(`${path}[${i}]`);
          walk(f.fields, row, `${path}[${i}]`);
        });
      }
      if (f.type === 'group' && v && typeof v === 'object') walk(f.fields, v as FormRecord, path);
    }
  };
  walk(spec.fields, form, '');
  return out;
}

/**
 * A server field path relative to the part: the contract names nested fields from the part
 * (`key_persons.items[1].phones[0]`); `data.` prefixes and bare paths are accepted too.
 */
export function relativeFieldPath(part: string, field: string): string {
  if (field.startsWith(`${part}.`)) return field.slice(part.length + 1);
  if (field.startsWith('data.')) return field.slice(5);
  return field;
}

/**
 * The error with every field path made `<part>.<relative path>`, whichever of the accepted
 * forms the server used, so that the form's inputs (named that way) find their messages.
 */
export function rebaseFieldErrors(err: unknown, part: string): unknown {
  if (!(err instanceof ApiError)) return err;
  const fix = (field: string) => (field ? `${part}.${relativeFieldPath(part, field)}` : field);
  return new ApiError({
    status: err.status,
    code: err.code,
    message: err.message,
    field: err.field ? fix(err.field) : err.field,
    details: err.details.map((d) => ({ ...d, field: d.field === 'base_version' ? d.field : fix(d.field) })),
    requestId: err.requestId,
    retryAfterSeconds: err.retryAfterSeconds,
  });
}
