// axe-core on every page kind, light and dark, desktop (1280 px) and phone (390 px): no
// violations of any rule axe runs by default (WCAG 2.x A/AA and best practices).
// Run by tests/axe_browser.rs: node tests/browser/axe.mjs <base-url>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { scenario } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const PAGES = {
  home: '',
  'ticket list': 'tickets/',
  'open tickets': 'tickets/open/',
  'stage list': 'tickets/stage/in-progress/',
  'find my ticket': 'tickets/find/?id=HD-999',
  ticket: 'tickets/4101/',
  'closed ticket': 'tickets/4103/',
  doc: 'docs/billing/refunds/',
  'docs index': 'docs/',
  'search with results': 'search/?q=refund',
  'new ticket': 'new/',
  404: '404.html',
};

scenario('axe finds no violations on any page kind, light and dark, 1280 and 390 px', async ({ page, base, check }) => {
  const found = [];
  let checked = 0;
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [kind, path] of Object.entries(PAGES)) {
        await page.goto(base + path);
        if (kind === 'search with results') await page.waitForSelector('#search-results li');
        // The answer of find.js, so its message is checked too.
        if (kind === 'find my ticket') await page.waitForSelector('.find-result:not(:empty)');
        // Evaluated through the DevTools protocol, so the site's CSP (script-src 'self') allows it.
        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
        const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        checked++;
        for (const v of r.violations) {
          found.push(`${kind} (${scheme}, ${width}px): ${v.id} [${v.impact}] ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
    }
  }
  check(checked === 48, `checked ${checked} pages`);
  check(found.length === 0, `axe violations:\n  ${found.join('\n  ')}`);
});
