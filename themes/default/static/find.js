// "Find my ticket": takes the typed number straight to the ticket's page, or says plainly
// that there is no public ticket of that number. Without this script the form goes to
// tickets/find/, which says how ticket addresses are made.
//
// PRIVACY: the answer comes from asking the server for tickets/ID/ (HEAD). A private ticket
// has no page, exactly like a number that never existed, so both get the same sentence, and
// no list of numbers (public or private) is shipped.
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
  var root = document.documentElement.getAttribute('data-root') || '';
  // Folders beside the ticket pages: a list, not a ticket (model::urls::TICKET_FOLDERS; the
  // gate publishes no ticket of these ids, in any case).
  var lists = ['page', 'open', 'closed', 'stage', 'find'];

  // "#4125", " 4125 ", "HD-311" → the id as it stands in the page address.
  function clean(raw) {
    return raw.trim().replace(/^#\s*/, '');
  }

  // Ticket ids in addresses: letters, digits, ".", "_", "-", at most 64, no leading dot
  // (privacy::safe_id).
  function plausible(id) {
    return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(id);
  }

  function url(id) {
    return root + 'tickets/' + id + '/';
  }

  // true: a page; false: none; null: the server could not be asked (a file:// copy).
  function exists(id) {
    return fetch(url(id), { method: 'HEAD', cache: 'no-store' }).then(
      function (r) { return r.ok; },
      function () { return null; }
    );
  }

  function say(form, text) {
    var out = form.querySelector('.find-result');
    if (out) out.textContent = text;
  }

  function find(form, raw) {
    var id = clean(raw);
    if (!id) {
      say(form, tr('script-find-empty', 'Type your ticket number, for example 4125.'));
      return;
    }
    var none = tr('script-find-none', 'No public ticket {ticket}.', { ticket: /^[0-9]+$/.test(id) ? '#' + id : id });
    if (!plausible(id)) {
      say(form, none);
      return;
    }
    // Text ids are usually upper case ("hd-311" typed for "HD-311").
    var tries = [id];
    if (id.toUpperCase() !== id) tries.push(id.toUpperCase());
    tries = tries.filter(function (t) { return lists.indexOf(t.toLowerCase()) < 0; });
    say(form, tr('script-find-looking', 'Looking for {ticket}…', { ticket: id }));
    (function next(i) {
      if (i >= tries.length) {
        say(form, none);
        return;
      }
      exists(tries[i]).then(function (ok) {
        // A page, or no server to ask: go there (a missing page shows the 404 page).
        if (ok !== false) location.href = url(tries[i]);
        else next(i + 1);
      });
    })(0);
  }

  var forms = document.querySelectorAll('form.find-ticket');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      find(form, form.elements.id.value);
    });
  });
  // tickets/find/?id=… (the form sent before this script ran): answer it here.
  var asked = new URLSearchParams(location.search).get('id');
  if (asked !== null && forms.length > 0) {
    forms[0].elements.id.value = asked;
    find(forms[0], asked);
  }
})();
