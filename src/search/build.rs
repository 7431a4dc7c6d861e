//! Builds the sharded index files from [`SearchEntry`] values.
//!
//! Files (all gzip-compressed, paths relative to the site root):
//!
//! - `search/meta.bin`: JSON. Page count, id ranges of docs and of each ticket stage, the stop
//!   words, the first key of every postings chunk and typo-vocabulary file, the page count of
//!   every excerpt bundle, and a content tag the browser appends to the other URLs (`?v=`) so a
//!   rebuilt site never mixes old and new files from a cache.
//! - `search/w/N.bin`: postings chunks. Keys (stems, plus word forms that point to their stem)
//!   sorted by code point and cut into ranges of about [`CHUNK_TARGET`] bytes, so a query word
//!   needs exactly one chunk and a prefix the few chunks its range spans.
//! - `search/v/fN.bin`, `search/v/rN.bin`: typo vocabulary: word forms of 4+ letters grouped by
//!   their first two letters (`f`) and by their last two (`r`). A single edit leaves one of
//!   the two ends intact on words of 5+ letters, so two small files hold every candidate.
//! - `search/p/N.bin`: excerpt bundles: JSON arrays of `[url, title, [[heading, anchor, text]]]`
//!   for consecutive page ids, sized to about [`BUNDLE_TARGET`] bytes and never more than
//!   [`MAX_BUNDLES`] files, so a 100,000-page site does not write 100,000 fragment files.
//!
//! Page ids follow a fixed order (docs by URL, then tickets by stage and URL) so the filters
//! are id ranges and cost no bytes per page. Scores are BM25 with field weights, computed here
//! and stored as one byte per posting: a query only adds numbers up.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::analyze::{folded_words, is_stop_word, Analyzer, MAX_WORD_CHARS, STOP_WORDS};
use super::encode::{gzip, put_front_coded, put_varint};
use super::{EntryKind, SearchEntry};

/// Version of the file layout; the browser refuses a meta file with another one.
pub const FORMAT: u32 = 1;
/// Uncompressed bytes per postings chunk before a new one starts (gzip makes it ~60%).
pub const CHUNK_TARGET: usize = 16 * 1024;
/// Uncompressed bytes per typo-vocabulary file.
pub const VOCAB_TARGET: usize = 8 * 1024;
/// Uncompressed JSON bytes per excerpt bundle: about two docs or five tickets.
pub const BUNDLE_TARGET: usize = 8 * 1024;
/// Upper bound on excerpt bundle files; past it bundles grow instead (hosts cap file counts,
/// e.g. Cloudflare Pages at 20,000 files).
pub const MAX_BUNDLES: usize = 4000;
/// Characters of section text kept for excerpts. Longer sections are cut: the excerpt then
/// falls back to the section start when the hit lies beyond the cut.
pub const MAX_SECTION_CHARS: usize = 1200;

/// Field weights (BM25F-style): a word in the title counts like five in the body.
const W_TITLE: f32 = 5.0;
const W_HEADING: f32 = 2.0;
const W_BODY: f32 = 1.0;
/// BM25 parameters (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Pages analysed per batch: their terms are merged into the global postings before the next
/// batch is analysed, so memory holds one batch of per-page terms, not the whole site's.
const BATCH_PAGES: usize = 2048;

/// A range of bytes in [`PageTerms::buf`].
type Span = (u32, u32);

/// What one page contributes, computed in parallel. All strings live in one buffer.
struct PageTerms {
    /// Words in headings and body, for length normalisation.
    len: u32,
    buf: String,
    /// (stem, weighted term frequency, section with the most weight for it), one per stem.
    terms: Vec<(Span, f32, u32)>,
    /// (folded word form, its stem), one per word form.
    forms: Vec<(Span, Span)>,
}

impl PageTerms {
    fn get(&self, s: Span) -> &str {
        &self.buf[s.0 as usize..s.1 as usize]
    }
}

/// FxHash-style hasher for the small integer ids below (not for text: words come from
/// untrusted ticket text, so string maps keep the default keyed hasher).
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(v)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type IdMap<V> = HashMap<u32, V, std::hash::BuildHasherDefault<IdHasher>>;

/// `stem_of` for a string not yet stemmed (it was only seen as a stem so far).
const UNKNOWN: u32 = u32::MAX;
/// `stem_of` for a word that is not indexed (its stem is empty).
const SKIP: u32 = u32::MAX - 1;
/// Cached words per thread before the cache starts over (bounds its memory; it is also
/// emptied at the end of every index build).
const CACHE_MAX: usize = 1 << 18;

