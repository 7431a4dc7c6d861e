//! `search/w/N.bin`: postings chunks. Each holds a key count, then per key (front-coded
//! against the one before) its posting count with an alias flag, its postings (page delta,
//! section · 4 + lead flags as [`super::super::page::lead_section`] makes it, score byte)
//! and, for a word form, the stem it points to.

use super::super::encode::{get_varint, put_varint, varint_len};
use super::super::page::Keys;
use super::super::postings::KeyState;
use super::super::score::{bm25, idf, quantise, Params};

/// Uncompressed bytes per postings chunk before a new one starts (gzip makes it ~60%).
pub const CHUNK_TARGET: usize = 16 * 1024;

/// A postings chunk, one `search/w/N.bin`: the keys at `sorted[start..end]` that are present.
pub(crate) struct ChunkPlan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) first: u32,
    pub(crate) last: u32,
    pub(crate) count: u64,
    /// No key in the range changed bytes or presence since the last build.
    pub(crate) clean: bool,
}

/// Scans one chunk from sorted position `at` (the previous chunk's end). Its `end` is where
/// the next chunk starts. `None` when no present key is left.
pub(crate) fn scan_chunk(
    keys: &Keys,
    ks: &[KeyState],
    sorted: &[u32],
    at: usize,
) -> Option<ChunkPlan> {
    let mut cur_len = 0usize;
    let mut prev: &[u8] = b"";
    let mut plan: Option<ChunkPlan> = None;
    for (i, &id) in sorted.iter().enumerate().skip(at) {
        let k = &ks[id as usize];
        let alias = alias_stem(keys, k, id);
        let present = k.df > 0 || alias.is_some();
        let flag_before = k.was_form && keys.alias_of(id).is_some();
        let changed = k.dirty || present != k.was_present || alias.is_some() != flag_before;
        if !present {
            if let Some(p) = plan.as_mut() {
                p.clean &= !changed;
            }
            continue;
        }
        if cur_len >= CHUNK_TARGET {
            if let Some(mut p) = plan.take() {
                p.end = i;
                return Some(p);
            }
        }
        let p = plan.get_or_insert(ChunkPlan {
            start: i,
            end: i,
            first: id,
            last: id,
            count: 0,
            clean: true,
        });
        p.last = id;
        p.count += 1;
        p.clean &= !changed;
        let key = keys.strs[id as usize].as_bytes();
        let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
        let flag = u64::from(alias.is_some());
        cur_len += varint_len(shared as u64)
            + varint_len((key.len() - shared) as u64)
            + (key.len() - shared)
            + varint_len((u64::from(k.df) << 1) | flag)
            + k.post_len as usize
            + alias.map_or(0, |s| varint_len(s.len() as u64) + s.len());
        prev = key;
    }
    plan.map(|mut p| {
        p.end = sorted.len();
        p
    })
}

/// The stem a present word form points to (its alias is written after its postings).
pub(crate) fn alias_stem<'a>(keys: &'a Keys, k: &KeyState, id: u32) -> Option<&'a str> {
    if k.forms == 0 {
        return None;
    }
    keys.alias_of(id).map(|s| &*keys.strs[s as usize])
}

/// A key's bytes in a chunk after the front-coded key: posting count (with the alias flag),
/// postings (page delta, section with lead flags, score byte), and the stem for a word form.
pub(crate) fn put_key_body(
    out: &mut Vec<u8>,
    k: &KeyState,
    alias: Option<&str>,
    page_len: &[u32],
    params: &Params,
) {
    put_varint(out, (u64::from(k.df) << 1) | u64::from(alias.is_some()));
    if k.df > 0 {
        let idf = idf(params.pages, k.df);
        let l = &k.list;
        let (mut pos, mut page) = (0, 0u32);
        while pos < l.len() {
            let start = pos;
            page += get_varint(l, &mut pos);
            get_varint(l, &mut pos);
            // The page delta and section varints are the same in the chunk.
            out.extend_from_slice(&l[start..pos]);
            let tf = get_varint(l, &mut pos);
            let score = bm25(tf, page_len[page as usize], params.avg_len, idf);
            out.push(quantise(score, params.max_score));
        }
    }
    if let Some(stem) = alias {
        put_varint(out, stem.len() as u64);
        out.extend_from_slice(stem.as_bytes());
    }
}
