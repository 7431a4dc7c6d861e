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

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::analyze::{Analyzer, MAX_WORD_CHARS, STOP_WORDS};
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

/// What one page contributes, computed in parallel.
struct PageTerms {
    /// Words in headings and body, for length normalisation.
    len: u32,
    /// (stem, weighted term frequency, section with the most weight for it), sorted by stem.
    terms: Vec<(String, f32, u32)>,
    /// (folded word form, stem), deduplicated.
    forms: Vec<(String, String)>,
}

fn analyze_page(a: &Analyzer, e: &SearchEntry) -> PageTerms {
    // stem -> (weighted tf, best section, weight in best section)
    let mut acc: HashMap<String, (f32, u32, f32)> = HashMap::new();
    let mut forms: HashMap<String, String> = HashMap::new();
    let mut len = 0u32;
    let mut add = |text: &str, w: f32, section: Option<(u32, f32)>, count: bool, len: &mut u32| {
        let mut local: HashMap<String, f32> = HashMap::new();
        a.terms(text, |surface, stem| {
            if count {
                *len += 1;
            }
            if !forms.contains_key(surface) {
                forms.insert(surface.to_string(), stem.to_string());
            }
            let slot = acc.entry(stem.to_string()).or_insert((0.0, 0, 0.0));
            slot.0 += w;
            if let Some((_, sw)) = section {
                *local.entry(stem.to_string()).or_insert(0.0) += sw;
            }
        });
        if let Some((idx, _)) = section {
            for (stem, sw) in local {
                if let Some(slot) = acc.get_mut(&stem) {
                    // Ties keep the earlier section: the top of a page is the better link.
                    if sw > slot.2 {
                        slot.1 = idx;
                        slot.2 = sw;
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
    let mut terms: Vec<(String, f32, u32)> = acc
        .into_iter()
        .map(|(k, (tf, sec, _))| (k, tf, sec))
        .collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut forms: Vec<(String, String)> = forms.into_iter().collect();
    forms.sort();
    PageTerms { len, terms, forms }
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
    (firsts, files.iter().map(|f| gzip(f)).collect())
}

pub(crate) fn build(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    let order = page_order(entries);
    let pages: Vec<&SearchEntry> = order.iter().map(|&i| &entries[i]).collect();
    let n = pages.len();

    // 1. Analyse every page (the expensive part: segmentation and stemming) in parallel.
    //    `collect` keeps page order, so the result does not depend on thread scheduling.
    let analysed: Vec<PageTerms> = pages
        .par_iter()
        .map_init(Analyzer::new, |a, e| analyze_page(a, e))
        .collect();

    // 2. Gather postings per stem, and the stem of every word form.
    let mut postings: HashMap<&str, Vec<Posting>> = HashMap::new();
    let mut forms: BTreeMap<&str, &str> = BTreeMap::new();
    let total_len: f64 = analysed.iter().map(|p| f64::from(p.len)).sum();
    let avg_len = if n == 0 {
        1.0
    } else {
        (total_len / n as f64).max(1.0) as f32
    };
    for (page, p) in analysed.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * p.len as f32 / avg_len);
        for (stem, tf, section) in &p.terms {
            // Term frequency part of BM25 now; idf once the document frequency is known.
            let score = tf * (K1 + 1.0) / (tf + norm);
            postings.entry(stem.as_str()).or_default().push(Posting {
                page: page as u32,
                section: *section,
                score,
            });
        }
        for (surface, stem) in &p.forms {
            forms.entry(surface.as_str()).or_insert(stem.as_str());
        }
    }
    let mut max_score = f32::MIN_POSITIVE;
    for list in postings.values_mut() {
        let df = list.len() as f32;
        let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
        for p in list.iter_mut() {
            p.score *= idf;
            max_score = max_score.max(p.score);
        }
    }

    // 3. Postings chunks: stems and word forms (that differ from their stem) in one sorted
    //    key space. A key can be both, e.g. a word that is its own stem for one form.
    let mut keys: BTreeMap<&str, (Option<&Vec<Posting>>, Option<&str>)> = BTreeMap::new();
    for (stem, list) in &postings {
        keys.entry(stem).or_default().0 = Some(list);
    }
    for (surface, stem) in &forms {
        if surface != stem {
            keys.entry(surface).or_default().1 = Some(stem);
        }
    }
    let mut chunk_firsts = Vec::new();
    let mut chunk_files: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut cur_count = 0u64;
    let mut prev: &[u8] = b"";
    let finish_chunk = |cur: &mut Vec<u8>, count: &mut u64, files: &mut Vec<Vec<u8>>| {
        let mut file = Vec::with_capacity(cur.len() + 8);
        put_varint(&mut file, *count);
        file.extend_from_slice(cur);
        files.push(gzip(&file));
        cur.clear();
        *count = 0;
    };
    for (key, (list, alias)) in &keys {
        if cur.len() >= CHUNK_TARGET {
            finish_chunk(&mut cur, &mut cur_count, &mut chunk_files);
            prev = b"";
        }
        if cur_count == 0 {
            chunk_firsts.push(key.to_string());
        }
        put_front_coded(&mut cur, prev, key.as_bytes());
        prev = key.as_bytes();
        let list: &[Posting] = list.map(|l| l.as_slice()).unwrap_or(&[]);
        put_varint(
            &mut cur,
            ((list.len() as u64) << 1) | u64::from(alias.is_some()),
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
        if let Some(stem) = alias {
            put_varint(&mut cur, stem.len() as u64);
            cur.extend_from_slice(stem.as_bytes());
        }
        cur_count += 1;
    }
    if cur_count > 0 {
        finish_chunk(&mut cur, &mut cur_count, &mut chunk_files);
    }

    // 4. Typo vocabulary: letters-only word forms that a one-edit typo of a 5+ letter word can
    //    reach (4+ letters).
    let typo_words: Vec<&str> = forms
        .keys()
        .copied()
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

    // 5. Excerpt bundles.
    let page_json: Vec<Vec<u8>> = pages
        .par_iter()
        .map(|e| {
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
        })
        .collect();
    let total_json: usize = page_json.iter().map(Vec::len).sum();
    let target = BUNDLE_TARGET.max(total_json / MAX_BUNDLES + 1);
    let mut bundle_sizes = Vec::new();
    let mut bundle_files = Vec::new();
    let mut cur = Vec::new();
    let mut count = 0usize;
    let mut finish_bundle = |cur: &mut Vec<u8>, count: &mut usize| {
        cur.push(b']');
        bundle_files.push(gzip(cur));
        bundle_sizes.push(*count);
        cur.clear();
        *count = 0;
    };
    for json in &page_json {
        if count > 0 && cur.len() + json.len() > target {
            finish_bundle(&mut cur, &mut count);
        }
        cur.push(if count == 0 { b'[' } else { b',' });
        cur.extend_from_slice(json);
        count += 1;
    }
    if count > 0 {
        finish_bundle(&mut cur, &mut count);
    }

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
