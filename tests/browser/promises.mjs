// Promises kept in business time (issue 18), as a customer sees them in a browser: the
// "First answer" and "Resolution" lines of ticket pages with the exact words, the ✓'s text
// alternative, "Past our target" on the ticket list, WCAG AA contrast of that badge and of the
// ✓ in light and dark mode, and axe-core finding nothing on these pages.
// Run by tests/promises_browser.rs: node tests/browser/promises.mjs <base-url>, on the site of
// tests/fixtures/promises built with --now 2026-11-23T12:00:00Z.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { scenario } from './harness.mjs';
import { contrast } from './contrast.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');


const EXPECTED = {
  501: [
    'First answer: within 1 business hour — answered after 40 min ✓',
    'Resolution: within 3 business days — resolved after 2 business days ✓',
  ],
  502: [
    'First answer: within 1 business hour — Past our target',
    'Resolution: within 10 business days',
  ],
  503: [
    'First answer: within 3 business days — answered after 4 business days — Past our target',
    'Resolution: within 3 business days — Past our target',
  ],
  504: [
    'First answer: within 3 business days — answered after 30 min ✓',
    'Resolution: within 3 business days — resolved after more than 3 business days — Past our target',
  ],
  505: [
    'First answer: within 3 business days — answered after 2 business hours ✓',
    'Resolution: within 4 business days',
  ],
  506: [
    'First answer: within 3 business days — answered after 4 business hours ✓',
    'Resolution: at our discretion',
  ],
  507: [
    'First answer: within 1 business hour — answered after 2 business hours — Past our target',
    'Resolution: within 10 business days — Past our target',
  ],
};

// The colour a text is drawn on: the first ancestor with a background that is not transparent.
async function colours(locator) {
  return locator.evaluate((el) => {
    let bg = 'rgba(0, 0, 0, 0)';
    for (let e = el; e && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent'); e = e.parentElement) {
      bg = getComputedStyle(e).backgroundColor;
    }
    return [getComputedStyle(el).color, bg];
  });
}

scenario('a customer sees each promise and whether it was kept', async ({ page, base, check }) => {
  for (const [id, lines] of Object.entries(EXPECTED)) {
    await page.goto(`${base}tickets/${id}/`);
    const got = await page.locator('ul.promises li').allInnerTexts();
    check(JSON.stringify(got) === JSON.stringify(lines), `#${id} promise lines:\n  got      ${JSON.stringify(got)}\n  expected ${JSON.stringify(lines)}`);
    // Every ✓ has a text alternative; a missed promise says so in words.
    const marks = page.getByRole('img', { name: 'kept' });
    check(await marks.count() === lines.filter((l) => l.endsWith('✓')).length, `#${id}: one "kept" image per ✓`);
    const list = page.getByRole('list', { name: 'Our promises' });
    check(await list.count() === 1, `#${id}: the promises are one list named "Our promises"`);
  }
  // A private note of the team does not make 502 look answered.
  await page.goto(`${base}tickets/502/`);
  check(!(await page.locator('main').innerText()).includes('answered'), '#502 does not say "answered"');

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${base}tickets/`);
    const flagged = await page.locator('li.card').evaluateAll((cards) => cards
      .filter((c) => [...c.querySelectorAll('.badge.overdue')].some((b) => b.textContent === 'Past our target'))
      .map((c) => c.querySelector('.tid').textContent));
    check(JSON.stringify(flagged.sort()) === JSON.stringify(['#502', '#503', '#507']), `${scheme}: cards past our target: ${flagged}`);
    const [fg, bg] = await colours(page.locator('.card .badge.overdue', { hasText: 'Past our target' }).first());
    check(contrast(fg, bg) >= 4.5, `${scheme}: "Past our target" badge contrast ${contrast(fg, bg).toFixed(2)} (${fg} on ${bg})`);

    await page.goto(`${base}tickets/501/`);
    const [kf, kb] = await colours(page.locator('.promises .kept').first());
    check(contrast(kf, kb) >= 4.5, `${scheme}: ✓ contrast ${contrast(kf, kb).toFixed(2)} (${kf} on ${kb})`);
    await page.goto(`${base}tickets/503/`);
    const [mf, mb] = await colours(page.locator('.promises .badge.overdue').first());
    check(contrast(mf, mb) >= 4.5, `${scheme}: ticket page badge contrast ${contrast(mf, mb).toFixed(2)}`);

    for (const path of ['tickets/', 'tickets/501/', 'tickets/503/', 'tickets/504/']) {
      await page.goto(base + path);
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
      const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const found = r.violations.map((v) => `${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      check(found.length === 0, `${scheme} ${path}: axe: ${found.join('; ')}`);
    }
  }
});
