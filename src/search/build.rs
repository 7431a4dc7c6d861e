//! Builds the sharded index files from [`SearchEntry`] values, in full or incrementally.
//!
//! Files (all gzip-compressed, paths relative to the site root):
//!
//! - `search/meta.bin`: JSON. Page count, how many of the first ids are docs, the ticket stage
//!   names, the stop words, the first key of every postings chunk and typo-vocabulary file,
//!   the page count of every excerpt bundle, and a content tag the browser appends to the
//!   other URLs (`?v=`) so a rebuilt site never mixes old and new files from a cache.
//! - `search/s.bin`: one byte per page id, the page's stage: 0 for a doc or a ticket without
//!   a stage, else 1 + its index in the meta file's stage names (sorted by code point; at most
//!   [`MAX_STAGES`] of them, the others count as no stage).
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
//! Page ids follow a fixed order that no stage takes part in: docs by URL, then tickets by
//! URL, digit runs compared by value (`tickets/9/` before `tickets/10/`). So the kind filter
//! is an id range, a ticket that changes stage keeps its id (only its byte in `s.bin`
//! changes), and a new ticket whose URL sorts last (with numeric ids: the highest number)
//! takes the next id instead of shifting the pages after it. Scores are BM25 with field weights, computed here and stored as one
//! byte per posting (square-root scale of the score over the BM25 upper bound for the page
//! count): a query only adds numbers up. The average page length, and the page count that
//! idf and the upper bound use, are rounded to 7 significant bits, so editing, adding or
//! removing one page almost never moves them and the other pages' score bytes stay as they
//! were.
//!
//! One engine, [`Index`], does both builds. [`build`] runs it once on a fresh state and keeps
//! nothing. [`super::IndexCache`] keeps the state: the analysis of every page (by content
//! hash), the merged postings, and the compressed chunks and
//! bundles. The next build analyses only new content, patches the postings of changed and
//! appended pages, works out which keys' bytes changed (from the changed postings alone
//! while the rounded page count and average length stay put) and recompresses only the
//! chunks that hold them and the bundles whose pages changed. Removing a page (or adding one
//! anywhere but at the end of the order) shifts the ids after it: the postings are then
//! rebuilt from the kept analyses and most chunks recompressed, the slow case. Both paths go
//! through the same stages, so they give the same bytes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::analyze::{Analyzer, MAX_WORD_CHARS, STOP_WORDS};
use super::encode::{
    get_varint, gzip, put_front_coded, put_varint, varint_len, GZIP_LEVEL, GZIP_LEVEL_POSTINGS,
};
use super::hash::{FastMap, Hash128};
use super::page::{
    analyze_page, clear_thread_cache, page_json_len, push_page_json, Keys, PageInfo,
};
use super::{EntryKind, SearchEntry};

/// Version of the file layout; the browser refuses a meta file with another one.
pub const FORMAT: u32 = 2;
/// Uncompressed bytes per postings chunk before a new one starts (gzip makes it ~60%).
pub const CHUNK_TARGET: usize = 16 * 1024;
/// Uncompressed bytes per typo-vocabulary file.
pub const VOCAB_TARGET: usize = 8 * 1024;
/// Uncompressed JSON bytes per excerpt bundle: about two docs or five tickets.
pub const BUNDLE_TARGET: usize = 8 * 1024;
/// Stage names `search/s.bin` can tell apart (one byte per page, 0 = no stage). The site's
/// workflow has nine.
pub const MAX_STAGES: usize = 255;
/// Upper bound on excerpt bundle files; past it bundles grow instead (hosts cap file counts,
/// e.g. Cloudflare Pages at 20,000 files).
pub const MAX_BUNDLES: usize = 4000;

/// BM25 parameters (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Pages analysed per batch in a full build: their terms are merged into the postings before
/// the next batch is analysed, so memory holds one batch of page analyses, not the whole
/// site's.
const BATCH_PAGES: usize = 2048;

/// An incremental build patches the postings in place when no page was removed and at most
/// one page in this many changed or is new (new pages get the ids after the last one);
/// otherwise it rebuilds the postings from the kept page analyses (a removed page shifts every
/// later page id anyway).
const PATCH_RATIO: usize = 16;

/// A compressed index file and its SHA-256 (for the meta tag).
struct File {
    /// Empty once the bytes went out early through [`Source::Freeing`]'s `emit`.
    gz: Vec<u8>,
    len: usize,
    digest: [u8; 32],
}

impl File {
    /// Compresses `raw` at `level`, counting it in `count`.
    fn new(raw: &[u8], level: u32, count: &AtomicUsize) -> Arc<File> {
        count.fetch_add(1, Ordering::Relaxed);
        let gz = gzip(raw, level);
        let digest = Sha256::digest(&gz).into();
        Arc::new(File {
            len: gz.len(),
            gz,
            digest,
        })
    }
}

/// Postings and bookkeeping of one key.
#[derive(Default)]
struct KeyState {
    /// Varints per posting, in page order: page id delta, section, weighted term frequency.
    list: Vec<u8>,
    /// Pages in `list`.
    df: u32,
    /// Page id of the last posting (appends encode the delta from it).
    last: u32,
    /// Bytes the postings take in a chunk: page delta and section varints, one score byte.
    post_len: u32,
    /// Pages that have this key as a word form.
    forms: u32,
    /// The list, df or word-form count changed since the last build.
    touched: bool,
    /// The key's bytes in a chunk may differ from the last build.
    dirty: bool,
    was_present: bool,
    was_form: bool,
}

impl KeyState {
    fn push(&mut self, page: u32, tf: u32, section: u32) {
        let d = u64::from(page - self.last);
        put_varint(&mut self.list, d);
        put_varint(&mut self.list, u64::from(section));
        put_varint(&mut self.list, u64::from(tf));
        self.post_len += (varint_len(d) + varint_len(u64::from(section)) + 1) as u32;
        self.last = page;
        self.df += 1;
    }

    fn clear_list(&mut self) {
        self.list.clear();
        self.df = 0;
        self.last = 0;
        self.post_len = 0;
    }

