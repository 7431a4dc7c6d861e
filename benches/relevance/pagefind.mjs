// Runs queries through Pagefind's own browser API (pagefind.js) on a site it indexed, in
// Debian's headless Chromium, and prints {"query": [page URLs, best first]} as JSON.
//   node pagefind.mjs BASE_URL QUERIES.tsv
// playwright-core comes from tests/browser/node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../tests/browser/', import.meta.url));
const { chromium } = require('playwright-core');

const [base, file] = process.argv.slice(2);
const queries = readFileSync(file, 'utf8').split('\n')
  .filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t')[1]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
await page.goto(base);
const out = await page.evaluate(async (qs) => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const res = {};
  for (const q of qs) {
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    res[q] = data.map((d) => d.url.replace(/^\//, '').replace(/index\.html$/, ''));
  }
  return res;
}, queries);
console.log(JSON.stringify(out));
await browser.close();
