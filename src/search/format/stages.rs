//! `search/s.bin`: one byte per page id, the page's stage (the client's stage filter).

use super::super::hash::FastMap;
use super::super::{EntryKind, SearchEntry};

/// Stage names `search/s.bin` can tell apart (one byte per page, 0 = no stage). The site's
/// workflow has nine.
pub const MAX_STAGES: usize = 255;

/// Stage names by a small id, so the kept state holds a `u32` per page instead of reading
/// every page's stage string again (at 100,000 pages that pointer chase cost 15 ms a build).
/// Id 0 is no stage: a doc, or a ticket without one. [`StageIds::file`] gives the bytes of
/// `search/s.bin`.
#[derive(Default)]
pub(crate) struct StageIds {
    names: Vec<Box<str>>,
    ids: FastMap<Box<str>, u32>,
}

impl StageIds {
    pub(crate) fn id(&mut self, e: &SearchEntry) -> u32 {
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
    /// page's byte of `search/s.bin` (see [`super`]).
    pub(crate) fn file(&self, pages: &[u32]) -> (Vec<String>, Vec<u8>) {
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
