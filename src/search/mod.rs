//! Stage 5b: the static search index over public docs and tickets.
//!
//! Input is only [`SearchEntry`] values that the site plan builds from public types, so nothing
//! private can reach the index.
//!
//! Stages inside: [`analyze`] (words, folding, stop words, stemming) → `build` (BM25 scores,
//! sharded files) → the browser client `themes/default/static/search.js`. [`reader`] reads the
//! files back like the client does, for tests and the bench. The file layout is described in
//! `build.rs`. Limits: no phrase search, no per-language analysis (English stemming and stop
//! words for all text), excerpts come from the first 1,200 characters of a section.

pub mod analyze;
mod build;
mod encode;
pub mod reader;
#[cfg(test)]
mod tests;

pub use build::FORMAT;

/// What kind of page an entry is; the client filters on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Doc,
    Ticket,
}

/// One public page to index.
#[derive(Debug, Clone)]
pub struct SearchEntry {
    /// Site-relative URL of the page, e.g. `docs/billing/refunds/` or `tickets/1042/`.
    pub url: String,
    pub title: String,
    pub kind: EntryKind,
    /// The customer-facing stage name of a ticket ("In progress"); `None` for docs.
    pub stage: Option<String>,
    /// The page's text split at headings: the first section usually has no heading.
    pub sections: Vec<SearchSection>,
}

/// A part of a page under one heading.
#[derive(Debug, Clone)]
pub struct SearchSection {
    /// Heading text, `None` for the text before the first heading.
    pub heading: Option<String>,
    /// The heading's anchor id on the page (deep link target `url#anchor`).
    pub anchor: Option<String>,
    /// Plain text (no markup) of the section.
    pub text: String,
}

/// Builds the index files. Paths are relative to the site root (e.g. `search/meta.json`).
/// Output must be deterministic: the same entries give the same bytes.
///
/// Files are gzip-compressed; `search/meta.bin` lists the rest. See `build.rs` for the layout.
pub fn build_index(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    build::build(entries)
}
