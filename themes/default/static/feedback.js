// Porchlight feedback flow: "Did this answer your question? Yes / No" on doc pages and the
// search page, and the new-ticket page (new/). No dependencies, no build step.
//
// The submit link is built exactly as src/render/intake.rs builds it at build time (that file
// is the reference, with unit tests): fields made single-line and capped at data-max
// characters, encodeURIComponent, CRLF line breaks in mailto bodies, the same context lines in
// the same order. The line keys come from the page (data-keys, written from the Rust
// constants in src/model/intake_context.rs), so they are spelled in one place.
//
// Everything read from the URL (page, section, query) is untrusted. It is capped, made
// single-line, and only ever put into the page with textContent / input values, never as HTML.
//
// Words: tr() takes them from the page's JSON data block (src/i18n/script.rs), else the
// English written here.
(function () {
  'use strict';
  var WORDS = JSON.parse((document.getElementById('porchlight-strings') || {}).textContent || '{}');
  function tr(key, en, a) {
    var m = WORDS[key] || en, n = a && a[m.$ || 'count'];
    if (typeof m !== 'string') m = m['=' + n] || m[new Intl.PluralRules(document.documentElement.lang || 'en').select(n)] || m['*'] || m.other;
    return m.replace(/\{(\w+)\}/g, function (_, v) { return a[v]; }); }

  var html = document.documentElement;
  var root = html.getAttribute('data-root') || '';
  var NEW_URL = 'new/';

  // ---- text rules shared with src/render/intake.rs ----

  // Rust's char::is_control (Unicode Cc) and White_Space, so trimming matches `str::trim`.
  var CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
  var WS = '[\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
  var TRIM_START = new RegExp('^' + WS + '+');
  var TRIM_END = new RegExp(WS + '+$');

  // Lone surrogates cannot be encoded (encodeURIComponent throws); Rust strings cannot hold
  // them at all, so they become U+FFFD like String.prototype.toWellFormed does.
  function wellFormed(s) {
    return String(s == null ? '' : s).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g, function (m, pre) {
      return (pre || '') + '\uFFFD';
    });
  }

  function take(s, max) {
    var cps = Array.from(s);
    return cps.length > max ? cps.slice(0, max).join('') : s;
  }

  function singleLine(s, max) {
    return take(wellFormed(s).replace(CONTROL, ' ').replace(TRIM_START, '').replace(TRIM_END, ''), max);
  }

  function multiLine(s, max) {
    var t = wellFormed(s).replace(/\r\n/g, '\n').replace(/\r/g, '\n')
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
    return take(t, max).replace(TRIM_END, '');
  }

  function enc(s) {
    return encodeURIComponent(wellFormed(s));
  }

  function param(params, name, max) {
    return singleLine(params.get(name) || '', max);
  }

  // A site-relative page path we are willing to link to and name: no scheme, no "..".
  function safePage(p) {
    if (!/^[A-Za-z0-9._~\/-]*$/.test(p) || p.charAt(0) === '/' || /(^|\/)\.\.?(\/|$)/.test(p)) return '';
    return p;
  }

  function ping(el, page, answer) {
    var url = el.getAttribute('data-counter');
    if (!url || !navigator.sendBeacon) return;
    try {
      navigator.sendBeacon(url, new URLSearchParams({ page: page, answer: answer }));
    } catch (e) { /* a failed ping must not break the page */ }
  }

  function goNew(params) {
    var q = [];
    Object.keys(params).forEach(function (k) {
      if (params[k]) q.push(k + '=' + enc(params[k]));
    });
    location.href = root + NEW_URL + (q.length ? '?' + q.join('&') : '');
  }

  // ---- "Did this answer your question?" on doc pages ----

  function headingIds(scope) {
    return Array.prototype.slice.call(scope.querySelectorAll('h2[id], h3[id], h4[id]'));
  }

  // Which section "No" names: the one the reader last opened (a link to one of its headings,
  // such as the table of contents, or the URL's #anchor) or last stayed on while scrolling.
  // "Stayed on" means the page rested for DWELL ms with the reading line (READ of the way down
  // the window) inside one section, not within EDGE px of a heading. The nearest heading at
  // the moment of the click is not used: the click comes after scrolling down to the button,
  // and what is nearest then depends on the window's size. When unsure (the reading line near
  // a heading, below the article, or the page scrolled to its very end) the last answer
  // stands; above the first heading there is none. Returns a function giving the anchor or ''.
  var DWELL = 1000, READ = 0.25, EDGE = 24;
  function sectionTracker(text) {
    var heads = headingIds(text);
    var ids = heads.map(function (h) { return h.id; });
    var current = '';
    var picked = false; // an anchor was just opened: the scroll that follows is its own
    var pickedY = null;
    var timer = 0;

    function fromHash() {
      var h = '';
      try { h = decodeURIComponent(location.hash.slice(1)); } catch (e) { h = ''; }
      return ids.indexOf(h) >= 0 ? h : '';
    }

    // The section under the reading line, '' above the first heading, null when unsure.
    function atReadingLine() {
      var vh = window.innerHeight;
      var end = document.documentElement.scrollHeight - vh;
      if (end > 0 && window.scrollY >= end - 2) return null;
      var line = vh * READ;
      var found = '';
      for (var i = 0; i < heads.length; i++) {
        var top = heads[i].getBoundingClientRect().top;
        if (Math.abs(top - line) < EDGE) return null;
        if (top < line) found = ids[i];
      }
      if (found && text.getBoundingClientRect().bottom < line + EDGE) return null;
      return found;
    }

    function settled() {
      timer = 0;
      if (picked) { picked = false; pickedY = window.scrollY; return; }
      // Not moved since an anchor was opened: the jump decided, not the reading line.
      if (pickedY !== null && Math.abs(window.scrollY - pickedY) < 2) return;
      pickedY = null;
      var s = atReadingLine();
      if (s !== null) current = s;
    }

    function wait() {
      clearTimeout(timer);
      timer = setTimeout(settled, DWELL);
    }

    function pick(id) {
      if (ids.indexOf(id) < 0) return;
      current = id;
      picked = true;
      wait();
    }

    current = fromHash();
    if (current) picked = true;
    window.addEventListener('scroll', wait, { passive: true });
    window.addEventListener('hashchange', function () { pick(fromHash()); });
    // A link to the heading already in the URL changes no hash; count the click itself.
    document.addEventListener('click', function (ev) {
      var a = ev.target.closest && ev.target.closest('a[href^="#"]');
      if (!a) return;
      var id = '';
      try { id = decodeURIComponent(a.getAttribute('href').slice(1)); } catch (e) { id = ''; }
      pick(id);
    });
    wait();
    return function () { return current; };
  }

  // What the reader searched for: ?q= on this page, or the search page they came from.
  function searchQuery() {
    var q = new URLSearchParams(location.search).get('q');
    if (q) return q;
    try {
      var r = new URL(document.referrer);
      if (r.origin === location.origin && /\/search\/$/.test(r.pathname)) return r.searchParams.get('q') || '';
    } catch (e) { /* no or odd referrer */ }
    return '';
  }

  function initDocWidget(w) {
    var yes = w.querySelector('.fb-yes');
    var no = w.querySelector('.fb-no');
    var answers = w.querySelector('.fb-answers');
    var thanks = w.querySelector('.fb-thanks');
    var page = safePage(w.getAttribute('data-page') || '');
    var text = document.querySelector('article.doc .text');
    var section = text ? sectionTracker(text) : function () { return ''; };
    if (yes) {
      yes.hidden = false;
      yes.addEventListener('click', function () {
        answers.hidden = true;
        thanks.hidden = false;
        ping(w, page, 'yes');
      });
    }
    if (no) {
      no.addEventListener('click', function (ev) {
        ev.preventDefault();
        ping(w, page, 'no');
        goNew({ page: page, section: section(), q: searchQuery() });
      });
    }
  }

  // The search page: search.html has <p data-feedback-hook="search"> ("No results? Ask us");
  // the widget goes just before it, outside it, because search.js rewrites the links inside.
  function initSearchWidget(hook) {
    var w = document.createElement('aside');
    w.className = 'feedback-widget';
    w.setAttribute('data-feedback', 'search');
    var counter = document.querySelector('[data-feedback="doc"][data-counter]');
    var qEl = document.createElement('p');
    qEl.className = 'fb-question';
    qEl.textContent = tr('doc-feedback-question', 'Did this answer your question?');
    var answers = document.createElement('p');
    answers.className = 'fb-answers';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'fb-yes secondary';
    yes.textContent = tr('doc-feedback-yes', 'Yes');
    var no = document.createElement('button');
    no.type = 'button';
    no.className = 'fb-no secondary';
    no.textContent = tr('doc-feedback-no', 'No');
    answers.appendChild(yes);
    answers.appendChild(document.createTextNode(' '));
    answers.appendChild(no);
    var thanks = document.createElement('p');
    thanks.className = 'fb-thanks';
    thanks.setAttribute('role', 'status');
    thanks.hidden = true;
    thanks.textContent = tr('doc-feedback-thanks', 'Thank you! Glad it helped.');
    w.appendChild(qEl);
    w.appendChild(answers);
    w.appendChild(thanks);
    if (counter) w.setAttribute('data-counter', counter.getAttribute('data-counter'));
    hook.parentNode.insertBefore(w, hook);
    function query() {
      var q = new URLSearchParams(location.search).get('q');
      var input = document.getElementById('search-page-q');
      return q || (input && input.value) || '';
    }
    yes.addEventListener('click', function () {
      answers.hidden = true;
      thanks.hidden = false;
      ping(w, 'search/', 'yes');
    });
    no.addEventListener('click', function () {
      ping(w, 'search/', 'no');
      goNew({ page: 'search/', q: query() });
    });
  }

  // ---- the new-ticket page ----

  var STOP = ' the and for are but not you your with this that from have has was were what when how why can cant does doesnt dont did into our out its any all too very there their about just get got use using able still ';

  function fold(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }

  // Chinese, Japanese and Korean letters after folding: search.js's CJK_CLASS.
  var CJK_RUN = new RegExp('([\\u1100-\\u11FF\\u3005-\\u3007\\u3040-\\u30FF\\u3130-\\u318F\\u31F0-\\u31FF\\u3400-\\u4DBF' +
    '\\u4E00-\\u9FFF\\uA960-\\uA97F\\uAC00-\\uD7FF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}]+)', 'u');

  // Words of three letters or more, not common English ones; a run of CJK letters (no spaces
  // between their words) as its pairs of letters, as the search index cuts it.
  function words(s) {
    var out = [];
    (fold(s).replace(/['\u2019]/g, '').match(/[\p{L}\p{N}]+/gu) || []).forEach(function (run) {
      run.split(CJK_RUN).forEach(function (w, i) {
        if (i % 2) {
          var c = Array.from(w.normalize('NFC'));
          if (c.length === 1) out.push(c[0]);
          for (var k = 0; k + 1 < c.length; k++) out.push(c[k] + c[k + 1]);
        } else if (w.length >= 3 && STOP.indexOf(' ' + w + ' ') < 0) {
          out.push(w);
        }
      });
    });
    return out;
  }

  // A query word matches a page word when one starts with the other ("refund" ~ "refunds",
  // "invoic" ~ "invoice"); short words only match exactly.
  function hits(qw, pageWords) {
    for (var i = 0; i < pageWords.length; i++) {
      var w = pageWords[i];
      if (w === qw) return true;
      if (qw.length >= 4 && w.indexOf(qw) === 0) return true;
      if (w.length >= 4 && qw.indexOf(w) === 0) return true;
    }
    return false;
  }

  function score(qws, fields) {
    var total = 0, matched = 0;
    qws.forEach(function (qw) {
      var best = 0;
      fields.forEach(function (f) {
        if (f[1] > best && hits(qw, f[0])) best = f[1];
      });
      if (best) matched++;
      total += best;
    });
    // Half the words at least, so one common word does not drag in every page.
    return matched * 2 >= qws.length ? total : 0;
  }

  function initNewTicket(form) {
    var params = new URLSearchParams(location.search);
    var max = parseInt(form.getAttribute('data-max'), 10) || 2000;
    var marker = form.getAttribute('data-marker') || 'docs-feedback';
    var baseUrl = form.getAttribute('data-base-url') || '';
    var kind = form.getAttribute('data-kind') || '';
    var keys = {};
    try { keys = JSON.parse(form.getAttribute('data-keys') || '{}'); } catch (e) { keys = {}; }
    var subject = document.getElementById('nt-subject');
    var description = document.getElementById('nt-description');
    var submit = document.getElementById('nt-submit');
    var ctxEl = document.getElementById('nt-context');
    var sugBox = document.getElementById('nt-suggest');
    var sugList = document.getElementById('nt-suggest-list');

    var page = safePage(param(params, 'page', max));
    var section = param(params, 'section', max).replace(/^#/, '');
    var query = param(params, 'q', max);
    var docPage = page.indexOf('docs/') === 0 ? page : '';
    // A section only means something on a doc page.
    if (!docPage) section = '';

    function absolute(p) {
      if (/^https?:\/\//.test(baseUrl)) return baseUrl + p;
      try { return new URL(root + p, location.href).href; } catch (e) { return p; }
    }
    // The page the reader came from; a function, as the section may be dropped once
    // suggest.json says it is not a heading of the page.
    function pageUrl() {
      if (!page) return '';
      var u = absolute(page);
      if (docPage && section) u += '#' + enc(section);
      if (!docPage && query) u += '?q=' + enc(query);
      return u;
    }

    var cat = param(params, 'category', max);
    // The radios may belong to another (empty) form so that they are not sent without
    // JavaScript; they are still inside this one on the page.
    var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="category"]'));
    radios.forEach(function (r) { if (cat && r.value === cat) r.checked = true; });
    // The query stays context (shown above the form), not the subject: a search query is
    // rarely a good subject, and a prefilled one tends to be sent as it is.

    // Where the reader came from, shown as text: the doc's title and the heading's text, once
    // new/suggest.json has them (the URL only carries the anchor).
    var title = '', heading = '';
    function showContext() {
      var parts = [];
      var about = { page: title || docPage, section: heading };
      if (docPage && heading) parts.push(tr('script-context-page-section', 'About the page “{page}”, section “{section}”', about));
      else if (docPage) parts.push(tr('script-context-page', 'About the page “{page}”', about));
      if (query) parts.push(tr('script-context-query', 'You searched for “{q}”', { q: query }));
      if (!parts.length) { ctxEl.hidden = true; return; }
      ctxEl.textContent = parts.join(' · ') + '.';
      ctxEl.hidden = false;
    }
    showContext();

    function category() {
      for (var i = 0; i < radios.length; i++) if (radios[i].checked) return radios[i].value;
      return '';
    }

    function body() {
      var lines = [];
      function line(k, v) {
        v = singleLine(v, max);
        if (v) lines.push(k + ': ' + v);
      }
      line(keys.doc_page, docPage);
      line(keys.section, section);
      line(keys.query, query);
      line(keys.page, pageUrl());
      line(keys.category, category());
      line(keys.marker, marker);
      return lines.join('\n') + '\n\n' + multiLine(description.value, max);
    }

    function setHidden(name, value) {
      var el = form.querySelector('input[type="hidden"][name="' + name + '"]');
      if (el) el.value = value;
    }

    // The link that files the ticket, as Intake::link builds it.
    function link() {
      var b = body();
      if (form.getAttribute('data-crlf') === '1') b = b.replace(/\n/g, '\r\n');
      return form.getAttribute('data-prefix') + enc(singleLine(subject.value, max)) +
        form.getAttribute('data-middle') + enc(b) + form.getAttribute('data-suffix');
    }

    function update() {
      if (kind !== 'form') return;
      setHidden('page', singleLine(docPage, max));
      setHidden('section', singleLine(section, max));
      setHidden('query', singleLine(query, max));
      setHidden('page_url', singleLine(pageUrl(), max));
      setHidden('body', body());
    }

    // ---- "Is it one of these?" ----
    var data = null, loading = false;
    function load(then) {
      if (data || loading) { if (data) then(); return; }
      loading = true;
      fetch(root + NEW_URL + 'suggest.json', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          data = j || { docs: [], tickets: [] };
          data.docs.forEach(function (d) {
            d.fields = [[words(d.t), 3], [words(d.h.join(' ')), 2], [words(d.d), 1]];
            if (docPage && d.u === docPage) {
              title = d.t;
              var at = (d.a || []).indexOf(section);
              // An anchor that is not a heading of the page is dropped rather than guessed.
              if (at >= 0) heading = d.h[at];
              else section = '';
              update();
              showContext();
            }
          });
          data.tickets.forEach(function (t) { t.fields = [[words(t.t), 3]]; });
          then();
        })
        .catch(function () { data = { docs: [], tickets: [] }; });
    }

    function item(text, href, extra) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
      if (extra) li.appendChild(extra);
      return li;
    }

    function suggest() {
      var qws = words(subject.value);
      while (sugList.firstChild) sugList.removeChild(sugList.firstChild);
      if (!qws.length || !data) { sugBox.hidden = true; return; }
      var found = [];
      data.docs.forEach(function (d) {
        // Not the page the reader just said did not answer their question.
        if (docPage && d.u === docPage) return;
        var s = score(qws, d.fields);
        if (s) found.push({ s: s, doc: d });
      });
      data.tickets.forEach(function (t) {
        var s = score(qws, t.fields);
        if (s) found.push({ s: s, ticket: t });
      });
      found.sort(function (a, b) { return b.s - a.s; });
      // Docs first (the answer may already be written), then open tickets; three of each.
      var docs = found.filter(function (f) { return f.doc; }).slice(0, 3);
      var tickets = found.filter(function (f) { return f.ticket; }).slice(0, 3);
      docs.concat(tickets).forEach(function (f) {
        if (f.doc) {
          var li = item(f.doc.t, root + f.doc.u);
          li.className = 'nt-sug-doc';
          if (f.doc.d) {
            var p = document.createElement('span');
            p.className = 'nt-sug-desc';
            p.textContent = f.doc.d;
            li.appendChild(p);
          }
          sugList.appendChild(li);
        } else {
          var t = f.ticket;
          var too = document.createElement('a');
          too.className = 'nt-too';
          too.href = root + t.u + '#plus-one';
          too.textContent = tr('script-too', 'This is my problem too');
          var stage = document.createElement('span');
          stage.className = 'badge';
          stage.textContent = t.s;
          var li2 = item('#' + t.id + ' ' + t.t, root + t.u);
          li2.className = 'nt-sug-ticket';
          li2.appendChild(document.createTextNode(' '));
          li2.appendChild(stage);
          li2.appendChild(document.createTextNode(' '));
          li2.appendChild(too);
          sugList.appendChild(li2);
        }
      });
      sugBox.hidden = !sugList.firstChild;
    }

    var timer = 0;
    subject.addEventListener('input', function () {
      update();
      clearTimeout(timer);
      timer = setTimeout(function () { load(suggest); }, 120);
    });
    description.addEventListener('input', update);
    radios.forEach(function (r) { r.addEventListener('change', update); });
    // The button and Enter in Subject both come here. A form posts itself (with the fields
    // update() filled in); every other kind opens the link with everything typed. Nothing
    // here reloads the page, so nothing typed is lost.
    function send(ev) {
      update();
      if (kind === 'form') return;
      ev.preventDefault();
      if (!form.hasAttribute('data-prefix')) return;
      if (!singleLine(subject.value, max)) {
        subject.focus();
        subject.setCustomValidity(tr('script-need-subject', 'Please write a subject.'));
        subject.reportValidity();
        subject.addEventListener('input', function () { subject.setCustomValidity(''); }, { once: true });
        return;
      }
      location.href = link();
    }
    form.addEventListener('submit', send);
    // Without a form action (a tracker on plain http:) the button is type="button".
    if (submit && submit.type === 'button') submit.addEventListener('click', send);
    update();
    load(function () { suggest(); });
  }

  function init() {
    document.querySelectorAll('[data-feedback="doc"]').forEach(initDocWidget);
    document.querySelectorAll('[data-feedback-hook="search"]').forEach(initSearchWidget);
    var form = document.getElementById('nt-form');
    if (form) initNewTicket(form);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
