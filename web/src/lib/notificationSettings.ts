// The notification settings form (通知の設定, docs/care-api.md "Notification settings"): the
// mapping between the API's JSON and the form, the checks made before sending, and the mapping
// of the server's field paths (`kinds[2].mode`, `quiet_hours.start`) onto the form's inputs.
// Pure.
import type { NotificationMode, NotificationSettings } from '@/api/careTypes';
import { ApiError } from '@/api/errors';
import { addProblem, type Problems } from '@/lib/care/problems';

/** The kinds the contract names, shown in this order whatever the server sends. */
export const KNOWN_KINDS = [
  'timeline.post',
  'timeline.reply',
  'timeline.mention',
  'timeline.ack_request',
  'timeline.ack_reminder',
  'team.invitation',
  'emergency.access',
  'emergency.outcome',
  'emergency.handover',
] as const;

export const NOTIFICATION_MODES = ['immediate', 'digest', 'off'] as const satisfies readonly NotificationMode[];

/** Used when the server has never stored a choice. */
export const DEFAULT_MODE: NotificationMode = 'immediate';
export const DEFAULT_QUIET_HOURS = { start: '22:00', end: '07:00' } as const;
export const DEFAULT_DIGEST_TIME = '08:00';

export interface SettingsForm {
  /** One row per kind, in the order shown (and sent). */
  kinds: { kind: string; mode: NotificationMode }[];
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  digestTime: string;
  emailEnabled: boolean;
  /** The profile's address; read-only, sent back as it came. */
  emailAddress: string | null;
}

const isMode = (m: unknown): m is NotificationMode => (NOTIFICATION_MODES as readonly unknown[]).includes(m);

/**
 * The form of the server's settings: the known kinds first, in the contract's order (with the
 * default mode when the server has none for one), then any other kind the server sent, in its
 * order. Quiet hours keep their last times (or the defaults) while switched off.
 */
export function formOfSettings(s: NotificationSettings): SettingsForm {
  const got = new Map<string, NotificationMode>();
  for (const k of s.kinds ?? []) if (k && typeof k.kind === 'string' && !got.has(k.kind)) got.set(k.kind, isMode(k.mode) ? k.mode : DEFAULT_MODE);
  const kinds: SettingsForm['kinds'] = KNOWN_KINDS.map((kind) => ({ kind, mode: got.get(kind) ?? DEFAULT_MODE }));
  for (const [kind, mode] of got) if (!(KNOWN_KINDS as readonly string[]).includes(kind)) kinds.push({ kind, mode });
  return {
    kinds,
    quietEnabled: s.quiet_hours !== null && s.quiet_hours !== undefined,
    quietStart: s.quiet_hours?.start ?? DEFAULT_QUIET_HOURS.start,
    quietEnd: s.quiet_hours?.end ?? DEFAULT_QUIET_HOURS.end,
    digestTime: s.digest_time || DEFAULT_DIGEST_TIME,
    emailEnabled: Boolean(s.email?.enabled),
    emailAddress: s.email?.address ?? null,
  };
}

/**
 * A time of day as typed ("7:00", "０７：００", "700", "2230", "22時", "22時30分", "7.30") as
 * "HH:MM" (24-hour), or null when it is not one.
 */
export function normalizeTime(text: string): string | null {
  const s = text
    .trim()
    .replace(/[０-９：．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '');
  let h: number;
  let m: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2})[:.](\d{2})$/.exec(s))) {
    h = Number(match[1]);
    m = Number(match[2]);
  } else if ((match = /^(\d{1,2})時(?:(\d{1,2})分)?$/.exec(s))) {
    h = Number(match[1]);
    m = match[2] ? Number(match[2]) : 0;
  } else if ((match = /^(\d{1,2})(\d{2})$/.exec(s))) {
    h = Number(match[1]);
    m = Number(match[2]);
  } else if ((match = /^(\d{1,2})$/.exec(s))) {
    h = Number(match[1]);
    m = 0;
  } else {
    return null;
  }
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * The JSON to PUT, or the problems found before sending (message keys by the server's field
 * names): times must be times of day, and quiet hours must not start and end at the same time.
 * Times of switched-off quiet hours are not checked (nothing is sent for them).
 */
export function settingsOfForm(form: SettingsForm): { settings: NotificationSettings | null; problems: Problems } {
  const problems: Problems = {};
  const time = (field: string, text: string): string => {
    if (!text.trim()) {
      addProblem(problems, field, 'form.requiredField');
      return '';
    }
    const t = normalizeTime(text);
    if (t === null) addProblem(problems, field, 'notificationSettings.errors.time');
    return t ?? '';
  };
  let quiet: NotificationSettings['quiet_hours'] = null;
  if (form.quietEnabled) {
    const start = time('quiet_hours.start', form.quietStart);
    const end = time('quiet_hours.end', form.quietEnd);
    if (start && end && start === end) addProblem(problems, 'quiet_hours.end', 'notificationSettings.errors.sameTime');
    quiet = { start, end };
  }
  const digest = time('digest_time', form.digestTime);
  if (Object.keys(problems).length > 0) return { settings: null, problems };
  return {
    settings: {
      kinds: form.kinds.map((k) => ({ kind: k.kind, mode: k.mode })),
      quiet_hours: quiet,
      email: { enabled: form.emailEnabled, address: form.emailAddress },
      digest_time: digest,
    },
    problems,
  };
}

// ---- field paths --------------------------------------------------------------------------

/** The form's key for one kind's select. */
export function kindField(kind: string): string {
  return `kind:${kind}`;
}

/** Every key the form shows messages for. */
export function settingsFieldKeys(form: Pick<SettingsForm, 'kinds'>): string[] {
  return [...form.kinds.map((k) => kindField(k.kind)), 'kinds', 'quiet_hours', 'quiet_hours.start', 'quiet_hours.end', 'digest_time', 'email.enabled'];
}

/**
 * The form key for a field path of the server's error. `sentKinds` are the kinds in the order
 * they were sent, so that `kinds[2].mode` lands on the third kind's select.
 */
export function formFieldOfPath(path: string, sentKinds: readonly string[]): string {
  const m = /^kinds\[(\d+)\](?:\.(?:mode|kind))?$/.exec(path);
  if (m) {
    const kind = sentKinds[Number(m[1])];
    return kind === undefined ? 'kinds' : kindField(kind);
  }
  if (path === 'email' || path.startsWith('email.')) return 'email.enabled';
  if (path === 'quiet_hours.start' || path === 'quiet_hours.end' || path === 'quiet_hours' || path === 'digest_time' || path === 'kinds') return path;
  if (path.startsWith('quiet_hours.')) return 'quiet_hours';
  return path;
}

/** The error with its field paths turned into the form's keys. */
export function rebaseSettingsErrors(err: unknown, sentKinds: readonly string[]): unknown {
  if (!(err instanceof ApiError)) return err;
  const fix = (f: string) => (f ? formFieldOfPath(f, sentKinds) : f);
  return new ApiError({
    status: err.status,
    code: err.code,
    message: err.message,
    field: err.field ? fix(err.field) : err.field,
    details: err.details.map((d) => ({ ...d, field: fix(d.field) })),
    requestId: err.requestId,
    retryAfterSeconds: err.retryAfterSeconds,
  });
}
