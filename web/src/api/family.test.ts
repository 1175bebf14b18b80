import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getFamilyPart,
  getFamilySummary,
  inviteFamilyMember,
  listFamilyMembers,
  listMyFamilyPersons,
  putFamilyPart,
  revokeFamilyMember,
} from './family';
import { setCsrfToken } from './client';
import { ApiError } from './errors';

import { stubFetch } from '@/testing/stubFetch';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('family API: care team', () => {
  it('lists the family members of the person, unwrapped', async () => {
    const calls = stubFetch({ items: [{ id: 'f1', status: 'invited' }] });
    expect((await listFamilyMembers('p 1')).map((m) => m.id)).toEqual(['f1']);
    expect(calls()[0]![0]).toBe('/api/v1/persons/p%201/family');
  });

  it('invites with the name and relation trimmed and leaves blank optional fields out', async () => {
    const calls = stubFetch({ id: 'f1', link: { url: '/invite#token=abc', expires_at: 5 } }, 201);
    setCsrfToken('c1');
    const r = await inviteFamilyMember('p1', { display_name: ' 佐藤 真理 ', relation: '長女 ', kana: '  ', email: '' });
    const [url, init] = calls()[0]!;
    expect(url).toBe('/api/v1/persons/p1/family');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('c1');
    expect(JSON.parse(String(init.body))).toEqual({ display_name: '佐藤 真理', relation: '長女' });
    expect(r.link.url).toBe('/invite#token=abc');
  });

  it('sends kana and e-mail when given', async () => {
    const calls = stubFetch({ id: 'f1', link: { url: 'x', expires_at: 1 } }, 201);
    await inviteFamilyMember('p1', { display_name: '佐藤 真理', relation: '長女', kana: 'サトウ マリ', email: ' mari@example.jp ' });
    expect(JSON.parse(String(calls()[0]![1].body))).toEqual({
      display_name: '佐藤 真理',
      relation: '長女',
      kana: 'サトウ マリ',
      email: 'mari@example.jp',
    });
  });

  it('keeps the no_family_consent detail of a refused invitation', async () => {
    stubFetch(
      {
        error: {
          code: 'conflict',
          message: '家族ポータルの同意がないため招待できません (no family-portal consent in force)',
          details: [{ field: '', code: 'no_family_consent', message: 'x' }],
        },
      },
      409,
    );
    const err = await inviteFamilyMember('p1', { display_name: 'a', relation: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((err as ApiError).details.map((d) => d.code)).toEqual(['no_family_consent']);
  });

  it('revokes a member with DELETE on the member path', async () => {
    const calls = stubFetch();
    await revokeFamilyMember('p1', 'f/1');
    expect(calls()[0]![0]).toBe('/api/v1/persons/p1/family/f%2F1');
    expect(calls()[0]![1].method).toBe('DELETE');
  });
});

describe('family API: family account', () => {
  it('lists the persons and reads the summary under /family', async () => {
    const calls = stubFetch({ items: [{ person_id: 'p1', name: '佐藤 清', kana: 'サトウ キヨシ', relation: '長女' }] });
    expect((await listMyFamilyPersons())[0]!.relation).toBe('長女');
    await getFamilySummary('p 1');
    expect(calls().map(([u]) => u)).toEqual(['/api/v1/family/persons', '/api/v1/family/persons/p%201/emergency-summary']);
  });

  it('reads a part, and gives null for a part not recorded yet', async () => {
    const calls = stubFetch({ part: 'emergency', version: 3, data: { kit_location: '冷蔵庫' } });
    expect((await getFamilyPart('p1', 'emergency'))?.version).toBe(3);
    expect(calls()[0]![0]).toBe('/api/v1/family/persons/p1/profile/emergency');
    stubFetch({ error: { code: 'not_found', message: 'まだ記録されていません (not recorded yet)' } }, 404);
    expect(await getFamilyPart('p1', 'key_persons')).toBeNull();
  });

  it('passes other refusals of a part on (403 after the link was revoked)', async () => {
    stubFetch({ error: { code: 'forbidden', message: 'x' } }, 403);
    const err = await getFamilyPart('p1', 'emergency').catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(403);
  });

  it('saves a part with the version it was based on', async () => {
    const calls = stubFetch({ part: 'key_persons', version: 2, data: {} });
    setCsrfToken('c2');
    await putFamilyPart('p1', 'key_persons', { items: [] }, 1);
    const [url, init] = calls()[0]!;
    expect(url).toBe('/api/v1/family/persons/p1/profile/key_persons');
    expect(init.method).toBe('PUT');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('c2');
    expect(JSON.parse(String(init.body))).toEqual({ data: { items: [] }, base_version: 1 });
  });
});
