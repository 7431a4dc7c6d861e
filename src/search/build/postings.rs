//! The build's postings stage: pages analysed (in batches, or only the changed ones) and
//! merged into every key's `KeyState`, patched in place when few pages changed.

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use rayon::prelude::*;

use super::super::analyze::Analyzer;
use super::super::format::bundle::bundle_file;
use super::super::format::stages::StageIds;
use super::super::format::File;
use super::super::hash::FastMap;
use super::super::page::{analyze_page, PageInfo};
use super::super::postings::{KeyEdit, Post};
use super::super::SearchEntry;
use super::{Index, Source};

/// Pages analysed per batch in a full build: their terms are merged into the postings before
/// the next batch is analysed, so memory holds one batch of page analyses, not the whole
/// site's.
const BATCH_PAGES: usize = 2048;

/// An incremental build patches the postings in place when no page was removed and at most
/// one page in this many changed or is new (new pages get the ids after the last one);
/// otherwise it rebuilds the postings from the kept page analyses (a removed page shifts every
/// later page id anyway).
const PATCH_RATIO: usize = 16;

impl Index {
    /// One-off build: analyses the pages batch by batch, merging each batch into the postings
    /// before the next is analysed, and compresses every excerpt bundle as soon as its pages
    /// are through; `src` may then free those pages' text. So memory holds one batch of page
    /// analyses, and the text of a large site is freed while the index grows (at 100,000
    /// tickets the text is about 230 MB). `ranges`: the bundles, cut from the pages'
    /// `json_len`. Returns the bundle files.
    pub(super) fn full_postings(
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
        let lang = self.lang.clone();
        for (b, batch) in order.chunks(BATCH_PAGES).enumerate() {
            let all = src.all();
            let keys = &self.keys;
            let analysed: Vec<PageInfo> = batch
                .par_iter()
                .map_init(
                    || Analyzer::new(&lang),
                    |a, &i| analyze_page(keys, owner, a, &all[i]),
                )
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
    pub(super) fn update_postings(&mut self, pages: &[&SearchEntry], hashes: &[u128]) -> Vec<u64> {
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
        let lang = self.lang.clone();
        let keys = &self.keys;
        let fresh: Vec<(u128, Arc<PageInfo>)> = todo
            .par_iter()
            .map_init(
                || Analyzer::new(&lang),
                |a, &i| (hashes[i], Arc::new(analyze_page(keys, owner, a, pages[i]))),
            )
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
    pub(super) fn sort_new_keys(&mut self) {
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
}