    /// Replaces the posting of `page`, if any, by `new`, editing the bytes in place: only the
    /// page's own posting and the next posting's page delta change.
    fn splice(&mut self, page: u32, new: Post) {
        // A page after the last posting (an appended page) is a push: no walk of the list.
        if self.df == 0 || page > self.last {
            if let Some((sec, tf)) = new {
                self.push(page, tf, sec);
            }
            return;
        }
        let l = &self.list;
        // The first posting at or after `page`, and the page before it.
        let (mut pos, mut before) = (0usize, 0u32);
        while pos < l.len() {
            let mut p = pos;
            let d = get_varint(l, &mut p);
            if before + d >= page {
                break;
            }
            before += d;
            get_varint(l, &mut p);
            get_varint(l, &mut p);
            pos = p;
        }
        let mut after = pos;
        let mut last = before;
        let mut post_len = i64::from(self.post_len);
        let mut df = self.df;
        if after < l.len() {
            let mut p = after;
            let d = get_varint(l, &mut p);
            if before + d == page {
                let sec = get_varint(l, &mut p);
                get_varint(l, &mut p);
                post_len -= (varint_len(u64::from(d)) + varint_len(u64::from(sec)) + 1) as i64;
                df -= 1;
                after = p;
                last = page;
            }
        }
        // The next posting's delta is rewritten from the new previous page.
        let mut tail = after;
        let next = (after < l.len()).then(|| {
            let d = get_varint(l, &mut tail);
            (last + d, d)
        });
        let mut rep = Vec::with_capacity(16);
        let mut base = before;
        if let Some((sec, tf)) = new {
            let d = u64::from(page - before);
            put_varint(&mut rep, d);
            put_varint(&mut rep, u64::from(sec));
            put_varint(&mut rep, u64::from(tf));
            post_len += (varint_len(d) + varint_len(u64::from(sec)) + 1) as i64;
            df += 1;
            base = page;
        }
        match next {
            Some((next_page, old_d)) => {
                let d = u64::from(next_page - base);
                put_varint(&mut rep, d);
                post_len += varint_len(d) as i64 - varint_len(u64::from(old_d)) as i64;
            }
            None => self.last = base,
        }
        self.list.splice(pos..tail, rep);
        self.post_len = post_len as u32;
        self.df = df;
    }

    /// (page, section, tf) of every posting.
    fn decode(&self) -> Vec<(u32, u32, u32)> {
        let mut out = Vec::with_capacity(self.df as usize);
        let (mut pos, mut page) = (0, 0u32);
        while pos < self.list.len() {
            page += get_varint(&self.list, &mut pos);
            let sec = get_varint(&self.list, &mut pos);
            let tf = get_varint(&self.list, &mut pos);
            out.push((page, sec, tf));
        }
        out
    }
}

/// Global numbers the scores depend on.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Params {
    /// The page count rounded to 7 significant bits (see the module docs).
    pages: usize,
    avg_len: f32,
    max_score: f32,
}

/// Rounds a positive number to 7 significant bits (up or to nearest).
fn round_sig(x: f64, up: bool) -> f64 {
    if !(x.is_normal() && x > 0.0) {
        return x;
    }
    let exp = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let step = 2f64.powi(exp - 6);
    let q = x / step;
    (if up { q.ceil() } else { q.round() }) * step
}

fn idf(pages: usize, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (pages as f32 - df + 0.5) / (df + 0.5)).ln()
}

fn bm25(tf: u32, len: u32, avg_len: f32, idf: f32) -> f32 {
    let tf = tf as f32;
    let norm = K1 * (1.0 - B + B * len as f32 / avg_len);
    let score = tf * (K1 + 1.0) / (tf + norm);
    score * idf
}

/// The scale of the score bytes: the BM25 upper bound, `(K1 + 1) · idf` of a word on one
/// page (`tf / (tf + norm) < 1`, and idf falls with df). It depends on the page count only,
/// so an edit that adds a high-scoring rare word does not rescale every other score.
fn max_score(pages: usize) -> f32 {
    ((K1 + 1.0) * idf(pages, 1)).max(f32::MIN_POSITIVE)
}

/// Square-root scale keeps resolution for the many small scores.
fn quantise(score: f32, max_score: f32) -> u8 {
    let v = 255.0 * (score / max_score).max(0.0).sqrt();
    if (0.0..256.0).contains(&v) {
        // `v.round()` without the libm call (it is not inlined): `v - i` is exact here.
        let i = v as u32;
        let r = if v - i as f32 >= 0.5 { i + 1 } else { i };
        return r.clamp(1, 255) as u8;
    }
    v.round().clamp(1.0, 255.0) as u8
}

/// The fixed page order: docs, then tickets, each by [`natural_cmp`] of the URL, then title,
/// then input position (so equal pages keep their input order).
fn page_cmp(entries: &[SearchEntry], a: usize, b: usize) -> std::cmp::Ordering {
    fn kind(e: &SearchEntry) -> u8 {
        match e.kind {
            EntryKind::Doc => 0,
            EntryKind::Ticket => 1,
        }
    }
    let (ea, eb) = (&entries[a], &entries[b]);
    kind(ea)
        .cmp(&kind(eb))
        .then_with(|| natural_cmp(&ea.url, &eb.url))
        .then_with(|| ea.title.cmp(&eb.title))
        .then(a.cmp(&b))
}

