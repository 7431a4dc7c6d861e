//! The page order, which gives the page ids: docs by URL, then tickets by URL, digit runs
//! compared by value (`tickets/9/` before `tickets/10/`). No stage takes part in it, so the
//! kind filter is an id range, a ticket that changes stage keeps its id (only its byte in
//! `s.bin` changes), and a new ticket whose URL sorts last (with numeric ids: the highest
//! number) takes the next id instead of shifting the pages after it.

use rayon::prelude::*;

use super::{EntryKind, SearchEntry};

/// The fixed page order: docs, then tickets, each by [`natural_cmp`] of the URL, then title,
/// then input position (so equal pages keep their input order).
pub(crate) fn page_cmp(entries: &[SearchEntry], a: usize, b: usize) -> std::cmp::Ordering {
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
pub(crate) fn page_order(entries: &[SearchEntry]) -> Vec<usize> {
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
