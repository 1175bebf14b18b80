// The QR card's SVG goes into the page as markup (v-html), so that it prints as sharp vectors at
// any card size. It comes from our own server (auth/qr.cpp: svg, title, rect and one path), and
// nothing else is ever put into v-html. As a second line of defence this check lets through only
// that shape of document: the allowed elements, no event handlers, no links, no styles, no
// entities. Anything else is refused and the card shows no code rather than foreign markup.

const ALLOWED_ELEMENTS = new Set(['svg', 'title', 'desc', 'rect', 'path', 'g']);

/** The SVG markup when it is a plain QR drawing, otherwise null. */
export function safeQrSvg(svg: string | null | undefined): string | null {
  if (typeof svg !== 'string') return null;
  const text = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!/^<svg[\s>]/.test(text) || !/<\/svg>$/.test(text)) return null;
  // Comments, CDATA, doctypes and processing instructions have no place in a QR drawing.
  if (/<[!?]/.test(text)) return null;
  // Entities could spell anything; a QR drawing needs none.
  if (/&/.test(text)) return null;
  for (const m of text.matchAll(/<\/?\s*([A-Za-z][\w:.-]*)/g)) {
    if (!ALLOWED_ELEMENTS.has((m[1] ?? '').toLowerCase())) return null;
  }
  // Event handlers, links (href, xlink:href) and styles (url(), expressions) are refused.
  if (/\s(on[a-z]+|href|xlink:href|style)\s*=/i.test(text)) return null;
  if (/javascript:|url\s*\(/i.test(text)) return null;
  return text;
}
