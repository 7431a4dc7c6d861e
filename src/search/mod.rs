//! Stage 5b: the static search index over public docs and tickets.
//!
//! Input is only [`SearchEntry`] values that the site plan builds from public types, so nothing
//! private can reach the index.
//!
//! Stages inside: [`analyze`] (words, folding, stop words, stemming) → `page` (one page's
//! terms and excerpt JSON) → `build` (in full with [`build_index`] or incrementally with
//! [`IndexCache`]: `order` gives the page ids, `postings` holds each key's posting list,
//! `score` the BM25 score bytes, `format` lays out every file) → the browser client
//! `themes/default/static/search.js`. [`reader`] reads the files back like the client does,
//! for tests and the bench. `encode` (varints, gzip) and `hash` (keyed hashing) serve them
//! all. The file layout is described in `format/mod.rs`. Text is analysed in the site's
//! language ([`language`]: its Snowball stemmer and stop words); Chinese, Japanese and Korean
//! text, in any language, as character bigrams ([`analyze`]). [`detect_language`] tells which
//! of the site's languages a text is written in. Limits: no phrase search, one language per
//! index, excerpts come from the first 1,200 characters of a section.

pub(crate) mod analyze;
mod build;
mod detect;
mod encode;
mod format;
mod hash;
pub(crate) mod language;
pub mod lookup;
mod order;
mod page;
mod postings;
pub mod reader;
mod score;
#[cfg(test)]
mod tests;

pub(crate) use build::Emit;
pub use build::Stats as IndexCacheStats;
pub use detect::{detect_language, opening_language, DETECT_BYTES};
pub(crate) use format::FORMAT;
pub use language::SearchLanguage;

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
    /// A doc's one-line description from its front matter: indexed like a heading (the
    /// author's own words for what the page is about) but not shown in excerpts. `None` for
    /// tickets, whose customer-written text is all in `sections`.
    pub summary: Option<String>,
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

/// Builds the index files. Paths are relative to the site root (e.g. `search/meta.bin`).
/// Output must be deterministic: the same entries give the same bytes.
///
/// Files are gzip-compressed; `search/meta.bin` lists the rest. See `format/mod.rs` for the
/// layout.
pub fn build_index(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    build::build(entries, &SearchLanguage::english())
}

/// [`build_index`] with text analysed in `lang` (its stemmer and stop words).
pub fn build_index_in(entries: &[SearchEntry], lang: &SearchLanguage) -> Vec<(String, Vec<u8>)> {
    build::build(entries, lang)
}

/// [`build_index`] (the same files and bytes) that empties each entry's `sections` once its
/// excerpts are compressed and hands each excerpt bundle file to `emit` right away (it is not
/// returned), so a site build frees the text and writes the bundles while the index grows
/// instead of holding all of it to the end.
pub(crate) fn build_index_freeing(
    entries: &mut [SearchEntry],
    lang: &SearchLanguage,
    emit: &Emit<'_>,
) -> Vec<(String, Vec<u8>)> {
    build::build_freeing(entries, lang, emit)
}

/// Keeps what the last index build computed so the next one redoes only what changed.
///
/// For `watch`/`serve`: it holds every page's analysis (by a hash of its content), the merged
/// postings and the compressed files, so a build where a few entries changed analyses only
/// those, patches their postings and recompresses only the files whose bytes changed. A
/// ticket that moves to another stage keeps its page id (the stage file changes), and a new
/// page whose URL sorts last (digit runs by value: with numeric ticket ids, the highest
/// number) takes the next id: both are as cheap as a text edit. A removed page, or a new one anywhere else (a new doc), shifts the
/// ids of the pages after it, which changes most postings chunks: such a build rebuilds the
/// postings and recompresses those chunks (the slow case, still far less work than a full
/// build). Memory: about the size of the compressed index plus the postings (a few hundred
/// MB for 100,000 tickets).
pub struct IndexCache {
    index: build::Index,
}

impl Default for IndexCache {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexCache {
    /// A cache of an English index.
    pub fn new() -> IndexCache {
        IndexCache::in_language(&SearchLanguage::english())
    }

    /// A cache of an index analysed in `lang`.
    pub fn in_language(lang: &SearchLanguage) -> IndexCache {
        IndexCache {
            index: build::Index::new(true, lang.clone()),
        }
    }

    /// The same files, byte for byte, as `build_index(entries)`, but fast when only a few
    /// entries differ from the previous call (compared by url and content).
    pub fn build(&mut self, entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
        self.index.build(build::Source::Shared(entries))
    }

    /// [`IndexCache::build`] for a watch loop: returns only the files whose bytes are new
    /// since the last build, and every file's path (to remove the ones gone). `changed`
    /// names the entries that may differ from the last call's, by position, when no entry
    /// was removed or moved and new entries (if any) were appended at the end of the list:
    /// those count as changed whether named or not. `None` compares every entry.
    pub fn update(
        &mut self,
        entries: &[SearchEntry],
        changed: Option<&[usize]>,
    ) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        self.index.update(entries, changed)
    }

    /// What the last [`IndexCache::build`] redid (for a watch loop's log line and the bench).
    pub fn stats(&self) -> IndexCacheStats {
        self.index.stats()
    }
}