/// Indices into `entries` in page order.
fn page_order(entries: &[SearchEntry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.par_sort_unstable_by(|&a, &b| page_cmp(entries, a, b));
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

/// Hashes of an entry: of the fields that decide its place in the page order, of those its
/// excerpt JSON shows (the cache key of its bundle), and of all of it (the cache key of its
/// analysis, which indexes the stage name too).
fn entry_hashes(e: &SearchEntry) -> [u128; 3] {
    let mut h = Hash128::new();
    h.num(match e.kind {
        EntryKind::Doc => 0,
        EntryKind::Ticket => 1,
    })
    .str(&e.url)
    .str(&e.title);
    let sort = h.finish();
    h.num(e.sections.len() as u64);
    for s in &e.sections {
        h.opt(s.heading.as_deref())
            .opt(s.anchor.as_deref())
            .str(&s.text);
    }
    let shown = h.finish();
    h.opt(e.stage.as_deref());
    [sort, shown, h.finish()]
}

/// [`entry_hashes`] of every entry, by kind of hash.
#[derive(Default)]
struct EntryHashes {
    sort: Vec<u128>,
    shown: Vec<u128>,
    content: Vec<u128>,
}

impl EntryHashes {
    fn len(&self) -> usize {
        self.sort.len()
    }

    fn set(&mut self, i: usize, [sort, shown, content]: [u128; 3]) {
        (self.sort[i], self.shown[i], self.content[i]) = (sort, shown, content);
    }

    fn extend(&mut self, hashes: Vec<[u128; 3]>) {
        for [sort, shown, content] in hashes {
            self.sort.push(sort);
            self.shown.push(shown);
            self.content.push(content);
        }
    }
}

/// Stage names by a small id, so the kept state holds a `u32` per page instead of reading
/// every page's stage string again (at 100,000 pages that pointer chase cost 15 ms a build).
/// Id 0 is no stage: a doc, or a ticket without one.
#[derive(Default)]
struct StageIds {
    names: Vec<Box<str>>,
    ids: FastMap<Box<str>, u32>,
}

impl StageIds {
    fn id(&mut self, e: &SearchEntry) -> u32 {
        let stage = match e.kind {
            EntryKind::Doc => None,
            EntryKind::Ticket => e.stage.as_deref(),
        };
        let Some(s) = stage else {
            return 0;
        };
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        self.names.push(s.into());
        let id = self.names.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }

    /// The names of the stages in `pages` (ids), sorted, at most [`MAX_STAGES`], and each
    /// page's byte of `search/s.bin` (see the module docs).
    fn file(&self, pages: &[u32]) -> (Vec<String>, Vec<u8>) {
        let mut seen = vec![false; self.names.len() + 1];
        for &id in pages {
            seen[id as usize] = true;
        }
        let mut present: Vec<usize> = (1..seen.len()).filter(|&id| seen[id]).collect();
        present.sort_unstable_by(|&a, &b| self.names[a - 1].cmp(&self.names[b - 1]));
        present.truncate(MAX_STAGES);
        let mut byte = vec![0u8; seen.len()];
        for (rank, &id) in present.iter().enumerate() {
            byte[id] = rank as u8 + 1;
        }
        let names = present
            .iter()
            .map(|&id| self.names[id - 1].to_string())
            .collect();
        (names, pages.iter().map(|&id| byte[id as usize]).collect())
    }
}

#[derive(Serialize)]
struct Meta {
    format: u32,
    tag: String,
    pages: usize,
    docs: usize,
    /// Ticket stage names, sorted; `search/s.bin` holds a byte per page: 0 for a doc or a
    /// ticket without a stage, else 1 + the index of its stage here.
    stages: Vec<String>,
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
    (firsts, files)
}

/// A postings chunk: the keys at `sorted[start..end]` that are present.
struct ChunkPlan {
    start: usize,
    end: usize,
    first: u32,
    last: u32,
    count: u64,
    /// No key in the range changed bytes or presence since the last build.
    clean: bool,
}

/// A chunk of the last build, by its first key.
struct CachedChunk {
    last: u32,
    count: u64,
    file: Arc<File>,
}

/// The typo vocabulary files of the last build.
struct Vocab {
    fwd: Vec<String>,
    fwd_files: Vec<Arc<File>>,
    rev: Vec<String>,
    rev_files: Vec<Arc<File>>,
}

/// The order of the last build's entries.
struct OrderCache {
    sort_hashes: Vec<u128>,
    order: Vec<usize>,
}

/// The index build state (see the module docs).
pub(crate) struct Index {
    /// Keep what the next build can reuse (an [`super::IndexCache`]); a plain build does not.
    retain: bool,
    keys: Mutex<Keys>,
    ks: Vec<KeyState>,
    /// Every key id, sorted by the key; `sorted_keys` ids are in it (later ones are new).
    sorted: Vec<u32>,
    sorted_keys: usize,
    /// Pages in page order: content hash and analysis (kept state only).
    pages: Vec<(u128, Arc<PageInfo>)>,
    /// Per page: bytes of its excerpt JSON (kept state only).
    json_len: Vec<u64>,
    page_len: Vec<u32>,
    total_len: u64,
    params: Option<Params>,
    order: Option<OrderCache>,
    chunks: FastMap<u32, CachedChunk>,
    bundles: FastMap<u128, Arc<File>>,
    vocab: Option<Vocab>,
    stats: Stats,
    /// This build rebuilt the postings (or `edits` lists every key it patched).
    rebuilt: bool,
    edits: Vec<KeyEdit>,
    /// Changed pages of a patch: page id -> (old length, new length).
    edit_lens: FastMap<u32, (u32, u32)>,
    /// Keys a patch touched (postings or word-form count) and keys new in this build.
    touched_ids: Vec<u32>,
    /// The last build's chunks: (first key, last key, key count).
    old_plans: Vec<(u32, u32, u64)>,
    /// The last build's hashes per entry position, so a build told which entries changed
    /// hashes only those (kept state only).
    entry_hashes: EntryHashes,
    /// Per page: its stage (kept state only).
    page_stage: Vec<u32>,
    stage_ids: StageIds,
    /// The last build's `search/s.bin`, uncompressed and compressed (kept state only).
    stage_file: Option<(Vec<u8>, Arc<File>)>,
    /// The last build's files by path, to tell which files a build made anew.
    last_files: FastMap<String, Arc<File>>,
}

/// A (sec, tf) posting.
type Post = Option<(u32, u32)>;

/// How a patch changed one key's postings: its df before, and (page, old, new) per changed
/// page that had or has the key.
struct KeyEdit {
    key: u32,
    old_df: u32,
    changes: Vec<(u32, Post, Post)>,
}

/// What the last build of an [`super::IndexCache`] had to redo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages analysed (the others' analyses were reused).
    pub pages_analysed: usize,
    /// Whether the postings were patched in place (or rebuilt from the kept analyses).
    pub postings_patched: bool,
    /// Keys whose bytes in a chunk changed.
    pub keys_changed: usize,
    /// Files compressed (the others were reused), and the index's file count.
    pub files_compressed: usize,
    pub files: usize,
}

impl Index {
    pub fn new(retain: bool) -> Index {
        Index {
            retain,
            keys: Mutex::new(Keys::new()),
            ks: Vec::new(),
            sorted: Vec::new(),
            sorted_keys: 0,
            pages: Vec::new(),
            json_len: Vec::new(),
            page_len: Vec::new(),
            total_len: 0,
            params: None,
            order: None,
            chunks: FastMap::default(),
            bundles: FastMap::default(),
            vocab: None,
            stats: Stats::default(),
            rebuilt: true,
            edits: Vec::new(),
            edit_lens: FastMap::default(),
            touched_ids: Vec::new(),
            old_plans: Vec::new(),
            entry_hashes: EntryHashes::default(),
            page_stage: Vec::new(),
            stage_ids: StageIds::default(),
            stage_file: None,
            last_files: FastMap::default(),
        }
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn keys(&mut self) -> &mut Keys {
        self.keys.get_mut().unwrap_or_else(|e| e.into_inner())
    }

    /// Grows the per-key arrays to the key table.
    fn grow(&mut self) {
        let n = self.keys().len();
        self.ks.resize_with(n, KeyState::default);
    }

    /// Page order, reusing the last build's when the order-deciding fields of its entries are
    /// the same (entries appended to the list are placed like changed ones).
    fn order(&mut self, entries: &[SearchEntry], sort_hashes: Vec<u128>) -> Vec<usize> {
        let order = match self.order.take() {
            Some(prev) if prev.sort_hashes.len() <= sort_hashes.len() => {
                let old_n = prev.sort_hashes.len();
                let changed: Vec<usize> = (0..old_n)
                    .filter(|&i| prev.sort_hashes[i] != sort_hashes[i])
                    .chain(old_n..sort_hashes.len())
                    .collect();
                if changed.len() > 64 {
                    page_order(entries)
                } else {
                    // The others keep their relative order: take the changed ones out and
                    // insert them where they now belong.
                    let mut is_changed = vec![false; entries.len()];
                    for &i in &changed {
                        is_changed[i] = true;
                    }
                    let mut order: Vec<usize> =
                        prev.order.into_iter().filter(|&i| !is_changed[i]).collect();
                    for &i in &changed {
                        let at = order.partition_point(|&j| page_cmp(entries, j, i).is_lt());
                        order.insert(at, i);
                    }
                    order
                }
            }
            _ => page_order(entries),
        };
        if self.retain {
            self.order = Some(OrderCache {
                sort_hashes,
                order: order.clone(),
            });
        }
        order
    }

    pub fn build(&mut self, src: Source<'_>) -> Vec<(String, Vec<u8>)> {
        self.build_files(src, None)
            .into_iter()
            .map(|(p, f)| {
                let bytes = match Arc::try_unwrap(f) {
                    Ok(f) => f.gz,
                    Err(f) => f.gz.clone(),
                };
                (p, bytes)
            })
            .collect()
    }

    /// A kept index's build that returns only the files whose bytes are new since the last
    /// build, with every file's path. `changed`: the positions of the entries that may differ
    /// from the last build's entries, when no entry was removed or moved and any new ones
    /// were appended to the end of the list (those count as changed whether listed or not);
    /// only their hashes are computed (hashing every page's text took most of a one-ticket
    /// rebuild at 100,000 tickets).
    pub fn update(
        &mut self,
        entries: &[SearchEntry],
        changed: Option<&[usize]>,
    ) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        let last = std::mem::take(&mut self.last_files);
        let files = self.build_files(Source::Shared(entries), changed);
        let paths = files.iter().map(|(p, _)| p.clone()).collect();
        let new = files
            .iter()
            .filter(|(p, f)| !last.get(p).is_some_and(|l| Arc::ptr_eq(l, f)))
            .map(|(p, f)| (p.clone(), f.gz.clone()))
            .collect();
        (new, paths)
    }

    fn build_files(
        &mut self,
        mut src: Source<'_>,
        changed: Option<&[usize]>,
    ) -> Vec<(String, Arc<File>)> {
        let compressed = AtomicUsize::new(0);
        self.stats = Stats::default();
        let entries = src.all();
        // Per page, in page order: content hash (for the analysis) and shown hash (for the
        // bundles).
        let (order, hashes, shown) = if self.retain {
            let mut eh = std::mem::take(&mut self.entry_hashes);
            match changed {
                Some(changed) if eh.len() <= entries.len() => {
                    let old_n = eh.len();
                    eh.extend(entries[old_n..].par_iter().map(entry_hashes).collect());
                    for &i in changed.iter().filter(|&&i| i < old_n) {
                        eh.set(i, entry_hashes(&entries[i]));
                    }
                }
                _ => {
                    eh = EntryHashes::default();
                    eh.extend(entries.par_iter().map(entry_hashes).collect());
                }
            }
            let order = self.order(entries, eh.sort.clone());
            let hashes: Vec<u128> = order.iter().map(|&i| eh.content[i]).collect();
            let shown: Vec<u128> = order.iter().map(|&i| eh.shown[i]).collect();
            self.entry_hashes = eh;
            (order, hashes, shown)
        } else {
            (page_order(entries), Vec::new(), Vec::new())
        };
        let n = order.len();

        // 1. Page analyses and postings (and, in a one-off build, the excerpt bundles).
        //    Bundles are cut by each page's excerpt JSON size.
        let (json_len, bundle_ranges, streamed) = if self.retain {
            let pages: Vec<&SearchEntry> = order.iter().map(|&i| &entries[i]).collect();
            let json_len = self.update_postings(&pages, &hashes);
            let ranges = cut_bundles(&json_len);
            (json_len, ranges, None)
        } else {
            let json_len: Vec<u64> = order
                .par_iter()
                .map(|&i| page_json_len(&entries[i]))
                .collect();
            let ranges = cut_bundles(&json_len);
            let bundles = self.full_postings(&mut src, &order, &json_len, &ranges, &compressed);
            (json_len, ranges, Some(bundles))
        };
        let entries = src.all();
        let pages: Vec<&SearchEntry> = order.iter().map(|&i| &entries[i]).collect();

        // The word caches are only useful while analysing (`serve` keeps the threads alive).
        rayon::broadcast(|_| clear_thread_cache());

        // 2. Scores: the average length and page count, rounded (see module docs).
        let avg_len = if n == 0 {
            1.0
        } else {
            round_sig((self.total_len as f64 / n as f64).max(1.0), false) as f32
        };
        let prev = self.params;
        let pages_rounded = round_sig(n as f64, false) as usize;
        let params = Params {
            pages: pages_rounded,
            avg_len,
            max_score: max_score(pages_rounded),
        };
        self.params = Some(params);
        let edits = std::mem::take(&mut self.edits);
        let lens = std::mem::take(&mut self.edit_lens);

        // 3. Which keys' bytes changed: all when a global number changed, else the patched
        //    keys whose df changed or whose changed postings got other bytes.
        let all_dirty = self.rebuilt || prev != Some(params);
        if all_dirty {
            self.ks.par_iter_mut().for_each(|k| k.dirty = true);
        } else {
            let max_score = params.max_score;
            for e in &edits {
                let k = &mut self.ks[e.key as usize];
                let idf = idf(params.pages, k.df);
                let bytes = |p: Post, len: u32| {
                    p.map(|(sec, tf)| (sec, quantise(bm25(tf, len, avg_len, idf), max_score)))
                };
                k.dirty |= k.df != e.old_df
                    || e.changes.iter().any(|&(page, old, new)| {
                        let (old_len, new_len) = lens[&page];
                        bytes(old, old_len) != bytes(new, new_len)
                    });
            }
        }
        drop(edits);
        drop(lens);
        // 4. Keys in order, then cut into chunks.
        self.sort_new_keys();
        let plans = self.plan_chunks(all_dirty);
        let chunk_files = self.chunk_files(&plans, &params, &compressed);
        let chunk_firsts: Vec<String> = {
            let keys = self.keys();
            plans
                .iter()
                .map(|p| keys.strs[p.first as usize].to_string())
                .collect()
        };
        if !self.retain {
            // A plain build is done with the postings: free them before the bundles are made.
            for k in &mut self.ks {
                k.list = Vec::new();
            }
        }
        // 5. Typo vocabulary: letters-only word forms that a one-edit typo of a 5+ letter
        //    word can reach (4+ letters).
        let vocab_changed = {
            let typo = &self.keys.get_mut().unwrap_or_else(|e| e.into_inner()).typo;
            self.ks
                .iter()
                .zip(typo)
                .any(|(k, &t)| t && k.touched && (k.forms > 0) != k.was_form)
        };
        let vocab = match self.vocab.take() {
            Some(v) if !vocab_changed => v,
            _ => self.vocab_files(&compressed),
        };
        // 6. Excerpt bundles: each bundle's JSON built and compressed in parallel, so the JSON
        //    of all pages is never held (a one-off build made them in step 1).
        let bundle_sizes: Vec<usize> = bundle_ranges.iter().map(|r| r.len()).collect();
        let bundle_keys: Vec<u128> = if self.retain {
            bundle_ranges
                .par_iter()
                .map(|r| {
                    let mut h = Hash128::new();
                    for c in &shown[r.clone()] {
                        h.num(*c as u64).num((*c >> 64) as u64);
                    }
                    h.finish()
                })
                .collect()
        } else {
            Vec::new()
        };
        let old_bundles = std::mem::take(&mut self.bundles);
        let bundle_files: Vec<Arc<File>> = match streamed {
            Some(files) => files,
            None => bundle_ranges
                .par_iter()
                .enumerate()
                .map(|(b, r)| {
                    if let Some(f) = bundle_keys.get(b).and_then(|k| old_bundles.get(k)) {
                        return f.clone();
                    }
                    bundle_file(&pages[r.clone()], &json_len[r.clone()], &compressed)
                })
                .collect(),
        };
        drop(old_bundles);
        if self.retain {
            self.bundles = bundle_keys
                .into_iter()
                .zip(&bundle_files)
                .map(|(k, f)| (k, f.clone()))
                .collect();
        }
        // 7. Stages: compressed again only when a page's byte changed.
        let (stages, stage_raw) = if self.retain {
            self.stage_ids.file(&self.page_stage)
        } else {
            let mut t = StageIds::default();
            let ids: Vec<u32> = pages.iter().map(|e| t.id(e)).collect();
            t.file(&ids)
        };
        let stage_file = match self.stage_file.take() {
            Some((raw, f)) if raw == stage_raw => f,
            _ => File::new(&stage_raw, GZIP_LEVEL, &compressed),
        };
        if self.retain {
            self.stage_file = Some((stage_raw, stage_file.clone()));
        }
        // 8. Meta, tagged with a hash of everything else.
        let mut files: Vec<(String, Arc<File>)> = vec![("search/s.bin".to_string(), stage_file)];
        for (i, f) in chunk_files.into_iter().enumerate() {
            files.push((format!("search/w/{i}.bin"), f));
        }
        for (i, f) in vocab.fwd_files.iter().enumerate() {
            files.push((format!("search/v/f{i}.bin"), f.clone()));
        }
        for (i, f) in vocab.rev_files.iter().enumerate() {
            files.push((format!("search/v/r{i}.bin"), f.clone()));
        }
        for (i, f) in bundle_files.into_iter().enumerate() {
            files.push((format!("search/p/{i}.bin"), f));
        }
        let mut hash = Sha256::new();
        for (path, f) in &files {
            hash.update(path.as_bytes());
            hash.update((f.len as u64).to_le_bytes());
            hash.update(f.digest);
        }
        let tag = hex::encode(&hash.finalize()[..6]);

        let docs = pages
            .iter()
            .take_while(|e| e.kind == EntryKind::Doc)
            .count();
        let meta = Meta {
            format: FORMAT,
            tag,
            pages: n,
            docs,
            stages,
            stop: STOP_WORDS,
            max_word: MAX_WORD_CHARS,
            chunks: chunk_firsts,
            fwd: vocab.fwd.clone(),
            rev: vocab.rev.clone(),
            bundles: bundle_sizes,
        };
        let meta_json = serde_json::to_vec(&meta).unwrap_or_default();
        files.insert(
            0,
            (
                "search/meta.bin".to_string(),
                File::new(&meta_json, GZIP_LEVEL, &compressed),
            ),
        );

        // 9. Bookkeeping for the next build.
        self.stats.files = files.len();
        self.stats.files_compressed = compressed.into_inner();
        self.stats.keys_changed = self.ks.iter().filter(|k| k.dirty).count();
        if self.retain {
            self.vocab = Some(vocab);
            let keys = self.keys.get_mut().unwrap_or_else(|e| e.into_inner());
            for (id, k) in self.ks.iter_mut().enumerate() {
                let present = k.df > 0 || alias_stem(keys, k, id as u32).is_some();
                k.was_present = present;
                k.was_form = k.forms > 0;
                k.touched = false;
                k.dirty = false;
            }
        } else {
            drop(vocab);
            *self = Index::new(false);
        }
        if self.retain {
            self.last_files = files.iter().map(|(p, f)| (p.clone(), f.clone())).collect();
        }
        // Bundles already handed out (see `full_postings`) are not returned again.
        files.retain(|(_, f)| f.gz.len() == f.len);
        files
    }

    /// One-off build: analyses the pages batch by batch, merging each batch into the postings
    /// before the next is analysed, and compresses every excerpt bundle as soon as its pages
    /// are through; `src` may then free those pages' text. So memory holds one batch of page
    /// analyses, and the text of a large site is freed while the index grows (at 100,000
    /// tickets the text is about 230 MB). `ranges`: the bundles, cut from the pages'
    /// `json_len`. Returns the bundle files.
    fn full_postings(
        &mut self,
        src: &mut Source<'_>,
        order: &[usize],
        json_len: &[u64],
        ranges: &[std::ops::Range<usize>],
        compressed: &AtomicUsize,
    ) -> Vec<Arc<File>> {
        self.rebuilt = true;
        let n = order.len();
        let mut bundles: Vec<Arc<File>> = Vec::with_capacity(ranges.len());
        let mut freed = 0usize;
        let owner = self.keys().owner;
        for (b, batch) in order.chunks(BATCH_PAGES).enumerate() {
            let all = src.all();
            let keys = &self.keys;
            let analysed: Vec<PageInfo> = batch
                .par_iter()
                .map_init(Analyzer::new, |a, &i| analyze_page(keys, owner, a, &all[i]))
                .collect();
            self.grow();
            for (k, p) in analysed.iter().enumerate() {
                self.add_page((b * BATCH_PAGES + k) as u32, p);
            }
            drop(analysed);
            // Bundles whose pages are all analysed now.
            let done = ((b + 1) * BATCH_PAGES).min(n);
            let ready = ranges[bundles.len()..]
                .iter()
                .take_while(|r| r.end <= done)
                .count();
            let made: Vec<Arc<File>> = ranges[bundles.len()..bundles.len() + ready]
                .par_iter()
                .map(|r| {
                    let pages: Vec<&SearchEntry> =
                        order[r.clone()].iter().map(|&i| &all[i]).collect();
                    bundle_file(&pages, &json_len[r.clone()], compressed)
                })
                .collect();
            match src {
                Source::Freeing(_, emit) => {
                    for f in made {
                        let (gz, len, digest) = match Arc::try_unwrap(f) {
                            Ok(f) => (f.gz, f.len, f.digest),
                            Err(f) => (f.gz.clone(), f.len, f.digest),
                        };
                        emit(format!("search/p/{}.bin", bundles.len()), gz);
                        // Only what the meta file's tag needs stays.
                        bundles.push(Arc::new(File {
                            gz: Vec::new(),
                            len,
                            digest,
                        }));
                    }
                }
                Source::Shared(_) => bundles.extend(made),
            }
            let through = ranges[..bundles.len()].last().map_or(0, |r| r.end);
            for &i in &order[freed..through] {
                src.free(i);
            }
            freed = through;
        }
        self.grow();
        bundles
    }

    fn add_page(&mut self, page: u32, p: &PageInfo) {
        self.page_len.push(p.len);
        self.total_len += u64::from(p.len);
        let ks = &mut self.ks;
        p.terms(|key, tf, sec| {
            let k = &mut ks[key as usize];
            k.push(page, tf, sec);
            k.touched = true;
        });
        p.forms(|key| {
            let k = &mut ks[key as usize];
            k.forms += 1;
            k.touched = true;
        });
    }

    /// Incremental build: reuses the kept analyses of unchanged content, then patches or
    /// rebuilds the postings. Returns each page's excerpt JSON size.
    fn update_postings(&mut self, pages: &[&SearchEntry], hashes: &[u128]) -> Vec<u64> {
        let n = pages.len();
        let old_n = self.pages.len();
        // Ids whose content differs, and the new ids after the last one (a patch compares
        // by id: it need not know whether a page was edited or another one took its id).
        let grew = old_n <= n;
        let changed: Vec<usize> = if grew {
            (0..old_n)
                .filter(|&i| self.pages[i].0 != hashes[i])
                .chain(old_n..n)
                .collect()
        } else {
            Vec::new()
        };
        let patch = grew && changed.len() * PATCH_RATIO <= n.max(PATCH_RATIO);
        // Kept analyses by content (only needed when pages moved), then the new content
        // analysed once per distinct hash.
        let mut known: FastMap<u128, Arc<PageInfo>> = if patch {
            FastMap::default()
        } else {
            self.pages.iter().map(|(h, p)| (*h, p.clone())).collect()
        };
        let mut todo: Vec<usize> = Vec::new();
        {
            let mut queued: FastMap<u128, ()> = FastMap::default();
            let mut want = |i: usize| {
                let h = hashes[i];
                if !known.contains_key(&h) && queued.insert(h, ()).is_none() {
                    todo.push(i);
                }
            };
            if patch {
                changed.iter().for_each(|&i| want(i));
            } else {
                (0..n).for_each(want);
            }
        }
        let owner = self.keys().owner;
        let keys = &self.keys;
        let fresh: Vec<(u128, Arc<PageInfo>)> = todo
            .par_iter()
            .map_init(Analyzer::new, |a, &i| {
                (hashes[i], Arc::new(analyze_page(keys, owner, a, pages[i])))
            })
            .collect();
        self.stats.pages_analysed = fresh.len();
        known.extend(fresh);
        self.grow();

        self.rebuilt = !patch;
        self.stats.postings_patched = patch;
        if patch {
            let mut olds = Vec::with_capacity(changed.len());
            for &i in &changed {
                let new = (hashes[i], known[&hashes[i]].clone());
                let json_len = new.1.json_len;
                let stage = self.stage_ids.id(pages[i]);
                if i < old_n {
                    olds.push(Some(std::mem::replace(&mut self.pages[i], new)));
                    self.json_len[i] = json_len;
                    self.page_stage[i] = stage;
                } else {
                    // `changed` is ascending, so appended ids are pushed in order.
                    self.pages.push(new);
                    self.json_len.push(json_len);
                    self.page_stage.push(stage);
                    olds.push(None);
                }
            }
            drop(known);
            self.patch(&olds, &changed);
        } else {
            self.pages = hashes.iter().map(|h| (*h, known[h].clone())).collect();
            drop(known);
            self.json_len = self.pages.iter().map(|(_, p)| p.json_len).collect();
            // Names no page has any more go too.
            self.stage_ids = StageIds::default();
            let stage_ids = &mut self.stage_ids;
            self.page_stage = pages.iter().map(|e| stage_ids.id(e)).collect();
            for k in &mut self.ks {
                k.clear_list();
                k.forms = 0;
                k.touched = true;
            }
            self.page_len.clear();
            self.total_len = 0;
            let pages = std::mem::take(&mut self.pages);
            for (i, (_, p)) in pages.iter().enumerate() {
                self.add_page(i as u32, p);
            }
            self.pages = pages;
            for k in &mut self.ks {
                k.list.shrink_to_fit();
            }
        }
        self.json_len.clone()
    }

    /// Replaces the postings of the pages at `changed` (ascending) with those of
    /// `self.pages`: the same ids as before, or new ids after the last one. `olds[j]` is what
    /// page `changed[j]` was, `None` for a new id.
    fn patch(&mut self, olds: &[Option<(u128, Arc<PageInfo>)>], changed: &[usize]) {
        let mut edits: FastMap<u32, Vec<(u32, Post, Post)>> = FastMap::default();
        for (j, &i) in changed.iter().enumerate() {
            let page = i as u32;
            let (old, new) = (olds[j].as_ref().map(|o| &o.1), self.pages[i].1.clone());
            let old_len = old.map_or(0, |o| o.len);
            self.total_len = self.total_len - u64::from(old_len) + u64::from(new.len);
            if i < self.page_len.len() {
                self.page_len[i] = new.len;
            } else {
                self.page_len.push(new.len);
            }
            self.edit_lens.insert(page, (old_len, new.len));
            if let Some(old) = old {
                old.terms(|key, tf, sec| {
                    edits
                        .entry(key)
                        .or_default()
                        .push((page, Some((sec, tf)), None))
                });
            }
            new.terms(|key, tf, sec| {
                let e = edits.entry(key).or_default();
                match e.iter_mut().find(|c| c.0 == page) {
                    Some(c) => c.2 = Some((sec, tf)),
                    None => e.push((page, None, Some((sec, tf)))),
                }
            });
            let (ks, touched) = (&mut self.ks, &mut self.touched_ids);
            if let Some(old) = old {
                old.forms(|key| {
                    ks[key as usize].forms -= 1;
                    ks[key as usize].touched = true;
                    touched.push(key);
                });
            }
            new.forms(|key| {
                ks[key as usize].forms += 1;
                ks[key as usize].touched = true;
                touched.push(key);
            });
        }
        self.touched_ids.extend(edits.keys());
        let mut out = Vec::with_capacity(edits.len());
        for (key, mut changes) in edits {
            changes.sort_unstable_by_key(|c| c.0);
            let k = &mut self.ks[key as usize];
            let old_df = k.df;
            if let [(page, _, new)] = changes[..] {
                k.splice(page, new);
                k.touched = true;
                out.push(KeyEdit {
                    key,
                    old_df,
                    changes,
                });
                continue;
            }
            let old = k.decode();
            k.clear_list();
            // Merge by page: a change replaces (or removes) its page's old posting.
            let (mut i, mut j) = (0, 0);
            while i < old.len() || j < changes.len() {
                if j == changes.len() || (i < old.len() && old[i].0 < changes[j].0) {
                    let (page, sec, tf) = old[i];
                    k.push(page, tf, sec);
                    i += 1;
                } else {
                    let (page, _, new) = changes[j];
                    if i < old.len() && old[i].0 == page {
                        i += 1;
                    }
                    if let Some((sec, tf)) = new {
                        k.push(page, tf, sec);
                    }
                    j += 1;
                }
            }
            k.touched = true;
            out.push(KeyEdit {
                key,
                old_df,
                changes,
            });
        }
        self.edits = out;
    }

    /// Sorts the keys added since the last build into `sorted`.
    fn sort_new_keys(&mut self) {
        let total = self.ks.len();
        if self.sorted_keys == total {
            return;
        }
        let keys = self.keys.get_mut().unwrap_or_else(|e| e.into_inner());
        let strs = &keys.strs;
        let mut new: Vec<u32> = (self.sorted_keys as u32..total as u32).collect();
        self.touched_ids.extend_from_slice(&new);
        new.par_sort_unstable_by(|&a, &b| strs[a as usize].cmp(&strs[b as usize]));
        if self.sorted.is_empty() {
            self.sorted = new;
        } else {
            let old = std::mem::take(&mut self.sorted);
            let mut merged = Vec::with_capacity(old.len() + new.len());
            let (mut i, mut j) = (0, 0);
            while i < old.len() && j < new.len() {
                if strs[old[i] as usize] <= strs[new[j] as usize] {
                    merged.push(old[i]);
                    i += 1;
                } else {
                    merged.push(new[j]);
                    j += 1;
                }
            }
            merged.extend_from_slice(&old[i..]);
            merged.extend_from_slice(&new[j..]);
            self.sorted = merged;
        }
        self.sorted_keys = total;
    }

    /// Cuts the present keys, in order, into chunks of about [`CHUNK_TARGET`] bytes. After a
    /// patch only the stretches around changed keys are scanned again: a chunk of the last
    /// build that starts where a new one starts and holds no changed key (nor does the gap to
    /// the next one) is cut the same way again.
    fn plan_chunks(&mut self, all_dirty: bool) -> Vec<ChunkPlan> {
        let keys = self.keys.get_mut().unwrap_or_else(|e| e.into_inner());
        let (ks, sorted) = (&self.ks, &self.sorted);
        let touched = std::mem::take(&mut self.touched_ids);
        let old = std::mem::take(&mut self.old_plans);
        let mut plans = Vec::new();
        if self.rebuilt || !self.retain || old.is_empty() {
            let mut at = 0;
            while let Some(p) = scan_chunk(keys, ks, sorted, at) {
                at = p.end;
                plans.push(p);
            }
        } else {
            let strs = &keys.strs;
            let pos_of = |id: u32| {
                let key = &strs[id as usize];
                sorted.partition_point(|&x| strs[x as usize] < *key)
            };
            let mut changed: Vec<usize> = touched.iter().map(|&id| pos_of(id)).collect();
            changed.sort_unstable();
            changed.dedup();
            let old_at: FastMap<u32, usize> =
                old.iter().enumerate().map(|(j, o)| (o.0, j)).collect();
            let (mut at, mut c) = (0, 0);
            while at < sorted.len() {
                while c < changed.len() && changed[c] < at {
                    c += 1;
                }
                let id = sorted[at];
                if let Some(&j) = old_at.get(&id) {
                    let end = old.get(j + 1).map_or(sorted.len(), |o| pos_of(o.0));
                    if changed.get(c).is_none_or(|&x| x >= end) {
                        plans.push(ChunkPlan {
                            start: at,
                            end,
                            first: id,
                            last: old[j].1,
                            count: old[j].2,
                            clean: !all_dirty,
                        });
                        at = end;
                        continue;
                    }
                }
                match scan_chunk(keys, ks, sorted, at) {
                    Some(p) => {
                        at = p.end;
                        plans.push(p);
                    }
                    None => break,
                }
            }
        }
        if self.retain {
            self.old_plans = plans.iter().map(|p| (p.first, p.last, p.count)).collect();
        }
        plans
    }

    /// The compressed chunk files: reused from the last build when unchanged.
    fn chunk_files(
        &mut self,
        plans: &[ChunkPlan],
        params: &Params,
        compressed: &AtomicUsize,
    ) -> Vec<Arc<File>> {
        let old = std::mem::take(&mut self.chunks);
        let keys = self.keys.get_mut().unwrap_or_else(|e| e.into_inner());
        let (ks, sorted, page_len) = (&self.ks, &self.sorted, &self.page_len);
        let files: Vec<Arc<File>> = plans
            .par_iter()
            .map(|p| {
                if p.clean {
                    if let Some(c) = old.get(&p.first) {
                        if c.last == p.last && c.count == p.count {
                            return c.file.clone();
                        }
                    }
                }
                let mut body = Vec::with_capacity(CHUNK_TARGET * 2);
                let mut prev: &[u8] = b"";
                for &id in &sorted[p.start..p.end] {
                    let k = &ks[id as usize];
                    let alias = alias_stem(keys, k, id);
                    if k.df == 0 && alias.is_none() {
                        continue;
                    }
                    let key = keys.strs[id as usize].as_bytes();
                    put_front_coded(&mut body, prev, key);
                    prev = key;
                    put_key_body(&mut body, k, alias, page_len, params);
                }
                let mut file = Vec::with_capacity(body.len() + 8);
                put_varint(&mut file, p.count);
                file.extend_from_slice(&body);
                drop(body);
                File::new(&file, GZIP_LEVEL_POSTINGS, compressed)
            })
            .collect();
        if self.retain {
            self.chunks = plans
                .iter()
                .zip(&files)
                .map(|(p, f)| {
                    (
                        p.first,
                        CachedChunk {
                            last: p.last,
                            count: p.count,
                            file: f.clone(),
                        },
                    )
                })
                .collect();
        }
        files
    }

    fn vocab_files(&mut self, compressed: &AtomicUsize) -> Vocab {
        let keys = self.keys.get_mut().unwrap_or_else(|e| e.into_inner());
        let typo_words: Vec<&str> = self
            .sorted
            .iter()
            .filter(|&&id| self.ks[id as usize].forms > 0 && keys.typo[id as usize])
            .map(|&id| &*keys.strs[id as usize])
            .collect();
        let mut by_first: Vec<(String, &str)> =
            typo_words.iter().map(|w| (first_chars(w, 2), *w)).collect();
        by_first.sort();
        let mut by_last: Vec<(String, &str)> = typo_words
            .iter()
            .map(|w| (last_chars_reversed(w, 2), *w))
            .collect();
        by_last.sort();
        let (fwd, fwd_raw) = vocab_files(&by_first, VOCAB_TARGET);
        let (rev, rev_raw) = vocab_files(&by_last, VOCAB_TARGET);
        Vocab {
            fwd,
            fwd_files: fwd_raw
                .par_iter()
                .map(|f| File::new(f, GZIP_LEVEL, compressed))
                .collect(),
            rev,
            rev_files: rev_raw
                .par_iter()
                .map(|f| File::new(f, GZIP_LEVEL, compressed))
                .collect(),
        }
    }
}

/// Scans one chunk from sorted position `at` (the previous chunk's end). Its `end` is where
/// the next chunk starts. `None` when no present key is left.
fn scan_chunk(keys: &Keys, ks: &[KeyState], sorted: &[u32], at: usize) -> Option<ChunkPlan> {
    let mut cur_len = 0usize;
    let mut prev: &[u8] = b"";
    let mut plan: Option<ChunkPlan> = None;
    for (i, &id) in sorted.iter().enumerate().skip(at) {
        let k = &ks[id as usize];
        let alias = alias_stem(keys, k, id);
        let present = k.df > 0 || alias.is_some();
        let flag_before = k.was_form && keys.alias_of(id).is_some();
        let changed = k.dirty || present != k.was_present || alias.is_some() != flag_before;
        if !present {
            if let Some(p) = plan.as_mut() {
                p.clean &= !changed;
            }
            continue;
        }
        if cur_len >= CHUNK_TARGET {
            if let Some(mut p) = plan.take() {
                p.end = i;
                return Some(p);
            }
        }
        let p = plan.get_or_insert(ChunkPlan {
            start: i,
            end: i,
            first: id,
            last: id,
            count: 0,
            clean: true,
        });
        p.last = id;
        p.count += 1;
        p.clean &= !changed;
        let key = keys.strs[id as usize].as_bytes();
        let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
        let flag = u64::from(alias.is_some());
        cur_len += varint_len(shared as u64)
            + varint_len((key.len() - shared) as u64)
            + (key.len() - shared)
            + varint_len((u64::from(k.df) << 1) | flag)
            + k.post_len as usize
            + alias.map_or(0, |s| varint_len(s.len() as u64) + s.len());
        prev = key;
    }
    plan.map(|mut p| {
        p.end = sorted.len();
        p
    })
}

/// The stem a present word form points to (its alias is written after its postings).
fn alias_stem<'a>(keys: &'a Keys, k: &KeyState, id: u32) -> Option<&'a str> {
    if k.forms == 0 {
        return None;
    }
    keys.alias_of(id).map(|s| &*keys.strs[s as usize])
}

