// Ordering and small decisions behind the emergency summary screen: whom to call first, which
// provider to show first, which allergies are the most serious, which prescriptions are current.
// Pure, for unit tests; the components only lay the results out.
import { foldWidth } from '@/lib/wareki';
import {
  SUMMARY_PROVIDER_KINDS,
  type AcpSummary,
  type AcpWish,
  type Allergy,
  type EmergencyKitData,
  type LivingData,
  type Prescription,
  type ProviderKind,
  type SummaryKeyPerson,
  type SummaryProvider,
  type SummaryProviders,
} from '@/api/emergencyTypes';

/** A list field that may be absent or null. */
export function listOf<T>(v: readonly T[] | null | undefined): T[] {
  return Array.isArray(v) ? [...v] : [];
}

/** Key persons by call order (1 first); entries without a number last, in the order given. */
export function keyPersonsInCallOrder(items: readonly SummaryKeyPerson[] | null | undefined): SummaryKeyPerson[] {
  const order = (k: SummaryKeyPerson) => (typeof k.call_order === 'number' && k.call_order > 0 ? k.call_order : Number.MAX_SAFE_INTEGER);
  return listOf(items)
    .map((k, i) => ({ k, i }))
    .sort((a, b) => order(a.k) - order(b.k) || a.i - b.i)
    .map(({ k }) => k);
}

/**
 * A `tel:` link for a phone number as people type it (full-width digits, hyphens, spaces,
 * brackets); null when there is no digit to dial.
 */
export function telHref(phone: string | null | undefined): string | null {
  const folded = foldWidth(phone ?? '').trim();
  const digits = folded.replace(/[^0-9]/g, '');
  if (!digits) return null;
  return `tel:${folded.startsWith('+') ? '+' : ''}${digits}`;
}

/** The phone numbers of a key person that can be dialled. */
export function dialablePhones(phones: readonly string[] | null | undefined): { text: string; href: string }[] {
  return listOf(phones)
    .map((text) => ({ text: text.trim(), href: telHref(text) }))
    .filter((p): p is { text: string; href: string } => p.href !== null);
}

export interface ProviderRow {
  kind: ProviderKind;
  /** The organization (or the free-text name when it is not in the directory). */
  title: string;
  /** The person in charge, when named apart from the title. */
  person: string | null;
  phone: string | null;
  note: string | null;
}

/** The providers recorded, the primary doctor first, each with a name to show. */
export function providerRows(providers: SummaryProviders | null | undefined): ProviderRow[] {
  const rows: ProviderRow[] = [];
  for (const kind of SUMMARY_PROVIDER_KINDS) {
    const p: SummaryProvider | null | undefined = providers?.[kind];
    if (!p) continue;
    const org = p.organization_name?.trim() || '';
    const free = p.name?.trim() || '';
    const user = p.user_name?.trim() || '';
    const title = org || free || user;
    if (!title && !p.phone) continue;
    const person = title !== user && user ? user : null;
    rows.push({ kind, title, person, phone: p.phone?.trim() || null, note: p.note?.trim() || null });
  }
  return rows;
}

const SEVERITY_RANK: Record<string, number> = { severe: 0, moderate: 1, mild: 2 };

/** Allergies, the most severe first; those without a severity after the graded ones. */
export function allergiesBySeverity(allergies: readonly Allergy[] | null | undefined): Allergy[] {
  const rank = (a: Allergy) => (a.severity ? (SEVERITY_RANK[a.severity] ?? 3) : 3);
  return listOf(allergies)
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map(({ a }) => a);
}

export type AcpTreatment = 'resuscitation' | 'ventilation' | 'artificial_nutrition' | 'hospital_transport';

/** The wishes on treatments that were discussed, resuscitation always first. */
export function acpWishRows(acp: AcpSummary): { key: AcpTreatment; wish: AcpWish }[] {
  const keys: AcpTreatment[] = ['resuscitation', 'ventilation', 'artificial_nutrition', 'hospital_transport'];
  return keys.flatMap((key) => {
    const wish = acp[key];
    return wish ? [{ key, wish }] : [];
  });
}

/** Prescriptions still current on `today` (YYYY-MM-DD), and those whose end date has passed. */
export function splitPrescriptions(items: readonly Prescription[] | null | undefined, today: string): { current: Prescription[]; ended: Prescription[] } {
  const current: Prescription[] = [];
  const ended: Prescription[] = [];
  for (const p of listOf(items)) {
    if (p.end && /^\d{4}-\d{2}-\d{2}$/.test(p.end) && p.end < today) ended.push(p);
    else current.push(p);
  }
  return { current, ended };
}

const filled = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** True when the part holds anything to show. */
export function hasAny(data: LivingData | EmergencyKitData | Record<string, unknown> | null | undefined): boolean {
  if (!data) return false;
  return Object.values(data).some((v) => (Array.isArray(v) ? v.length > 0 : filled(v)));
}
