// A German customer on a German site: the words around the tickets are German, dates read the
// German way, and search understands German word forms and typos.
import { scenario } from './harness.mjs';

const text = async (page, sel) => (await page.locator(sel).first().innerText()).replace(/\s+/g, ' ').trim();

scenario('a German customer reads and searches in German', async ({ page, base, check }) => {
  // Home: German UI, German language tag.
  await page.goto(base);
  check(await page.getAttribute('html', 'lang') === 'de', 'html lang is de');
  check(await text(page, 'main h1') === 'Wie können wir Ihnen helfen?', `home H1: ${await text(page, 'main h1')}`);
  check(await text(page, 'nav[aria-label="Hauptnavigation"] .contact') === 'Support kontaktieren', 'contact link in German');
  check(await text(page, 'label[for="home-find"]') === 'Mein Ticket finden', 'find box label');

  // A ticket page: German facts and a German date, the ticket's own text as written.
  await page.goto(base + 'tickets/501/');
  check(await text(page, '.turn') === 'Nächster Schritt: Wir arbeiten daran.', `next step: ${await text(page, '.turn')}`);
  const latest = await text(page, '.latest .note-meta');
  check(latest === 'Kunde · 20. November 2026, 09:30 Uhr UTC', `latest update: ${latest}`);
  check((await text(page, '.progress')).includes('Lösung im Test'), 'progress steps in German');
  check((await text(page, '.timeline')).includes('Gibt es schon Neuigkeiten?'), 'ticket text as written');

  // The ticket list and a doc.
  await page.goto(base + 'tickets/');
  check(await text(page, 'main h1') === 'Alle Tickets', `list H1: ${await text(page, 'main h1')}`);
  await page.goto(base + 'docs/rechnungen/erstellen/');
  check(await text(page, '.updated') === 'Zuletzt aktualisiert am 20. Juli 2026', `doc date: ${await text(page, '.updated')}`);
  check(await text(page, '#fb-q') === 'Hat das Ihre Frage beantwortet?', 'feedback question');

  // Search: the plural finds the article about "Rechnung" first; a typo still finds it.
  const first = async (q) => {
    await page.goto(base + 'search/?q=' + encodeURIComponent(q));
    await page.waitForSelector('#search-results .search-result');
    return page.locator('#search-results .search-result-title a').allTextContents();
  };
  let titles = await first('Rechnungen');
  check(titles[0] === 'Eine Rechnung erstellen und versenden', `"Rechnungen": ${JSON.stringify(titles)}`);
  titles = await first('Rechnugen');
  check(titles.includes('Eine Rechnung erstellen und versenden'), `typo "Rechnugen": ${JSON.stringify(titles)}`);
  titles = await first('Erstattung Karte');
  check(titles[0] === 'Gutschriften und Erstattungen', `"Erstattung Karte": ${JSON.stringify(titles)}`);
  check(await text(page, 'main h1') === 'Suche', 'search page H1');

  // The promise sentence of a ticket with a severity is German.
  await page.goto(base + 'tickets/501/');
  const promise = await text(page, '.promises');
  check(promise.includes('Erste Antwort'), `promise: ${promise}`);

  // The language picker leads to the same page in English: the page around the ticket is
  // English, the ticket's text is as written.
  await page.locator('nav.languages a[hreflang="en"]').click();
  await page.waitForURL(base + 'en/tickets/501/');
  check(await page.getAttribute('html', 'lang') === 'en', 'html lang is en after the picker');
  check((await text(page, '.turn')).startsWith('Next step'), `English next step: ${await text(page, '.turn')}`);
  check((await text(page, '.timeline')).includes('Gibt es schon Neuigkeiten?'), 'ticket text as written in English part');
  // And back: the German link of the English page leads to the German page.
  await page.locator('nav.languages a[hreflang="de"]').click();
  await page.waitForURL(base + 'tickets/501/');
  check(await page.getAttribute('html', 'lang') === 'de', 'back in German');

  // A translated doc: the picker leads to its English version.
  await page.goto(base + 'docs/rechnungen/erstellen/');
  await page.locator('nav.languages a[hreflang="en"]').click();
  await page.waitForURL(base + 'en/docs/rechnungen/erstellen/');
  check(await text(page, 'main h1') === 'Creating and sending an invoice', `English doc: ${await text(page, 'main h1')}`);
  // English search finds the English doc.
  await page.goto(base + 'en/search/?q=' + encodeURIComponent('invoices'));
  await page.waitForSelector('#search-results .search-result');
  const en = await page.locator('#search-results .search-result-title a').allTextContents();
  check(en[0] === 'Creating and sending an invoice', `English search: ${JSON.stringify(en)}`);
});
