import { describe, expect, it } from 'vitest';
import {
  destinationInputOf,
  emptyDestinationForm,
  emptyOutcomeForm,
  emptySearchForm,
  emsSearchOf,
  linkOutcomeInputOf,
  normalizePin,
  openAccessInputOf,
  outcomeInputOf,
  pinForReading,
} from './forms';

describe('emsSearchOf', () => {
  it('reads a 和暦 birth date and sends it as YYYY-MM-DD with the kana', () => {
    const r = emsSearchOf({ ...emptySearchForm(), kana: ' サトウ ', birth_date: 'S14.5.3' });
    expect(r.problems).toEqual({});
    expect(r.query).toEqual({ kana: 'サトウ', birth_date: '1939-05-03' });
  });

  it('wants kana and birth date together', () => {
    expect(emsSearchOf({ ...emptySearchForm(), kana: 'サトウ' }).problems).toEqual({ birth_date: ['emergency.search.kanaNeedsBirthDate'] });
    expect(emsSearchOf({ ...emptySearchForm(), birth_date: '昭和14年5月3日' }).problems).toEqual({ kana: ['emergency.search.birthDateNeedsKana'] });
  });

  it('refuses a birth date it cannot read', () => {
    const r = emsSearchOf({ ...emptySearchForm(), kana: 'サトウ', birth_date: '昭和65年1月1日' });
    expect(r.query).toBeNull();
    expect(r.problems.birth_date).toEqual(['apiErrors.detail.date_format']);
  });

  it('folds a full-width phone number and drops spaces', () => {
    expect(emsSearchOf({ ...emptySearchForm(), phone: '０５６１－００ １２００' }).query).toEqual({ phone: '0561-001200' });
    expect(emsSearchOf({ ...emptySearchForm(), phone: '090-abcd' }).problems.phone).toEqual(['emergency.search.phoneFormat']);
  });

  it('needs at least four characters of an address', () => {
    expect(emsSearchOf({ ...emptySearchForm(), address: '若葉町' }).problems.address).toEqual(['emergency.search.addressTooShort']);
    expect(emsSearchOf({ ...emptySearchForm(), address: '若葉町3' }).query).toEqual({ address: '若葉町3' });
  });

  it('needs one criterion', () => {
    const r = emsSearchOf({ kana: ' ', birth_date: '', phone: '', address: '' });
    expect(r.query).toBeNull();
    expect(r.problems).toEqual({ criteria: ['emergency.search.needCriterion'] });
  });
});

describe('openAccessInputOf', () => {
  it('folds the incident number to half width and keeps the target', () => {
    const r = openAccessInputOf({ incident_number: '２０２６－０１２３', reason: ' 転倒 ' }, { person_id: 'p1' });
    expect(r.input).toEqual({ person_id: 'p1', incident_number: '2026-0123', reason: '転倒' });
  });

  it('refuses incident numbers with other characters or over 30 characters, and a missing reason', () => {
    expect(openAccessInputOf({ incident_number: '第12号', reason: 'x' }, { card_token: 't' }).problems.incident_number).toEqual([
      'emergency.open.incidentFormat',
    ]);
    expect(openAccessInputOf({ incident_number: 'A'.repeat(31), reason: 'x' }, { card_token: 't' }).input).toBeNull();
    expect(openAccessInputOf({ incident_number: 'A'.repeat(30), reason: 'x' }, { card_token: 't' }).input).not.toBeNull();
    expect(openAccessInputOf({ incident_number: '1', reason: '  ' }, { card_token: 't' }).problems.reason).toEqual(['form.requiredField']);
    expect(openAccessInputOf({ incident_number: '1', reason: 'あ'.repeat(501) }, { card_token: 't' }).problems.reason).toEqual(['care.errors.tooLong']);
  });
});

describe('destinationInputOf', () => {
  it('sends the chosen directory hospital, or the typed name, never both', () => {
    const f = { ...emptyDestinationForm(), hospital_organization_id: 'o1', hospital_name: '港病院' };
    expect(destinationInputOf(f).input).toEqual({ hospital_organization_id: 'o1' });
    expect(destinationInputOf({ ...f, mode: 'name' }).input).toEqual({ hospital_name: '港病院' });
  });

  it('asks to choose a hospital or type a name', () => {
    expect(destinationInputOf(emptyDestinationForm()).problems).toEqual({ hospital_organization_id: ['emergency.destination.chooseHospital'] });
    expect(destinationInputOf({ ...emptyDestinationForm(), mode: 'name' }).problems).toEqual({ hospital_name: ['form.requiredField'] });
  });
});

describe('outcome forms', () => {
  it('needs one of the four codes and leaves a blank note out', () => {
    expect(outcomeInputOf(emptyOutcomeForm()).problems).toEqual({ code: ['emergency.outcome.chooseCode'] });
    expect(outcomeInputOf({ code: 'admitted', note: '  ', reporter_name: '' }).input).toEqual({ code: 'admitted' });
    expect(outcomeInputOf({ code: 'bogus' as never, note: '', reporter_name: '' }).input).toBeNull();
  });

  it('starts from the outcome already reported, for a correction', () => {
    expect(emptyOutcomeForm({ code: 'transferred', note: '大学病院へ' })).toEqual({ code: 'transferred', note: '大学病院へ', reporter_name: '' });
  });

  it('needs the reporter name through the link', () => {
    expect(linkOutcomeInputOf({ code: 'accepted', note: '', reporter_name: ' ' }).problems).toEqual({ reporter_name: ['form.requiredField'] });
    expect(linkOutcomeInputOf({ code: 'accepted', note: 'ER', reporter_name: ' 高橋 ' }).input).toEqual({
      code: 'accepted',
      note: 'ER',
      reporter_name: '高橋',
    });
  });
});

describe('PIN', () => {
  it('accepts six digits as read out, full width or spaced', () => {
    expect(normalizePin('１２３ ４５６')).toBe('123456');
    expect(normalizePin('123-456')).toBe('123456');
    expect(normalizePin('12345')).toBeNull();
    expect(normalizePin('12345a')).toBeNull();
  });

  it('groups the PIN in threes for reading aloud', () => {
    expect(pinForReading('123456')).toBe('123 456');
  });
});
