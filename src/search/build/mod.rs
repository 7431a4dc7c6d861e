//! Builds the index files from [`SearchEntry`] values, in full or incrementally.
//!
//! One engine, [`Index`], does both builds. [`build`] runs it once on a fresh state and keeps
//! nothing. [`super::IndexCache`] keeps the state: the analysis of every page (by content
//! hash), the merged postings, and the compressed chunks and bundles. The next build analyses
//! only new content, patches the postings of changed and appended pages, works out which
//! keys' bytes changed (from the changed postings alone while the rounded page count and
//! average length stay put) and recompresses only the chunks that hold them and the bundles
//! whose pages changed. Removing a page (or adding one anywhere but at the end of the order)
//! shifts the ids after it: the postings are then rebuilt from the kept analyses and most
//! chunks recompressed, the slow case. Both paths go through the same stages, so they give
//! the same bytes.
//!
//! Stages: [`super::order`] (page ids) → `postings` (pages analysed into every key's
//! postings) → [`super::score`] (which keys' bytes changed) → `files` (chunks and typo
//! vocabulary made or reused) → [`super::format`] (every file's bytes). `changes` holds what
//! a kept index compares to find what changed.

mod changes;
mod files;
mod postings;

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::analyze::MAX_WORD_CHARS;
use super::encode::GZIP_LEVEL;
use super::format::bundle::{bundle_file, cut_bundles};
use super::format::chunk::alias_stem;
use super::format::meta::{Meta, FORMAT};
use super::format::stages::StageIds;
use super::format::vocab::Vocab;
use super::format::File;
use super::hash::{FastMap, Hash128};
use super::language::SearchLanguage;
use super::order::page_order;
use super::page::{clear_thread_cache, page_json_len, Keys, PageInfo};
use super::postings::{KeyEdit, KeyState, Post};
use super::score::{bm25, idf, max_score, quantise, round_sig, Params};
use super::{EntryKind, SearchEntry};
use changes::{entry_hashes, EntryHashes, OrderCache};
use files::CachedChunk;

/// The index build state (see the module docs).
pub(crate) struct Index {
    /// Keep what the next build can reuse (an [`super::IndexCache`]); a plain build does not.
    retain: bool,
    /// The language text is analysed in.
    lang: SearchLanguage,
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
    pub fn new(retain: bool, lang: SearchLanguage) -> Index {
        Index {
            retain,
            lang,
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

        // 2. Scores: the average length and page count, rounded (see `score`).
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
            stop: &self.lang.stop,
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
            *self = Index::new(false, self.lang.clone());
        }
        if self.retain {
            self.last_files = files.iter().map(|(p, f)| (p.clone(), f.clone())).collect();
        }
        // Bundles already handed out (see `full_postings`) are not returned again.
        files.retain(|(_, f)| f.gz.len() == f.len);
        files
    }
}

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

/// A plain build: nothing is kept.
pub(crate) fn build(entries: &[SearchEntry], lang: &SearchLanguage) -> Vec<(String, Vec<u8>)> {
    Index::new(false, lang.clone()).build(Source::Shared(entries))
}

pub(crate) fn build_freeing(
    entries: &mut [SearchEntry],
    lang: &SearchLanguage,
    emit: &Emit<'_>,
) -> Vec<(String, Vec<u8>)> {
    Index::new(false, lang.clone()).build(Source::Freeing(entries, emit))
}
