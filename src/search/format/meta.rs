//! `search/meta.bin`: the file the browser reads first; it lists the others.

use serde::Serialize;

/// Version of the file layout; the browser refuses a meta file with another one.
pub const FORMAT: u32 = 3;

/// Becomes `search/meta.bin` (JSON, gzip-compressed): the page count, how many of the first
/// ids are docs, the stage names, the stop words, the first key of every postings chunk and
/// typo-vocabulary file, the page count of every excerpt bundle, and the content tag.
#[derive(Serialize)]
pub(crate) struct Meta<'a> {
    pub(crate) format: u32,
    pub(crate) tag: String,
    pub(crate) pages: usize,
    pub(crate) docs: usize,
    /// Ticket stage names, sorted; `search/s.bin` holds a byte per page: 0 for a doc or a
    /// ticket without a stage, else 1 + the index of its stage here.
    pub(crate) stages: Vec<String>,
    pub(crate) stop: &'a [String],
    pub(crate) max_word: usize,
    pub(crate) chunks: Vec<String>,
    pub(crate) fwd: Vec<String>,
    pub(crate) rev: Vec<String>,
    pub(crate) bundles: Vec<usize>,
}
