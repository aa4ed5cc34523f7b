// Browser-test harness: starts concord on a fresh SQLite database with demo data on a free
// loopback port, drives Debian's chromium through playwright-core, logs in, and saves
// screenshots as test artefacts.
//   CONCORD_BINARY   the server binary (default ../build/concord)
//   CONCORD_WEB_DIR  serve this UI build instead of the one built into the binary (optional)
//   E2E_ARTIFACTS    where screenshots go (default web/test-results)
//   CHROMIUM         the browser (default /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = resolve(process.env.E2E_ARTIFACTS ?? join(here, '..', 'test-results'));
export const DEMO_PASSWORD = 'concord-demo-2026';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts a server with demo data; resolves to {url, adminPassword, stop()}. */
export async function startServer({ demo = true } = {}) {
  const binary = resolve(process.env.CONCORD_BINARY ?? join(here, '..', '..', 'build', 'concord'));
  const dir = mkdtempSync(join(tmpdir(), 'concord-e2e-'));
  const port = await freePort();
  const args = ['serve', '--db', `sqlite:${join(dir, 'c.db')}`, '--listen', `127.0.0.1:${port}`,
                '--access-log', 'off', '--sqlite-sync', 'normal'];
  if (demo) args.push('--demo');
  if (process.env.CONCORD_WEB_DIR) args.push('--web-dir', process.env.CONCORD_WEB_DIR);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/administrator login: admin\s+password: (\S+)/);
      if (out.includes('is running at') && m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${out}`)); });
  });
  const adminPassword = await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    adminPassword,
    log: () => out,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A new page (1280×800, English unless lang is given) signed in as `login`. */
export async function signedInPage(browser, server, login, password, { lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 },
                                             locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(server.url + '/');
  await page.getByLabel(lang === 'zh' ? '用户名' : 'Login', { exact: true }).fill(login);
  await page.getByLabel(lang === 'zh' ? '密码' : 'Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: lang === 'zh' ? '登录' : 'Sign in' }).click();
  await page.getByTestId('user').waitFor();
  return page;
}

export async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** A test file's server and browser: `before(async () => ({ server, browser } = await openSuite()))`. */
export async function openSuite() {
  const server = await startServer();
  return { server, browser: await launchBrowser() };
}

export async function closeSuite(server, browser) {
  await browser?.close();
  await server?.stop();
}
