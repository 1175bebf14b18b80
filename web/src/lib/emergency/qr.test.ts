import { describe, expect, it } from 'vitest';
import { safeQrSvg } from './qr';

// The shape auth/qr.cpp makes.
const QR =
  '<svg xmlns="http://www.w3.org/2000/svg" width="232" height="232" viewBox="0 0 29 29" role="img" shape-rendering="crispEdges">' +
  '<title>QRコード (QR code)</title><rect width="29" height="29" fill="#fff"/><path fill="#000" d="M4 4h7v1H4z"/></svg>';

describe('safeQrSvg', () => {
  it('lets our server’s QR drawing through, with or without an XML prolog', () => {
    expect(safeQrSvg(QR)).toBe(QR);
    expect(safeQrSvg(`<?xml version="1.0"?>\n${QR}`)).toBe(QR);
  });

  it('refuses scripts, foreign objects and images', () => {
    expect(safeQrSvg(QR.replace('</svg>', '<script>alert(1)</script></svg>'))).toBeNull();
    expect(safeQrSvg(QR.replace('</svg>', '<foreignObject><div/></foreignObject></svg>'))).toBeNull();
    expect(safeQrSvg(QR.replace('</svg>', '<image href="x"/></svg>'))).toBeNull();
  });

  it('refuses event handlers, links, styles and entities on allowed elements', () => {
    expect(safeQrSvg(QR.replace('<rect ', '<rect onclick="x()" '))).toBeNull();
    expect(safeQrSvg(QR.replace('<rect ', '<rect style="fill:url(#a)" '))).toBeNull();
    expect(safeQrSvg(QR.replace('<path ', '<path xlink:href="javascript:x" '))).toBeNull();
    expect(safeQrSvg(QR.replace('QRコード', '&lt;b&gt;'))).toBeNull();
    expect(safeQrSvg(QR.replace('<title>', '<!-- x --><title>'))).toBeNull();
  });

  it('refuses anything that is not one SVG document', () => {
    expect(safeQrSvg('<div>' + QR + '</div>')).toBeNull();
    expect(safeQrSvg(QR + '<img src=x onerror=alert(1)>')).toBeNull();
    expect(safeQrSvg('')).toBeNull();
    expect(safeQrSvg(undefined)).toBeNull();
  });
});
