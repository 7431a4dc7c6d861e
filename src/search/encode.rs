//! Byte-level helpers for the index files: LEB128 varints, front-coded keys and gzip.
//!
//! Every file is gzip-compressed at build time (the browser inflates it with
//! `DecompressionStream`), so static hosts need no compression settings. Gzip headers carry
//! no name and a zero timestamp, which keeps the output byte-for-byte reproducible.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Appends `v` as an unsigned LEB128 varint (7 bits per byte, high bit = more follows).
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Bytes [`put_varint`] writes for `v`.
/// Reads a varint written by [`put_varint`] (one that fits in 32 bits) at `pos`, and moves
/// `pos` past it. Only reads bytes this module wrote, so a truncated varint is a bug.
pub fn get_varint(data: &[u8], pos: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = data[*pos];
        *pos += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

pub fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Appends `key` front-coded against `prev`: shared byte count, suffix length, suffix bytes.
/// Sorted neighbouring keys share long prefixes, so this roughly halves the key bytes.
pub fn put_front_coded(out: &mut Vec<u8>, prev: &[u8], key: &[u8]) {
    let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
    put_varint(out, shared as u64);
    put_varint(out, (key.len() - shared) as u64);
    out.extend_from_slice(&key[shared..]);
}

/// Gzip level of the excerpt bundles, typo files and meta. Measured with zlib-rs on the
/// 218 MB of excerpt JSON of a 100,000-ticket corpus (bundles are ~80% of the index build's
/// compression work): level 6 139 MB/s, 17.5% of the input; level 4 171 MB/s, 18.1%; level 3
/// 198 MB/s, 19.1%; level 1 362 MB/s, 26.8%. Level 4 saves ~0.3 s of CPU there for 3% more
/// bytes, and a query fetches at most ten bundles.
pub const GZIP_LEVEL: u32 = 4;
/// Gzip level of the postings chunks. Varints compress slowly and gain little from a deeper
/// match search: on the 48 MB of postings of the same corpus, level 5 runs at 65 MB/s (51.5%),
/// level 2 at 99 MB/s (53.1%), level 1 at 190 MB/s but 73.1%. Level 2 is 1.5× faster for 3%
/// more bytes; that speed matters most when an edit makes the watch loop recompress the
/// chunks of common words.
pub const GZIP_LEVEL_POSTINGS: u32 = 2;

/// Gzip at `level`. Writing into a `Vec` cannot fail, so errors are impossible here; the
/// fallback keeps that promise without a panic path.
pub fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        Compression::new(level),
    );
    if enc.write_all(data).is_err() {
        return Vec::new();
    }
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Read;

    /// Reads a varint back; only tests need the decoder (the browser has its own).
    pub(crate) fn get_varint(data: &[u8], pos: &mut usize) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = data[*pos];
            *pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    pub(crate) fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn varints_round_trip() {
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            let mut pos = 0;
            assert_eq!(get_varint(&buf, &mut pos), v);
            assert_eq!(pos, buf.len());
        }
    }

    #[test]
    fn varint_len_matches_put_varint() {
        for v in [0u64, 1, 127, 128, 16_383, 16_384, u32::MAX as u64, u64::MAX] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            assert_eq!(varint_len(v), buf.len(), "{v}");
        }
    }

    #[test]
    fn front_coding_shares_prefix() {
        let mut buf = Vec::new();
        put_front_coded(&mut buf, b"refund", b"refunds");
        assert_eq!(buf, [6, 1, b's']);
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let a = gzip(b"hello hello hello", GZIP_LEVEL);
        assert_eq!(a, gzip(b"hello hello hello", GZIP_LEVEL));
        assert_eq!(gunzip(&a), b"hello hello hello");
    }
}
