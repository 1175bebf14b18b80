// What the person page shares with its tabs: the person (with the caller's access), the care
// team, and ways to reload either after a change. The family's page provides one too, built from
// the family routes, so that the profile cards work there with the family's own save route.
import { inject, provide, type InjectionKey, type Ref } from 'vue';
import type { PersonDetail, ProfilePart, ProfilePartName, TeamMember } from '@/api/careTypes';

/** Saves one part of the care profile on `baseVersion` (409 on a stale one). */
export type SaveProfilePart = (part: ProfilePartName, data: Record<string, unknown>, baseVersion: number) => Promise<ProfilePart>;

export interface PersonContext {
  personId: Ref<string>;
  person: Ref<PersonDetail | null>;
  /** Every member ever invited (active, invited, left …); [] until loaded. */
  team: Ref<TeamMember[]>;
  reloadPerson: () => Promise<void>;
  reloadTeam: () => Promise<void>;
  /** How the profile cards save; the team's route (putProfilePart) when not given. */
  saveProfilePart?: SaveProfilePart;
  /** Whether the profile cards offer the versions (no versions route for family); default true. */
  showVersions?: boolean;
}

const KEY: InjectionKey<PersonContext> = Symbol('person');

export function providePerson(ctx: PersonContext): void {
  provide(KEY, ctx);
}

export function usePerson(): PersonContext {
  const ctx = inject(KEY);
  if (!ctx) throw new Error('usePerson() outside the person page');
  return ctx;
}
