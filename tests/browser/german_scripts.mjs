// A German site (default_language = "de"): the scripts speak German too. Their words come from
// the page's JSON data block (src/i18n/script.rs), plural forms picked by Intl.PluralRules.
import { scenario } from './harness.mjs';

scenario('the scripts of a German site write German', async ({ page, base, check }) => {
  // 1. The header box's live results: count, hint and the link to all results.
  await page.goto(base);
  check(await page.getAttribute('html', 'lang') === 'de', 'the page is German');
  await page.fill('#site-search-q', 'invoice');
  await page.waitForSelector('.site-search-live li a');
  const live = await page.textContent('.site-search-live-status');
  check(/^\d+ Ergebnisse?\. Mit den Pfeiltasten wählen Sie eines aus\.$/.test(live), `live status: ${JSON.stringify(live)}`);
  const all = await page.locator('#site-search-opt-all').textContent();
  check(/^(Das 1 Ergebnis|Alle \d+ Ergebnisse) ansehen$/.test(all), `last option: ${JSON.stringify(all)}`);
  check(await page.getAttribute('#site-search-listbox', 'aria-label') === 'Suchvorschläge', 'the list is named in German');

  // 2. The search page: status line, result labels, title.
  await page.goto(base + 'search/?q=' + encodeURIComponent(process.env.QUERY));
  await page.waitForSelector('#search-results .search-result');
  const status = await page.textContent('#search-status');
  check(status === process.env.STATUS, `status ${JSON.stringify(status)}, want ${JSON.stringify(process.env.STATUS)}`);
  const kinds = await page.locator('#search-results .search-result-kind').allTextContents();
  check(kinds.every((k) => k === 'Artikel' || k.startsWith('Ticket · ')), `labels: ${JSON.stringify(kinds)}`);
  check(await page.title() === 'Suche: ' + process.env.QUERY, `title: ${await page.title()}`);

  // 3. The stage filter lists the German stage names, and filtering by one still works.
  await page.goto(base + 'search/?q=invoice');
  await page.waitForSelector('#search-results .search-result');
  const stages = await page.locator('#search-stage option').allTextContents();
  check(stages.includes('In Bearbeitung') || stages.some((s) => /[äöüß]|Eingegangen|Geschlossen/.test(s)), `stage options: ${JSON.stringify(stages)}`);
  const pick = await page.locator('#search-stage option').nth(1).getAttribute('value');
  await page.selectOption('#search-stage', pick);
  await page.waitForFunction((want) => {
    const k = [...document.querySelectorAll('#search-results .search-result-kind')];
    return k.length > 0 && k.every((e) => e.textContent === 'Ticket · ' + want);
  }, pick).catch(() => {});
  const filtered = await page.locator('#search-results .search-result-kind').allTextContents();
  const none = await page.textContent('#search-status');
  check(filtered.every((k) => k === 'Ticket · ' + pick) && (filtered.length > 0 || none.startsWith('Keine Ergebnisse')),
    `filtered by ${pick}: ${JSON.stringify(filtered)} / ${JSON.stringify(none)}`);

  // 4. No results.
  await page.goto(base + 'search/?q=zzqxv');
  await page.waitForFunction(() => /„zzqxv“/.test(document.querySelector('#search-status').textContent));
  check(await page.textContent('#search-status') === 'Keine Ergebnisse für „zzqxv“.', 'no results, in German');

  // 5. Find my ticket: a number with no public page.
  await page.goto(base + 'tickets/find/?id=999999');
  await page.waitForFunction(() => /999999/.test(document.querySelector('.find-result').textContent) && !/Wir suchen/.test(document.querySelector('.find-result').textContent));
  const found = await page.textContent('.find-result');
  check(found === 'Es gibt kein öffentliches Ticket #999999.', `find: ${JSON.stringify(found)}`);

  // 6. The new-ticket page: context line and the empty subject's message.
  await page.goto(base + 'new/?q=Rechnung');
  await page.waitForSelector('#nt-context:not([hidden])');
  const context = await page.textContent('#nt-context');
  check(context === 'Ihre Suche: „Rechnung“.', `context: ${JSON.stringify(context)}`);
  // A blank subject passes `required`; the script asks for one.
  await page.fill('#nt-subject', '   ');
  await page.press('#nt-subject', 'Enter');
  const msg = await page.evaluate(() => document.getElementById('nt-subject').validationMessage);
  check(msg === 'Bitte geben Sie einen Betreff ein.', `subject message: ${JSON.stringify(msg)}`);

  // 7. A search index that cannot be loaded: the reason is German too.
  await page.route('**/search/meta.bin*', (r) => r.fulfill({ status: 404, body: '' }));
  await page.goto(base + 'search/?q=invoice');
  await page.waitForFunction(() => /nicht verfügbar/.test(document.querySelector('#search-status').textContent));
  const failed = await page.textContent('#search-status');
  check(failed === 'Die Suche ist nicht verfügbar: meta.bin konnte nicht geladen werden (HTTP 404)', `unavailable: ${JSON.stringify(failed)}`);
  await page.unroute('**/search/meta.bin*');
});
