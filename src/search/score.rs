//! Scores: BM25 with field weights, computed at build time and stored as one byte per
//! posting (square-root scale of the score over the BM25 upper bound for the page count), so
//! a query only adds numbers up. The average page length, and the page count that idf and the
//! upper bound use, are rounded to 7 significant bits, so editing, adding or removing one page
//! almost never moves them and the other pages' score bytes stay as they were.

/// BM25 parameters (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Global numbers the scores depend on.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Params {
    /// The page count rounded to 7 significant bits (see the module docs).
    pub(crate) pages: usize,
    pub(crate) avg_len: f32,
    pub(crate) max_score: f32,
}

/// Rounds a positive number to 7 significant bits (up or to nearest).
pub(crate) fn round_sig(x: f64, up: bool) -> f64 {
    if !(x.is_normal() && x > 0.0) {
        return x;
    }
    let exp = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let step = 2f64.powi(exp - 6);
    let q = x / step;
    (if up { q.ceil() } else { q.round() }) * step
}

pub(crate) fn idf(pages: usize, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (pages as f32 - df + 0.5) / (df + 0.5)).ln()
}

pub(crate) fn bm25(tf: u32, len: u32, avg_len: f32, idf: f32) -> f32 {
    let tf = tf as f32;
    let norm = K1 * (1.0 - B + B * len as f32 / avg_len);
    let score = tf * (K1 + 1.0) / (tf + norm);
    score * idf
}

/// The scale of the score bytes: the BM25 upper bound, `(K1 + 1) · idf` of a word on one
/// page (`tf / (tf + norm) < 1`, and idf falls with df). It depends on the page count only,
/// so an edit that adds a high-scoring rare word does not rescale every other score.
pub(crate) fn max_score(pages: usize) -> f32 {
    ((K1 + 1.0) * idf(pages, 1)).max(f32::MIN_POSITIVE)
}

/// Square-root scale keeps resolution for the many small scores.
pub(crate) fn quantise(score: f32, max_score: f32) -> u8 {
    let v = 255.0 * (score / max_score).max(0.0).sqrt();
    if (0.0..256.0).contains(&v) {
        // `v.round()` without the libm call (it is not inlined): `v - i` is exact here.
        let i = v as u32;
        let r = if v - i as f32 >= 0.5 { i + 1 } else { i };
        return r.clamp(1, 255) as u8;
    }
    v.round().clamp(1.0, 255.0) as u8
}
