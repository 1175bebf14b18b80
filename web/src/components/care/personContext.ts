// What the person page shares with its tabs: the person (with the caller's access), the care
// team, and ways to reload either after a change.
import { inject, provide, type InjectionKey, type Ref } from 'vue';
import type { PersonDetail, TeamMember } from '@/api/careTypes';

export interface PersonContext {
  personId: Ref<string>;
  person: Ref<PersonDetail | null>;
  /** Every member ever invited (active, invited, left …); [] until loaded. */
  team: Ref<TeamMember[]>;
  reloadPerson: () => Promise<void>;
  reloadTeam: () => Promise<void>;
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
