//! Per-page work of the index build: the terms one page contributes (with key ids from the
//! build's [`Keys`] table) and the page's excerpt JSON.
//!
//! [`PageInfo`] is what [`super::IndexCache`] keeps per entry, so it is stored compactly
//! (varints) and depends only on the entry's content: a page that did not change is never
//! analysed again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::analyze::{folded_words, is_stop_word, Analyzer, MAX_WORD_CHARS};
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

/// Characters of section text kept for excerpts. Longer sections are cut: the excerpt then
/// falls back to the section start when the hit lies beyond the cut.
pub const MAX_SECTION_CHARS: usize = 1200;

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
    map: FastMap<Box<str>, (u32, u32)>,
}

impl WordCache {
    /// (form id, stem id) of a folded word, or `None` when it is not indexed; the same rules
    /// as [`Analyzer::terms`].
    fn word(&mut self, keys: &Mutex<Keys>, a: &Analyzer, w: &str) -> Option<(u32, u32)> {
        // Surely over the limit (a char is at most 4 bytes): not worth a cache entry.
        if w.len() > 4 * MAX_WORD_CHARS {
            return None;
        }
        if let Some(&(f, s)) = self.map.get(w) {
            return (s != SKIP).then_some((f, s));
        }
        let v = if w.chars().count() > MAX_WORD_CHARS || is_stop_word(w) {
            (SKIP, SKIP)
        } else {
            let stem = a.stem(w);
            if stem.is_empty() {
                (SKIP, SKIP)
            } else {
                let mut k = keys.lock().unwrap_or_else(|e| e.into_inner());
                k.form(w, &stem)
            }
        };
        if self.map.len() >= CACHE_MAX {
            self.map.clear();
        }
        self.map.insert(w.into(), v);
        (v.1 != SKIP).then_some(v)
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
    /// Bytes of the page's excerpt JSON ([`page_json`]).
    pub json_len: u64,
    /// Varints, sorted by key id: (key id delta, weighted term frequency, section with the most
    /// weight for it), one per stem.
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

type IdMap<V> = FastMap<u32, V>;

/// Analyses one page, interning its keys in `keys`.
pub fn analyze_page(keys: &Mutex<Keys>, owner: u64, a: &Analyzer, e: &SearchEntry) -> PageInfo {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.owner != owner {
            *cache = WordCache {
                owner,
                map: FastMap::default(),
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
    // stem id -> (weighted tf, best section, weight in best section)
    let mut acc: IdMap<(u32, u32, u32)> = IdMap::default();
    let mut forms: IdMap<()> = IdMap::default();
    let mut local: IdMap<u32> = IdMap::default();
    let mut len = 0u32;
    let mut add = |text: &str, w: u32, section: Option<(u32, u32)>, count: bool, len: &mut u32| {
        local.clear();
        folded_words(text, |word| {
            let Some((wid, sid)) = cache.word(keys, a, word) else {
                return;
            };
            if count {
                *len += 1;
            }
            forms.insert(wid, ());
            let slot = acc.entry(sid).or_insert((0, 0, 0));
            slot.0 = slot.0.saturating_add(w);
            if let Some((_, sw)) = section {
                let l = local.entry(sid).or_insert(0);
                *l = l.saturating_add(sw);
            }
        });
        if let Some((idx, _)) = section {
            for (sid, sw) in local.iter() {
                if let Some(slot) = acc.get_mut(sid) {
                    // Ties keep the earlier section: the top of a page is the better link.
                    if *sw > slot.2 {
                        slot.1 = idx;
                        slot.2 = *sw;
                    }
                }
            }
        }
    };
    add(&e.title, W_TITLE, None, false, &mut len);
    if let Some(stage) = &e.stage {
        add(stage, W_BODY, None, false, &mut len);
    }
    for (i, s) in e.sections.iter().enumerate() {
        let idx = u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(h) = &s.heading {
            add(h, W_HEADING, Some((idx, HEADING_PULL)), true, &mut len);
        }
        add(&s.text, W_BODY, Some((idx, 1)), true, &mut len);
    }
    let mut terms: Vec<(u32, u32, u32)> = acc
        .into_iter()
        .map(|(k, (tf, sec, _))| (k, tf, sec))
        .collect();
    terms.sort_unstable_by_key(|t| t.0);
    let mut tbuf = Vec::with_capacity(terms.len() * 4);
    let mut last = 0u32;
    for (k, tf, sec) in terms {
        put_varint(&mut tbuf, u64::from(k - last));
        put_varint(&mut tbuf, u64::from(tf));
        put_varint(&mut tbuf, u64::from(sec));
        last = k;
    }
    let mut forms: Vec<u32> = forms.into_keys().collect();
    forms.sort_unstable();
    let mut fbuf = Vec::with_capacity(forms.len() * 2);
    let mut last = 0u32;
    for k in forms {
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

/// The page's excerpt data: JSON `[url, title, [[heading, anchor, text]]]`.
pub fn page_json(e: &SearchEntry) -> Vec<u8> {
    let sections: Vec<(Option<&str>, Option<&str>, String)> = e
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
    serde_json::to_vec(&(&e.url, &e.title, sections)).unwrap_or_default()
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

/// `page_json(e).len()` without building the JSON.
pub fn page_json_len(e: &SearchEntry) -> u64 {
    let sections: u64 = e.sections.iter().map(section_json_len).sum::<u64>()
        + e.sections.len().saturating_sub(1) as u64;
    // [url,title,[sections]]
    4 + json_str_len(&e.url) + json_str_len(&e.title) + 2 + sections
}

fn section_json_len(s: &SearchSection) -> u64 {
    // [heading,anchor,text]
    4 + json_opt_len(s.heading.as_deref())
        + json_opt_len(s.anchor.as_deref())
        + json_str_len(&excerpt_text(&s.text))
}
