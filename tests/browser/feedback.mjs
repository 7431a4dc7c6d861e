// "Did this answer your question?" and the new-ticket page, as a customer uses them.
// Run by tests/feedback_browser.rs: node tests/browser/feedback.mjs <base-url>
import { scenario, watchNavigations } from './harness.mjs';

// The default site's intake (porchlight.toml): kind = "email", support@example.com.
const MAILTO = 'mailto:support@example.com?subject=';
const SITE = 'https://support.example.com/';

scenario('a reader says No on a doc page and files a well-formed ticket; URL text never runs', async ({ page, base, check, errors }) => {
  const missing = [];
  page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });

  // 1. A doc page, reached from a search for "partial refund", at the "Partial refunds" section.
  await page.goto(base + 'docs/billing/refunds/?q=partial%20refund#partial-refunds');
  await page.waitForSelector('.feedback-widget .fb-yes:not([hidden])');
  check(await page.locator('.feedback-widget .fb-question').textContent() === 'Did this answer your question?', 'the widget asks');
  await page.click('.feedback-widget .fb-no');

  // 2. The new-ticket page knows where the reader came from.
  await page.waitForURL(/\/new\/\?/);
  const landed = new URL(page.url());
  check(landed.searchParams.get('page') === 'docs/billing/refunds/', `page carried: ${page.url()}`);
  check(landed.searchParams.get('section') === 'partial-refunds', `section carried: ${page.url()}`);
  check(landed.searchParams.get('q') === 'partial refund', `query carried: ${page.url()}`);
  await page.waitForFunction(() => /Refunds and credit notes/.test(document.getElementById('nt-context').textContent));
  const context = await page.textContent('#nt-context');
  check(context === 'About the page “Refunds and credit notes”, section “Partial refunds” · You searched for “partial refund”.', `context shown: ${JSON.stringify(context)}`);
  const cats = await page.locator('.nt-categories label.nt-category').allTextContents();
  check(JSON.stringify(cats) === JSON.stringify(['Question', 'Urgent issue', 'Server issue', 'Issue with an error', 'Issue without an error']), `categories: ${JSON.stringify(cats)}`);

  // 3. Typing a subject suggests the matching doc.
  const subject = 'Refund to an expired card & what then? #2 😀';
  await page.fill('#nt-subject', '');
  await page.type('#nt-subject', subject);
  await page.waitForSelector('#nt-suggest:not([hidden]) #nt-suggest-list a');
  const suggested = await page.locator('#nt-suggest-list li.nt-sug-doc > a').allTextContents();
  // The refunds article is the page the reader just said did not help: it is left out.
  const all = await page.locator('#nt-suggest-list li > a').allTextContents();
  check(!suggested.includes('Refunds and credit notes') && all.length > 0, `suggestions: ${JSON.stringify(all)}`);
  // The hint on what makes a report useful comes before the description box.
  check(await page.evaluate(() => !!(document.querySelector('.nt-hint').compareDocumentPosition(document.getElementById('nt-description')) & Node.DOCUMENT_POSITION_FOLLOWING)), 'the hint comes before the description');

  // 4. Category and description; the button opens a link that carries everything, exactly.
  // The radios are drawn as their labels: a reader clicks the name.
  await page.click('.nt-categories label.nt-category >> text="Urgent issue"');
  check(await page.isChecked('input[name="category"][value="Urgent issue"]'), 'the category is picked');
  const description = 'The card expired in October.\nWhat happens to the refund?';
  await page.fill('#nt-description', description);
  const went = await watchNavigations(page);
  const sent = async () => {
    went.length = 0;
    await page.click('#nt-submit');
    for (let i = 0; i < 100 && !went.some((u) => u.startsWith('mailto:')); i++) await page.waitForTimeout(50);
    return went.find((u) => u.startsWith('mailto:')) || '';
  };
  const href = await sent();
  const body = [
    'Documentation page: docs/billing/refunds/',
    'Section: partial-refunds',
    'Search query: partial refund',
    'Page: ' + SITE + 'docs/billing/refunds/#partial-refunds',
    'Category: Urgent issue',
    'Marker: docs-feedback',
    '',
    description,
  ].join('\n');
  const expected = MAILTO + encodeURIComponent(subject) + '&body=' + encodeURIComponent(body.replace(/\n/g, '\r\n'));
  check(href === expected, `submit link\n  got:      ${href}\n  expected: ${expected}`);
  const parsed = new URL(href);
  check(parsed.searchParams.get('subject') === subject, 'subject round-trips');
  check(parsed.searchParams.get('body') === body.replace(/\n/g, '\r\n'), 'body round-trips');

  // 5. "This is my problem too" on an open ticket leads to its page and the +1.
  await page.fill('#nt-subject', 'PDF export times out');
  const mine = page.locator('#nt-suggest-list li.nt-sug-ticket', { hasText: '#4101' });
  await mine.waitFor();
  await mine.locator('a.nt-too').click();
  await page.waitForURL(/\/tickets\/4101\/#plus-one$/);
  const plusOne = await page.getAttribute('#plus-one a', 'href');
  const plusBody = new URL(plusOne).searchParams.get('body');
  check(plusOne.startsWith(MAILTO + encodeURIComponent('+1: #4101 ')), `+1 link: ${plusOne}`);
  check(plusBody.includes('Affects ticket: 4101\r\n') && plusBody.includes('Marker: affects-me\r\n'), `+1 body: ${plusBody}`);

  // 6. "Yes" on another page: a thank-you in place, no navigation.
  await page.goto(base + 'docs/integrations/api-keys/');
  await page.click('.feedback-widget .fb-yes');
  check(await page.locator('.feedback-widget .fb-thanks').isVisible(), 'thank-you shown');
  check(await page.locator('.feedback-widget .fb-answers').isHidden(), 'buttons gone');
  check(new URL(page.url()).pathname.endsWith('/docs/integrations/api-keys/'), 'stayed on the page');

  // 7. The search page gets the widget too; "No" carries the query.
  await page.goto(base + 'search/?q=credit%20note');
  await page.waitForSelector('[data-feedback="search"] .fb-no');
  await page.click('[data-feedback="search"] .fb-no');
  await page.waitForURL(/\/new\/\?/);
  await page.waitForFunction(() => /credit note/.test(document.getElementById('nt-context').textContent));
  check(await page.inputValue('#nt-subject') === '', 'the subject is left empty');
  check((await page.textContent('#nt-context')).includes('You searched for “credit note”'), 'the query is shown as context');

  // 8. Hostile text in the URL is shown as typed and never runs.
  const hostile = '<img src=x onerror=window.__pwned=1>';
  await page.goto(base + 'new/?q=' + encodeURIComponent(hostile) + '&page=' + encodeURIComponent('javascript:alert(1)') + '&section=' + encodeURIComponent('<b>x</b>'));
  await page.waitForFunction(() => !document.getElementById('nt-context').hidden);
  const shown = await page.textContent('#nt-context');
  check(shown.includes(hostile), `the query is shown as text: ${JSON.stringify(shown)}`);
  check(await page.inputValue('#nt-subject') === '', 'the subject stays empty');
  check(await page.locator('main img, main b').count() === 0, 'no element was created from the URL');
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__pwned) === undefined, 'window.__pwned stays undefined');
  await page.fill('#nt-subject', 'x');
  const hostileHref = await sent();
  check(!hostileHref.includes('javascript'), `an unsafe page is dropped: ${hostileHref}`);
  check(new URL(hostileHref).searchParams.get('body').startsWith('Search query: ' + hostile + '\r\n'), 'the query travels encoded');
  // Browsers ask for /favicon.ico on their own; the site has none.
  const real = missing.filter((u) => !u.endsWith('/favicon.ico'));
  check(real.length === 0, `no missing files: ${real.join(', ')}`);
  check(errors.filter((e) => !/status of 404/.test(e)).length === 0, `no page errors: ${errors.join('; ')}`);
});
