//! Per-page work of the index build: the terms one page contributes (with key ids from the
//! build's [`Keys`] table) and the page's excerpt JSON.
//!
//! [`PageInfo`] is what [`super::IndexCache`] keeps per entry, so it is stored compactly
//! (varints) and depends only on the entry's content: a page that did not change is never
//! analysed again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::analyze::{folded_words, Analyzer, MAX_WORD_CHARS};
use super::encode::get_varint;
use super::encode::put_varint;
use super::hash::FastMap;
use super::{SearchEntry, SearchSection};

/// Field weights (BM25F-style): a word in the title counts like five in the body. Integers,
/// so a page's weighted term frequency is an exact integer.
const W_TITLE: u32 = 5;
const W_HEADING: u32 = 2;
const W_BODY: u32 = 1;
/// Weight of a word in a section heading, against 1 in its text, when choosing the section
/// a hit links to.
const HEADING_PULL: u32 = 3;

/// Lead flags of a word on a page: it is in the title or a doc's description (the page says it
/// is about the word), or in a heading (a part of the page is).
pub(crate) const LEAD_TITLE: u32 = 1;
pub(crate) const LEAD_HEADING: u32 = 2;

/// The section a posting links to, times 4, plus the word's lead flags on the page: the value
/// postings and chunks carry in their section varint (format 3), so the flags cost no byte
/// for section numbers below 32.
pub(crate) fn lead_section(section: u32, lead: u32) -> u32 {
    (section.min(u32::MAX >> 2) << 2) | (lead & 3)
}

/// Characters of section text kept for excerpts: the excerpt is cut around the first hit
/// anywhere in it, so a hit far into a long ticket description still shows highlighted.
/// Longer sections (pasted logs, mostly) are cut, and a hit beyond the cut shows the section
/// start. 1,200 cut a tenth of the generated corpus's ticket text and hid hits there; keeping
/// up to 4,000 costs 6% more index bytes at 10,000 tickets (docs/guide/performance.md).
pub const MAX_SECTION_CHARS: usize = 4000;

/// Marks in [`Keys::alias`].
pub const NONE: u32 = u32::MAX;
const UNSET: u32 = u32::MAX - 1;
/// Word cache value for a word that is not indexed.
const SKIP: u32 = u32::MAX;
/// Cached words per thread before the cache starts over (bounds its memory; it is also
/// emptied at the end of every index build).
const CACHE_MAX: usize = 1 << 18;

/// Every key (stem or word form) of an index, with a stable id.
pub struct Keys {
    /// Identifies this table to the per-thread word caches.
    pub owner: u64,
    map: FastMap<Arc<str>, u32>,
    pub strs: Vec<Arc<str>>,
    /// For a key seen as a word form: the id of its stem, or [`NONE`] when the form is its own
    /// stem. A stem never seen as a form has no alias (the value is then unused).
    pub alias: Vec<u32>,
    /// Letters only and 4+ characters: goes into the typo vocabulary when it is a word form.
    pub typo: Vec<bool>,
}