/// A key's bytes in a chunk after the front-coded key: posting count (with the alias flag),
/// postings (page delta, section, score byte), and the stem for a word form.
fn put_key_body(
    out: &mut Vec<u8>,
    k: &KeyState,
    alias: Option<&str>,
    page_len: &[u32],
    params: &Params,
) {
    put_varint(out, (u64::from(k.df) << 1) | u64::from(alias.is_some()));
    if k.df > 0 {
        let idf = idf(params.pages, k.df);
        let l = &k.list;
        let (mut pos, mut page) = (0, 0u32);
        while pos < l.len() {
            let start = pos;
            page += get_varint(l, &mut pos);
            get_varint(l, &mut pos);
            // The page delta and section varints are the same in the chunk.
            out.extend_from_slice(&l[start..pos]);
            let tf = get_varint(l, &mut pos);
            let score = bm25(tf, page_len[page as usize], params.avg_len, idf);
            out.push(quantise(score, params.max_score));
        }
    }
    if let Some(stem) = alias {
        put_varint(out, stem.len() as u64);
        out.extend_from_slice(stem.as_bytes());
    }
}

/// A plain build: nothing is kept.
/// The entries an index is built from: borrowed, or lent mutably so that a one-off build
/// can free each page's text once its excerpts are compressed.
pub(crate) enum Source<'a> {
    Shared(&'a [SearchEntry]),
    /// Also hands each excerpt bundle to `emit` as soon as it is compressed (path, bytes), so
    /// the bundles are written while the index is still being built instead of held.
    Freeing(&'a mut [SearchEntry], &'a Emit<'a>),
}

/// Receives index files early (see [`Source::Freeing`]).
pub type Emit<'a> = dyn Fn(String, Vec<u8>) + Sync + 'a;

impl Source<'_> {
    fn all(&self) -> &[SearchEntry] {
        match self {
            Source::Shared(e) => e,
            Source::Freeing(e, _) => e,
        }
    }

    /// Entry `i` is no longer needed for excerpts: drop its text if it is ours to drop.
    fn free(&mut self, i: usize) {
        if let Source::Freeing(e, _) = self {
            e[i].sections = Vec::new();
        }
    }
}

