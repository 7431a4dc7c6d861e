// Search, as a customer uses it: type into the header box, read the results page.
import { scenario } from './harness.mjs';

const resultTitles = (page) => page.locator('#search-results .search-result-title a').allTextContents();

scenario('a customer finds an article by typing, despite a typo, and HTML stays text', async ({ page, base, check }) => {
  // 1. From the home page, type into the header box and press Enter.
  await page.goto(base);
  await page.fill('#site-search-q', 'credit note');
  // Live results appear under the box while typing.
  await page.waitForSelector('.site-search-live li a');
  const live = await page.locator('.site-search-live .site-search-live-title').first().textContent();
  check(live.startsWith('Refunds and credit notes'), `first live result is ${JSON.stringify(live)}`);
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/search\/\?q=credit/);
  await page.waitForSelector('#search-results .search-result');
  let titles = await resultTitles(page);
  check(titles[0] === 'Refunds and credit notes', `first result for "credit note" is ${JSON.stringify(titles[0])}; all: ${JSON.stringify(titles)}`);
  const status = await page.textContent('#search-status');
  // How many pages match every word, when others match only some (counted by the Rust test).
  check(status === process.env.CREDIT_NOTE_STATUS, `live region says ${JSON.stringify(status)}, want ${JSON.stringify(process.env.CREDIT_NOTE_STATUS)}`);
  check(await page.locator('#search-all-docs').isHidden(), 'the no-JS docs list is hidden once results show');
  const marks = await page.locator('#search-results mark').allTextContents();
  check(marks.some((m) => /credit|note/i.test(m)), `matched words are highlighted: ${JSON.stringify(marks)}`);
  const ask = await page.getAttribute('[data-feedback-hook="search"] a', 'href');
  check(ask.endsWith('new/?q=credit%20note'), `"Ask us" carries the query: ${ask}`);

  // 2. Typing on the search page updates the results and the URL (linkable).
  await page.fill('#search-page-q', 'refnuds');
  await page.waitForFunction(() => location.search.includes('refnuds'));
  await page.waitForFunction(() => /refnuds/.test(document.querySelector('#search-status').textContent));
  // The status counts the results before their titles arrive (one more fetch): wait for them.
  await page.waitForSelector('#search-results .search-result');
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
  // Each ticket is labelled with its own stage (they come from search/s.bin, one byte a page).
  const labelOf = async (title) => {
    const r = page.locator('#search-results .search-result', { hasText: title });
    return (await r.count()) ? r.first().locator('.search-result-kind').textContent() : null;
  };
  const label4101 = await labelOf('#4101 Invoice PDF export');
  check(label4101 === 'Ticket · In progress', `#4101 is labelled ${JSON.stringify(label4101)}`);
  const label4104 = await labelOf('#4104 Recurring invoices');
  check(label4104 === 'Ticket · Fix in testing', `#4104 is labelled ${JSON.stringify(label4104)}`);

  // 5. Stage filter: only tickets in that stage stay.
  await page.selectOption('#search-stage', 'Fix in testing');
  await page.waitForFunction(() => location.search.includes('stage=Fix'));
  await page.waitForFunction(() => {
    const k = [...document.querySelectorAll('#search-results .search-result-kind')];
    return k.length > 0 && k.every((e) => e.textContent === 'Ticket · Fix in testing');
  });
  titles = await resultTitles(page);
  check(titles.some((t) => t.startsWith('#4104 ')) && titles.some((t) => t.startsWith('#4118 ')),
    `the stage's invoice tickets are listed: ${JSON.stringify(titles)}`);
  check(!titles.some((t) => t.startsWith('#4101 ') || t.startsWith('#HD-311 ')),
    `tickets in other stages are not: ${JSON.stringify(titles)}`);

  // 6. A linked filter works from the first load; the last ticket in id order keeps its stage.
  await page.goto(base + 'search/?q=invoice&kind=ticket&stage=' + encodeURIComponent('In progress'));
  await page.waitForSelector('#search-results .search-result');
  check(await page.inputValue('#search-stage') === 'In progress', 'the stage menu shows the linked stage');
  titles = await resultTitles(page);
  const stageLabels = await page.locator('#search-results .search-result-kind').allTextContents();
  check(stageLabels.every((k) => k === 'Ticket · In progress'), `only In progress: ${JSON.stringify(stageLabels)}`);
  check(titles.some((t) => t.startsWith('#HD-311 ')) && titles.some((t) => t.startsWith('#4101 ')),
    `In progress tickets about invoices: ${JSON.stringify(titles)}`);

  // 7. The stage file cannot be loaded: the page says so instead of showing unlabelled results.
  await page.route('**/search/s.bin*', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(base + 'search/?q=invoice');
  await page.waitForFunction(() => /not available/.test(document.querySelector('#search-status').textContent));
  const err = await page.textContent('#search-status');
  check(err.includes('s.bin'), `the error names the file: ${JSON.stringify(err)}`);
  check(await page.locator('#search-results .search-result').count() === 0, 'no results without stages');
  await page.unroute('**/search/s.bin*');
});
