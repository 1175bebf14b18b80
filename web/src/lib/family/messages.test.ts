// Every message the family screens ask for exists in Japanese and English: the literal keys in
// their sources and the status names built from the member statuses. The parity test in i18n/
// only compares the two files with each other.
import { describe, expect, it } from 'vitest';
import { ja } from '@/i18n/ja';
import { en } from '@/i18n/en';
import { FAMILY_MEMBER_STATUSES } from '@/api/familyTypes';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((t, k) => (t as Tree | undefined)?.[k], tree);

const sources = import.meta.glob(
  [
    '/src/pages/family/*.vue',
    '/src/components/care/FamilyMembersPanel.vue',
    '/src/components/emergency/EmergencySummaryView.vue',
    '/src/pages/InvitePage.vue',
    '/src/pages/LoginPage.vue',
    '/src/router.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/['"]((?:family|apiErrors)\.[A-Za-z0-9_.]+[A-Za-z0-9_])['"]/g)) keys.add(m[1]!);
  }
  return [...keys];
}

describe('family messages', () => {
  it('finds the sources it checks', () => {
    expect(Object.keys(sources).length).toBe(7);
    expect(literalKeys().length).toBeGreaterThan(30);
  });

  it('has every key the screens use, and every status name, in Japanese and English', () => {
    const keys = [...literalKeys(), ...FAMILY_MEMBER_STATUSES.map((s) => `family.status.${s}`), 'apiErrors.detail.no_family_consent'];
    const missing = keys.filter((k) => typeof lookup(ja, k) !== 'string' || typeof lookup(en, k) !== 'string');
    expect(missing).toEqual([]);
  });
});