/// Cuts the pages (in id order) into excerpt bundles of about [`BUNDLE_TARGET`] JSON bytes,
/// larger when that would make more than [`MAX_BUNDLES`] files. That larger size is rounded
/// up to 7 significant bits, so a page added at the end almost never moves the earlier cuts.
fn cut_bundles(json_len: &[u64]) -> Vec<std::ops::Range<usize>> {
    let n = json_len.len();
    let total_json: u64 = json_len.iter().sum();
    let spread = round_sig((total_json / MAX_BUNDLES as u64 + 1) as f64, true) as u64;
    let target = (BUNDLE_TARGET as u64).max(spread);
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0usize;
    let mut cur_len = 0u64;
    for (i, &len) in json_len.iter().enumerate() {
        if i > start && cur_len + len > target {
            ranges.push(start..i);
            start = i;
            cur_len = 0;
        }
        cur_len += 1 + len;
    }
    if start < n {
        ranges.push(start..n);
    }
    ranges
}

/// One excerpt bundle: the JSON array of its pages' excerpt data, compressed.
fn bundle_file(pages: &[&SearchEntry], json_len: &[u64], compressed: &AtomicUsize) -> Arc<File> {
    let size: u64 = json_len.iter().sum::<u64>() + pages.len() as u64 + 1;
    let mut cur = Vec::with_capacity(size as usize);
    for (k, e) in pages.iter().enumerate() {
        cur.push(if k == 0 { b'[' } else { b',' });
        push_page_json(&mut cur, e);
    }
    cur.push(b']');
    File::new(&cur, GZIP_LEVEL, compressed)
}

