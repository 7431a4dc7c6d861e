//! Which postings chunks and typo-vocabulary files a build makes anew, and which it reuses
//! from the last build.

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use rayon::prelude::*;

use super::super::encode::{put_front_coded, put_varint, GZIP_LEVEL, GZIP_LEVEL_POSTINGS};
use super::super::format::chunk::{alias_stem, put_key_body, scan_chunk, ChunkPlan, CHUNK_TARGET};
use super::super::format::vocab::{
    first_chars, last_chars_reversed, vocab_files, Vocab, VOCAB_TARGET,
};
use super::super::format::File;
use super::super::hash::FastMap;
use super::super::score::Params;
use super::Index;

/// A chunk of the last build, by its first key.
pub(super) struct CachedChunk {
    last: u32,
    count: u64,
    file: Arc<File>,
}

impl Index {
    /// Cuts the present keys, in order, into chunks of about [`CHUNK_TARGET`] bytes. After a
    /// patch only the stretches around changed keys are scanned again: a chunk of the last
    /// build that starts where a new one starts and holds no changed key (nor does the gap to
    /// the next one) is cut the same way again.
    pub(super) fn plan_chunks(&mut self, all_dirty: bool) -> Vec<ChunkPlan> {
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
    pub(super) fn chunk_files(
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

    pub(super) fn vocab_files(&mut self, compressed: &AtomicUsize) -> Vocab {
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
