import { describe, expect, it } from 'vitest';
import { fragmentParam, safeRedirect } from './navigation';
import { describeUserAgent, groupSecret, normaliseCode, svgDataUrl } from './display';

describe('safeRedirect', () => {
  it('keeps in-app paths', () => {
    expect(safeRedirect('/directory/users?q=%E4%BD%90')).toBe('/directory/users?q=%E4%BD%90');
  });

  it('refuses anything that could leave the site or loop to sign-in', () => {
    for (const v of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/login', '/login?redirect=/', '', undefined, ['/a']]) {
      expect(safeRedirect(v), String(v)).toBe('/');
    }
    expect(safeRedirect('/loginhelp')).toBe('/loginhelp');
  });
});

describe('fragmentParam', () => {
  it('reads the token from the URL fragment', () => {
    expect(fragmentParam('#token=abc-DEF_123', 'token')).toBe('abc-DEF_123');
    expect(fragmentParam('#x=1&token=t', 'token')).toBe('t');
    expect(fragmentParam('', 'token')).toBeNull();
    expect(fragmentParam('#token=', 'token')).toBeNull();
  });
});

describe('svgDataUrl', () => {
  it('encodes UTF-8 SVG as base64 for an <img>', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>QRコード</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(url.split(',')[1]!), (c) => c.charCodeAt(0)));
    expect(decoded).toBe(svg);
  });
});

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36')).toBe('Chrome / Windows');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')).toBe('Safari / iOS');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox / Linux');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0')).toBe('Edge / Windows');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl');
    expect(describeUserAgent('')).toBe('');
  });
});

describe('codes and secrets', () => {
  it('groups a TOTP secret by four', () => {
    expect(groupSecret('MELCOYV7B5IR5FON')).toBe('MELC OYV7 B5IR 5FON');
  });

  it('normalises typed codes: full-width digits, spaces', () => {
    expect(normaliseCode(' １２３ ４５６ ')).toBe('123456');
    expect(normaliseCode('abcd-1234-efgh-5678')).toBe('abcd-1234-efgh-5678');
    expect(normaliseCode('ａｂｃｄ－１２３４')).toBe('abcd-1234');
  });
});
