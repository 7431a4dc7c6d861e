//! What a kept index compares to redo only what changed: hashes of every entry, and the page
//! order of the last build.

use super::super::hash::Hash128;
use super::super::order::{page_cmp, page_order};
use super::super::{EntryKind, SearchEntry};
use super::Index;

/// Hashes of an entry: of the fields that decide its place in the page order, of those its
/// excerpt JSON shows (the cache key of its bundle), and of all of it (the cache key of its
/// analysis, which indexes the stage name too).
pub(super) fn entry_hashes(e: &SearchEntry) -> [u128; 3] {
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
    h.opt(e.stage.as_deref()).opt(e.summary.as_deref());
    [sort, shown, h.finish()]
}

/// [`entry_hashes`] of every entry, by kind of hash.
#[derive(Default)]
pub(super) struct EntryHashes {
    pub(super) sort: Vec<u128>,
    pub(super) shown: Vec<u128>,
    pub(super) content: Vec<u128>,
}

impl EntryHashes {
    pub(super) fn len(&self) -> usize {
        self.sort.len()
    }

    pub(super) fn set(&mut self, i: usize, [sort, shown, content]: [u128; 3]) {
        (self.sort[i], self.shown[i], self.content[i]) = (sort, shown, content);
    }

    pub(super) fn extend(&mut self, hashes: Vec<[u128; 3]>) {
        for [sort, shown, content] in hashes {
            self.sort.push(sort);
            self.shown.push(shown);
            self.content.push(content);
        }
    }
}

/// The order of the last build's entries.
pub(super) struct OrderCache {
    sort_hashes: Vec<u128>,
    order: Vec<usize>,
}

impl Index {
    /// Page order, reusing the last build's when the order-deciding fields of its entries are
    /// the same (entries appended to the list are placed like changed ones).
    pub(super) fn order(&mut self, entries: &[SearchEntry], sort_hashes: Vec<u128>) -> Vec<usize> {
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
}
