import { describe, expect, it } from 'vitest';
import type { NotificationSettings } from '@/api/careTypes';
import { ApiError } from '@/api/errors';
import { fieldMessages } from './errorText';
import {
  KNOWN_KINDS,
  formFieldOfPath,
  formOfSettings,
  kindField,
  normalizeTime,
  rebaseSettingsErrors,
  settingsFieldKeys,
  settingsOfForm,
} from './notificationSettings';

const server: NotificationSettings = {
  kinds: [
    { kind: 'team.invitation', mode: 'off' },
    { kind: 'timeline.post', mode: 'digest' },
    { kind: 'message.new', mode: 'immediate' },
  ],
  quiet_hours: { start: '22:00', end: '07:00' },
  email: { enabled: true, address: 'nurse@example.jp' },
  digest_time: '08:00',
};

describe('settings form from the JSON', () => {
  it('lists the known kinds in order, with the default when missing, then the others', () => {
    const f = formOfSettings(server);
    expect(f.kinds).toEqual([
      { kind: 'timeline.post', mode: 'digest' },
      { kind: 'timeline.reply', mode: 'immediate' },
      { kind: 'timeline.mention', mode: 'immediate' },
      { kind: 'timeline.ack_request', mode: 'immediate' },
      { kind: 'timeline.ack_reminder', mode: 'immediate' },
      { kind: 'team.invitation', mode: 'off' },
      { kind: 'emergency.access', mode: 'immediate' },
      { kind: 'emergency.outcome', mode: 'immediate' },
      { kind: 'emergency.handover', mode: 'immediate' },
      { kind: 'message.new', mode: 'immediate' },
    ]);
    expect(f).toMatchObject({ quietEnabled: true, quietStart: '22:00', quietEnd: '07:00', digestTime: '08:00', emailEnabled: true, emailAddress: 'nurse@example.jp' });
  });

  it('keeps default quiet hours to offer while they are off', () => {
    const f = formOfSettings({ kinds: [], quiet_hours: null, email: { enabled: false, address: null }, digest_time: '' });
    expect(f).toMatchObject({ quietEnabled: false, quietStart: '22:00', quietEnd: '07:00', digestTime: '08:00', emailAddress: null });
    expect(f.kinds.map((k) => k.kind)).toEqual([...KNOWN_KINDS]);
  });
});

describe('settings JSON from the form', () => {
  it('gives back the same shape, kinds in the order shown', () => {
    const { settings, problems } = settingsOfForm(formOfSettings(server));
    expect(problems).toEqual({});
    expect(settings).toEqual({
      kinds: formOfSettings(server).kinds,
      quiet_hours: { start: '22:00', end: '07:00' },
      email: { enabled: true, address: 'nurse@example.jp' },
      digest_time: '08:00',
    });
    // Round trip: the answer of a PUT gives the same form.
    expect(formOfSettings(settings!)).toEqual(formOfSettings(server));
  });

  it('sends null quiet hours when they are off, without checking their times', () => {
    const f = { ...formOfSettings(server), quietEnabled: false, quietStart: 'xx' };
    expect(settingsOfForm(f).settings?.quiet_hours).toBeNull();
  });

  it('normalises typed times and reports the bad ones by the server field names', () => {
    const f = { ...formOfSettings(server), quietStart: '２２：３０', quietEnd: '7時', digestTime: '0800' };
    expect(settingsOfForm(f).settings).toMatchObject({ quiet_hours: { start: '22:30', end: '07:00' }, digest_time: '08:00' });
    const bad = { ...formOfSettings(server), quietStart: '25:00', quietEnd: '', digestTime: 'morning' };
    expect(settingsOfForm(bad)).toEqual({
      settings: null,
      problems: {
        'quiet_hours.start': ['notificationSettings.errors.time'],
        'quiet_hours.end': ['form.requiredField'],
        digest_time: ['notificationSettings.errors.time'],
      },
    });
    const same = { ...formOfSettings(server), quietStart: '7:00', quietEnd: '07:00' };
    expect(settingsOfForm(same).problems).toEqual({ 'quiet_hours.end': ['notificationSettings.errors.sameTime'] });
  });

  it('reads times as people type them', () => {
    expect(normalizeTime('7:05')).toBe('07:05');
    expect(normalizeTime(' 22:00 ')).toBe('22:00');
    expect(normalizeTime('2230')).toBe('22:30');
    expect(normalizeTime('730')).toBe('07:30');
    expect(normalizeTime('7')).toBe('07:00');
    expect(normalizeTime('22時30分')).toBe('22:30');
    expect(normalizeTime('7.30')).toBe('07:30');
    expect(normalizeTime('24:00')).toBeNull();
    expect(normalizeTime('12:60')).toBeNull();
    expect(normalizeTime('午後7時')).toBeNull();
    expect(normalizeTime('')).toBeNull();
  });
});

