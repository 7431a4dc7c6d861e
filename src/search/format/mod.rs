//! The on-disk layout of the search index: one module per kind of file, each with the code
//! that lays its bytes out. [`super::build`] decides which files to make (or reuse) and
//! hands them here.
//!
//! Files (all gzip-compressed, paths relative to the site root):
//!
//! - `search/meta.bin`: JSON. Page count, how many of the first ids are docs, the ticket stage
//!   names, the stop words, the first key of every postings chunk and typo-vocabulary file,
//!   the page count of every excerpt bundle, and a content tag the browser appends to the
//!   other URLs (`?v=`) so a rebuilt site never mixes old and new files from a cache.
//! - `search/s.bin`: one byte per page id, the page's stage: 0 for a doc or a ticket without
//!   a stage, else 1 + its index in the meta file's stage names (sorted by code point; at most
//!   [`stages::MAX_STAGES`] of them, the others count as no stage).
//! - `search/w/N.bin`: postings chunks. Keys (stems, plus word forms that point to their stem)
//!   sorted by code point and cut into ranges of about [`chunk::CHUNK_TARGET`] bytes, so a
//!   query word needs exactly one chunk and a prefix the few chunks its range spans. A
//!   posting is (page delta, section · 4 + lead flags, score byte); the flags (1: the word
//!   is in the title or a doc's description, 2: in a heading) let the reader boost docs about
//!   the query's words only.
//! - `search/v/fN.bin`, `search/v/rN.bin`: typo vocabulary: word forms of 4+ letters grouped by
//!   their first two letters (`f`) and by their last two (`r`). A single edit leaves one of
//!   the two ends intact on words of 5+ letters, so two small files hold every candidate.
//! - `search/p/N.bin`: excerpt bundles: JSON arrays of `[url, title, [[heading, anchor, text]]]`
//!   for consecutive page ids, sized to about [`bundle::BUNDLE_TARGET`] bytes and never more
//!   than [`bundle::MAX_BUNDLES`] files, so a 100,000-page site does not write 100,000
//!   fragment files.
//!
//! The page ids that the files share are described in [`super::order`], the score bytes in
//! [`super::score`].

pub(crate) mod bundle;
pub(crate) mod chunk;
pub(crate) mod meta;
pub(crate) mod stages;
pub(crate) mod vocab;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::encode::gzip;

pub use meta::FORMAT;

/// A compressed index file (any `search/*.bin`) and its SHA-256 (for the meta tag).
pub(crate) struct File {
    /// Empty once the bytes went out early through [`super::build::Source::Freeing`]'s `emit`.
    pub(crate) gz: Vec<u8>,
    pub(crate) len: usize,
    pub(crate) digest: [u8; 32],
}

impl File {
    /// Compresses `raw` at `level`, counting it in `count`.
    pub(crate) fn new(raw: &[u8], level: u32, count: &AtomicUsize) -> Arc<File> {
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