impl Keys {
    pub fn new() -> Keys {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Keys {
            owner: NEXT.fetch_add(1, Ordering::Relaxed),
            map: FastMap::default(),
            strs: Vec::new(),
            alias: Vec::new(),
            typo: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.strs.len()
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.strs.len() as u32;
        let a: Arc<str> = s.into();
        self.map.insert(a.clone(), id);
        self.strs.push(a);
        self.alias.push(UNSET);
        self.typo
            .push(s.chars().count() >= 4 && s.chars().all(char::is_alphabetic));
        id
    }

    /// Ids of a word form and of its stem.
    fn form(&mut self, word: &str, stem: &str) -> (u32, u32) {
        let id = self.intern(word);
        let sid = if stem == word { id } else { self.intern(stem) };
        if self.alias[id as usize] == UNSET {
            self.alias[id as usize] = if sid == id { NONE } else { sid };
        }
        (id, sid)
    }

    /// The stem a word form points to, if it is not its own stem.
    pub fn alias_of(&self, id: u32) -> Option<u32> {
        match self.alias[id as usize] {
            NONE | UNSET => None,
            s => Some(s),
        }
    }
}

/// Per-thread cache of folded word → (form id, stem id) in one [`Keys`] table, so each
/// distinct word is checked and stemmed once per thread instead of once per occurrence.
#[derive(Default)]
struct WordCache {
    owner: u64,
    words: Words,
    scratch: Scratch,
}

/// Folded word → (form id, stem id), or [`SKIP`].
#[derive(Default)]
struct Words {
    map: FastMap<Box<str>, (u32, u32)>,
    /// A direct-mapped front for `map` that fits in L2: the map holds up to [`CACHE_MAX`]
    /// words in ~12 MB, so nearly every lookup missed the CPU caches (hash-map probing was
    /// 7% of a 100,000-ticket build). Word frequencies are skewed, so most words of a page
    /// hit here. Empty until the first word.
    hot: Vec<HotWord>,
}

/// Slots of [`Words::hot`] (a power of two).
const HOT_SLOTS: usize = 1 << 13;
/// Longest word kept in a [`HotWord`]; longer ones go to the map each time. Up to 16 bytes,
/// a word's first and last eight bytes (zero-padded) and its length are the whole word, so a
/// hit is two integer compares: no byte-wise compare or copy of a variable length (a call to
/// `memcmp`/`memcpy` per word, 4% of a 100,000-ticket build).
const HOT_LEN: usize = 16;

/// A word (as its first and last eight bytes and its length) and its ids.
#[derive(Clone, Copy, Default)]
struct HotWord {
    head: u64,
    tail: u64,
    /// 0: empty (no word is empty).
    len: u8,
    ids: (u32, u32),
}

/// First and last eight bytes of a word of at most [`HOT_LEN`] bytes, zero-padded (the tail
/// is 0 below eight bytes: the head holds them all).
fn head_tail(w: &[u8]) -> (u64, u64) {
    let eight = |b: &[u8]| {
        let mut x = [0u8; 8];
        x.copy_from_slice(b);
        u64::from_le_bytes(x)
    };
    if w.len() >= 8 {
        (eight(&w[..8]), eight(&w[w.len() - 8..]))
    } else {
        let head = w
            .iter()
            .enumerate()
            .fold(0u64, |x, (i, &c)| x | u64::from(c) << (8 * i));
        (head, 0)
    }
}

/// Slot of a word from [`head_tail`] and its length, multiplied into the top bits.
fn hot_slot(head: u64, tail: u64, len: usize) -> usize {
    let h = (head ^ tail.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - HOT_SLOTS.trailing_zeros())) as usize
}

impl Words {
    /// (form id, stem id) of a folded word, or `None` when it is not indexed
    /// ([`Analyzer::term`]).
    fn word(&mut self, keys: &Mutex<Keys>, a: &Analyzer, w: &str) -> Option<(u32, u32)> {
        // Surely over the limit (a char is at most 4 bytes): not worth a cache entry.
        if w.len() > 4 * MAX_WORD_CHARS {
            return None;
        }
        let b = w.as_bytes();
        let hot = (b.len() <= HOT_LEN).then(|| {
            let (head, tail) = head_tail(b);
            (hot_slot(head, tail, b.len()), head, tail)
        });
        if let Some((i, head, tail)) = hot {
            if self.hot.is_empty() {
                self.hot = vec![HotWord::default(); HOT_SLOTS];
            }
            let h = &self.hot[i];
            if usize::from(h.len) == b.len() && h.head == head && h.tail == tail {
                let (f, s) = h.ids;
                return (s != SKIP).then_some((f, s));
            }
        }
        let v = self.word_slow(keys, a, w);
        if let Some((i, head, tail)) = hot {
            self.hot[i] = HotWord {
                head,
                tail,
                len: b.len() as u8,
                ids: v,
            };
        }
        (v.1 != SKIP).then_some(v)
    }

