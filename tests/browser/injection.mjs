// Injection, as a customer's browser meets it: every page of a site built from hostile ticket
// text, docs and config is loaded (plus the search and new-ticket pages with hostile query
// strings, and a missing page). Run by tests/hardening_browser.rs, which passes the pages in
// INJECTION_PAGES (one path per line, relative to the base URL).
//
// Pass 1: the page's Content-Security-Policy in force. No injected global, no dialog, no CSP
//         violation in the console (a violation means live markup reached the DOM and only the
//         policy stopped it), no live javascript:/data: URL, event handler or foreign element.
// Pass 2: the CSP meta tag stripped from every HTML response, so the sanitiser alone is proven.
// A control page with a real inline script must be caught: blocked in pass 1, detected in pass 2.
import { scenario } from './harness.mjs';

const pages = (process.env.INJECTION_PAGES || '').split('\n').filter((p) => p !== '');
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/i;

/** What is wrong with the live DOM of the current page (and its frames). */
async function inspect(page) {
  const found = [];
  for (const frame of page.frames()) {
    let r;
    try {
      r = await frame.evaluate(() => {
        const bad = [];
        for (const k of Object.getOwnPropertyNames(window)) {
          if (k.startsWith('__pwned')) bad.push(`global ${k} is set`);
        }
        const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcset', 'ping', 'codebase', 'cite'];
        for (const el of document.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase();
          for (const a of el.attributes) {
            const name = a.name.toLowerCase();
            if (name.startsWith('on')) bad.push(`<${tag} ${name}=${JSON.stringify(a.value).slice(0, 80)}>`);
            if (name === 'srcdoc') bad.push(`<${tag} srcdoc>`);
            if (urlAttrs.includes(name)) {
              // What the browser would resolve: control characters and spaces do not stop it.
              const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
              if (/^(javascript|vbscript|data|livescript):/.test(v)) bad.push(`<${tag} ${name}=${JSON.stringify(a.value).slice(0, 80)}>`);
            }
            if (name === 'style' && /javascript:|expression\(|url\(/i.test(a.value)) bad.push(`<${tag} style=${JSON.stringify(a.value).slice(0, 80)}>`);
          }
          if (['iframe', 'frame', 'object', 'embed', 'base', 'applet', 'portal'].includes(tag)) bad.push(`<${tag}> element`);
          if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push('<meta http-equiv=refresh>');
          if (tag === 'script') {
            const src = el.getAttribute('src') || '';
            if (!/^(\/|(\.\.\/)*)static\/[a-z-]+\.js$/.test(src)) bad.push(`<script src=${JSON.stringify(src)}> (inline or foreign)`);
          }
          if (tag === 'link' && !['stylesheet', 'alternate', 'canonical', 'icon'].includes((el.getAttribute('rel') || '').toLowerCase())) {
            bad.push(`<link rel=${el.getAttribute('rel')}>`);
          }
        }
        return bad;
      });
    } catch (e) {
      r = [`frame ${frame.url()} could not be inspected: ${e}`];
    }
    found.push(...r);
  }
  return found;
}

/** Loads `path`, pokes it like a person would (hover, focus, type), returns what went wrong. */
async function visit(page, base, path, dialogs, cspViolations, blockedRequests) {
  const d0 = dialogs.length;
  const c0 = cspViolations.length;
  const b0 = blockedRequests.length;
  const problems = [];
  const resp = await page.goto(base + path, { waitUntil: 'load' });
  if (!resp) problems.push('no response');
  await page.waitForLoadState('networkidle').catch(() => {});
  // Hover handlers, autofocus handlers and toggle handlers get their chance.
  await page.mouse.move(5, 5);
  await page.mouse.move(300, 300, { steps: 5 });
  await page.keyboard.press('Tab');
  // Live search results and new-ticket suggestions render ticket subjects: make them appear.
  if (await page.locator('#site-search-q').count()) {
    await page.fill('#site-search-q', 'pwnedword');
    await page.waitForTimeout(400);
  }
  if (await page.locator('#nt-subject').count()) {
    await page.fill('#nt-subject', 'pwnedword script');
    await page.waitForTimeout(400);
  }
  await page.waitForTimeout(200);
  problems.push(...(await inspect(page)));
  if (dialogs.length > d0) problems.push(`dialog(s) opened: ${dialogs.slice(d0).join(', ')}`);
  if (cspViolations.length > c0) problems.push(`CSP violation(s): ${cspViolations.slice(c0).map((m) => m.slice(0, 160)).join(' | ')}`);
  if (blockedRequests.length > b0) problems.push(`request(s) to other origins: ${blockedRequests.slice(b0).join(', ')}`);
  return problems;
}

async function run(pass, { page, base, check }) {
  const dialogs = [];
  const cspViolations = [];
  const blockedRequests = [];
  const origin = new URL(base).origin;
  page.on('dialog', (d) => { dialogs.push(`${d.type()}(${JSON.stringify(d.message())})`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(origin + '/')) {
      // Nothing on the site may load from elsewhere (an injected https: image or frame).
      blockedRequests.push(url.slice(0, 100));
      return route.abort();
    }
    if (pass === 'csp') return route.continue();
    const resp = await route.fetch();
    const type = resp.headers()['content-type'] || '';
    if (!type.startsWith('text/html')) return route.fulfill({ response: resp });
    const body = (await resp.text()).replace(CSP_META, '<!-- CSP removed by the test -->');
    return route.fulfill({ response: resp, body });
  });

  // The control page must be caught, or the checks below prove nothing.
  const control = await visit(page, base, '__control/', dialogs, cspViolations, blockedRequests);
  if (pass === 'csp') {
    check(control.some((p) => p.startsWith('CSP violation')), `control: the CSP did not block its inline script: ${JSON.stringify(control)}`);
    check(!control.some((p) => p.includes('global __pwned_control')), `control: the inline script ran despite the CSP`);
  } else {
    check(control.some((p) => p.includes('global __pwned_control is set')), `control: the injected global was not detected: ${JSON.stringify(control)}`);
    check(control.some((p) => p.startsWith('dialog')), `control: the alert was not detected: ${JSON.stringify(control)}`);
  }

  check(pages.length > 10, `too few pages to visit: ${JSON.stringify(pages)}`);
  const failures = [];
  for (const p of pages) {
    const problems = await visit(page, base, p, dialogs, cspViolations, blockedRequests);
    if (problems.length) failures.push(`${p}:\n    ${[...new Set(problems)].join('\n    ')}`);
  }
  // The hostile text is still shown, as text (nothing was silently dropped).
  await page.goto(base + 'tickets/101/');
  const body = await page.textContent('main');
  check(body.includes('<script>window.__pwned_subject101=1</script>'), 'the hostile subject is shown as text on its ticket page');
  check(failures.length === 0, `${pass}: ${failures.length} page(s) with live injected markup:\n  ${failures.join('\n  ')}`);
  console.log(`${pass}: ${pages.length} pages clean (control caught)`);
}

await scenario('no injected script runs with the site CSP in force', (ctx) => run('csp', ctx));
if (!process.exitCode) {
  await scenario('no injected script runs even with the CSP removed (the sanitiser alone)', (ctx) => run('no-csp', ctx));
}
