// The new-ticket page (new/) with and without JavaScript: no key press loses what was typed,
// the section is named by its heading's text, and the categories are compact on a phone.
// Run by tests/new_ticket_browser.rs: node tests/browser/new_ticket.mjs <base-url>
import { scenario, watchNavigations } from './harness.mjs';

// The default site's intake (porchlight.toml): kind = "email", support@example.com.
const SUBJECT = 'Refund to an expired card & what then? 😀';
const DESCRIPTION = 'The card expired in October.\nWhat happens to the refund?';

// What the browser itself makes of the no-JavaScript form (HTML "mail with headers": the
// fields form-urlencoded, line breaks as CRLF). Chromium writes spaces as "+" (the HTML
// standard and Firefox say %20); a typed "+" is %2B, so every character is carried.
const NOJS_MAILTO = 'mailto:support@example.com?subject=Refund+to+an+expired+card+%26+what+then%3F+%F0%9F%98%80' +
  '&body=The+card+expired+in+October.%0D%0AWhat+happens+to+the+refund%3F';

const NOJS_NOTE = 'Without JavaScript, your e-mail program opens with your subject and description only. ' +
  'Please add the kind of request and the page you came from to the message.';

async function waitFor(cond, what) {
  for (let i = 0; i < 100; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for ' + what);
}

await scenario('the new-ticket page keeps what was typed, with and without JavaScript', async ({ page, base, check, errors }) => {
  // ---- 1. Without JavaScript (in a page of its own) ----
  const nojs = await page.context().newPage();
  const cdp = await page.context().newCDPSession(nojs);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  const went = await watchNavigations(nojs);
  await nojs.goto(base + 'new/');
  check(await nojs.textContent('#nt-nojs') === NOJS_NOTE, `the page says what is sent: ${JSON.stringify(await nojs.textContent('#nt-nojs'))}`);
  check(await nojs.textContent('#nt-address') === 'support@example.com', 'the address is shown as text');
  await nojs.fill('#nt-subject', SUBJECT);
  await nojs.fill('#nt-description', DESCRIPTION);
  await nojs.press('#nt-subject', 'Enter');
  await waitFor(() => went.some((u) => u.startsWith('mailto:')), 'the mailto: navigation');
  const sent = went.filter((u) => u.startsWith('mailto:'));
  check(sent.length === 1 && sent[0] === NOJS_MAILTO, `Enter opens the mail with the typed text\n  got:      ${sent.join(' | ')}\n  expected: ${NOJS_MAILTO}`);
  const fields = new URLSearchParams(sent[0].slice(sent[0].indexOf('?') + 1));
  check(fields.get('subject') === SUBJECT && fields.get('body') === DESCRIPTION.replace(/\n/g, '\r\n'), `the mail carries exactly what was typed: ${JSON.stringify([...fields])}`);
  check(new URL(nojs.url()).pathname.endsWith('/new/') && new URL(nojs.url()).search === '', `the page did not reload: ${nojs.url()}`);
  check(await nojs.inputValue('#nt-subject') === SUBJECT, 'the subject is still there');
  check(await nojs.inputValue('#nt-description') === DESCRIPTION, 'the description is still there');
  // The button does the same.
  went.length = 0;
  await nojs.click('#nt-submit');
  await waitFor(() => went.some((u) => u.startsWith('mailto:')), 'the mailto: from the button');
  check(went.filter((u) => u.startsWith('mailto:'))[0] === NOJS_MAILTO, `the button sends the same: ${went.join(' | ')}`);
  // Enter with an empty subject goes nowhere (the field is required) and keeps the description.
  went.length = 0;
  await nojs.fill('#nt-subject', '');
  await nojs.press('#nt-subject', 'Enter');
  await nojs.waitForTimeout(300);
  check(went.length === 0, `an empty subject sends nothing: ${went.join(' | ')}`);
  check(await nojs.inputValue('#nt-description') === DESCRIPTION, 'the description is kept');
  await nojs.close();

  // ---- 2. With JavaScript: the section by its heading's text, Enter sends everything ----
  const nav = await watchNavigations(page);
  await page.goto(base + 'new/?page=docs%2Fbilling%2Frefunds%2F&section=card-payments');
  await page.waitForFunction(() => /Refunds and credit notes/.test(document.getElementById('nt-context').textContent));
  const context = await page.textContent('#nt-context');
  check(context === 'About the page “Refunds and credit notes”, section “Card payments”.', `the banner names the heading: ${JSON.stringify(context)}`);
  check(await page.locator('#nt-nojs').count() === 0 || !(await page.locator('#nt-nojs').isVisible()), 'the no-JavaScript note is not shown');
  await page.click('label[for="nt-cat-2"]');
  check(await page.isChecked('input[name="category"][value="Urgent issue"]'), 'a click on the name picks the category');
  check(await page.textContent('#nt-cat-2-about') === 'We answer within 1 business hour. Something that stops your business right now: you cannot sign in, invoices or payments fail.',
    'the chosen category shows its promise and hint');
  check(await page.locator('#nt-cat-2-about').isVisible() && !(await page.locator('#nt-cat-1-about').isVisible()), 'only the chosen promise shows');
  await page.fill('#nt-subject', SUBJECT);
  await page.fill('#nt-description', DESCRIPTION);
  await page.press('#nt-subject', 'Enter');
  await waitFor(() => nav.some((u) => u.startsWith('mailto:')), 'the mailto: navigation with JavaScript');
  const body = [
    'Documentation page: docs/billing/refunds/',
    'Section: card-payments',
    'Page: https://support.example.com/docs/billing/refunds/#card-payments',
    'Category: Urgent issue',
    'Marker: docs-feedback',
    '',
    DESCRIPTION.replace(/\n/g, '\r\n'),
  ].join('\r\n');
  const expected = 'mailto:support@example.com?subject=' + encodeURIComponent(SUBJECT) + '&body=' + encodeURIComponent(body);
  const got = nav.filter((u) => u.startsWith('mailto:'));
  check(got.length === 1 && got[0] === expected, `Enter opens the full ticket\n  got:      ${got.join(' | ')}\n  expected: ${expected}`);
  check(new URL(page.url()).search === '?page=docs%2Fbilling%2Frefunds%2F&section=card-payments', `no reload: ${page.url()}`);
  check(await page.inputValue('#nt-subject') === SUBJECT && await page.inputValue('#nt-description') === DESCRIPTION, 'the typed text stays');
  // A blank subject: Enter asks for one instead of sending.
  nav.length = 0;
  await page.fill('#nt-subject', '   ');
  await page.press('#nt-subject', 'Enter');
  await page.waitForTimeout(300);
  check(nav.length === 0, `a blank subject sends nothing: ${nav.join(' | ')}`);
  check(await page.evaluate(() => document.getElementById('nt-subject').validationMessage) === 'Please write a subject.', 'it asks for a subject');
  check(await page.inputValue('#nt-description') === DESCRIPTION, 'the description stays');

  // An anchor that is not a heading of the page is dropped, from the banner and the ticket.
  nav.length = 0;
  await page.goto(base + 'new/?page=docs%2Fbilling%2Frefunds%2F&section=%3Cb%3Enot-a-heading');
  await page.waitForFunction(() => /Refunds and credit notes/.test(document.getElementById('nt-context').textContent));
  check(await page.textContent('#nt-context') === 'About the page “Refunds and credit notes”.', `an unknown section is not shown: ${await page.textContent('#nt-context')}`);
  await page.fill('#nt-subject', 'x');
  await page.press('#nt-subject', 'Enter');
  await waitFor(() => nav.some((u) => u.startsWith('mailto:')), 'the mailto: navigation');
  const sentBody = new URL(nav.find((u) => u.startsWith('mailto:'))).searchParams.get('body');
  check(!sentBody.includes('Section:') && !sentBody.includes('not-a-heading'), `no section is sent: ${JSON.stringify(sentBody)}`);
  check(errors.length === 0, `no page errors: ${errors.join('; ')}`);
});

await scenario('the categories take little room on a phone', async ({ page, base, check }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + 'new/');
  // The height with each category chosen (the chosen one's promise and hint show below).
  const heights = [];
  for (let i = 1; i <= 5; i++) {
    await page.click(`label[for="nt-cat-${i}"]`);
    heights.push(Math.round(await page.evaluate(() => document.querySelector('.nt-categories').getBoundingClientRect().height)));
  }
  // The old layout (one block per category with its promise and hint) measured 578 px here.
  console.log(`categories at 390 px: ${heights.join(', ')} px high`);
  check(Math.max(...heights) <= 300, `the categories are compact at 390 px: ${heights.join(', ')} px`);
  await page.click('label[for="nt-cat-1"]');
  // Every category can still be picked by keyboard, and its promise is read with it.
  await page.focus('#nt-cat-1');
  await page.keyboard.press('ArrowRight');
  check(await page.isChecked('#nt-cat-2'), 'arrow keys move between categories');
  const described = await page.evaluate(() => document.getElementById('nt-cat-2').getAttribute('aria-describedby'));
  check(described === 'nt-cat-2-about', 'the promise describes its radio');
});

