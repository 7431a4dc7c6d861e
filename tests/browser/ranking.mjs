// One ranking for the terminal and the browser: for each query in RANKING_CASES (JSON
// [{q, want: [page URLs]}], from `porchlight search --json`), the search page must list the
// same pages in the same order.
import { scenario } from './harness.mjs';

scenario('the search page ranks as `porchlight search` does', async ({ page, base, check }) => {
  const cases = JSON.parse(process.env.RANKING_CASES || '[]');
  check(cases.length > 0, 'no RANKING_CASES given');
  const wrong = [];
  for (const c of cases) {
    await page.goto(base + 'search/?q=' + encodeURIComponent(c.q));
    // The status line counts the results before their page data arrive: wait for the list.
    await page.waitForFunction(() => {
      const m = /^(\d+) results? for|^No results/.exec(document.querySelector('#search-status').textContent);
      if (!m) return false;
      const n = m[1] ? Math.min(Number(m[1]), 10) : 0;
      return document.querySelectorAll('#search-results .search-result').length === n;
    });
    const got = await page.$$eval('#search-results .search-result-title a',
      (as) => as.map((a) => a.getAttribute('href').replace(/^(\.\.\/)+/, '')));
    const want = c.want.slice(0, got.length || c.want.length);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${c.q}: browser ${JSON.stringify(got)}, terminal ${JSON.stringify(want)}`);
  }
  check(wrong.length === 0, `${wrong.length} of ${cases.length} queries rank differently:\n  ${wrong.join('\n  ')}`);
});
