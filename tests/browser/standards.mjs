// Issue 18's list and standards items in a browser: stage badges without the card's coloured
// edge and each in its own colours, WCAG AA contrast (4.5:1) of the Overdue / "Past our
// target" badges and the progress ticks in light and dark mode, and no request of the site
// answered 404 (the favicon included).
// Run by tests/standards_browser.rs: node tests/browser/standards.mjs <base-url>
import { scenario } from './harness.mjs';
import { contrast } from './contrast.mjs';


scenario('badges and ticks are readable in light and dark mode, and nothing is missing', async ({ page, base, check }) => {
  const missing = [];
  page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(base);
    // Each stage badge names its stage in text, has even borders (no coloured "(" at the left)
    // and colours of its own.
    const badges = await page.locator('.card .badge[class*="stage-"]').evaluateAll((bs) => bs.map((b) => {
      const s = getComputedStyle(b);
      return { stage: b.className.replace('badge stage-', ''), text: b.textContent, left: s.borderLeftColor, top: s.borderTopColor, leftW: s.borderLeftWidth, bg: s.backgroundColor, fg: s.color };
    }));
    check(badges.length > 5, `${scheme}: badges found: ${badges.length}`);
    for (const b of badges) {
      check(b.left === b.top && b.leftW === '1px', `${scheme}: ${b.stage} badge has an even border: ${JSON.stringify(b)}`);
      check(b.text.trim().length > 0, `${scheme}: ${b.stage} badge has text`);
      check(contrast(b.fg, b.bg) >= 4.5, `${scheme}: ${b.stage} badge contrast ${contrast(b.fg, b.bg).toFixed(2)}`);
    }
    const bgOf = {};
    for (const b of badges) bgOf[b.stage] = b.bg;
    const colours = new Set(['received', 'under-review', 'in-progress'].map((s) => bgOf[s]));
    check(colours.size === 3, `${scheme}: stages have their own colours: ${JSON.stringify(bgOf)}`);

    const overdue = await page.locator('.badge.overdue').first().evaluate((b) => { const s = getComputedStyle(b); return [s.color, s.backgroundColor, b.textContent]; });
    check(overdue[2] === 'Overdue', 'an Overdue badge on the home page');
    check(contrast(overdue[0], overdue[1]) >= 4.5, `${scheme}: Overdue contrast ${contrast(overdue[0], overdue[1]).toFixed(2)}`);

    await page.goto(base + 'tickets/4103/');
    const tick = await page.locator('.progress li.done').first().evaluate((li) => { const s = getComputedStyle(li, '::before'); return [s.color, s.backgroundColor, s.content]; });
    check(tick[2] === '"✓"', `tick mark: ${tick[2]}`);
    check(contrast(tick[0], tick[1]) >= 4.5, `${scheme}: progress tick contrast ${contrast(tick[0], tick[1]).toFixed(2)}`);
  }
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  check(icon === '../../static/favicon.svg', `favicon link: ${icon}`);
  await page.goto(base + 'static/favicon.svg');
  check(missing.length === 0, `404s: ${missing.join(', ')}`);
});
