import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import {
  PART_SPECS,
  compactPartForm,
  dataOfPartForm,
  formOfPart,
  formPaths,
  labelKey,
  newListRow,
  rebaseFieldErrors,
  relativeFieldPath,
  type FormRecord,
} from './profile';

const keyPersons = PART_SPECS.key_persons;

describe('profile parts: JSON → form → JSON', () => {
  it('round-trips key persons with phones, booleans and numbers', () => {
    const data = {
      items: [
        { name: '山田 花子', kana: 'ヤマダ ハナコ', relation: '長女', phones: ['090-1111-2222', '03-1234-5678'], lives_with: true, call_order: 1 },
        { name: '山田 一郎', relation: '長男', phones: [], lives_with: false, call_order: 2, note: '平日夜のみ' },
      ],
    };
    const form = formOfPart(keyPersons, data);
    const rows = form.items as FormRecord[];
    expect(rows[0]!.call_order).toBe('1');
    expect(rows[0]!.lives_with).toBe(true);
    expect(rows[1]!.kana).toBe('');
    expect(typeof rows[0]!._row).toBe('string');
    const back = dataOfPartForm(keyPersons, compactPartForm(keyPersons, form));
    expect(back.problems).toEqual({});
    expect(back.data).toEqual(data);
  });

  it('drops blank rows and blank phone numbers before checking, so error paths match the rows shown', () => {
    const form = formOfPart(keyPersons, null);
    const items = form.items as FormRecord[];
    items.push(newListRow(keyPersons.fields[0] as never, items)); // left blank: call_order alone does not keep it
    items.push({ ...newListRow(keyPersons.fields[0] as never, items), name: '佐藤', relation: '', phones: ['', '09x'] });
    const compacted = compactPartForm(keyPersons, form);
    const rows = compacted.items as FormRecord[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.phones).toEqual(['09x']);
    expect(rows[0]!.call_order).toBe('2');
    const { problems } = dataOfPartForm(keyPersons, compacted);
    expect(problems['items[0].relation']).toEqual(['form.requiredField']);
    expect(formPaths(keyPersons, compacted)).toContain('items[0].phones[0]');
  });

  it('numbers new rows after the highest call order', () => {
    const list = keyPersons.fields[0] as never;
    const row = newListRow(list, [{ call_order: '3' }, { call_order: 'x' }] as FormRecord[]);
    expect(row.call_order).toBe('4');
  });

  it('checks integers, ranges and unique call orders', () => {
    const form = formOfPart(keyPersons, {
      items: [
        { name: 'A', relation: '妻', phones: [], lives_with: false, call_order: 1 },
        { name: 'B', relation: '子', phones: [], lives_with: false, call_order: 1 },
      ],
    });
    ((form.items as FormRecord[])[0] as FormRecord).call_order = '１';
    expect(dataOfPartForm(keyPersons, form).problems).toEqual({ 'items[1].call_order': ['care.errors.callOrderDuplicate'] });
    ((form.items as FormRecord[])[1] as FormRecord).call_order = '1.5';
    expect(dataOfPartForm(keyPersons, form).problems).toEqual({ 'items[1].call_order': ['care.errors.integer'] });
    ((form.items as FormRecord[])[1] as FormRecord).call_order = '120';
    expect(dataOfPartForm(keyPersons, form).problems).toEqual({ 'items[1].call_order': ['care.errors.outOfRange'] });
  });

  it('leaves out empty optional fields and checks the validity period', () => {
    const spec = PART_SPECS.care_level;
    const form = formOfPart(spec, { level: 'care_2', valid_from: '2026-04-01', valid_to: '2026-03-31', insured_number: '' });
    const { data, problems } = dataOfPartForm(spec, form);
    expect(data).toEqual({ level: 'care_2', valid_from: '2026-04-01', valid_to: '2026-03-31' });
    expect(problems).toEqual({ valid_to: ['care.errors.validToBeforeFrom'] });
    expect(dataOfPartForm(spec, formOfPart(spec, null)).problems).toEqual({ level: ['form.requiredField'] });
  });

  it('sends support_category null when not chosen and maps tri-state booleans', () => {
    expect(dataOfPartForm(PART_SPECS.disability, formOfPart(PART_SPECS.disability, null)).data).toEqual({ support_category: null, certificates: [] });
    const living = PART_SPECS.living;
    const form = formOfPart(living, { arrangement: 'alone', elevator: false, floor: 3 });
    expect(form.elevator).toBe('no');
    expect(form.floor).toBe('3');
    expect(dataOfPartForm(living, form).data).toEqual({ arrangement: 'alone', elevator: false, floor: 3 });
    form.elevator = '';
    expect(dataOfPartForm(living, form).data).toEqual({ arrangement: 'alone', floor: 3 });
  });

  it('omits blank provider groups and asks for a name when no directory entry is chosen', () => {
    const spec = PART_SPECS.providers;
    const form = formOfPart(spec, { pharmacy: { organization_id: 'o1' } });
    expect(dataOfPartForm(spec, form).data).toEqual({ pharmacy: { organization_id: 'o1' } });
    (form.primary_doctor as FormRecord).phone = '03-0000-0000';
    expect(dataOfPartForm(spec, form).problems).toEqual({ 'primary_doctor.name': ['care.errors.providerNameRequired'] });
  });

  it('lists the paths of every input, nested ones included', () => {
    const form = formOfPart(PART_SPECS.medical, { history: [{ name: '高血圧' }], conditions: [], allergies: [{ substance: '卵' }] });
    const paths = formPaths(PART_SPECS.medical, form);
    expect(paths).toEqual(
      expect.arrayContaining(['history', 'history[0]', 'history[0].name', 'history[0].since', 'allergies[0].severity', 'infection_notes']),
    );
  });
});

describe('labels and server paths', () => {
  it('names labels by part and trail', () => {
    expect(labelKey('key_persons', ['items', 'phones'])).toBe('care.profile.fields.key_persons.items_phones');
  });

  it('accepts the part prefix, a data. prefix or a bare path from the server', () => {
    expect(relativeFieldPath('key_persons', 'key_persons.items[1].phones[0]')).toBe('items[1].phones[0]');
    expect(relativeFieldPath('key_persons', 'data.items[1].phones[0]')).toBe('items[1].phones[0]');
    expect(relativeFieldPath('key_persons', 'items[1].phones[0]')).toBe('items[1].phones[0]');
  });

  it('rebases every field of an error onto the part, keeping base_version', () => {
    const err = new ApiError({
      status: 400,
      code: 'invalid',
      message: 'm',
      field: 'data.items[1].phones[0]',
      details: [
        { field: 'data.items[1].phones[0]', code: 'format', message: 'm' },
        { field: 'base_version', code: 'required', message: 'm' },
      ],
    });
    const out = rebaseFieldErrors(err, 'key_persons') as ApiError;
    expect(out.details.map((d) => d.field)).toEqual(['key_persons.items[1].phones[0]', 'base_version']);
    expect(out.field).toBe('key_persons.items[1].phones[0]');
    expect(rebaseFieldErrors('x', 'living')).toBe('x');
  });
});
