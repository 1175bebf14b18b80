// Helpers of the watch (みまもり) flows: the sensor simulator run against the test server, and the
// status list's rows.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/// Runs `tsunagari simulate-sensors` over HTTP with the demo fleet the server wrote into its data
/// directory; resolves with its stdout once it exits 0 (rejects otherwise, with its stderr).
export function simulateSensors(server, args) {
  const fleet = join(server.dataDir, 'watch-demo-fleet.json');
  return new Promise((ok, fail) => {
    const child = spawn(server.bin, ['simulate-sensors', '--fleet', fleet, '--http', server.base, ...args],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) ok(out);
      else fail(new Error(`simulate-sensors exited ${code}: ${err}`));
    });
  });
}

/// The status list's row of a person (its accessible name starts with the name).
export function statusRow(page, name) {
  return page.getByRole('table', { name: 'ステータス一覧' }).getByRole('row', { name: new RegExp(`^${name}:`) });
}
