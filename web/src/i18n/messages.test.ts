import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { ja } from './ja';
import { en } from './en';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('messages', () => {
  it('has the same keys in Japanese and English', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(ja as Tree).sort());
  });

  it('has no empty message', () => {
    for (const [name, tree] of [['ja', ja], ['en', en]] as const) {
      for (const k of keys(tree as Tree)) {
        const v = k.split('.').reduce<unknown>((t, part) => (t as Tree)[part], tree);
        expect(typeof v === 'string' && v.trim().length > 0, `${name}:${k}`).toBe(true);
        // "|" would silently split the text into plural forms.
        expect(String(v).includes('|'), `${name}:${k} contains |`).toBe(false);
      }
    }
  });

  it('compiles every message (no stray @ { } | in the texts)', () => {
    const errors: string[] = [];
    const i18n = createI18n({
      legacy: false,
      locale: 'ja',
      messages: { ja, en },
      missingWarn: false,
      fallbackWarn: false,
      warnHtmlMessage: false,
    });
    const params = new Proxy({}, { get: (_, p) => (typeof p === 'string' ? `<${p}>` : undefined), has: () => true });
    for (const locale of ['ja', 'en'] as const) {
      for (const k of keys(ja as Tree)) {
        try {
          const out = i18n.global.t(k, params as Record<string, unknown>, { locale });
          if (out === k) errors.push(`${locale}:${k} not resolved`);
          if (/[@{}|]/.test(out.replace(/<\w+>/g, '').replace(/@/g, ''))) errors.push(`${locale}:${k} kept syntax: ${out}`);
        } catch (e) {
          errors.push(`${locale}:${k} ${(e as Error).message}`);
        }
      }
    }
    expect(errors).toEqual([]);
  });

  it('renders the literal @ in the login-id hints', () => {
    const i18n = createI18n({ legacy: false, locale: 'ja', messages: { ja, en } });
    expect(i18n.global.t('user.loginIdHint')).toContain('. _ @ -');
    expect(i18n.global.t('user.loginIdHint', {}, { locale: 'en' })).toContain('. _ @ -');
  });
});
