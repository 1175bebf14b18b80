// Measures what a first visit downloads: the entry script of dist/index.html and every chunk it
// imports statically (the modulepreload links), gzipped. Fails above the budget of 200 KB of
// JavaScript, and if Leaflet or Chart.js ended up in it (they are for later, lazily loaded).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 200 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const scripts = [...html.matchAll(/<script[^>]+src="\/([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]);
const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]);

// Follow static imports too, in case a chunk is not listed as a preload.
const seen = new Set();
const queue = [...scripts, ...preloads];
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g)) {
    queue.push(`assets/${m[1]}`);
  }
}

const size = (files) =>
  files.reduce(
    (acc, f) => {
      const buf = readFileSync(join(dist, f));
      acc.raw += buf.length;
      acc.gzip += gzipSync(buf, { level: 9 }).length;
      return acc;
    },
    { raw: 0, gzip: 0 },
  );

const js = size([...seen]);
const css = size(styles);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`initial JS: ${[...seen].join(', ')}`);
console.log(`initial JS: ${kb(js.raw)} raw, ${kb(js.gzip)} gzipped (budget ${kb(BUDGET)})`);
console.log(`initial CSS: ${kb(css.raw)} raw, ${kb(css.gzip)} gzipped`);

let failed = false;
for (const f of seen) {
  const code = readFileSync(join(dist, f), 'utf8');
  if (/leaflet|Leaflet|chart\.js|Chart\.register/.test(code)) {
    console.error(`${f} contains Leaflet or Chart.js; they must be loaded lazily`);
    failed = true;
  }
}
if (js.gzip > BUDGET) {
  console.error('initial JS is over budget');
  failed = true;
}
process.exit(failed ? 1 : 0);
