// Every code the care screens can show and every label of the profile parts has a message in
// both languages (the parity test in i18n/ only compares the two files with each other).
import { describe, expect, it } from 'vitest';
import { ja } from '@/i18n/ja';
import { en } from '@/i18n/en';
import {
  CONSENT_SCOPES,
  PERSON_CATEGORIES,
  PERSON_STATUSES,
  POST_CATEGORIES,
  PROFILE_PARTS,
  SEXES,
  SYSTEM_POST_CATEGORIES,
  TEAM_MEMBER_STATUSES,
  TEAM_ROLES,
  VITAL_KEYS,
} from '@/api/careTypes';
import { PART_SPECS, childTrail, labelKey, type FieldSpec } from './profile';
import { CHART_KINDS } from './vitals';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((t, k) => (t as Tree | undefined)?.[k], tree);

function profileKeys(): string[] {
  const out: string[] = [];
  const walk = (part: string, fields: readonly FieldSpec[], trail: readonly string[]) => {
    for (const f of fields) {
      out.push(labelKey(part, [...trail, f.key]));
      if (f.type === 'code') for (const c of f.codes) out.push(`care.codes.${f.codeKey}.${f.codePrefix ?? ''}${c}`);
      if (f.type === 'list' || f.type === 'group') walk(part, f.fields, childTrail(f, trail));
    }
  };
  for (const part of PROFILE_PARTS) {
    out.push(`care.profile.parts.${part}`);
    walk(part, PART_SPECS[part].fields, []);
  }
  return out;
}

const codeKeys = [
  ...SEXES.map((c) => `care.codes.sex.${c}`),
  ...PERSON_CATEGORIES.map((c) => `care.codes.category.${c}`),
  ...PERSON_STATUSES.map((c) => `care.codes.status.${c}`),
  ...TEAM_ROLES.map((c) => `care.codes.teamRole.${c}`),
  ...TEAM_MEMBER_STATUSES.map((c) => `care.codes.memberStatus.${c}`),
  ...[...POST_CATEGORIES, ...SYSTEM_POST_CATEGORIES].map((c) => `care.codes.postCategory.${c}`),
  ...CONSENT_SCOPES.map((c) => `care.codes.scope.${c}`),
  ...[...VITAL_KEYS, ...CHART_KINDS].flatMap((c) => [`care.codes.vital.${c}`, `care.codes.unit.${c}`]),
];

describe('care messages', () => {
  it('name every code and every profile label in Japanese and English', () => {
    const missing: string[] = [];
    for (const key of [...codeKeys, ...profileKeys()]) {
      for (const [name, tree] of [['ja', ja], ['en', en]] as const) {
        if (typeof lookup(tree, key) !== 'string') missing.push(`${name}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
