// Browser test support: the real khabar binary, as a server on a free
// loopback port in a fresh temporary directory or as a command, and Debian's
// Chromium driven by playwright-core (which never downloads a browser).
//
// ctest passes KHABAR_BINARY (the built binary) and KHABAR_SOURCE_DIR (the
// checkout); ../shared/seed is expected beside the checkout, as in CI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

// sourceDir is the checkout; seedDir is ../shared/seed beside it.
export const sourceDir = process.env.KHABAR_SOURCE_DIR || path.resolve(here, '..', '..');
export const seedDir = path.resolve(sourceDir, '..', 'shared', 'seed');

// khabarBinary is the binary under test; tests cannot run without it.
export function khabarBinary() {
  const bin = process.env.KHABAR_BINARY || path.join(sourceDir, 'build', 'khabar');
  if (!existsSync(bin)) throw new Error(`khabar binary not found: ${bin} (set KHABAR_BINARY)`);
  return bin;
}

// tempDir makes a fresh directory under the system temp dir.
export function tempDir(prefix = 'khabar-browser-') {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

// Processes still running when node exits (a failed assertion, a timeout)
// are killed so no server outlives its test.
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// freePort returns a loopback TCP port nobody is listening on right now.
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

// runKhabar runs `khabar ARGS...` to completion, with `input` on stdin and
// `env` added to the environment. Resolves to {code, stdout, stderr}.
export async function runKhabar(args, { input = '', env = {}, timeoutMs = 30000 } = {}) {
  const child = spawn(khabarBinary(), args, {
    cwd: sourceDir,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // the command may exit without reading
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  live.delete(child);
  return { code: code ?? 128, signal, stdout, stderr };
}

// addUser creates an account with the CLI (`khabar user add NAME --role ROLE
// --db DB`), the password on stdin; throws with the command's stderr on failure.
export async function addUser(site, name, role, password) {
  const r = await runKhabar(['user', 'add', name, '--role', role, ...site.storeArgs], {
    input: `${password}\n`,
  });
  if (r.code !== 0) {
    throw new Error(`khabar user add ${name} exited ${r.code}: ${r.stderr}${r.stdout}`);
  }
  return r;
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`);
    return res.status === 200;
  } catch {
    return false;
  }
}

// startServer runs `khabar serve --listen 127.0.0.1:PORT --db DIR/khabar.db
// --media DIR/media ARGS...` in a fresh temp dir and waits for /healthz.
// Returns {url, port, dir, db, media, storeArgs, log(), stop()}; stop sends
// SIGTERM, waits for exit and removes the directory (kept, with its path
// printed, when KHABAR_KEEP_TMP is set).
export async function startServer({ args = [], env = {} } = {}) {
  const dir = await tempDir('khabar-browser-site-');
  const db = path.join(dir, 'khabar.db');
  const media = path.join(dir, 'media');
  const storeArgs = ['--db', db, '--media', media];
  let output = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      khabarBinary(),
      ['serve', '--listen', `127.0.0.1:${port}`, ...storeArgs, ...args],
      { cwd: sourceDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    live.add(child);
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let exited = false;
    const exit = once(child, 'exit').then((r) => {
      exited = true;
      live.delete(child);
      return r;
    });
    const deadline = Date.now() + 20000;
    while (!exited && Date.now() < deadline && !(await healthy(url))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (exited) continue; // most likely the port was taken meanwhile: try another
    if (!(await healthy(url))) {
      child.kill('SIGKILL');
      await exit;
      throw new Error(`khabar serve did not answer /healthz in 20 s:\n${output}`);
    }
    return {
      url,
      port,
      dir,
      db,
      media,
      storeArgs,
      log: () => output,
      async stop() {
        if (!exited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
          await exit;
          clearTimeout(timer);
        }
        if (process.env.KHABAR_KEEP_TMP) console.log(`kept ${dir}`);
        else await rm(dir, { recursive: true, force: true });
        const [code, signal] = await exit;
        return code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`khabar serve exited before answering /healthz:\n${output}`);
}

// chromiumPath is Debian's Chromium unless CHROMIUM_PATH says otherwise.
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// launchBrowser starts headless Chromium with the flags this machine needs
// (no sandbox as root; no background traffic to a network that is closed).
// playwright-core gives each launch its own fresh, temporary user data dir;
// browser.newContext() gives each simulated person their own cookies.
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: run scripts/deps.sh (Debian package chromium)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// screenshot writes a PNG of the page to the temp dir (or
// KHABAR_BROWSER_ARTIFACTS) and returns its path; used for evidence and on
// failure, so a person can look at what the test saw.
export async function screenshot(page, name) {
  const dir = process.env.KHABAR_BROWSER_ARTIFACTS || os.tmpdir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `khabar-${name}-${process.pid}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// withEvidence runs `fn` and, if it throws, saves a screenshot of `page` and
// the server log to the test output before rethrowing.
export async function withEvidence(page, site, name, fn) {
  try {
    return await fn();
  } catch (err) {
    try {
      const file = await screenshot(page, `${name}-failure`);
      console.error(`screenshot of the failure: ${file} (page ${page.url()})`);
      const logFile = file.replace(/\.png$/, '.log');
      await writeFile(logFile, site.log());
      console.error(`server log: ${logFile}`);
    } catch {
      // the page may be gone; the original error matters more
    }
    throw err;
  }
}

// isPng tells whether a buffer starts with the PNG signature.
export function isPng(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return buf.length > sig.length && sig.every((b, i) => buf[i] === b);
}
