// Issue 18, lists and home: ticket lists newest first by opening date, the no-JS filter lists
// (open, closed, each stage), "Find my ticket" with and without JavaScript, and a home page
// whose docs start on the first screen of a phone.
// Run by tests/lists_browser.rs: node tests/browser/lists.mjs <base-url>
import { scenario } from './harness.mjs';

const text = async (page, sel) => ((await page.locator(sel).first().innerText()) || '').replace(/\s+/g, ' ').trim();
const ids = (page) => page.locator('main .cards .tid').allInnerTexts();

scenario('a customer finds a ticket by number and lists tickets by stage', async ({ page, base, check }) => {
  // 1. All tickets, newest opened first: HD-311 (30 Oct) after #4125 (19 Nov) and before
  //    #4110 (27 Oct), HD-298 (1 Oct) between #4107 (2 Oct) and #4119 (29 Sep).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + 'tickets/');
  const all = await ids(page);
  check(all.slice(0, 3).join(' ') === '#4111 #4117 #4125', `newest first: ${all.join(' ')}`);
  const at = (id) => all.indexOf(id);
  check(at('#4125') < at('#HD-311') && at('#HD-311') < at('#4110'), `HD-311 by its date: ${all.join(' ')}`);
  check(at('#4107') + 1 === at('#HD-298') && at('#HD-298') + 1 === at('#4119'), `HD-298 by its date: ${all.join(' ')}`);
  check(all.at(-1) === '#4103', `oldest last: ${all.join(' ')}`);

  // 2. The filter nav: a stage's own list, marked as the current one.
  check(await page.locator('nav.list-filter a[aria-current="page"]').innerText() === 'All tickets', 'All tickets is current on tickets/');
  await page.locator('nav.list-filter a', { hasText: 'In progress' }).click();
  check(page.url() === base + 'tickets/stage/in-progress/', `stage list URL: ${page.url()}`);
  check(await text(page, 'main h1') === 'Tickets: In progress', `stage heading: ${await text(page, 'main h1')}`);
  check(await page.locator('nav.list-filter a[aria-current="page"]').innerText() === 'In progress', 'the stage is current');
  const badges = await page.locator('main .cards .badge[class*="stage-"]').allInnerTexts();
  check(badges.length > 0 && badges.every((b) => b === 'In progress'), `only In progress cards: ${badges.join(', ')}`);
  await page.locator('nav.list-filter a', { hasText: 'Won\'t fix' }).click();
  const wontfix = await ids(page);
  check(wontfix.join(' ') === '#4115', `Won't fix list: ${wontfix.join(' ')}`);
  check(await text(page, 'main h1 + p') === '1 ticket at this stage, newest first.', `stage lead: ${await text(page, 'main h1 + p')}`);
  // The open and closed lists hold every ticket once, each newest first.
  await page.locator('nav.list-filter a', { hasText: 'All open' }).click();
  const open = await ids(page);
  await page.goto(base + 'tickets/closed/');
  const closed = await ids(page);
  check(open.length + closed.length === all.length && closed.join(' ') === '#4116 #4124 #HD-298 #4106 #4114 #4123 #4115 #4103',
    `open ${open.join(' ')} / closed ${closed.join(' ')}`);
  check(open.join(' ') === all.filter((id) => !closed.includes(id)).join(' '), `open in list order: ${open.join(' ')}`);

  // 3. Find my ticket, with JavaScript: straight to the page, or one plain sentence.
  await page.goto(base);
  check(await text(page, 'label[for="home-find"]') === 'Find my ticket', 'the label is visible text');
  const find = async (typed) => {
    await page.fill('#home-find', typed);
    await page.locator('#home-find ~ button').click();
  };
  await find('4125');
  await page.waitForURL(base + 'tickets/4125/');
  await page.goto(base);
  await find(' #4125 ');
  await page.waitForURL(base + 'tickets/4125/');
  await page.goto(base);
  await find('hd-311');
  await page.waitForURL(base + 'tickets/HD-311/');
  await page.goto(base);
  await find('HD-999');
  // "Looking for …" shows while the server is asked: wait for the answer itself.
  const answered = (id) => page.waitForFunction((id) => {
    const t = document.querySelector('#home-find ~ .find-result').textContent;
    return t.startsWith('No') && t.includes(id);
  }, id);
  await answered('HD-999');
  check(await text(page, '#home-find ~ .find-result') === 'No public ticket HD-999.', `unknown: ${await text(page, '#home-find ~ .find-result')}`);
  // #4128 exists but is private: the same answer as a number that never existed.
  await find('4128');
  await answered('4128');
  check(await text(page, '#home-find ~ .find-result') === 'No public ticket #4128.', `private: ${await text(page, '#home-find ~ .find-result')}`);
  await find('4999');
  await answered('4999');
  check(await text(page, '#home-find ~ .find-result') === 'No public ticket #4999.', `never existed: ${await text(page, '#home-find ~ .find-result')}`);
  check(page.url() === base, `stays on home: ${page.url()}`);

  // 4. Home on a phone: search and Find my ticket first, the docs on the first screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base);
  check(await page.locator('main h1').innerText() === 'How can we help?', 'the H1 is not the brand');
  const top = async (sel) => (await page.locator(sel).first().boundingBox()).y;
  check(await top('#home-search-q') < await top('#home-find'), 'search, then find');
  check(await top('#home-find') < await top('#open-h'), 'find, then open tickets by stage');
  check(await top('#open-h') < await top('#docs-h'), 'stages, then docs');
  const docs = await top('#docs-h');
  check(docs < 844, `docs heading at ${docs}px, within the first 844px screen`);
  const firstDoc = await top('.doc-sections a');
  check(firstDoc < 844, `first doc link at ${firstDoc}px`);
  const stages = await page.locator('.stage-counts a').allInnerTexts();
  check(stages.map((s) => s.replace(/\s+/g, ' ')).join(' | ') === 'Received 2 | Under review 4 | Confirmed 5 | In progress 4 | Fix in testing 4',
    `stage counts: ${stages.join(' | ')}`);
  await page.locator('.stage-counts a', { hasText: 'Under review' }).click();
  check(page.url() === base + 'tickets/stage/under-review/', `stage link: ${page.url()}`);
  check((await ids(page)).join(' ') === '#4109 #4112 #4122 #4121', `under review: ${(await ids(page)).join(' ')}`);

  // 5. Without JavaScript: the filters are plain links, the find box a plain form.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.goto(base + 'tickets/');
  await page.locator('nav.list-filter a', { hasText: 'All closed' }).click();
  check(page.url() === base + 'tickets/closed/', `closed list: ${page.url()}`);
  check(await text(page, 'main h1') === 'Closed tickets', 'closed heading');
  await page.fill('#list-find', 'HD-311');
  await page.locator('#list-find ~ button').click();
  await page.waitForURL(base + 'tickets/find/?id=HD-311');
  check(await text(page, 'main h1') === 'Find my ticket', 'the no-JS find page');
  const how = await text(page, 'main h1 + p');
  check(how === 'Each public ticket has its own page: the address of this site, then tickets/, then the ticket number. Ticket 42 is at https://support.example.com/tickets/42/, ticket HD-7 at https://support.example.com/tickets/HD-7/. Type the number as it stands in our e-mails, without the #.',
    `how addresses are made: ${how}`);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
  // The same page with JavaScript answers the number it was sent.
  await page.goto(base + 'tickets/find/?id=HD-311');
  await page.waitForURL(base + 'tickets/HD-311/');
});
