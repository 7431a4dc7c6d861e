// A customer types Chinese into the search boxes of an English site and finds the Chinese
// ticket (tests/search_cjk.rs builds the site): the query is cut into the same character
// bigrams as the index, and the matched letters are marked in the excerpt; the new-ticket
// page suggests the ticket for a Chinese subject.
import { scenario } from './harness.mjs';

const { QUERY, TITLE, URL } = process.env;
const resultTitles = (page) => page.locator('#search-results .search-result-title a').allTextContents();

scenario('a Chinese query finds the Chinese ticket', async ({ page, base, check }) => {
  // 1. The header box: live results while typing, then Enter.
  await page.goto(base);
  await page.fill('#site-search-q', QUERY);
  await page.waitForSelector('.site-search-live li a');
  const live = await page.locator('.site-search-live .site-search-live-title').allTextContents();
  // The ticket, then the link to all (one) results.
  check(live.length === 2 && live[0] === TITLE, `live results: ${JSON.stringify(live)}`);
  const liveStatus = await page.textContent('.site-search-live-status');
  check(liveStatus.startsWith('1 result.'), `live status: ${JSON.stringify(liveStatus)}`);
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/search\/\?q=/);
  await page.waitForSelector('#search-results .search-result');

  // 2. The search page: the one result, its link, and the matched letters marked as one run.
  let titles = await resultTitles(page);
  check(titles.length === 1 && titles[0] === TITLE, `results: ${JSON.stringify(titles)}`);
  const href = await page.getAttribute('#search-results .search-result-title a', 'href');
  check(href.endsWith(URL), `result links to ${href}, want ${URL}`);
  const status = await page.textContent('#search-status');
  check(status === `1 result for “${QUERY}”.`, `status: ${JSON.stringify(status)}`);
  const marks = await page.locator('#search-results mark').allTextContents();
  // The whole query where it stands in the text, and its first bigram alone further on.
  check(marks[0] === QUERY && marks.every((m) => QUERY.includes(m)), `marked: ${JSON.stringify(marks)}`);

  // 3. Typing two letters of it on the search page (one bigram) still finds it.
  await page.fill('#search-page-q', '导出');
  await page.waitForFunction(() => document.querySelector('#search-status').textContent === '1 result for “导出”.');
  await page.waitForFunction(() => /导出/.test(document.querySelector('#search-results mark')?.textContent || '') &&
    !/发票/.test(document.querySelector('#search-results mark').textContent));
  titles = await resultTitles(page);
  check(titles.length === 1 && titles[0] === TITLE, `results for 导出: ${JSON.stringify(titles)}`);
  const marks2 = await page.locator('#search-results mark').allTextContents();
  check(marks2.length > 0 && marks2.every((m) => m === '导出'), `marked for 导出: ${JSON.stringify(marks2)}`);

  // 4. The same letters in the wrong order are no bigram of the ticket: nothing.
  await page.fill('#search-page-q', '出导');
  await page.waitForFunction(() => /出导/.test(document.querySelector('#search-status').textContent) &&
    !/…$/.test(document.querySelector('#search-status').textContent));
  const none = await page.textContent('#search-status');
  check(none === 'No results for “出导”.', `reversed letters: ${JSON.stringify(none)}`);

  // 5. The new-ticket page suggests the ticket for a Chinese subject (feedback.js cuts it
  //    into the same pairs of letters).
  await page.goto(base + 'new/');
  await page.fill('#nt-subject', '发票导出有问题');
  await page.waitForSelector('#nt-suggest:not([hidden]) #nt-suggest-list a');
  const suggested = await page.locator('#nt-suggest-list li.nt-sug-ticket > a').allTextContents();
  check(suggested.includes(TITLE), `suggested: ${JSON.stringify(suggested)}`);
});
