import { describe, expect, it } from 'vitest';
import type { AcpSummary, SummaryKeyPerson } from '@/api/emergencyTypes';
import { acpWishRows, allergiesBySeverity, dialablePhones, hasAny, keyPersonsInCallOrder, providerRows, splitPrescriptions, telHref } from './summary';

const kp = (name: string, call_order: number): SummaryKeyPerson => ({ name, relation: '長男', phones: [], lives_with: false, call_order });

describe('keyPersonsInCallOrder', () => {
  it('puts the first to call first, whatever order they came in', () => {
    expect(keyPersonsInCallOrder([kp('c', 3), kp('a', 1), kp('b', 2)]).map((k) => k.name)).toEqual(['a', 'b', 'c']);
  });

  it('keeps entries without a usable number last, in the order given', () => {
    const odd = [kp('x', 0), kp('a', 2), { ...kp('y', 1), call_order: undefined as unknown as number }, kp('b', 1)];
    expect(keyPersonsInCallOrder(odd).map((k) => k.name)).toEqual(['b', 'a', 'x', 'y']);
  });

  it('takes an absent list as empty', () => {
    expect(keyPersonsInCallOrder(null)).toEqual([]);
  });
});

describe('telHref', () => {
  it('dials the digits of numbers typed with hyphens, brackets or full width', () => {
    expect(telHref('0561-00-1000')).toBe('tel:0561001000');
    expect(telHref('０９０（１２３４）５６７８')).toBe('tel:09012345678');
    expect(telHref('+81 90 1234 5678')).toBe('tel:+819012345678');
  });

  it('gives nothing to dial for text without digits', () => {
    expect(telHref('不明')).toBeNull();
    expect(telHref(null)).toBeNull();
    expect(dialablePhones(['不明', ' 03-1234-5678 '])).toEqual([{ text: '03-1234-5678', href: 'tel:0312345678' }]);
  });
});

describe('providerRows', () => {
  it('lists the primary doctor first and names the doctor apart from the clinic', () => {
    const rows = providerRows({
      pharmacy: { name: 'みなと薬局', phone: '0561-00-1400' },
      primary_doctor: { organization_name: 'あおば内科クリニック', user_name: '山本 一郎', phone: '0561-00-1200' },
    });
    expect(rows.map((r) => r.kind)).toEqual(['primary_doctor', 'pharmacy']);
    expect(rows[0]).toMatchObject({ title: 'あおば内科クリニック', person: '山本 一郎' });
    expect(rows[1]).toMatchObject({ title: 'みなと薬局', person: null });
  });

  it('uses the person as the title when nothing else names the provider, and skips empty ones', () => {
    const rows = providerRows({ care_manager: { user_name: '佐藤 花子' }, visiting_nurse: {}, primary_dentist: null });
    expect(rows).toEqual([{ kind: 'care_manager', title: '佐藤 花子', person: null, phone: null, note: null }]);
  });
});

describe('allergiesBySeverity', () => {
  it('puts severe allergies on top and ungraded ones after the graded', () => {
    const sorted = allergiesBySeverity([
      { substance: 'a' },
      { substance: 'b', severity: 'mild' },
      { substance: 'c', severity: 'severe' },
      { substance: 'd', severity: 'moderate' },
    ]);
    expect(sorted.map((a) => a.substance)).toEqual(['c', 'd', 'b', 'a']);
  });
});

describe('acpWishRows', () => {
  it('starts with resuscitation and leaves out treatments not discussed', () => {
    const acp = {
      resuscitation: 'does_not_want',
      ventilation: null,
      artificial_nutrition: 'undecided',
      hospital_transport: 'wants',
    } as unknown as AcpSummary;
    expect(acpWishRows(acp)).toEqual([
      { key: 'resuscitation', wish: 'does_not_want' },
      { key: 'artificial_nutrition', wish: 'undecided' },
      { key: 'hospital_transport', wish: 'wants' },
    ]);
  });
});

describe('splitPrescriptions', () => {
  it('keeps prescriptions ending today or later as current', () => {
    const { current, ended } = splitPrescriptions(
      [
        { drug: 'past', end: '2026-11-20' },
        { drug: 'today', end: '2026-11-21' },
        { drug: 'open' },
      ],
      '2026-11-21',
    );
    expect(current.map((p) => p.drug)).toEqual(['today', 'open']);
    expect(ended.map((p) => p.drug)).toEqual(['past']);
  });
});

describe('hasAny', () => {
  it('sees a part with only blank fields as empty', () => {
    expect(hasAny({ pets: '  ', key_box: null })).toBe(false);
    expect(hasAny({ elevator: false })).toBe(true);
    expect(hasAny(null)).toBe(false);
  });
});
