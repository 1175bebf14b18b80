// Starts a real Tsunagari server with the demo region on a free loopback port and a temporary
// data directory, and stops it afterwards (only the process started here); stopping fails if
// the server logged an error meanwhile.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../../..', import.meta.url).pathname);

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export const DEMO_PASSWORD = 'Gunjo-Demo-2026';

export async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tsunagari-e2e-'));
  const bin = process.env.TSUNAGARI_BIN || join(root, 'build', 'tsunagari');
  const child = spawn(bin, ['serve', '--demo', '--data-dir', dataDir, '--listen',
                            `127.0.0.1:${port}`, '--web-dir', join(root, 'web', 'dist'),
                            '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (i === 400) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server not ready after 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    bin,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
      // A flow that passes in the browser may still have hit a server error (a 500 logged
      // with its request id): fail the file then.
      const errors = stderr.split('\n').filter((l) => /\[(error|critical)\]/.test(l));
      if (errors.length) throw new Error(`the server logged errors:\n${errors.join('\n')}`);
    },
  };
}
