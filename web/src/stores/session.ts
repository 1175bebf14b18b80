// The signed-in session as the whole app sees it: who is signed in, at which stage, and what
// they may administer. Loaded once per page load from GET /api/v1/auth/session and kept in step
// with every sign-in step.
import { computed, reactive } from 'vue';
import { fetchSession, logout as apiLogout } from '@/api/auth';
import { setCsrfToken } from '@/api/client';
import type { SessionAnswer, SessionInfo, SessionStage } from '@/api/types';
import { adminScopes, isAdmin } from '@/lib/adminScopes';

interface SessionState {
  loaded: boolean;
  info: SessionInfo | null;
}

const state = reactive<SessionState>({ loaded: false, info: null });
let loading: Promise<SessionInfo | null> | null = null;

export const session = {
  state,
  stage: computed<SessionStage | null>(() => state.info?.stage ?? null),
  signedIn: computed(() => state.info?.stage === 'full'),
  scopes: computed(() => adminScopes(state.info)),
  isAdmin: computed(() => isAdmin(adminScopes(state.info))),
};

/** Loads the session once (or again with `force`); null when nobody is signed in. */
export function loadSession(force = false): Promise<SessionInfo | null> {
  if (state.loaded && !force) return Promise.resolve(state.info);
  loading ??= fetchSession()
    .then((info) => {
      state.info = info;
      state.loaded = true;
      return info;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** After a sign-in step: the full session (with memberships) is fetched when it completes. */
export async function applySessionAnswer(answer: Pick<SessionAnswer, 'stage'>): Promise<void> {
  if (answer.stage === 'full') {
    await loadSession(true);
  } else if (state.info) {
    state.info.stage = answer.stage;
  } else {
    await loadSession(true);
  }
}

/** The server said the second factor is still due: remember at which step. */
export function markStage(stage: SessionStage): void {
  if (state.info) state.info.stage = stage;
}

export function clearSession(): void {
  state.info = null;
  state.loaded = true;
  setCsrfToken(null);
}

export async function signOut(): Promise<void> {
  try {
    await apiLogout();
  } finally {
    clearSession();
  }
}