    /// [`Words::word`] past the hot slots: the map, or the analysis and the shared key table.
    fn word_slow(&mut self, keys: &Mutex<Keys>, a: &Analyzer, w: &str) -> (u32, u32) {
        if let Some(&v) = self.map.get(w) {
            return v;
        }
        let v = match a.term(w) {
            None => (SKIP, SKIP),
            Some(stem) => {
                let mut k = keys.lock().unwrap_or_else(|e| e.into_inner());
                k.form(w, &stem)
            }
        };
        if self.map.len() >= CACHE_MAX {
            self.map.clear();
        }
        self.map.insert(w.into(), v);
        v
    }
}

/// Per-thread sums of one page's analysis, in arrays indexed by key id: a word costs a few
/// array accesses instead of three hash-map lookups (this loop runs once per word of every
/// page). A slot is valid for the page (or part) whose stamp it carries, so nothing is
/// cleared between pages; `stems` and `forms` list the slots the page touched.
#[derive(Default)]
struct Scratch {
    slots: Vec<Slot>,
    /// Stamp of the current page, and of the current part (title, heading or section text).
    page: u32,
    part: u32,
    stems: Vec<u32>,
    forms: Vec<u32>,
    /// Stems seen in the current part.
    local: Vec<u32>,
}

#[derive(Default, Clone, Copy)]
struct Slot {
    /// `page` stamp when this key got a stem sum on the current page.
    stem_page: u32,
    /// Weighted term frequency, best section and its weight.
    tf: u32,
    sec: u32,
    best: u32,
    /// [`LEAD_TITLE`] and [`LEAD_HEADING`] flags: where the page says it is about the word,
    /// not only mentions it. The reader's doc boost depends on them.
    lead: u32,
    /// `page` stamp when this key was seen as a word form on the current page.
    form_page: u32,
    /// `part` stamp and the weight in the current part.
    part: u32,
    part_w: u32,
}

impl Scratch {
    fn next_page(&mut self) {
        self.stems.clear();
        self.forms.clear();
        // Stamps start at 1 so that a fresh slot (0) belongs to no page; before they could
        // wrap, every slot is reset instead (half the range for parts leaves room for any
        // page's number of sections).
        if self.page == u32::MAX || self.part >= u32::MAX / 2 {
            self.slots.clear();
            self.page = 0;
            self.part = 0;
        }
        self.page += 1;
    }

    fn next_part(&mut self) {
        self.local.clear();
        self.part += 1;
    }

    /// Makes room for key id `id` (ids grow as keys are interned).
    fn reserve(&mut self, id: u32) {
        let i = id as usize;
        if i >= self.slots.len() {
            self.slots
                .resize((i + 1).max(self.slots.len() * 2), Slot::default());
        }
    }

    /// One indexed word: form `wid` of stem `sid`, weight `w` for the page and `part_w` in
    /// the current section (0 outside sections).
    fn add(&mut self, wid: u32, sid: u32, w: u32, part_w: u32, lead: u32) {
        let (page, part) = (self.page, self.part);
        self.reserve(wid.max(sid));
        let f = &mut self.slots[wid as usize];
        if f.form_page != page {
            f.form_page = page;
            self.forms.push(wid);
        }
        let t = &mut self.slots[sid as usize];
        if t.stem_page != page {
            *t = Slot {
                stem_page: page,
                form_page: t.form_page,
                ..Slot::default()
            };
            self.stems.push(sid);
        }
        t.tf = t.tf.saturating_add(w);
        t.lead |= lead;
        if part_w > 0 {
            if t.part != part {
                t.part = part;
                t.part_w = 0;
                self.local.push(sid);
            }
            t.part_w = t.part_w.saturating_add(part_w);
        }
    }

    /// End of a part of section `idx`: a stem moves its best section here when it weighs more
    /// here than in its best so far (ties keep the earlier section: the top of a page is the
    /// better link).
    fn end_section(&mut self, idx: u32) {
        for &sid in &self.local {
            let t = &mut self.slots[sid as usize];
            if t.part_w > t.best {
                t.sec = idx;
                t.best = t.part_w;
            }
        }
    }
}

