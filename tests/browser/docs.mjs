// Docs with images and an alias, as a reader meets them: every image on the pages loads, and
// an old link with an #anchor, pasted into a reply years ago, lands on the moved page at that
// section.
import { scenario } from './harness.mjs';

const pages = ['docs/billing/refunds/', 'docs/guide/setup/', 'docs/guide/troubleshooting/'];

scenario('images load and an old link lands on the moved page at its anchor', async ({ page, base, check }) => {
  for (const p of pages) {
    await page.goto(base + p);
    // Lazy images load when scrolled to; scroll through the page first.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const images = await page.evaluate(() =>
      [...document.querySelectorAll('.text img')].map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, lazy: i.loading })));
    check(images.length > 0, `${p} shows images`);
    for (const i of images) {
      check(i.w > 0, `${p}: image ${i.src} loaded (naturalWidth ${i.w})`);
      check(i.lazy === 'lazy', `${p}: image ${i.src} loads lazily`);
    }
  }
  await page.goto(base + 'docs/money-back/#card-payments');
  await page.waitForURL(/docs\/billing\/refunds\/#card-payments$/);
  const h1 = await page.textContent('h1');
  check(h1 === 'Refunds: how they work', `the redirect lands on the refunds page: ${JSON.stringify(h1)}`);
  const target = await page.evaluate(() => document.querySelector(':target')?.id);
  check(target === 'card-payments', `the #anchor is kept: :target is ${JSON.stringify(target)}`);
});