/// Per-thread cache of folded word → (word id, stem id), so each distinct word is stemmed
/// once per thread instead of once per occurrence. Ids are local to the thread.
#[derive(Default)]
struct WordCache {
    ids: HashMap<Box<str>, u32>,
    strs: Vec<Box<str>>,
    /// For a word id: the id of its stem, [`SKIP`] or [`UNKNOWN`].
    stem_of: Vec<u32>,
}

impl WordCache {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strs.len() as u32;
        self.ids.insert(s.into(), id);
        self.strs.push(s.into());
        self.stem_of.push(UNKNOWN);
        id
    }

    /// (word id, stem id) of a folded word, or `None` when it is not indexed; the same rules
    /// as [`Analyzer::terms`].
    fn word(&mut self, a: &Analyzer, w: &str) -> Option<(u32, u32)> {
        // Surely over the limit (a char is at most 4 bytes): not worth a cache entry.
        if w.len() > 4 * MAX_WORD_CHARS {
            return None;
        }
        let id = self.intern(w);
        let mut s = self.stem_of[id as usize];
        if s == UNKNOWN {
            // Checked once per distinct word; the answer is cached as SKIP.
            s = if w.chars().count() > MAX_WORD_CHARS || is_stop_word(w) {
                SKIP
            } else {
                let stem = a.stem(w);
                if stem.is_empty() {
                    SKIP
                } else {
                    self.intern(&stem)
                }
            };
            self.stem_of[id as usize] = s;
        }
        (s != SKIP).then_some((id, s))
    }
}

thread_local! {
    static CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

fn analyze_page(a: &Analyzer, e: &SearchEntry) -> PageTerms {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.strs.len() >= CACHE_MAX {
            *cache = WordCache::default();
        }
        analyze_page_with(a, &mut cache, e)
    })
}

fn analyze_page_with(a: &Analyzer, cache: &mut WordCache, e: &SearchEntry) -> PageTerms {
    // stem id -> (weighted tf, best section, weight in best section, first-seen order)
    let mut acc: IdMap<(f32, u32, f32)> = IdMap::default();
    // word id -> stem id
    let mut forms: IdMap<u32> = IdMap::default();
    let mut local: IdMap<f32> = IdMap::default();
    let mut len = 0u32;
    let mut add = |text: &str, w: f32, section: Option<(u32, f32)>, count: bool, len: &mut u32| {
        local.clear();
        folded_words(text, |word| {
            let Some((wid, sid)) = cache.word(a, word) else {
                return;
            };
            if count {
                *len += 1;
            }
            forms.entry(wid).or_insert(sid);
            let slot = acc.entry(sid).or_insert((0.0, 0, 0.0));
            slot.0 += w;
            if let Some((_, sw)) = section {
                *local.entry(sid).or_insert(0.0) += sw;
            }
        });
        if let Some((idx, _)) = section {
            for (sid, sw) in local.iter() {
                if let Some(slot) = acc.get_mut(sid) {
                    // Ties keep the earlier section: the top of a page is the better link.
                    if *sw > slot.2 {
                        slot.1 = idx;
                        slot.2 = *sw;
                    }
                }
            }
        }
    };
    add(&e.title, W_TITLE, None, false, &mut len);
    if let Some(stage) = &e.stage {
        add(stage, W_BODY, None, false, &mut len);
    }
    for (i, s) in e.sections.iter().enumerate() {
        let idx = u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(h) = &s.heading {
            add(h, W_HEADING, Some((idx, 3.0)), true, &mut len);
        }
        add(&s.text, W_BODY, Some((idx, 1.0)), true, &mut len);
    }
    let mut buf = String::new();
    let push = |buf: &mut String, s: &str| -> Span {
        let start = buf.len() as u32;
        buf.push_str(s);
        (start, buf.len() as u32)
    };
    let mut spans: IdMap<Span> = IdMap::default();
    let mut terms = Vec::with_capacity(acc.len());
    for (sid, (tf, sec, _)) in acc {
        let span = push(&mut buf, &cache.strs[sid as usize]);
        spans.insert(sid, span);
        terms.push((span, tf, sec));
    }
    let mut out_forms = Vec::with_capacity(forms.len());
    for (wid, sid) in forms {
        let stem = spans[&sid];
        let surface = if wid == sid {
            stem
        } else {
            push(&mut buf, &cache.strs[wid as usize])
        };
        out_forms.push((surface, stem));
    }
    PageTerms {
        len,
        buf,
        terms,
        forms: out_forms,
    }
}