thread_local! {
    static CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

/// Empties the calling thread's word cache (the index build calls it on every pool thread at
/// the end, since `serve` keeps the threads alive).
pub fn clear_thread_cache() {
    CACHE.with(|c| *c.borrow_mut() = WordCache::default());
}

/// What one page contributes to the index.
pub struct PageInfo {
    /// Words in headings and body, for length normalisation.
    pub len: u32,
    /// Bytes of the page's excerpt JSON ([`push_page_json`]).
    pub json_len: u64,
    /// Varints, sorted by key id: (key id delta, weighted term frequency, section with the most
    /// weight for it as [`lead_section`]), one per stem.
    terms: Box<[u8]>,
    /// Varints, sorted: key id deltas of the page's word forms.
    forms: Box<[u8]>,
}

impl PageInfo {
    /// Calls `f(key, tf, section)` for each stem of the page, by key id.
    pub fn terms(&self, mut f: impl FnMut(u32, u32, u32)) {
        let (mut pos, mut key) = (0, 0u32);
        while pos < self.terms.len() {
            key += get_varint(&self.terms, &mut pos);
            let tf = get_varint(&self.terms, &mut pos);
            let sec = get_varint(&self.terms, &mut pos);
            f(key, tf, sec);
        }
    }

    /// Calls `f(key)` for each word form of the page, by key id.
    pub fn forms(&self, mut f: impl FnMut(u32)) {
        let (mut pos, mut key) = (0, 0u32);
        while pos < self.forms.len() {
            key += get_varint(&self.forms, &mut pos);
            f(key);
        }
    }
}

/// Analyses one page, interning its keys in `keys`.
pub fn analyze_page(keys: &Mutex<Keys>, owner: u64, a: &Analyzer, e: &SearchEntry) -> PageInfo {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.owner != owner {
            *cache = WordCache {
                owner,
                ..WordCache::default()
            };
        }
        analyze_page_with(keys, a, &mut cache, e)
    })
}

fn analyze_page_with(
    keys: &Mutex<Keys>,
    a: &Analyzer,
    cache: &mut WordCache,
    e: &SearchEntry,
) -> PageInfo {
    let WordCache { words, scratch, .. } = cache;
    let sc = scratch;
    sc.next_page();
    let mut len = 0u32;
    // `section`: (section index, weight of a word there when choosing the section a hit
    // links to); the title and stage count for the page but for no section.
    let mut add = |text: &str,
                   (w, lead): (u32, u32),
                   section: Option<(u32, u32)>,
                   count: bool,
                   len: &mut u32| {
        sc.next_part();
        folded_words(text, |word| {
            let Some((wid, sid)) = words.word(keys, a, word) else {
                return;
            };
            if count {
                *len += 1;
            }
            sc.add(wid, sid, w, section.map_or(0, |(_, sw)| sw), lead);
        });
        if let Some((idx, _)) = section {
            sc.end_section(idx);
        }
    };
    add(&e.title, (W_TITLE, LEAD_TITLE), None, false, &mut len);
    if let Some(stage) = &e.stage {
        add(stage, (W_BODY, 0), None, false, &mut len);
    }
    if let Some(summary) = &e.summary {
        add(summary, (W_HEADING, LEAD_TITLE), None, false, &mut len);
    }
    for (i, s) in e.sections.iter().enumerate() {
        let idx = u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(h) = &s.heading {
            add(
                h,
                (W_HEADING, LEAD_HEADING),
                Some((idx, HEADING_PULL)),
                true,
                &mut len,
            );
        }
        add(&s.text, (W_BODY, 0), Some((idx, 1)), true, &mut len);
    }
    sc.stems.sort_unstable();
    let mut tbuf = Vec::with_capacity(sc.stems.len() * 4);
    let mut last = 0u32;
    for &k in &sc.stems {
        let slot = &sc.slots[k as usize];
        put_varint(&mut tbuf, u64::from(k - last));
        put_varint(&mut tbuf, u64::from(slot.tf));
        put_varint(&mut tbuf, u64::from(lead_section(slot.sec, slot.lead)));
        last = k;
    }
    sc.forms.sort_unstable();
    let mut fbuf = Vec::with_capacity(sc.forms.len() * 2);
    let mut last = 0u32;
    for &k in &sc.forms {
        put_varint(&mut fbuf, u64::from(k - last));
        last = k;
    }
    PageInfo {
        len,
        json_len: page_json_len(e),
        terms: tbuf.into_boxed_slice(),
        forms: fbuf.into_boxed_slice(),
    }
}

