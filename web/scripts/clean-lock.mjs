// Keeps package-lock.json free of URLs of hosts other than the npm registry: drops the
// informational "funding" links (GitHub Sponsors, Open Collective …) that npm copies from each
// package, and fails if any other foreign URL is left. npm ci ignores "funding". Run after
// `npm install`: npm run lock:clean
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let dropped = 0;
for (const entry of Object.values(lock.packages ?? {})) {
  if (entry && typeof entry === 'object' && 'funding' in entry) {
    delete entry.funding;
    dropped++;
  }
}
const text = `${JSON.stringify(lock, null, 2)}\n`;
writeFileSync(path, text);
const foreign = [...text.matchAll(/https?:\/\/([^/"\s]+)/g)].map((m) => m[1]).filter((host) => host !== 'registry.npmjs.org');
console.log(`package-lock.json: dropped ${dropped} funding links`);
if (foreign.length) {
  console.error(`package-lock.json still names other hosts: ${[...new Set(foreign)].join(', ')}`);
  process.exit(1);
}