/// The fixed page order: docs by URL, then tickets grouped by stage, by URL within a stage.
/// Returns indices into `entries`.
fn page_order(entries: &[SearchEntry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    fn key(e: &SearchEntry) -> (u8, &str) {
        match e.kind {
            EntryKind::Doc => (0u8, ""),
            EntryKind::Ticket => (1u8, e.stage.as_deref().unwrap_or("")),
        }
    }
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&entries[a], &entries[b]);
        key(ea)
            .cmp(&key(eb))
            .then_with(|| natural_cmp(&ea.url, &eb.url))
            .then_with(|| ea.title.cmp(&eb.title))
    });
    order
}

/// Compares URLs so `tickets/9/` comes before `tickets/10/`: neighbouring tickets then share
/// excerpt bundles more often. Digit runs compare by value, everything else byte-wise, which
/// is a total order (sort needs one).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let da = trim_zeros(&a[si..i]);
            let db = trim_zeros(&b[sj..j]);
            let ord = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let k = d.iter().take_while(|&&c| c == b'0').count();
    &d[k..]
}

/// One BM25 posting before quantisation.
struct Posting {
    page: u32,
    section: u32,
    score: f32,
}

/// Collapses whitespace and cuts long text at a word boundary.
fn excerpt_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SECTION_CHARS * 2));
    let mut chars = 0usize;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > MAX_SECTION_CHARS {
            if chars == 0 {
                out.extend(word.chars().take(MAX_SECTION_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    tag: String,
    pages: usize,
    docs: usize,
    /// Ticket stages in id order: (name, page count). Tickets start at id `docs`.
    stages: Vec<(&'a str, usize)>,
    stop: &'static [&'static str],
    max_word: usize,
    chunks: Vec<String>,
    fwd: Vec<String>,
    rev: Vec<String>,
    bundles: Vec<usize>,
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn last_chars_reversed(s: &str, n: usize) -> String {
    s.chars().rev().take(n).collect()
}

/// Writes a word list file per group of two-letter keys. `words` is sorted by key.
fn vocab_files(words: &[(String, &str)], target: usize) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut firsts = Vec::new();
    let mut files = Vec::new();
    let mut cur = String::new();
    let mut cur_key: Option<&str> = None;
    for (key, word) in words {
        // Never split one key over two files: the browser fetches one file per key.
        let new_key = cur_key != Some(key.as_str());
        if new_key && cur.len() >= target {
            files.push(std::mem::take(&mut cur).into_bytes());
        }
        if new_key && cur.is_empty() {
            firsts.push(key.clone());
        }
        cur_key = Some(key.as_str());
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        files.push(cur.into_bytes());
    }
    (firsts, files.par_iter().map(|f| gzip(f)).collect())
}

pub(crate) fn build(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    let order = page_order(entries);
    let pages: Vec<&SearchEntry> = order.iter().map(|&i| &entries[i]).collect();
    let n = pages.len();

    // 1. Analyse the pages (the expensive part: segmentation and stemming) in parallel, one
    //    batch at a time, and merge each batch into the postings in page order, so the result
    //    does not depend on thread scheduling. Every distinct key (stem or word form) gets an
    //    id; postings keep the raw weighted tf until the length normalisation is known.
    let mut key_ids: HashMap<Box<str>, u32> = HashMap::new();
    // Per key id: index into `lists` if it is a stem, the key id of its stem if it is a word
    // form that differs from its stem, and whether it is a word form at all.
    let mut key_list: Vec<u32> = Vec::new();
    let mut key_alias: Vec<u32> = Vec::new();
    let mut key_form: Vec<bool> = Vec::new();
    let mut lists: Vec<Vec<Posting>> = Vec::new();
    let mut page_len: Vec<u32> = Vec::with_capacity(n);
    const NONE: u32 = u32::MAX;
    let mut intern = |s: &str,
                      key_list: &mut Vec<u32>,
                      key_alias: &mut Vec<u32>,
                      key_form: &mut Vec<bool>|
     -> u32 {
        if let Some(&id) = key_ids.get(s) {
            return id;
        }
        let id = key_list.len() as u32;
        key_ids.insert(s.into(), id);
        key_list.push(NONE);
        key_alias.push(NONE);
        key_form.push(false);
        id
    };
    for (b, batch) in pages.chunks(BATCH_PAGES).enumerate() {
        let analysed: Vec<PageTerms> = batch
            .par_iter()
            .map_init(Analyzer::new, |a, e| analyze_page(a, e))
            .collect();
        for (k, p) in analysed.iter().enumerate() {
            let page = (b * BATCH_PAGES + k) as u32;
            page_len.push(p.len);
            for &(stem, tf, section) in &p.terms {
                let id = intern(p.get(stem), &mut key_list, &mut key_alias, &mut key_form);
                let slot = &mut key_list[id as usize];
                if *slot == NONE {
                    *slot = lists.len() as u32;
                    lists.push(Vec::new());
                }
                lists[*slot as usize].push(Posting {
                    page,
                    section,
                    score: tf,
                });
            }
            for &(surface, stem) in &p.forms {
                let id = intern(p.get(surface), &mut key_list, &mut key_alias, &mut key_form);
                key_form[id as usize] = true;
                if surface != stem && key_alias[id as usize] == NONE {
                    let sid = intern(p.get(stem), &mut key_list, &mut key_alias, &mut key_form);
                    key_alias[id as usize] = sid;
                }
            }
        }
    }

    // 2. BM25 scores: length normalisation and idf, now that both are known.
    let total_len: f64 = page_len.iter().map(|&l| f64::from(l)).sum();
    let avg_len = if n == 0 {
        1.0
    } else {
        (total_len / n as f64).max(1.0) as f32
    };
    let max_score = lists
        .par_iter_mut()
        .map(|list| {
            let df = list.len() as f32;
            let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
            let mut max = f32::MIN_POSITIVE;
            for p in list.iter_mut() {
                let tf = p.score;
                let norm = K1 * (1.0 - B + B * page_len[p.page as usize] as f32 / avg_len);
                let score = tf * (K1 + 1.0) / (tf + norm);
                p.score = score * idf;
                max = max.max(p.score);
            }
            max
        })
        .reduce(|| f32::MIN_POSITIVE, f32::max);

    // 3. Postings chunks: stems and word forms (that differ from their stem) in one sorted
    //    key space. A key can be both, e.g. a word that is its own stem for one form.
    let mut keys: Vec<(Box<str>, u32)> = key_ids.into_iter().collect();
    keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut pos_of = vec![0u32; keys.len()];
    for (i, (_, id)) in keys.iter().enumerate() {
        pos_of[*id as usize] = i as u32;
    }
    let mut chunk_firsts = Vec::new();
    let mut chunk_raw: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut cur_count = 0u64;
    let mut prev: &[u8] = b"";
    let finish_chunk = |cur: &mut Vec<u8>, count: &mut u64, files: &mut Vec<Vec<u8>>| {
        let mut file = Vec::with_capacity(cur.len() + 8);
        put_varint(&mut file, *count);
        file.extend_from_slice(cur);
        files.push(file);
        cur.clear();
        *count = 0;
    };
    for (key, id) in &keys {
        let (list, alias) = (key_list[*id as usize], key_alias[*id as usize]);
        if list == NONE && alias == NONE {
            continue;
        }
        if cur.len() >= CHUNK_TARGET {
            finish_chunk(&mut cur, &mut cur_count, &mut chunk_raw);
            prev = b"";
        }
        if cur_count == 0 {
            chunk_firsts.push(key.to_string());
        }
        put_front_coded(&mut cur, prev, key.as_bytes());
        prev = key.as_bytes();
        let list: &[Posting] = if list == NONE {
            &[]
        } else {
            &lists[list as usize]
        };
        put_varint(
            &mut cur,
            ((list.len() as u64) << 1) | u64::from(alias != NONE),
        );
        let mut last_page = 0u32;
        for p in list {
            put_varint(&mut cur, u64::from(p.page - last_page));
            last_page = p.page;
            put_varint(&mut cur, u64::from(p.section));
            // Square-root scale keeps resolution for the many small scores.
            let q = (255.0 * (p.score / max_score).max(0.0).sqrt())
                .round()
                .clamp(1.0, 255.0);
            cur.push(q as u8);
        }
        if alias != NONE {
            let stem = keys[pos_of[alias as usize] as usize].0.as_bytes();
            put_varint(&mut cur, stem.len() as u64);
            cur.extend_from_slice(stem);
        }
        cur_count += 1;
    }
    if cur_count > 0 {
        finish_chunk(&mut cur, &mut cur_count, &mut chunk_raw);
    }
    drop(lists);
    let chunk_files: Vec<Vec<u8>> = chunk_raw.par_iter().map(|f| gzip(f)).collect();
    drop(chunk_raw);
    // The word caches are only useful within one build (`serve` keeps the threads alive).
    rayon::broadcast(|_| CACHE.with(|c| *c.borrow_mut() = WordCache::default()));

    // 4. Typo vocabulary: letters-only word forms that a one-edit typo of a 5+ letter word can
    //    reach (4+ letters).
    let typo_words: Vec<&str> = keys
        .iter()
        .filter(|(_, id)| key_form[*id as usize])
        .map(|(k, _)| &**k)
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    let mut by_first: Vec<(String, &str)> =
        typo_words.iter().map(|w| (first_chars(w, 2), *w)).collect();
    by_first.sort();
    let mut by_last: Vec<(String, &str)> = typo_words
        .iter()
        .map(|w| (last_chars_reversed(w, 2), *w))
        .collect();
    by_last.sort();
    let (fwd_firsts, fwd_files) = vocab_files(&by_first, VOCAB_TARGET);
    let (rev_firsts, rev_files) = vocab_files(&by_last, VOCAB_TARGET);
    drop((by_first, by_last, typo_words));

    // 5. Excerpt bundles: first every page's JSON size (to cut bundles), then each bundle's
    //    JSON again, built and compressed in parallel, so the JSON of all pages is never held.
    let page_json = |e: &SearchEntry| -> Vec<u8> {
        let sections: Vec<(Option<&str>, Option<&str>, String)> = e
            .sections
            .iter()
            .map(|s| {
                (
                    s.heading.as_deref(),
                    s.anchor.as_deref(),
                    excerpt_text(&s.text),
                )
            })
            .collect();
        serde_json::to_vec(&(&e.url, &e.title, sections)).unwrap_or_default()
    };
    let json_len: Vec<usize> = pages.par_iter().map(|e| page_json(e).len()).collect();
    let total_json: usize = json_len.iter().sum();
    let target = BUNDLE_TARGET.max(total_json / MAX_BUNDLES + 1);
    let mut bundle_ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0usize;
    let mut cur_len = 0usize;
    for (i, &len) in json_len.iter().enumerate() {
        if i > start && cur_len + len > target {
            bundle_ranges.push(start..i);
            start = i;
            cur_len = 0;
        }
        cur_len += 1 + len;
    }
    if start < n {
        bundle_ranges.push(start..n);
    }
    let bundle_sizes: Vec<usize> = bundle_ranges.iter().map(|r| r.len()).collect();
    let bundle_files: Vec<Vec<u8>> = bundle_ranges
        .par_iter()
        .map(|r| {
            let mut cur =
                Vec::with_capacity(json_len[r.clone()].iter().sum::<usize>() + r.len() + 1);
            for (k, e) in pages[r.clone()].iter().enumerate() {
                cur.push(if k == 0 { b'[' } else { b',' });
                cur.extend_from_slice(&page_json(e));
            }
            cur.push(b']');
            gzip(&cur)
        })
        .collect();

    // 6. Meta, tagged with a hash of everything else.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, f) in chunk_files.into_iter().enumerate() {
        files.push((format!("search/w/{i}.bin"), f));
    }
    for (i, f) in fwd_files.into_iter().enumerate() {
        files.push((format!("search/v/f{i}.bin"), f));
    }
    for (i, f) in rev_files.into_iter().enumerate() {
        files.push((format!("search/v/r{i}.bin"), f));
    }
    for (i, f) in bundle_files.into_iter().enumerate() {
        files.push((format!("search/p/{i}.bin"), f));
    }
    let mut hash = Sha256::new();
    for (path, bytes) in &files {
        hash.update(path.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let tag = hex::encode(&hash.finalize()[..6]);

    let docs = pages
        .iter()
        .take_while(|e| e.kind == EntryKind::Doc)
        .count();
    let mut stages: Vec<(&str, usize)> = Vec::new();
    for e in &pages[docs..] {
        let s = e.stage.as_deref().unwrap_or("");
        match stages.last_mut() {
            Some((name, c)) if *name == s => *c += 1,
            _ => stages.push((s, 1)),
        }
    }
    let meta = Meta {
        format: FORMAT,
        tag,
        pages: n,
        docs,
        stages,
        stop: STOP_WORDS,
        max_word: MAX_WORD_CHARS,
        chunks: chunk_firsts,
        fwd: fwd_firsts,
        rev: rev_firsts,
        bundles: bundle_sizes,
    };
    let meta_json = serde_json::to_vec(&meta).unwrap_or_default();
    files.insert(0, ("search/meta.bin".to_string(), gzip(&meta_json)));
    files
}