/// Collapses whitespace and cuts long text at a word boundary.
pub fn excerpt_text(text: &str) -> String {
    if text.is_ascii() {
        return ascii_excerpt(text.as_bytes());
    }
    unicode_excerpt(text)
}

fn unicode_excerpt(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SECTION_CHARS * 2));
    let mut chars = 0usize;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > MAX_SECTION_CHARS {
            if chars == 0 {
                out.extend(word.chars().take(MAX_SECTION_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

/// [`excerpt_text`] of ASCII text, where a byte is a character: no UTF-8 decoding or
/// character counting (it runs for every section that is not already its own excerpt).
fn ascii_excerpt(b: &[u8]) -> String {
    // `char::is_whitespace` on ASCII: includes the vertical tab, unlike `u8::is_ascii_whitespace`.
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut out: Vec<u8> = Vec::with_capacity(b.len().min(MAX_SECTION_CHARS + 4));
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        if start == i {
            break;
        }
        let n = i - start;
        if out.len() + n + 1 > MAX_SECTION_CHARS {
            if out.is_empty() {
                out.extend_from_slice(&b[start..start + n.min(MAX_SECTION_CHARS)]);
            }
            out.extend_from_slice("…".as_bytes());
            break;
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(&b[start..i]);
    }
    // Only ASCII bytes and the ellipsis went in.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the page's excerpt data, JSON `[url, title, [[heading, anchor, text]]]`, where
/// `text` is [`excerpt_text`] of the section: the bytes serde_json writes for that tuple
/// (tested), written straight into the bundle.
pub fn push_page_json(out: &mut Vec<u8>, e: &SearchEntry) {
    // Writing into a Vec cannot fail.
    let string = |out: &mut Vec<u8>, s: Option<&str>| {
        let _ = serde_json::to_writer(&mut *out, &s);
    };
    out.push(b'[');
    string(out, Some(&e.url));
    out.push(b',');
    string(out, Some(&e.title));
    out.extend_from_slice(b",[");
    for (i, s) in e.sections.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"[" } else { b",[" });
        string(out, s.heading.as_deref());
        out.push(b',');
        string(out, s.anchor.as_deref());
        out.push(b',');
        if is_own_excerpt(s.text.as_bytes()) {
            out.push(b'"');
            out.extend_from_slice(s.text.as_bytes());
            out.push(b'"');
        } else {
            string(out, Some(&excerpt_text(&s.text)));
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]]");
}

/// Text that is its own excerpt and its own JSON string body: shorter than the excerpt limit,
/// printable ASCII without `"` and `\`, words one space apart and no space at either end.
/// Ticket text leaves the gate like that (the plain-text pass collapses whitespace), so most
/// sections skip the word-by-word excerpt pass and the escaping pass; both checks are simple
/// loops the compiler vectorises.
fn is_own_excerpt(b: &[u8]) -> bool {
    b.len() < MAX_SECTION_CHARS
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().fold(true, |ok, &c| {
            ok & (b' '..=b'~').contains(&c) & (c != b'"') & (c != b'\\')
        })
        && b.iter()
            .zip(b.iter().skip(1))
            .fold(true, |ok, (&x, &y)| ok & !(x == b' ' && y == b' '))
}

/// Bytes of a JSON string as serde_json writes it: quotes, `\"`, `\\`, the short escapes of
/// `\b \t \n \f \r` and `\u00XX` for the other control characters.
fn json_str_len(s: &str) -> u64 {
    let mut n = 2 + s.len() as u64;
    for &b in s.as_bytes() {
        n += match b {
            b'"' | b'\\' | 0x08 | 0x09 | 0x0a | 0x0c | 0x0d => 1,
            0..=0x1f => 5,
            _ => 0,
        };
    }
    n
}

fn json_opt_len(s: Option<&str>) -> u64 {
    s.map_or(4, json_str_len)
}

/// About the length of [`push_page_json`]'s output, from the raw lengths: a section's excerpt counts as its text's
/// bytes up to [`MAX_SECTION_CHARS`] (whitespace runs collapsing and multi-byte characters
/// make the real excerpt shorter or longer). It only decides where excerpt bundles are cut,
/// so it must be cheap and depend on the page alone, not be exact: computing the excerpts
/// here cost a pass over all text before the bundles are made.
pub fn page_json_len(e: &SearchEntry) -> u64 {
    let sections: u64 = e.sections.iter().map(section_json_len).sum::<u64>()
        + e.sections.len().saturating_sub(1) as u64;
    // [url,title,[sections]]
    4 + json_str_len(&e.url) + json_str_len(&e.title) + 2 + sections
}

fn section_json_len(s: &SearchSection) -> u64 {
    // [heading,anchor,"text"]
    4 + json_opt_len(s.heading.as_deref())
        + json_opt_len(s.anchor.as_deref())
        + 2
        + s.text.len().min(MAX_SECTION_CHARS) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hot slots give every word the ids the map path gives it, whichever words share a
    /// slot: 100,000 lookups of 20,000 words (many short enough for the 8,192 slots, so many
    /// collide; lengths around the inline limit; a third of them `a`/`b` strings of up to eight
    /// letters and a third `abababab` and up to eight more) against a second table filled by
    /// the map path alone, in the same first-seen order. The next test pins each part of the
    /// slot compare with a collision made on purpose.
    #[test]
    fn hot_word_slots_agree_with_the_map() {
        let mut rng = crate::test_rng::Lcg::new(11);
        let words: Vec<String> = (0..20_000)
            .map(|k| {
                let (letters, len, prefix): (&[u8], u64, &str) = match k % 3 {
                    0 => (
                        b"abcdefghijklmnopqrstuvwxyz0123456789",
                        1 + rng.below(2 * HOT_LEN as u64),
                        "",
                    ),
                    1 => (b"ab", 1 + rng.below(8), ""),
                    _ => (b"ab", 1 + rng.below(8), "abababab"),
                };
                let rest: String = (0..len)
                    .map(|_| char::from(letters[rng.below(letters.len() as u64) as usize]))
                    .collect();
                format!("{prefix}{rest}")
            })
            .collect();
        let a = Analyzer::english();
        let (hot_keys, slow_keys) = (Mutex::new(Keys::new()), Mutex::new(Keys::new()));
        let (mut hot, mut slow) = (Words::default(), Words::default());
        for k in 0..100_000 {
            let w = &words[if k < words.len() {
                k
            } else {
                rng.below(words.len() as u64) as usize
            }];
            let expected = slow.word_slow(&slow_keys, &a, w);
            let got = hot.word(&hot_keys, &a, w);
            assert_eq!(got, (expected.1 != SKIP).then_some(expected), "{w}");
        }
        assert!(hot.hot.iter().filter(|h| h.len > 0).count() > HOT_SLOTS / 3);
    }

    /// A slot holding a word that differs only in its last eight bytes, only in its first
    /// eight, or only in its length is a miss: the lookup gets the word's own ids.
    #[test]
    fn a_slot_holding_a_similar_word_is_a_miss() {
        let a = Analyzer::english();
        let keys = Mutex::new(Keys::new());
        let slot = |w: &str| {
            let (head, tail) = head_tail(w.as_bytes());
            hot_slot(head, tail, w.len())
        };
        for (held, asked) in [
            ("abcdefgh12", "abcdefgh13"),
            ("aaaaaaaazzzzzzzz", "bbbbbbbbzzzzzzzz"),
            ("aaaaaaaaa", "aaaaaaaaaa"),
            ("ab", "ba"),
        ] {
            let mut w = Words::default();
            let held_ids = w.word(&keys, &a, held);
            let asked_ids = Words::default().word(&keys, &a, asked);
            assert_ne!(held_ids, asked_ids);
            // The asked word's slot now holds the other word.
            w.hot[slot(asked)] = w.hot[slot(held)];
            assert_eq!(w.word(&keys, &a, asked), asked_ids, "{held} / {asked}");
        }
    }

    /// The excerpt JSON written in place equals serde_json's bytes for the tuple of url, title
    /// and (heading, anchor, excerpt) per section, for texts on both sides of every check of
    /// `is_own_excerpt`: quotes, backslashes, control bytes, DEL, non-ASCII, spaces at the ends
    /// or doubled, and lengths around the excerpt limit.
    #[test]
    fn page_json_written_in_place_is_serde_json() {
        let mut rng = crate::test_rng::Lcg::new(21);
        let pieces = [
            " ",
            "  ",
            "\t",
            "\n",
            "\u{1}",
            "\u{7f}",
            "\"",
            "\\",
            "é",
            "…",
            "word",
            "a",
            "Say \"hi\"",
            "</script>",
        ];
        for round in 0..3000 {
            let sections = (0..rng.below(4))
                .map(|k| {
                    let mut text = String::new();
                    let target = [0, 30, 1195, 1199, 1200, 1201, 2500][rng.below(7) as usize];
                    // Mostly plain collapsed words, as tickets are; now and then a special piece.
                    while text.len() < target {
                        if rng.below(6) == 0 {
                            text.push_str(pieces[rng.below(pieces.len() as u64) as usize]);
                        } else {
                            if !text.is_empty() {
                                text.push(' ');
                            }
                            text.push_str(&"x".repeat(1 + rng.below(9) as usize));
                        }
                    }
                    if round % 5 == 0 {
                        // One word exactly up to the target length.
                        text = "y".repeat(target);
                    }
                    SearchSection {
                        heading: (k > 0).then(|| format!("Heading \"{k}\"")),
                        anchor: (k > 0).then(|| format!("h-{k}")),
                        text,
                    }
                })
                .collect::<Vec<_>>();
            let e = SearchEntry {
                url: format!("tickets/{round}/"),
                title: format!("T\\{round} «x»"),
                kind: crate::search::EntryKind::Ticket,
                stage: None,
                summary: None,
                sections,
            };
            let reference: Vec<(Option<&str>, Option<&str>, String)> = e
                .sections
                .iter()
                .map(|s| {
                    (
                        s.heading.as_deref(),
                        s.anchor.as_deref(),
                        excerpt_text(&s.text),
                    )
                })
                .collect();
            let expected = serde_json::to_vec(&(&e.url, &e.title, reference)).unwrap();
            let mut got = b"[".to_vec();
            push_page_json(&mut got, &e);
            assert_eq!(
                String::from_utf8_lossy(&got[1..]),
                String::from_utf8_lossy(&expected),
                "round {round}"
            );
        }
        assert!(is_own_excerpt(b"plain words here"));
        assert!(!is_own_excerpt(b"two  spaces"));
        assert!(!is_own_excerpt(&[b'y'; MAX_SECTION_CHARS]));
    }

    #[test]
    fn ascii_excerpt_matches_the_general_path() {
        let mut rng = crate::test_rng::Lcg::new(7);
        let mut next = |m: u64| rng.below(m);
        let pieces = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "  ", "a", "word", "x.",
        ];
        for round in 0..2000 {
            let mut text = String::new();
            // Some texts straddle the cut, some hold one word longer than it.
            let target = [40, 1100, 1300, 2600][round % 4];
            while text.len() < target {
                if next(50) == 0 {
                    text.push_str(&"y".repeat(next(1500) as usize));
                }
                text.push_str(pieces[next(pieces.len() as u64) as usize]);
            }
            assert_eq!(
                ascii_excerpt(text.as_bytes()),
                unicode_excerpt(&text),
                "{text:?}"
            );
        }
        assert_eq!(excerpt_text(" a \u{b} b\n"), "a b");
        let long = "z".repeat(MAX_SECTION_CHARS + 5);
        assert_eq!(
            excerpt_text(&long),
            format!("{}…", "z".repeat(MAX_SECTION_CHARS))
        );
    }
}
