// Search, as a customer uses it: type into the header box, read the results page.
import { scenario } from './harness.mjs';

const resultTitles = (page) => page.locator('#search-results .search-result-title a').allTextContents();

scenario('a customer finds an article by typing, despite a typo, and HTML stays text', async ({ page, base, check }) => {
  // 1. From the home page, type into the header box and press Enter.
  await page.goto(base);
  await page.fill('#site-search-q', 'credit note');
  // Live results appear under the box while typing.
  await page.waitForSelector('.site-search-live li a');
  const live = await page.locator('.site-search-live li a').first().textContent();
  check(live === 'Refunds and credit notes', `first live result is ${JSON.stringify(live)}`);
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/search\/\?q=credit/);
  await page.waitForSelector('#search-results .search-result');
  let titles = await resultTitles(page);
  check(titles[0] === 'Refunds and credit notes', `first result for "credit note" is ${JSON.stringify(titles[0])}; all: ${JSON.stringify(titles)}`);
  const status = await page.textContent('#search-status');
  check(/\d+ results? for/.test(status), `live region says ${JSON.stringify(status)}`);
  check(await page.locator('#search-all-docs').isHidden(), 'the no-JS docs list is hidden once results show');
  const marks = await page.locator('#search-results mark').allTextContents();
  check(marks.some((m) => /credit|note/i.test(m)), `matched words are highlighted: ${JSON.stringify(marks)}`);
  const ask = await page.getAttribute('[data-feedback-hook="search"] a', 'href');
  check(ask.endsWith('new/?q=credit%20note'), `"Ask us" carries the query: ${ask}`);

  // 2. Typing on the search page updates the results and the URL (linkable).
  await page.fill('#search-page-q', 'refnuds');
  await page.waitForFunction(() => location.search.includes('refnuds'));
  await page.waitForFunction(() => /refnuds/.test(document.querySelector('#search-status').textContent));
  titles = await resultTitles(page);
  check(titles.includes('Refunds and credit notes') && titles.indexOf('Refunds and credit notes') < 3,
    `misspelt "refnuds" finds the refunds article near the top: ${JSON.stringify(titles)}`);

  // 3. A linked query with HTML in it is shown as text and never runs.
  const hostile = '<img src=x onerror=window.__pwned=1>';
  await page.goto(base + 'search/?q=' + encodeURIComponent(hostile));
  await page.waitForFunction(() => /for “/.test(document.querySelector('#search-status').textContent));
  const shown = await page.textContent('#search-status');
  check(shown.includes(hostile), `the query is shown as text: ${JSON.stringify(shown)}`);
  check(await page.locator('#search-page img, #search-results img').count() === 0, 'no <img> element was created');
  check(await page.inputValue('#search-page-q') === hostile, 'the box holds the query as typed');
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__pwned) === undefined, 'window.__pwned stays undefined');

  // 4. Filters: Tickets only, by keyboard.
  await page.goto(base + 'search/?q=invoice');
  await page.waitForSelector('#search-results .search-result');
  await page.check('input[name="kind"][value="ticket"]');
  await page.waitForFunction(() => {
    const k = [...document.querySelectorAll('#search-results .search-result-kind')];
    return k.length > 0 && k.every((e) => e.textContent.startsWith('Ticket'));
  });
  const kinds = await page.locator('#search-results .search-result-kind').allTextContents();
  check(kinds.length > 0 && kinds.every((k) => k.startsWith('Ticket')), `only tickets: ${JSON.stringify(kinds)}`);
});