pub(crate) fn build(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    Index::new(false).build(Source::Shared(entries))
}

pub(crate) fn build_freeing(
    entries: &mut [SearchEntry],
    emit: &Emit<'_>,
) -> Vec<(String, Vec<u8>)> {
    Index::new(false).build(Source::Freeing(entries, emit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_matches_rebuilding_the_list() {
        let mut rng = crate::test_rng::Lcg::new(11);
        let mut next = |m: u32| rng.below(u64::from(m)) as u32;
        for _ in 0..3000 {
            let mut posts: Vec<(u32, u32, u32)> = Vec::new();
            let mut page = 0;
            for _ in 0..next(8) {
                page += 1 + next(300);
                posts.push((page, next(3), 1 + next(200)));
            }
            let mut k = KeyState::default();
            for &(p, s, t) in &posts {
                k.push(p, t, s);
            }
            let target = if !posts.is_empty() && next(2) == 0 {
                posts[next(posts.len() as u32) as usize].0
            } else {
                next(page + 400)
            };
            let new = (next(3) > 0).then(|| (next(5), 1 + next(1000)));
            posts.retain(|p| p.0 != target);
            if let Some((s, t)) = new {
                posts.push((target, s, t));
                posts.sort_unstable();
            }
            let mut want = KeyState::default();
            for &(p, s, t) in &posts {
                want.push(p, t, s);
            }
            k.splice(target, new);
            assert_eq!(k.list, want.list);
            assert_eq!(
                (k.df, k.post_len, k.last),
                (want.df, want.post_len, want.last)
            );
            assert_eq!(k.decode(), posts);
        }
    }
}
