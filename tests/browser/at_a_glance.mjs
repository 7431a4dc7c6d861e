// Issue 18 as a customer sees it: a way to reach us from every page, and a ticket page that
// answers "what now?" (latest update, whose turn, update order, the progress bar on a phone,
// "Still happening?", the fix in plain words, how long it took).
// Run by tests/at_a_glance_browser.rs: node tests/browser/at_a_glance.mjs <base-url>
import { scenario } from './harness.mjs';

const text = async (page, sel) => ((await page.locator(sel).first().innerText()) || '').replace(/\s+/g, ' ').trim();

scenario('a customer finds how to reach us and where a ticket stands', async ({ page, base, check }) => {
  // 1. "Contact support" in the header of every page kind, and in the body of home, ticket and 404.
  for (const path of ['', 'tickets/', 'tickets/4101/', 'docs/', 'docs/billing/refunds/', 'search/', 'new/', '404.html']) {
    await page.goto(base + path);
    const a = page.locator('header.site-header nav a.contact');
    check(await a.count() === 1, `${path || 'home'}: one header contact link`);
    check(await a.textContent() === 'Contact support', `${path || 'home'}: header link text`);
    const href = new URL(await a.evaluate((e) => e.href));
    check(href.pathname === '/new/', `${path || 'home'}: header link goes to new/, got ${href}`);
  }
  for (const path of ['', 'tickets/4101/', '404.html']) {
    await page.goto(base + path);
    const t = await text(page, 'main .contact-cta');
    check(/Contact support$/.test(t), `${path || 'home'}: contact in the page body: ${t}`);
    check(await page.locator('main .contact-cta a').getAttribute('href').then((h) => h.endsWith('new/')), `${path || 'home'}: body link to new/`);
  }
  // E-mail intake: the address is text beside the mail button.
  await page.goto(base + 'new/');
  check(await text(page, '.nt-address') === 'or write to support@example.com', `address text: ${await text(page, '.nt-address')}`);
  // The form never submits to new/ itself (that would reload it empty): it goes to the mail.
  const action = await page.locator('#nt-form').getAttribute('action');
  check(action === 'mailto:support@example.com', `new/'s form goes to the mail: ${action}`);

  // 2. #4109: the team asked last, Under review → waiting for the customer; latest update on top.
  await page.goto(base + 'tickets/4109/');
  check(await text(page, '.turn') === 'Next step: We are waiting for your answer.', `turn: ${await text(page, '.turn')}`);
  check(await text(page, '.latest h2') === 'Latest update', 'latest heading');
  check(await text(page, '.latest .note-meta') === 'Support team · 19 November 2026, 11:30 UTC', `latest meta: ${await text(page, '.latest .note-meta')}`);
  const latestTop = await page.locator('.latest').boundingBox();
  const updatesTop = await page.locator('#updates').boundingBox();
  check(latestTop.y < 500 && latestTop.y < updatesTop.y, `latest block at the top (${latestTop.y}, updates at ${updatesTop.y})`);
  // Its link leads to the newest note, which is listed first.
  const link = await page.locator('.latest a').getAttribute('href');
  const ids = await page.locator('.timeline > li').evaluateAll((ls) => ls.map((l) => l.id));
  check(link === '#' + ids[0], `latest links to the first listed note: ${link} vs ${ids}`);
  check(JSON.stringify(ids) === JSON.stringify([...ids].sort().reverse()), `newest first: ${ids}`);
  check(await text(page, '.order') === 'Newest first. Read oldest first', `order line: ${await text(page, '.order')}`);
  // No JavaScript needed: the link reverses the list with CSS.
  await page.click('text=Read oldest first');
  const ys = await page.locator('.timeline > li').evaluateAll((ls) => ls.map((l) => [l.id, l.getBoundingClientRect().top]));
  const shown = [...ys].sort((a, b) => a[1] - b[1]).map((x) => x[0]);
  check(shown[0] === 'note-1' && shown[shown.length - 1] === ids[0], `oldest first on screen: ${shown}`);
  check(await text(page, '.order') === 'Oldest first. Read newest first', `order line after: ${await text(page, '.order')}`);

  await page.goto(base + 'tickets/4101/');
  check(await text(page, '.turn') === 'Next step: We are working on it.', `4101 turn: ${await text(page, '.turn')}`);
  check(await text(page, '#plus-one-h') === 'Does this affect you too?', '4101 keeps +1');
  check(await text(page, '#plus-one .button') === '+1, this affects me', '4101 +1 button');

  // Released: "Still happening? Tell us" files a new ticket naming this one; fix in plain words.
  await page.goto(base + 'tickets/4106/');
  check(await text(page, '#plus-one .button') === 'Still happening? Tell us', `4106 button: ${await text(page, '#plus-one .button')}`);
  const mail = await page.locator('#plus-one .button').getAttribute('href');
  const q = new URL(mail.replace('mailto:', 'http://x/')).searchParams;
  check(q.get('subject').startsWith('Still happening: #4106 '), `subject: ${q.get('subject')}`);
  check(q.get('body').includes('Affects ticket: 4106\r\n'), `body names the ticket: ${q.get('body')}`);
  const fix = await page.locator('dt:text-is("Where the fix is") + dd').textContent();
  check(fix === 'Available to everyone', `4106 fix: ${fix}`);
  await page.goto(base + 'tickets/4105/');
  check(await page.locator('dt:text-is("Where the fix is") + dd').textContent() === 'Being tested', '4105 fix in words');
  // Closed: how long it took.
  await page.goto(base + 'tickets/4103/');
  check(await page.locator('dt:text-is("Resolution took") + dd').textContent() === '20 hours', '4103 resolution time');
  check(await text(page, '#plus-one .button') === 'Still happening? Tell us', '4103 still happening');

  // On a phone every step of the progress bar is on screen, with nothing to scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + 'tickets/4101/');
  const bar = await page.locator('.progress').evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, ox: getComputedStyle(e).overflowX }));
  check(bar.sw <= bar.cw && bar.ox === 'visible', `progress fits: ${JSON.stringify(bar)}`);
  const steps = await page.locator('.progress li').evaluateAll((ls) => ls.map((l) => { const r = l.getBoundingClientRect(); return [l.textContent, r.left >= 0 && r.right <= innerWidth]; }));
  check(steps.length === 7 && steps.every((s) => s[1]), `every step inside 390 px: ${JSON.stringify(steps)}`);
  check(steps.map((s) => s[0]).join('|') === 'Received|Under review|Confirmed|In progress|Fix in testing|Released|Closed', `steps: ${steps.map((s) => s[0])}`);
});