describe('server field errors', () => {
  const sent = formOfSettings(server).kinds.map((k) => k.kind);

  it('map kinds[i] to the select of the i-th kind sent', () => {
    expect(formFieldOfPath('kinds[2].mode', sent)).toBe(kindField('timeline.mention'));
    expect(formFieldOfPath('kinds[9]', sent)).toBe(kindField('message.new'));
    expect(formFieldOfPath('kinds[0].kind', sent)).toBe(kindField('timeline.post'));
    expect(formFieldOfPath('kinds[99].mode', sent)).toBe('kinds');
    expect(formFieldOfPath('quiet_hours.start', sent)).toBe('quiet_hours.start');
    expect(formFieldOfPath('quiet_hours', sent)).toBe('quiet_hours');
    expect(formFieldOfPath('digest_time', sent)).toBe('digest_time');
    expect(formFieldOfPath('email.address', sent)).toBe('email.enabled');
    expect(formFieldOfPath('email', sent)).toBe('email.enabled');
    expect(formFieldOfPath('something_else', sent)).toBe('something_else');
  });

  it('land next to the inputs; unknown ones are left for the summary', () => {
    const err = new ApiError({
      status: 400,
      code: 'invalid',
      message: '入力内容に誤りがあります',
      details: [
        { field: 'kinds[2].mode', code: 'invalid', message: '不正な値です (invalid value)' },
        { field: 'quiet_hours.start', code: 'format', message: '時刻の形式 (time format)' },
        { field: 'something_else', code: 'invalid', message: 'x' },
      ],
    });
    const rebased = rebaseSettingsErrors(err, sent) as ApiError;
    const tr = { locale: 'ja' as const, has: () => false, t: (k: string) => k };
    const known = settingsFieldKeys(formOfSettings(server));
    expect(fieldMessages(rebased, known, tr)).toEqual({
      [kindField('timeline.mention')]: ['不正な値です'],
      'quiet_hours.start': ['時刻の形式'],
    });
    expect(rebaseSettingsErrors('not an api error', sent)).toBe('not an api error');
  });
});

describe('messages', () => {
  it('name and explain every known kind and every mode in both languages', async () => {
    const { ja } = await import('@/i18n/ja');
    const { en } = await import('@/i18n/en');
    const { NOTIFICATION_MODES } = await import('./notificationSettings');
    const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown> | undefined)?.[k], tree);
    const missing: string[] = [];
    for (const [name, tree] of [['ja', ja], ['en', en]] as const) {
      for (const kind of KNOWN_KINDS) {
        for (const key of [`notificationSettings.kinds.${kind}`, `notificationSettings.kindHelp.${kind}`]) {
          if (typeof lookup(tree, key) !== 'string') missing.push(`${name}:${key}`);
        }
      }
      for (const m of NOTIFICATION_MODES) {
        for (const key of [`notificationSettings.modes.${m}`, `notificationSettings.modeHelp.${m}`]) {
          if (typeof lookup(tree, key) !== 'string') missing.push(`${name}:${key}`);
        }
      }
      for (const s of ['profile', 'timeline', 'vitals']) {
        if (typeof lookup(tree, `care.print.section.${s}`) !== 'string') missing.push(`${name}:care.print.section.${s}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
