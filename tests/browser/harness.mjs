// Shared harness for the browser scenarios: launch Debian's Chromium with the flags from
// shared/BROWSER.md, run a scenario, and take a screenshot when it fails.
//
// A scenario file does:   import { scenario } from './harness.mjs';
//                         scenario('what a person does', async ({ page, base, check }) => { ... });
// and is run by tests/browser.rs as `node tests/browser/<name>.mjs <base-url>`, with
// SCREENSHOT_DIR set to where failure screenshots go. Exit code 0 = pass.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export class CheckError extends Error {}

/** Throws with `message` when `cond` is false (assertions read like the person's view). */
export function check(cond, message) {
  if (!cond) throw new CheckError(message);
}

/** Runs `steps` in a fresh browser against the base URL from argv[2]. */
export async function scenario(name, steps) {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node <scenario>.mjs <base-url>');
    process.exit(2);
  }
  const profile = mkdtempSync(join(tmpdir(), 'porchlight-chromium-'));
  const shots = process.env.SCREENSHOT_DIR || tmpdir();
  const file = basename(process.argv[1], '.mjs');
  let browser;
  let page;
  const errors = [];
  try {
    // A fresh, empty profile each run; launchPersistentContext passes it as --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
      timeout: 60_000,
    });
    page = browser.pages()[0] || (await browser.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await steps({ page, base: base.endsWith('/') ? base : base + '/', check, errors });
    console.log(`ok: ${file}: ${name}`);
  } catch (e) {
    console.error(`FAILED: ${file}: ${name}\n${e && e.stack ? e.stack : e}`);
    if (errors.length) console.error('page errors:\n  ' + errors.join('\n  '));
    if (page) {
      try {
        mkdirSync(shots, { recursive: true });
        const path = join(shots, `${file}-failure.png`);
        await page.screenshot({ path, fullPage: true });
        console.error(`screenshot: ${path}\nurl: ${page.url()}`);
      } catch (_) { /* the page may be gone */ }
    }
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Records the URLs the page asks to navigate to, `mailto:` included (which never loads, so
 * `page.url()` and request events do not see it), from Chromium's DevTools protocol.
 * Returns the live list.
 */
export async function watchNavigations(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  const urls = [];
  cdp.on('Page.frameRequestedNavigation', (e) => urls.push(e.url));
  return urls;
}
