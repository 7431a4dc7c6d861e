// The header search box as a combobox, and the search page's "Ask us" and layout.
import { scenario } from './harness.mjs';

await scenario('the header box suggests docs and tickets, by keyboard and by touch', async ({ page, base, check }) => {
  await page.goto(base + 'docs/');
  const box = page.locator('#site-search-q');
  check(await box.getAttribute('role') === 'combobox', 'the header box is a combobox');
  check(await box.getAttribute('aria-expanded') === 'false', 'collapsed before typing');
  await box.fill('bank');
  await page.waitForSelector('#site-search-listbox [role="option"]');
  check(await box.getAttribute('aria-expanded') === 'true', 'expanded with suggestions');
  check(await box.getAttribute('aria-controls') === 'site-search-listbox', 'controls the listbox');
  const kinds = await page.locator('.site-search-live-kind').allTextContents();
  check(kinds.length === 6 && kinds.every((k) => k === 'Doc' || k.startsWith('Ticket')), `each suggestion says Doc or Ticket: ${JSON.stringify(kinds)}`);
  check(kinds.includes('Doc') && kinds.some((k) => k.startsWith('Ticket · ')), `docs and tickets with their stage: ${JSON.stringify(kinds)}`);
  const excerpts = await page.locator('.site-search-live-excerpt').count();
  check(excerpts === 6, `one excerpt line per suggestion, got ${excerpts}`);
  const last = page.locator('#site-search-listbox [role="option"]').last();
  const all = await last.textContent();
  check(/^See all \d+ results$/.test(all), `the last row leads to every result: ${JSON.stringify(all)}`);
  check((await last.locator('a').getAttribute('href')).endsWith('search/?q=bank'), 'and links to the search page');
  const status = await page.textContent('.site-search-live-status');
  check(/^\d+ results\. Use the arrow keys to pick one\.$/.test(status), `keyboard hint on a desktop: ${JSON.stringify(status)}`);

  // Arrow keys move the active option while focus stays in the box; Enter opens it.
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  const activeId = await box.getAttribute('aria-activedescendant');
  check(activeId === 'site-search-opt-1', `second option active: ${activeId}`);
  check(await page.evaluate(() => document.activeElement.id) === 'site-search-q', 'focus stays in the box');
  check(await page.getAttribute('#site-search-opt-1', 'aria-selected') === 'true', 'the active option is selected');
  const target = await page.getAttribute('#site-search-opt-1 a', 'href');
  await box.press('Enter');
  await page.waitForURL((u) => u.href.includes(target.replace(/^(\.\.\/)+/, '')));
  check(true, 'Enter opened the active option');

  // On a touch screen (no arrow keys) the status does not mention them.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  await page.goto(base + 'docs/');
  check(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'touch emulation gives a coarse pointer');
  await page.fill('#site-search-q', 'invoice');
  await page.waitForSelector('#site-search-listbox [role="option"]');
  const touch = await page.textContent('.site-search-live-status');
  check(/^\d+ results\.$/.test(touch), `no arrow-key hint on touch: ${JSON.stringify(touch)}`);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });

  // Escape closes.
  await page.goto(base + 'docs/');
  await page.fill('#site-search-q', 'refund');
  await page.waitForSelector('#site-search-listbox [role="option"]');
  await page.press('#site-search-q', 'Escape');
  check(await page.getAttribute('#site-search-q', 'aria-expanded') === 'false', 'Escape collapses');
});

await scenario('the search page: Ask us only when results are few, two distinct search landmarks, no jump', async ({ page, base, check }) => {
  await page.goto(base + 'search/?q=invoice');
  await page.waitForFunction(() => /results? for/.test(document.querySelector('#search-status').textContent));
  check(await page.locator('[data-feedback-hook="search"]').isHidden(), '"No results? Ask us" is hidden when there are many results');
  await page.goto(base + 'search/?q=zzyzx');
  await page.waitForFunction(() => /^No results for/.test(document.querySelector('#search-status').textContent));
  check(await page.locator('[data-feedback-hook="search"]').isVisible(), '"No results? Ask us" shows when nothing matched');
  const names = await page.$$eval('[role="search"]', (fs) => fs.map((f) => f.getAttribute('aria-label') || ''));
  check(names.length === 2 && names[0] !== names[1], `the two search landmarks have distinct names: ${JSON.stringify(names)}`);

  // Layout shift while results replace the docs list, measured by the browser.
  await page.goto('about:blank');
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(base + 'search/?q=refund');
  await page.waitForSelector('#search-results .search-result');
  await page.waitForTimeout(500);
  const cls = await page.evaluate(() => window.__cls);
  check(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} stays under 0.1`);
});
