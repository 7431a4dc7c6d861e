//! `search/v/fN.bin` and `search/v/rN.bin`: the typo vocabulary, word forms grouped by their
//! first two letters (`f`) and by their last two (`r`).

use std::sync::Arc;

use super::File;

/// Uncompressed bytes per typo-vocabulary file.
pub const VOCAB_TARGET: usize = 8 * 1024;

/// The typo vocabulary files of the last build: `search/v/fN.bin` (first keys `fwd`) and
/// `search/v/rN.bin` (first keys `rev`).
pub(crate) struct Vocab {
    pub(crate) fwd: Vec<String>,
    pub(crate) fwd_files: Vec<Arc<File>>,
    pub(crate) rev: Vec<String>,
    pub(crate) rev_files: Vec<Arc<File>>,
}

pub(crate) fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub(crate) fn last_chars_reversed(s: &str, n: usize) -> String {
    s.chars().rev().take(n).collect()
}

/// Writes a word list file per group of two-letter keys. `words` is sorted by key.
pub(crate) fn vocab_files(words: &[(String, &str)], target: usize) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut firsts = Vec::new();
    let mut files = Vec::new();
    let mut cur = String::new();
    let mut cur_key: Option<&str> = None;
    for (key, word) in words {
        // Never split one key over two files: the browser fetches one file per key.
        let new_key = cur_key != Some(key.as_str());
        if new_key && cur.len() >= target {
            files.push(std::mem::take(&mut cur).into_bytes());
        }
        if new_key && cur.is_empty() {
            firsts.push(key.clone());
        }
        cur_key = Some(key.as_str());
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        files.push(cur.into_bytes());
    }
    (firsts, files)
}
