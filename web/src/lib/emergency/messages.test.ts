// Every message the emergency screens ask for exists in Japanese and English: the literal keys
// written in their sources, and the keys they build from codes (outcomes, how a person was
// found, countdown states, file problems). The parity test in i18n/ only compares the two files.
import { describe, expect, it } from 'vitest';
import { ja } from '@/i18n/ja';
import { en } from '@/i18n/en';
import { FOUND_BY, OUTCOME_CODES } from '@/api/emergencyTypes';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((t, k) => (t as Tree | undefined)?.[k], tree);

const sources = import.meta.glob(
  ['/src/components/emergency/*.vue', '/src/pages/emergency/*.vue', '/src/lib/emergency/*.ts', '!/src/lib/emergency/*.test.ts', '/src/components/common/AppHeader.vue', '/src/router.ts', '/src/pages/care/PersonPage.vue'],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const text of Object.values(sources)) {
    // Quoted keys only: 'emergency.x.y'. Template strings with ${…} are covered below.
    for (const m of text.matchAll(/['"](emergency\.[A-Za-z0-9_.]+[A-Za-z0-9_])['"]/g)) keys.add(m[1]!);
  }
  return [...keys];
}

const builtKeys = [
  ...OUTCOME_CODES.map((c) => `emergency.outcome.codes.${c}`),
  ...FOUND_BY.map((c) => `emergency.accesses.foundBy.${c}`),
  ...['expired', 'hoursMinutes', 'minutesSeconds'].map((k) => `emergency.countdown.${k}`),
  ...['notMedia', 'photoTooLarge', 'videoTooLarge'].map((k) => `emergency.media.${k}`),
];

describe('emergency messages', () => {
  it('finds the sources it checks', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(literalKeys().length).toBeGreaterThan(100);
  });

  it('has every key the screens use in Japanese and English', () => {
    const missing: string[] = [];
    for (const key of [...literalKeys(), ...builtKeys]) {
      for (const [name, tree] of [['ja', ja], ['en', en]] as const) {
        if (typeof lookup(tree, key) !== 'string') missing.push(`${name}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
