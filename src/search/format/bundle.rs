//! `search/p/N.bin`: excerpt bundles, the excerpt data of consecutive page ids.

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use super::super::encode::GZIP_LEVEL;
use super::super::page::push_page_json;
use super::super::score::round_sig;
use super::super::SearchEntry;
use super::File;

/// Uncompressed JSON bytes per excerpt bundle: about two docs or five tickets.
pub const BUNDLE_TARGET: usize = 8 * 1024;
/// Upper bound on excerpt bundle files; past it bundles grow instead (hosts cap file counts,
/// e.g. Cloudflare Pages at 20,000 files).
pub const MAX_BUNDLES: usize = 4000;

/// Cuts the pages (in id order) into excerpt bundles of about [`BUNDLE_TARGET`] JSON bytes,
/// larger when that would make more than [`MAX_BUNDLES`] files. That larger size is rounded
/// up to 7 significant bits, so a page added at the end almost never moves the earlier cuts.
pub(crate) fn cut_bundles(json_len: &[u64]) -> Vec<std::ops::Range<usize>> {
    let n = json_len.len();
    let total_json: u64 = json_len.iter().sum();
    let spread = round_sig((total_json / MAX_BUNDLES as u64 + 1) as f64, true) as u64;
    let target = (BUNDLE_TARGET as u64).max(spread);
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0usize;
    let mut cur_len = 0u64;
    for (i, &len) in json_len.iter().enumerate() {
        if i > start && cur_len + len > target {
            ranges.push(start..i);
            start = i;
            cur_len = 0;
        }
        cur_len += 1 + len;
    }
    if start < n {
        ranges.push(start..n);
    }
    ranges
}

/// One excerpt bundle: the JSON array of its pages' excerpt data, compressed.
pub(crate) fn bundle_file(
    pages: &[&SearchEntry],
    json_len: &[u64],
    compressed: &AtomicUsize,
) -> Arc<File> {
    let size: u64 = json_len.iter().sum::<u64>() + pages.len() as u64 + 1;
    let mut cur = Vec::with_capacity(size as usize);
    for (k, e) in pages.iter().enumerate() {
        cur.push(if k == 0 { b'[' } else { b',' });
        push_page_json(&mut cur, e);
    }
    cur.push(b']');
    File::new(&cur, GZIP_LEVEL, compressed)
}
