// Porchlight search client. No dependencies, no build step.
//
// Reads the sharded index that `porchlight build` writes under search/ (layout: src/search/build.rs):
// meta.bin first, then only the postings chunk of each query word (w/N.bin), the typo word
// lists when a word is unknown (v/fN.bin, v/rN.bin), and the excerpt bundles (p/N.bin) of the
// results it shows; the search page also reads the stage of every page (s.bin, one byte each)
// for its stage filter and result labels. Every file is gzip; DecompressionStream inflates it.
//
// Query words are split and folded exactly like src/search/analyze.rs does, minus stemming:
// the index maps every word form it saw to its stem, so no stemmer is needed here. Chinese,
// Japanese and Korean text becomes overlapping character bigrams there and here alike.
//
// Everything taken from the index or the URL is put into the page with textContent and
// createElement, never as HTML.
//
// Words: tr(key, English, values) takes them from the page's JSON data block (src/i18n/script.rs
// says why a data block), else the English written here; plural forms as objects, picked by
// Intl.PluralRules of <html lang>.
(function () {
  'use strict';
  var WORDS = JSON.parse((document.getElementById('porchlight-strings') || {}).textContent || '{}');
  function tr(key, en, a) {
    var m = WORDS[key] || en, n = a && a[m.$ || 'count'];
    if (typeof m !== 'string') m = m['=' + n] || m[new Intl.PluralRules(document.documentElement.lang || 'en').select(n)] || m['*'] || m.other;
    return m.replace(/\{(\w+)\}/g, function (_, v) { return a[v]; }); }

  var FORMAT = 3;
  var PREFIX_WEIGHT = 0.6; // completions of the last word rank below exact words
  var TYPO_WEIGHT = 0.5; // corrections rank below both
  // A doc's score × (1 + DOC_LEAD_BOOST · c²), c = share of the query's words in its title or
  // description, a word only in its headings counting HEADING_LEAD_SHARE (reader.rs says why).
  var DOC_LEAD_BOOST = 1.4;
  var HEADING_LEAD_SHARE = 0.5;
  var MIN_PREFIX = 3; // shorter prefixes would match half the index
  var MIN_TYPO = 5; // one edit allowed from this length on
  var MAX_QUERY = 200;
  var PAGE_SIZE = 10;
  var LIVE_SIZE = 6;
  var FEW_RESULTS = 3; // fewer results than this show "No results? Ask us" on the search page
  var FALLBACK_SUFFIXES = ['ingly', 'ing', 'edly', 'ed', 'es', 's', 'ly', 'ment', 'ness', 'ation', 'ions', 'ion', 'er'];
  // Chinese, Japanese and Korean letters as folding leaves them (Hangul in jamo): the ranges of
  // is_cjk in analyze.rs.
  var CJK_CLASS = '[\\u1100-\\u11FF\\u3005-\\u3007\\u3040-\\u30FF\\u3130-\\u318F\\u31F0-\\u31FF\\u3400-\\u4DBF' +
    '\\u4E00-\\u9FFF\\uA960-\\uA97F\\uAC00-\\uD7FF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}]';
  var CJK_SPLIT = new RegExp('(' + CJK_CLASS + '+)', 'u');
  var CJK_FIRST = new RegExp('^' + CJK_CLASS, 'u');
  var RUN = /[\p{Alphabetic}\p{N}]+/gu;

  var html = document.documentElement;
  var root = html.dataset.root || '';
  var base = root + 'search/';

  // ---- text analysis (mirror of analyze.rs) ----

  function fold(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }

  function isCjk(word) {
    return CJK_FIRST.test(word);
  }

  // A run of CJK letters as analyze.rs indexes it: NFC (Hangul syllables again), then
  // overlapping bigrams; a single letter stands for itself.
  function bigrams(run) {
    var c = chars(run.normalize('NFC'));
    if (c.length < 2) return c;
    var out = [];
    for (var i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
    return out;
  }

  function words(text) {
    var out = [];
    (fold(text).replace(/['\u2019\u02BC]/g, '').match(RUN) || []).forEach(function (run) {
      // split() with a group alternates: other letters, CJK run, other letters, …
      run.split(CJK_SPLIT).forEach(function (part, i) {
        if (i % 2) out.push.apply(out, bigrams(part));
        else if (part) out.push(part);
      });
    });
    return out;
  }

  function chars(s) {
    return Array.from(s);
  }

  // Code-point order, as Rust sorts strings (JS `<` compares UTF-16 units).
  function cmp(a, b) {
    if (a === b) return 0;
    var x = chars(a), y = chars(b), n = Math.min(x.length, y.length);
    for (var i = 0; i < n; i++) {
      var p = x[i].codePointAt(0), q = y[i].codePointAt(0);
      if (p !== q) return p < q ? -1 : 1;
    }
    return x.length - y.length;
  }

  // Index of the file whose range holds key: the last first-key <= key.
  function fileFor(firsts, key) {
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(firsts[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  // At most one insertion, deletion, substitution or swap of neighbours.
  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var p = 0;
    while (p < la && p < lb && a[p] === b[p]) p++;
    if (p === la && p === lb) return true;
    var sa = a.slice(p), sb = b.slice(p);
    if (la === lb) {
      return sa.slice(1).join('') === sb.slice(1).join('') ||
        (sa.length >= 2 && sa[0] === sb[1] && sa[1] === sb[0] && sa.slice(2).join('') === sb.slice(2).join(''));
    }
    if (la > lb) return sa.slice(1).join('') === sb.join('');
    return sa.join('') === sb.slice(1).join('');
  }

  // ---- fetching ----

  var files = new Map(); // path -> Promise<Uint8Array>
  var metaPromise = null;
  var tag = '';

  function inflate(buf) {
    var bytes = new Uint8Array(buf);
    // A host may already have removed the gzip layer (Content-Encoding); check the magic.
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function fetchFile(path) {
    if (!files.has(path)) {
      var url = base + path + (tag ? '?v=' + tag : '');
      var p = fetch(url, tag ? {} : { cache: 'no-cache' }).then(function (r) {
        if (!r.ok) throw new Error(tr('script-error-http', '{file} could not be loaded (HTTP {status})', { file: path, status: r.status }));
        return r.arrayBuffer();
      }).then(inflate);
      p.catch(function () { files.delete(path); });
      files.set(path, p);
    }
    return files.get(path);
  }

  function loadMeta() {
    if (!metaPromise) {
      if (typeof DecompressionStream === 'undefined') {
        metaPromise = Promise.reject(new Error(tr('script-error-browser', 'this browser cannot read the search index')));
      } else {
        metaPromise = fetchFile('meta.bin').then(function (b) {
          var m = JSON.parse(new TextDecoder().decode(b));
          if (m.format !== FORMAT) throw new Error(tr('script-error-format', 'the search index is from another version of this site; reload the page'));
          tag = m.tag;
          m.stopSet = new Set(m.stop);
          return m;
        });
        metaPromise.catch(function () { metaPromise = null; });
      }
    }
    return metaPromise;
  }

  // ---- postings chunks ----

  var chunks = new Map(); // index -> Promise<{keys: string[], entries: Map}>

  function decodeChunk(data) {
    var pos = 0;
    function varint() {
      var v = 0, mul = 1, b;
      do {
        if (pos >= data.length) throw new Error(tr('script-error-damaged', 'the search index is damaged'));
        b = data[pos++];
        v += (b & 0x7f) * mul;
        mul *= 128;
      } while (b & 0x80);
      return v;
    }
    var dec = new TextDecoder();
    var count = varint();
    var prev = new Uint8Array(0);
    var keys = [], entries = new Map();
    for (var i = 0; i < count; i++) {
      var shared = varint(), len = varint();
      var key = new Uint8Array(shared + len);
      key.set(prev.subarray(0, shared));
      key.set(data.subarray(pos, pos + len), shared);
      pos += len;
      prev = key;
      var head = varint();
      var n = Math.floor(head / 2);
      var pages = new Uint32Array(n), sections = new Uint32Array(n), scores = new Uint8Array(n);
      var page = 0;
      for (var j = 0; j < n; j++) {
        page += varint();
        pages[j] = page;
        sections[j] = varint();
        scores[j] = data[pos++];
      }
      var alias = null;
      if (head % 2 === 1) {
        var al = varint();
        alias = dec.decode(data.subarray(pos, pos + al));
        pos += al;
      }
      var k = dec.decode(key);
      keys.push(k);
      entries.set(k, { pages: pages, sections: sections, scores: scores, alias: alias });
    }
    return { keys: keys, entries: entries };
  }

  function chunk(i) {
    if (!chunks.has(i)) {
      chunks.set(i, fetchFile('w/' + i + '.bin').then(decodeChunk));
    }
    return chunks.get(i);
  }

  function loadedChunk(meta, key) {
    var i = fileFor(meta.chunks, key);
    return i >= 0 && chunks.has(i) ? chunks.get(i) : null;
  }

  // Postings of an exact key and of the stem it stands for. Resolves to [] when unknown.
  function exact(meta, key) {
    var i = fileFor(meta.chunks, key);
    if (i < 0) return Promise.resolve([]);
    return chunk(i).then(function (c) {
      var e = c.entries.get(key);
      if (!e) return [];
      var out = [{ e: e, key: key }];
      if (!e.alias) return out;
      var j = fileFor(meta.chunks, e.alias);
      if (j < 0) return out;
      return chunk(j).then(function (c2) {
        var s = c2.entries.get(e.alias);
        if (s) out.push({ e: s, key: e.alias });
        return out;
      });
    });
  }

  // Keys starting with prefix, from at most three chunks. Word forms count through their
  // stem only when the stem's chunk is loaded already: no extra round trip while typing.
  function prefixed(meta, prefix) {
    var first = Math.max(0, fileFor(meta.chunks, prefix));
    var wanted = [first];
    for (var i = first + 1; i < meta.chunks.length && i < first + 3; i++) {
      if (meta.chunks[i].lastIndexOf(prefix, 0) !== 0) break;
      wanted.push(i);
    }
    return Promise.all(wanted.map(chunk)).then(function (cs) {
      var out = [], aliases = [];
      cs.forEach(function (c) {
        c.keys.forEach(function (k) {
          if (k.lastIndexOf(prefix, 0) !== 0) return;
          var e = c.entries.get(k);
          if (e.pages.length) out.push({ e: e, key: k });
          if (e.alias) aliases.push(e.alias);
        });
      });
      var waits = aliases.map(function (a) {
        var lc = loadedChunk(meta, a);
        return lc ? lc.then(function (c) { var s = c.entries.get(a); if (s) out.push({ e: s, key: a }); }) : null;
      });
      return Promise.all(waits).then(function () { return out; });
    });
  }

  function typoCandidates(meta, word) {
    var cs = chars(word);
    var first = cs.slice(0, 2).join(''), last = cs.slice(-2).reverse().join('');
    var reqs = [];
    var fi = fileFor(meta.fwd, first), ri = fileFor(meta.rev, last);
    if (fi >= 0) reqs.push(fetchFile('v/f' + fi + '.bin'));
    if (ri >= 0) reqs.push(fetchFile('v/r' + ri + '.bin'));
    return Promise.all(reqs).then(function (lists) {
      var found = new Set();
      lists.forEach(function (b) {
        new TextDecoder().decode(b).split('\n').forEach(function (w) {
          if (w !== word && withinOneEdit(cs, chars(w))) found.add(w);
        });
      });
      return Array.from(found).sort(cmp).slice(0, 8);
    });
  }

  // Lists for one query word, each with a weight: exact forms, completions (last word),
  // a guessed stem for unseen forms, then one-edit corrections.
  function lookupWord(meta, word, isLast) {
    var len = chars(word).length;
    var weighted = [];
    function add(lists, w) {
      lists.forEach(function (l) { weighted.push({ e: l.e, key: l.key, w: w }); });
    }
    function nonEmpty() {
      return weighted.some(function (x) { return x.e.pages.length > 0; });
    }
    // A CJK bigram is found as it is: no completion, no guessed stem, no typo (one edit of two
    // letters is another word). A lone CJK letter also finds the bigrams it starts.
    if (isCjk(word)) {
      return exact(meta, word).then(function (l) {
        add(l, 1);
        if (len === 1) return prefixed(meta, word).then(function (p) { add(p, PREFIX_WEIGHT); });
      }).then(function () { return weighted; });
    }
    return exact(meta, word).then(function (l) {
      add(l, 1);
      if (isLast && len >= MIN_PREFIX) return prefixed(meta, word).then(function (p) { add(p, PREFIX_WEIGHT); });
    }).then(function () {
      if (nonEmpty()) return;
      var bases = [];
      FALLBACK_SUFFIXES.forEach(function (s) {
        if (word.length > s.length && word.slice(-s.length) === s) {
          var b = word.slice(0, -s.length);
          if (chars(b).length >= 3) bases.push(b);
        }
      });
      // Try guesses in order and keep the first that is known.
      return bases.reduce(function (p, b) {
        return p.then(function (done) {
          if (done) return true;
          return exact(meta, b).then(function (l) { add(l, 1); return nonEmpty(); });
        });
      }, Promise.resolve(false));
    }).then(function () {
      if (nonEmpty() || len < MIN_TYPO) return;
      return typoCandidates(meta, word).then(function (cands) {
        return Promise.all(cands.map(function (c) { return exact(meta, c); })).then(function (ls) {
          ls.forEach(function (l) { add(l, TYPO_WEIGHT); });
        });
      });
    }).then(function () { return weighted; });
  }

  function queryWords(meta, q) {
    var out = [];
    words(q.slice(0, MAX_QUERY)).forEach(function (w) {
      if (chars(w).length <= meta.max_word && !meta.stopSet.has(w) && out.indexOf(w) < 0) out.push(w);
    });
    return out.slice(0, 10);
  }

  // Ranks pages: more query words matched first, then summed BM25 (decoded from one byte).
  function search(q, prefixLast) {
    return loadMeta().then(function (meta) {
      var ws = queryWords(meta, q);
      return Promise.all(ws.map(function (w, i) {
        return lookupWord(meta, w, prefixLast && i === ws.length - 1);
      })).then(function (perWord) {
        var acc = new Map();
        var hitKeys = [];
        perWord.forEach(function (weighted, wi) {
          hitKeys.push(ws[wi]);
          var best = new Map();
          weighted.forEach(function (x) {
            if (x.e.pages.length) hitKeys.push(x.key);
            var e = x.e;
            for (var j = 0; j < e.pages.length; j++) {
              var s = Math.pow(e.scores[j] / 255, 2) * x.w;
              // The section varint is section * 4 + lead flags: 1 title or description, 2 heading.
              var b = best.get(e.pages[j]);
              if (!b) { b = { s: 0, sec: e.sections[j] >>> 2, lead: 0 }; best.set(e.pages[j], b); }
              if (s > b.s) { b.s = s; b.sec = e.sections[j] >>> 2; }
              b.lead |= e.sections[j] & 3;
            }
          });
          best.forEach(function (b, page) {
            var a = acc.get(page);
            if (!a) { a = { page: page, words: 0, leads: 0, score: 0, votes: new Map() }; acc.set(page, a); }
            a.words++;
            if (b.lead && page < meta.docs) a.leads += b.lead & 1 ? 1 : HEADING_LEAD_SHARE;
            a.score += b.s;
            a.votes.set(b.sec, (a.votes.get(b.sec) || 0) + 1);
          });
        });
        var hits = Array.from(acc.values());
        hits.forEach(function (h) {
          var c = h.leads / ws.length;
          h.score *= 1 + DOC_LEAD_BOOST * c * c;
          var sec = 0, n = 0;
          h.votes.forEach(function (v, s) { if (v > n || (v === n && s < sec)) { sec = s; n = v; } });
          h.section = sec;
        });
        hits.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.page - b.page; });
        return { meta: meta, words: ws, hits: hits, hitKeys: hitKeys };
      });
    });
  }

  // ---- page data ----

  var bundleStarts = null;

  function pageData(meta, page) {
    if (!bundleStarts) {
      bundleStarts = [];
      var s = 0;
      meta.bundles.forEach(function (n) { bundleStarts.push(s); s += n; });
    }
    var lo = 0, hi = bundleStarts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (bundleStarts[mid] <= page) lo = mid + 1; else hi = mid; }
    var b = lo - 1;
    return fetchFile('p/' + b + '.bin').then(function (bytes) {
      var all = JSON.parse(new TextDecoder().decode(bytes));
      var p = all[page - bundleStarts[b]];
      return { url: p[0], title: p[1], sections: p[2] };
    });
  }

  // Each page's stage byte: 0 = none, else 1 + its index in meta.stages.
  function loadStages(meta) {
    return fetchFile('s.bin').then(function (b) {
      if (b.length !== meta.pages) throw new Error(tr('script-error-damaged', 'the search index is damaged'));
      return b;
    });
  }

  // Docs are the first meta.docs ids; a ticket's stage comes from the stage bytes.
  function kindOf(meta, stages, page) {
    if (page < meta.docs) return { kind: 'doc', stage: null };
    var s = stages[page];
    return { kind: 'ticket', stage: s > 0 && s <= meta.stages.length ? meta.stages[s - 1] : null };
  }

  function filterHits(meta, stages, hits, kind, stage) {
    return hits.filter(function (h) {
      var k = kindOf(meta, stages, h.page);
      if (kind && k.kind !== kind) return false;
      if (stage && k.stage !== stage) return false;
      return true;
    });
  }

  // Site-relative URLs only: an index entry can never point the browser elsewhere.
  function href(url, anchor) {
    if (typeof url !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === '/' || url.charAt(0) === '\\') return root;
    return root + url + (anchor ? '#' + encodeURIComponent(anchor) : '');
  }

  // ---- rendering ----

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function isHit(folded, keys) {
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (folded === k || (k.length >= MIN_PREFIX && folded.lastIndexOf(k, 0) === 0)) return true;
    }
    return false;
  }

  // Runs of one word of the text (offsets from `at`): itself, hit or not, when it has no CJK
  // letter; else its letters grouped into other words and CJK runs, where every letter of a
  // matched bigram is a hit.
  function wordRuns(word, at, keys, runs) {
    if (!CJK_SPLIT.test(fold(word))) {
      runs.push({ start: at, end: at + word.length, hit: isHit(fold(word), keys) });
      return;
    }
    // Each character folded on its own (a mark folds to nothing and joins the one before).
    var items = [], pos = 0;
    chars(word).forEach(function (c) {
      var f = fold(c).normalize('NFC'), last = items[items.length - 1];
      if (!f && last) last.end = at + pos + c.length;
      else if (f) items.push({ start: at + pos, end: at + pos + c.length, f: f, cjk: isCjk(f) });
      pos += c.length;
    });
    for (var i = 0; i < items.length;) {
      var j = i;
      while (j < items.length && items[j].cjk === items[i].cjk) j++;
      var group = items.slice(i, j);
      if (!items[i].cjk) {
        var w = group.map(function (x) { return x.f; }).join('');
        runs.push({ start: group[0].start, end: group[group.length - 1].end, hit: isHit(w, keys) });
      } else {
        var hit = group.map(function () { return false; });
        if (group.length === 1) hit[0] = keys.indexOf(group[0].f) >= 0;
        for (var k = 0; k + 1 < group.length; k++) {
          if (keys.indexOf(group[k].f + group[k + 1].f) >= 0) hit[k] = hit[k + 1] = true;
        }
        group.forEach(function (x, k) {
          var prev = runs[runs.length - 1];
          if (k > 0 && prev.hit === hit[k]) prev.end = x.end;
          else runs.push({ start: x.start, end: x.end, hit: hit[k] });
        });
      }
      i = j;
    }
  }

  // An excerpt of about 240 characters around the first matched word, with matches in <mark>.
  function excerpt(text, keys) {
    var p = el('p', 'search-result-excerpt');
    var runs = [], m;
    var re = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
    while ((m = re.exec(text)) !== null) wordRuns(m[0], m.index, keys, runs);
    var first = runs.find(function (r) { return r.hit; });
    var start = first ? Math.max(0, first.start - 80) : 0;
    if (start > 0) {
      var sp = text.indexOf(' ', start);
      start = sp >= 0 && sp < first.start ? sp + 1 : first.start;
    }
    var end = Math.min(text.length, start + 240);
    if (end < text.length) {
      var sp2 = text.lastIndexOf(' ', end);
      if (sp2 > start + 120) end = sp2;
    }
    var pos = start;
    if (start > 0) p.appendChild(document.createTextNode('… '));
    runs.forEach(function (r) {
      if (!r.hit || r.start < start || r.end > end) return;
      if (r.start > pos) p.appendChild(document.createTextNode(text.slice(pos, r.start)));
      p.appendChild(el('mark', null, text.slice(r.start, r.end)));
      pos = r.end;
    });
    if (end > pos) p.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  // "Doc", or "Ticket · In progress".
  function kindLabel(k) {
    return k.kind === 'doc' ? tr('script-doc', 'Doc') : tr('script-ticket', 'Ticket') + (k.stage ? ' · ' + k.stage : '');
  }

  function renderResult(meta, stages, hit, data, keys) {
    var li = el('li', 'search-result');
    var k = kindOf(meta, stages, hit.page);
    var sec = data.sections[hit.section] || data.sections[0] || [null, null, ''];
    if (!sec[2] && !sec[0]) {
      sec = data.sections.find(function (s) { return s[2]; }) || sec;
    }
    var h = el('h2', 'search-result-title');
    var a = el('a', null, data.title || data.url);
    a.href = href(data.url, null);
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(el('p', 'search-result-kind', kindLabel(k)));
    if (sec[0]) {
      var sa = el('a', 'search-result-section', sec[0]);
      sa.href = href(data.url, sec[1]);
      li.appendChild(sa);
    }
    li.appendChild(excerpt(sec[2] || '', keys));
    return li;
  }

  // ---- search page ----

  function setAskUs(q) {
    document.querySelectorAll('[data-feedback-hook="search"] a').forEach(function (a) {
      if (!a.dataset.baseHref) a.dataset.baseHref = a.getAttribute('href') || '';
      a.setAttribute('href', q ? a.dataset.baseHref + '?q=' + encodeURIComponent(q) : a.dataset.baseHref);
    });
  }

  function showAskUs(on) {
    document.querySelectorAll('[data-feedback-hook="search"]').forEach(function (p) { p.hidden = !on; });
  }

  function initPage(page) {
    var form = document.getElementById('search-page-form');
    var input = document.getElementById('search-page-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var stageSel = document.getElementById('search-stage');
    var fallback = document.getElementById('search-all-docs');
    var kinds = page.querySelectorAll('input[name="kind"]');
    var params = new URLSearchParams(location.search);
    var state = { q: (params.get('q') || '').slice(0, MAX_QUERY), kind: params.get('kind') || '', stage: params.get('stage') || '', shown: 0, run: 0, result: null };

    page.classList.add('search-js');
    input.value = state.q;
    var header = document.getElementById('site-search-q');
    if (header) header.value = state.q;
    kinds.forEach(function (r) { r.checked = r.value === state.kind; });

    function syncUrl(push) {
      var p = new URLSearchParams();
      if (state.q) p.set('q', state.q);
      if (state.kind) p.set('kind', state.kind);
      if (state.stage) p.set('stage', state.stage);
      var s = p.toString();
      var url = location.pathname + (s ? '?' + s : '');
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    }

    function showMore() {
      var r = state.result;
      var slice = r.filtered.slice(state.shown, state.shown + PAGE_SIZE);
      var run = state.run;
      state.shown += slice.length;
      more.hidden = state.shown >= r.filtered.length;
      return Promise.all(slice.map(function (h) { return pageData(r.meta, h.page); })).then(function (datas) {
        if (run !== state.run) return;
        datas.forEach(function (d, i) { list.appendChild(renderResult(r.meta, r.stages, slice[i], d, r.hitKeys)); });
      });
    }

    function render() {
      var r = state.result;
      list.textContent = '';
      state.shown = 0;
      r.filtered = filterHits(r.meta, r.stages, r.hits, state.kind, state.stage);
      var n = r.filtered.length;
      // Pages matching every word come first; say how many there are when the rest match only
      // some, so a reader knows where the close matches end.
      var all = r.filtered.filter(function (h) { return h.words === r.words.length; }).length;
      status.textContent = n === 0 ? tr('script-no-results-for', 'No results for “{q}”.', { q: state.q }) :
        tr('script-results-for', { one: '{count} result for “{q}”', other: '{count} results for “{q}”' }, { count: n, q: state.q }) +
        (r.words.length > 1 && all < n ? tr('script-all-words', { '=0': ': none match all the words.', one: ': {count} matches all the words.',
          other: ': {count} match all the words.' }, { count: all }) : tr('script-results-end', '.'));
      // "No results? Ask us" only where it reads true: none, or too few to likely hold the answer.
      showAskUs(n < FEW_RESULTS);
      document.title = state.q ? tr('script-page-title', 'Search: {q}', { q: state.q }) : document.title;
      return showMore();
    }

    function run() {
      var q = state.q.trim();
      setAskUs(q);
      state.run++;
      var myRun = state.run;
      if (!q) {
        list.textContent = '';
        more.hidden = true;
        status.textContent = '';
        showAskUs(false);
        document.documentElement.classList.remove('search-q');
        if (fallback) fallback.hidden = false;
        return Promise.resolve();
      }
      if (fallback) fallback.hidden = true;
      status.textContent = tr('script-searching', 'Searching…');
      // The stage bytes load alongside the query's files: every result shows its stage.
      var stages = loadMeta().then(loadStages);
      return Promise.all([search(q, true), stages]).then(function (both) {
        if (myRun !== state.run) return;
        var r = both[0];
        r.stages = both[1];
        state.result = r;
        return render();
      }).catch(function (err) {
        if (myRun !== state.run) return;
        status.textContent = tr('script-unavailable', 'Search is not available: {error}', { error: err.message });
        showAskUs(true);
        document.documentElement.classList.remove('search-q');
        if (fallback) fallback.hidden = false;
      });
    }

    loadMeta().then(function (meta) {
      meta.stages.forEach(function (s) {
        var o = el('option', null, s || tr('script-stage-other', 'Other'));
        o.value = s;
        stageSel.appendChild(o);
      });
      stageSel.value = state.stage;
    }).catch(function () {});

    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value.slice(0, MAX_QUERY); syncUrl(false); run(); }, 150);
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      state.q = input.value.slice(0, MAX_QUERY);
      syncUrl(true);
      run().then(function () {
        var first = list.querySelector('a');
        if (first) first.focus();
      });
    });
    kinds.forEach(function (r) {
      r.addEventListener('change', function () {
        state.kind = r.value;
        if (state.kind !== 'ticket') { state.stage = ''; stageSel.value = ''; }
        syncUrl(false);
        if (state.result) render();
      });
    });
    stageSel.addEventListener('change', function () {
      state.stage = stageSel.value;
      if (state.stage) {
        state.kind = 'ticket';
        kinds.forEach(function (r) { r.checked = r.value === 'ticket'; });
      }
      syncUrl(false);
      if (state.result) render();
    });
    more.addEventListener('click', function () {
      var before = state.shown;
      showMore().then(function () {
        var next = list.children[before];
        var a = next && next.querySelector('a');
        if (a) a.focus();
      });
    });
    window.addEventListener('popstate', function () {
      var p = new URLSearchParams(location.search);
      state.q = p.get('q') || '';
      input.value = state.q;
      run();
    });
    run();
  }

  // ---- live results under the header box (every other page) ----
  //
  // The ARIA 1.2 combobox pattern: the input keeps focus; ArrowDown/ArrowUp move
  // aria-activedescendant over the options, Enter opens the active one, Escape closes. Each
  // option is a link (title, Doc or Ticket label, one line of excerpt), so a pointer or a
  // touch opens it directly; the last option leads to every result on the search page.

  function initLive(form, input) {
    var box = el('div', 'site-search-live');
    box.hidden = true;
    var status = el('p', 'site-search-live-status');
    status.setAttribute('role', 'status');
    var list = el('ul', 'site-search-live-list');
    list.id = 'site-search-listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', tr('script-suggestions', 'Search suggestions'));
    box.appendChild(status);
    box.appendChild(list);
    form.appendChild(box);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    // Touch screens have no arrow keys: the hint is for keyboards only.
    var coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    var run = 0, timer = 0, active = -1;

    function options() { return Array.prototype.slice.call(list.querySelectorAll('[role="option"]')); }

    function setActive(i) {
      var opts = options();
      active = i;
      opts.forEach(function (o, k) { o.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      if (i >= 0 && opts[i]) {
        input.setAttribute('aria-activedescendant', opts[i].id);
        opts[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function open() { box.hidden = false; input.setAttribute('aria-expanded', 'true'); }
    function close() { box.hidden = true; input.setAttribute('aria-expanded', 'false'); setActive(-1); }

    function option(id, url, title, label, line, keys) {
      var li = el('li');
      li.id = id;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      var a = el('a', 'site-search-live-link');
      a.href = url;
      a.tabIndex = -1;
      a.appendChild(el('span', 'site-search-live-title', title));
      if (label) a.appendChild(el('span', 'site-search-live-kind', label));
      if (line != null) {
        var x = excerpt(line, keys);
        x.className = 'site-search-live-excerpt';
        a.appendChild(x);
      }
      li.appendChild(a);
      return li;
    }

    function update() {
      var q = input.value.slice(0, MAX_QUERY).trim();
      var my = ++run;
      if (!q) { list.textContent = ''; status.textContent = ''; close(); return; }
      var stages = loadMeta().then(loadStages);
      Promise.all([search(q, true), stages]).then(function (both) {
        var r = both[0], st = both[1];
        if (my !== run) return;
        var top = r.hits.slice(0, LIVE_SIZE);
        return Promise.all(top.map(function (h) { return pageData(r.meta, h.page); })).then(function (ds) {
          if (my !== run) return;
          list.textContent = '';
          ds.forEach(function (d, i) {
            var sec = d.sections[top[i].section] || d.sections[0] || [null, null, ''];
            var k = kindOf(r.meta, st, top[i].page);
            var label = kindLabel(k);
            list.appendChild(option('site-search-opt-' + i, href(d.url, sec[0] ? sec[1] : null),
              (d.title || d.url) + (sec[0] ? ' › ' + sec[0] : ''), label, sec[2] || '', r.hitKeys));
          });
          var n = r.hits.length;
          if (n > 0) {
            list.appendChild(option('site-search-opt-all', root + 'search/?q=' + encodeURIComponent(q),
              tr('script-see-all', { one: 'See all {count} result', other: 'See all {count} results' }, { count: n }), null, null, null));
          }
          status.textContent = n === 0 ? tr('script-live-none', 'No results. Press Enter to search.') :
            tr('script-live-count', { one: '{count} result.', other: '{count} results.' }, { count: n }) +
            (coarse ? '' : ' ' + tr('script-live-arrows', 'Use the arrow keys to pick one.'));
          setActive(-1);
          open();
        });
      }).catch(function () { close(); });
    }

    input.addEventListener('focus', function () { loadMeta().catch(function () {}); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener('keydown', function (ev) {
      var opts = options();
      if (ev.key === 'ArrowDown' && opts.length) {
        ev.preventDefault();
        open();
        setActive(Math.min(active + 1, opts.length - 1));
      } else if (ev.key === 'ArrowUp' && opts.length) {
        ev.preventDefault();
        setActive(active <= 0 ? -1 : active - 1);
      } else if (ev.key === 'Enter' && active >= 0 && opts[active] && !box.hidden) {
        ev.preventDefault();
        location.href = opts[active].querySelector('a').href;
      } else if (ev.key === 'Escape') {
        close();
      }
    });
    document.addEventListener('click', function (ev) { if (!form.contains(ev.target)) close(); });
  }

  function init() {
    var page = document.getElementById('search-page');
    var form = document.querySelector('form.site-search');
    var input = document.getElementById('site-search-q');
    if (page) {
      initPage(page);
    } else if (form && input) {
      initLive(form, input);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