// "No" on a doc page names the section the reader last opened or stayed on, the same at every
// window size, and none when that is unsure.
await scenario('"No" sends the section last read, the same at 1280 and 390 px', async ({ page, base, check, errors }) => {
  const DOC = base + 'docs/billing/refunds/';
  async function sentSection() {
    await page.click('.feedback-widget .fb-no');
    await page.waitForURL(/\/new\/\?/);
    return new URL(page.url()).searchParams.get('section');
  }
  // Puts a heading `at` of the way down the window, as a reader scrolling would.
  async function headingAt(id, at) {
    await page.evaluate(([id, at]) => {
      const h = document.getElementById(id);
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - window.innerHeight * at);
    }, [id, at]);
  }
  const toBottom = () => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const read = () => page.waitForTimeout(1400);
  for (const [width, height] of [[1280, 720], [390, 844]]) {
    await page.setViewportSize({ width, height });
    // Straight to the button from the top: nothing was read, no section.
    await page.goto(DOC);
    let s = await sentSection();
    check(s === null, `${width} px: from the top no section is sent, got ${s}`);
    // Stayed on "Card payments", then scrolled down to the button.
    await page.goto(DOC);
    await headingAt('card-payments', 0.15);
    await read();
    await toBottom();
    s = await sentSection();
    check(s === 'card-payments', `${width} px: the section read is sent, got ${s}`);
    // Opened "Credit note numbers" from "On this page", then went to the button.
    await page.goto(DOC);
    await page.click('nav.toc a[href="#credit-note-numbers"]');
    await toBottom();
    s = await sentSection();
    check(s === 'credit-note-numbers', `${width} px: the section opened is sent, got ${s}`);
    // Opened one, then scrolled back and stayed on another: the last one counts.
    await page.goto(DOC);
    await page.click('nav.toc a[href="#credit-note-numbers"]');
    await read();
    await headingAt('partial-refunds', 0.15);
    await read();
    await toBottom();
    s = await sentSection();
    check(s === 'partial-refunds', `${width} px: the section read last is sent, got ${s}`);
    // Stayed with a heading right on the reading line: unsure, so none.
    await page.goto(DOC);
    await headingAt('refund-the-payment', 0.25);
    await read();
    await toBottom();
    s = await sentSection();
    check(s === null, `${width} px: unsure sends none, got ${s}`);
  }
  check(errors.length === 0, `no page errors: ${errors.join('; ')}`);
});
