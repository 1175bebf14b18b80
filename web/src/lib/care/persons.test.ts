import { describe, expect, it } from 'vitest';
import type { PersonDetail } from '@/api/careTypes';
import { consentInputOf, emptyConsentForm, emptyIdentityForm, identityFormOf, identityInputOf, parseCoordinate } from './persons';
import { prefixProblems, translateProblems } from './problems';

const TODAY = '2026-11-21';

function filled() {
  return {
    ...emptyIdentityForm('131016'),
    name: ' 佐藤 花子 ',
    kana: 'さとう はなこ',
    sex: 'female' as const,
    birth_date: '昭和11年1月1日',
    address: '千代田区本町1-2-3',
  };
}

describe('identityInputOf', () => {
  it('turns 和暦 into an ISO birth date and leaves out empty optional fields', () => {
    const { input, problems } = identityInputOf(filled(), TODAY);
    expect(problems).toEqual({});
    expect(input).toEqual({
      municipality_code: '131016',
      name: '佐藤 花子',
      kana: 'さとう はなこ',
      sex: 'female',
      birth_date: '1936-01-01',
      address: '千代田区本町1-2-3',
      categories: [],
      location_source: 'none',
    });
  });

  it('accepts S11.1.1 and full-width coordinates, keeping the location source', () => {
    const { input } = identityInputOf(
      { ...filled(), birth_date: 'Ｓ１１．１．１', latitude: '３５．６８', longitude: '139.76', location_source: 'geocoded', phone: '03-1234-5678' },
      TODAY,
    );
    expect(input?.birth_date).toBe('1936-01-01');
    expect(input?.latitude).toBe(35.68);
    expect(input?.longitude).toBe(139.76);
    expect(input?.location_source).toBe('geocoded');
    expect(input?.phone).toBe('03-1234-5678');
  });

  it('says what is wrong, per field', () => {
    const { input, problems } = identityInputOf(
      { ...emptyIdentityForm(), birth_date: '昭和64年2月1日', latitude: '35', longitude: '' },
      TODAY,
    );
    expect(input).toBeNull();
    expect(problems).toMatchObject({
      municipality_code: ['form.requiredField'],
      name: ['form.requiredField'],
      birth_date: ['apiErrors.detail.date_out_of_range'],
      longitude: ['care.errors.latLonPair'],
    });
    expect(identityInputOf({ ...filled(), birth_date: '2027-01-01' }, TODAY).problems).toEqual({ birth_date: ['care.errors.futureDate'] });
    expect(identityInputOf({ ...filled(), birth_date: 'きのう' }, TODAY).problems).toEqual({ birth_date: ['apiErrors.detail.date_format'] });
    expect(identityInputOf({ ...filled(), latitude: 'x', longitude: '1' }, TODAY).problems).toEqual({ latitude: ['form.notANumber'] });
  });

  it('fills the edit form with the birth date in 和暦', () => {
    const p = {
      municipality_code: '131016',
      resident_id: null,
      name: '佐藤 花子',
      kana: 'サトウ ハナコ',
      sex: 'female',
      birth_date: '1989-01-08',
      postal_code: '100-0001',
      address: '本町',
      latitude: 35.1,
      longitude: 139.2,
      location_source: 'map',
      phone: null,
      categories: ['elderly'],
    } as unknown as PersonDetail;
    const form = identityFormOf(p);
    expect(form.birth_date).toBe('平成元年1月8日');
    expect(form.latitude).toBe('35.1');
    expect(form.phone).toBe('');
    expect(identityInputOf(form, TODAY).input?.birth_date).toBe('1989-01-08');
  });

  it('reads coordinates', () => {
    expect(parseCoordinate(' ')).toBeUndefined();
    expect(parseCoordinate('abc')).toBeNull();
    expect(parseCoordinate('－１２．５')).toBe(-12.5);
  });
});

describe('consentInputOf', () => {
  it('needs a scope, a past date and, for a representative, name and relation', () => {
    const none = { ...emptyConsentForm(TODAY), team: false, given_by: 'representative' as const, obtained_on: '2026-12-01' };
    expect(consentInputOf(none, TODAY).problems).toEqual({
      scopes: ['care.errors.scopeRequired'],
      obtained_on: ['care.errors.futureDate'],
      representative_name: ['form.requiredField'],
      representative_relation: ['form.requiredField'],
    });
  });

  it('sends the representative only when given by one', () => {
    const self = { ...emptyConsentForm(TODAY), representative_name: '残っていた名前', note: ' 書面あり ' };
    expect(consentInputOf(self, TODAY).input).toEqual({
      scopes: { team: true, emergency: false, disaster: false, family: false },
      obtained_on: TODAY,
      given_by: 'self',
      method: 'written',
      note: '書面あり',
    });
    const rep = { ...self, given_by: 'representative' as const, representative_relation: '長男', scan_attachment_id: 'a1' };
    expect(consentInputOf(rep, TODAY).input).toMatchObject({ representative_name: '残っていた名前', representative_relation: '長男', scan_attachment_id: 'a1' });
  });

  it('prefixes and translates problems for the registration form', () => {
    const p = prefixProblems({ scopes: ['care.errors.scopeRequired'] }, 'consent.');
    expect(p).toEqual({ 'consent.scopes': ['care.errors.scopeRequired'] });
    expect(translateProblems(p, (k) => `<${k}>`)).toEqual({ 'consent.scopes': ['<care.errors.scopeRequired>'] });
  });
});
