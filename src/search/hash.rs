//! Fast keyed hashing for the index build: the word maps and the change detection of
//! [`super::IndexCache`].
//!
//! Words and entries come from untrusted ticket text, so every hash is keyed with per-process
//! random seeds (taken from std's `RandomState`): an attacker cannot aim collisions at the word
//! maps without knowing them. The mixing step is the folded 64×64→128-bit multiply used by
//! wyhash and foldhash. It is not a cryptographic hash: [`Hash128`] detects changed entries
//! (a miss needs two independent 64-bit lanes to collide at once) but proves nothing.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;

#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn read8(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// Reads 0..=8 bytes as a little-endian number (tails of a byte string).
#[inline]
fn read_tail(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(w)
}

/// Four random seeds per process.
fn seeds() -> &'static [u64; 4] {
    static SEEDS: OnceLock<[u64; 4]> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out = [0u64; 4];
        for (i, s) in out.iter_mut().enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            *s = h.finish() | 1;
        }
        out
    })
}

/// Keyed fast hasher for `HashMap`s whose keys come from ticket text.
#[derive(Clone, Copy)]
pub struct FastHasher {
    acc: u64,
    key: u64,
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut b = bytes;
        while b.len() > 16 {
            self.acc = fold_mul(read8(b) ^ self.key, read8(&b[8..]) ^ self.acc ^ P0);
            b = &b[16..];
        }
        let (lo, hi) = if b.len() > 8 {
            (read8(b), read_tail(&b[8..]))
        } else {
            (read_tail(b), 0)
        };
        self.acc = fold_mul(lo ^ self.key ^ bytes.len() as u64, hi ^ self.acc ^ P1);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.acc = fold_mul(self.acc ^ u64::from(i) ^ P2, self.key ^ P3);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.acc = fold_mul(self.acc ^ u64::from(i) ^ P2, self.key ^ P3);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.acc = fold_mul(self.acc ^ i ^ P2, self.key ^ P3);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        fold_mul(self.acc ^ P3, self.key ^ P0)
    }
}

/// The `BuildHasher` of [`FastHasher`]: one random key per process.
#[derive(Clone, Copy)]
pub struct FastState(u64);

impl Default for FastState {
    fn default() -> Self {
        FastState(seeds()[0])
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;
    #[inline]
    fn build_hasher(&self) -> FastHasher {
        FastHasher {
            acc: self.0 ^ P1,
            key: self.0,
        }
    }
}

/// `HashMap` with [`FastState`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastState>;

/// 128-bit keyed hash of a sequence of strings and numbers: two independent 64-bit lanes.
/// Each string is length-prefixed, so `("ab", "c")` and `("a", "bc")` differ.
#[derive(Clone, Copy)]
pub struct Hash128 {
    a: u64,
    b: u64,
    ka: u64,
    kb: u64,
}

impl Default for Hash128 {
    fn default() -> Self {
        Self::new()
    }
}

impl Hash128 {
    pub fn new() -> Self {
        let s = seeds();
        Hash128 {
            a: s[1],
            b: s[2],
            ka: s[3] ^ P0,
            kb: s[1] ^ P2,
        }
    }

    #[inline(always)]
    fn block(&mut self, lo: u64, hi: u64) {
        self.a = fold_mul(lo ^ self.ka, hi ^ self.a);
        self.b = fold_mul(hi ^ self.kb, lo ^ self.b ^ P1);
    }

    /// Adds a number.
    #[inline]
    pub fn num(&mut self, v: u64) -> &mut Self {
        self.block(v, !v);
        self
    }

    /// Adds a byte string, length first.
    pub fn bytes(&mut self, data: &[u8]) -> &mut Self {
        self.num(data.len() as u64);
        let (ka, kb) = (self.ka, self.kb);
        let mut rest = data;
        if data.len() >= 64 {
            // Two independent chains per lane, so the multiplies overlap.
            let (mut a0, mut b0) = (self.a, self.b);
            let (mut a1, mut b1) = (self.a ^ P2, self.b ^ P3);
            let mut c = data.chunks_exact(32);
            for w in &mut c {
                let (w0, w1, w2, w3) = (read8(w), read8(&w[8..]), read8(&w[16..]), read8(&w[24..]));
                a0 = fold_mul(w0 ^ ka, w1 ^ a0);
                a1 = fold_mul(w2 ^ ka, w3 ^ a1);
                b0 = fold_mul(w1 ^ kb, w0 ^ b0 ^ P1);
                b1 = fold_mul(w3 ^ kb, w2 ^ b1 ^ P1);
            }
            self.a = fold_mul(a0 ^ P0, a1 ^ ka);
            self.b = fold_mul(b0 ^ P3, b1 ^ kb);
            rest = c.remainder();
        }
        let mut c = rest.chunks_exact(16);
        for w in &mut c {
            self.block(read8(w), read8(&w[8..]));
        }
        let t = c.remainder();
        if !t.is_empty() {
            let (lo, hi) = if t.len() > 8 {
                (read8(t), read_tail(&t[8..]))
            } else {
                (read_tail(t), 0)
            };
            self.block(lo, hi);
        }
        self
    }

    /// Adds a string, length first.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Adds an optional string (`None` differs from every string).
    pub fn opt(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            None => self.num(u64::MAX),
            Some(s) => self.num(0).str(s),
        }
    }

    pub fn finish(&self) -> u128 {
        let a = fold_mul(self.a ^ P3, self.kb ^ P1);
        let b = fold_mul(self.b ^ P0, self.ka ^ P2);
        (u128::from(a) << 64) | u128::from(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(parts: &[&str]) -> u128 {
        let mut x = Hash128::new();
        for p in parts {
            x.str(p);
        }
        x.finish()
    }

    #[test]
    fn strings_are_length_prefixed() {
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_ne!(h(&["", ""]), h(&[""]));
        assert_eq!(h(&["abc"]), h(&["abc"]));
    }

    #[test]
    fn no_collisions_among_near_strings() {
        let mut seen = std::collections::HashSet::new();
        let base = "x".repeat(40);
        for len in 0..40 {
            for b in 0..=255u8 {
                let mut v = base.as_bytes()[..len].to_vec();
                v.push(b);
                let mut x = Hash128::new();
                x.bytes(&v);
                assert!(seen.insert(x.finish()));
                let mut f = FastState::default().build_hasher();
                f.write(&v);
                let _ = f.finish();
            }
        }
    }
}
