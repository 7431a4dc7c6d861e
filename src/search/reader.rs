//! Reads the index files back and answers queries the way `search.js` does.
//!
//! The site never runs this: it exists so unit tests can check that the files answer queries
//! (ranking, word forms, prefixes, typos), and so the bench can count which files, and how many
//! bytes, a query would fetch. It keeps the browser's order of work: meta, then one chunk per
//! word (plus typo files if a word is unknown), then the excerpt bundles of the shown results
//! and, for their stage labels and the stage filter, the stage file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use serde::Deserialize;

use super::analyze::{folded_words, is_cjk_word, MAX_WORD_CHARS};
use super::page::LEAD_TITLE;

/// Score factor for a word completed from a prefix, and for a typo correction: exact words
/// rank first.
pub(crate) const PREFIX_WEIGHT: f32 = 0.6;
pub(crate) const TYPO_WEIGHT: f32 = 0.5;
/// A doc's score is multiplied by `1 + DOC_LEAD_BOOST · c²`, where `c` is the share of the
/// query's words the doc is about: a word in its title or description counts 1, a word only
/// in a heading [`HEADING_LEAD_SHARE`]. An article about the words answers a how-to question
/// better than a ticket that mentions them, while an article that only mentions them (in an
/// example, say) gains nothing, so a ticket whose subject is the customer's symptom still
/// wins. The square makes one lead word of three count for little (×1.16) and all of them for
/// much (×2.4). Chosen on the judged queries of benches/relevance/ over the default site and a
/// generated corpus (docs/guide/performance.md "Search relevance").
pub(crate) const DOC_LEAD_BOOST: f32 = 1.4;
/// What a query word found only in a doc's headings counts toward `c` above. Headings say what
/// a part of the page is about; generated and long docs have many, so counting them fully
/// lets an article that touches a subject beat the ticket about it (1.0 lost 2 of 15 symptom
/// queries of the generated corpus, 0.5 none).
pub(crate) const HEADING_LEAD_SHARE: f32 = 0.5;
/// A prefix shorter than this is not expanded: it would match too much of the index.
pub(crate) const MIN_PREFIX_CHARS: usize = 3;
/// Words this long or longer get one-edit typo tolerance.
pub(crate) const MIN_TYPO_CHARS: usize = 5;

/// The meta file, as the browser reads it.
#[derive(Debug, Deserialize)]
pub(crate) struct Meta {
    /// Checked against [`super::FORMAT`], as the browser's reader does.
    pub format: u32,
    // `tag`, `docs` and `max_word` are for the browser's reader (static/search.js: cache
    // tag, doc or ticket, longest query word); decoded here so a meta file without them is
    // refused, as it would fail there.
    #[allow(dead_code)]
    pub tag: String,
    pub pages: usize,
    /// Pages `0..docs` are docs, the rest tickets.
    #[allow(dead_code)]
    pub docs: usize,
    /// Ticket stage names; the stage file gives each page's as 1 + an index into them.
    pub stages: Vec<String>,
    pub stop: Vec<String>,
    #[allow(dead_code)]
    pub max_word: usize,
    pub chunks: Vec<String>,
    pub fwd: Vec<String>,
    pub rev: Vec<String>,
    pub bundles: Vec<usize>,
}

/// One ranked page.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub page: u32,
    /// Section of the page to link to.
    pub section: u32,
    /// How many query words it matched.
    pub words: usize,
    pub score: f32,
}

/// A page's excerpt data from its bundle.
#[derive(Debug, Clone, Deserialize)]
pub struct PageData {
    pub url: String,
    pub title: String,
    /// (heading, anchor, text)
    pub sections: Vec<(Option<String>, Option<String>, String)>,
}

/// Error reading the index files (a missing or corrupt file).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("index file {0} is missing")]
    Missing(String),
    #[error("index file {0} is corrupt: {1}")]
    Corrupt(String, String),
}

/// (page, section as [`super::page::lead_section`] stores it, score byte).
type Postings = Vec<(u32, u32, u8)>;

/// An index key and its postings.
type Keyed = (String, Postings);

/// What a query found: its words, the ranked pages, and the index keys that matched (the
/// query words, their stems, completions and typo corrections), which the excerpts mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub words: Vec<String>,
    pub hits: Vec<Hit>,
    pub keys: Vec<String>,
}

/// Query words beyond this many are ignored, as in the browser.
pub(crate) const MAX_QUERY_WORDS: usize = 10;

/// A decoded postings chunk: key -> (postings, stem it stands for).
type Chunk = BTreeMap<String, (Postings, Option<String>)>;

/// The index, read from the files `build_index` returned, counting what a query fetches.
pub struct Reader<'a> {
    files: BTreeMap<&'a str, &'a [u8]>,
    pub(crate) meta: Meta,
    stop: BTreeSet<String>,
    fetched: BTreeSet<String>,
    chunks: BTreeMap<usize, Chunk>,
    /// `search/s.bin`, once fetched.
    stage_bytes: Option<Vec<u8>>,
}

fn gunzip(path: &str, data: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::Corrupt(path.to_string(), e.to_string()))?;
    Ok(out)
}

fn varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *data.get(*pos)?;
        *pos += 1;
        if shift > 63 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

fn decode_chunk(data: &[u8]) -> Option<Chunk> {
    let mut pos = 0;
    let count = varint(data, &mut pos)?;
    let mut out = Chunk::new();
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = varint(data, &mut pos)? as usize;
        let len = varint(data, &mut pos)? as usize;
        let mut key = prev.get(..shared)?.to_vec();
        key.extend_from_slice(data.get(pos..pos + len)?);
        pos += len;
        let head = varint(data, &mut pos)?;
        let mut list = Vec::with_capacity((head >> 1) as usize);
        let mut page = 0u32;
        for _ in 0..head >> 1 {
            page += varint(data, &mut pos)? as u32;
            let section = varint(data, &mut pos)? as u32;
            let score = *data.get(pos)?;
            pos += 1;
            list.push((page, section, score));
        }
        let alias = if head & 1 == 1 {
            let len = varint(data, &mut pos)? as usize;
            let s = String::from_utf8(data.get(pos..pos + len)?.to_vec()).ok()?;
            pos += len;
            Some(s)
        } else {
            None
        };
        out.insert(String::from_utf8(key.clone()).ok()?, (list, alias));
        prev = key;
    }
    Some(out)
}

/// Restricted Damerau–Levenshtein distance is at most one (one insertion, deletion,
/// substitution or swap of neighbours).
pub(crate) fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == la && p == lb {
        return true;
    }
    let (sa, sb) = (&a[p..], &b[p..]);
    if la == lb {
        sa[1..] == sb[1..]
            || (sa.len() >= 2 && sa[0] == sb[1] && sa[1] == sb[0] && sa[2..] == sb[2..])
    } else if la > lb {
        sa[1..] == *sb
    } else {
        *sa == sb[1..]
    }
}

/// Index of the file whose range holds `key`, given the sorted first keys.
fn file_for(firsts: &[String], key: &str) -> Option<usize> {
    let i = firsts.partition_point(|f| f.as_str() <= key);
    i.checked_sub(1)
}

/// Suffixes the browser strips, one at a time, when a word form is not in the index: a cheap
/// stand-in for stemming unseen forms ("refunding" → "refund").
pub(crate) const FALLBACK_SUFFIXES: &[&str] = &[
    "ingly", "ing", "edly", "ed", "es", "s", "ly", "ment", "ness", "ation", "ions", "ion", "er",
];

impl<'a> Reader<'a> {
    /// Opens an index from `build_index` output. Fetches (and counts) the meta file.
    pub fn new(files: &'a [(String, Vec<u8>)]) -> Result<Self, ReadError> {
        let files: BTreeMap<&str, &[u8]> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let mut r = Reader {
            files,
            meta: Meta {
                format: 0,
                tag: String::new(),
                pages: 0,
                docs: 0,
                stages: Vec::new(),
                stop: Vec::new(),
                max_word: 0,
                chunks: Vec::new(),
                fwd: Vec::new(),
                rev: Vec::new(),
                bundles: Vec::new(),
            },
            stop: BTreeSet::new(),
            fetched: BTreeSet::new(),
            chunks: BTreeMap::new(),
            stage_bytes: None,
        };
        let raw = r.fetch("search/meta.bin")?;
        r.meta = serde_json::from_slice(&raw)
            .map_err(|e| ReadError::Corrupt("search/meta.bin".into(), e.to_string()))?;
        if r.meta.format != super::FORMAT {
            return Err(ReadError::Corrupt(
                "search/meta.bin".into(),
                format!("search index format {} is not supported", r.meta.format),
            ));
        }
        r.stop = r.meta.stop.iter().cloned().collect();
        Ok(r)
    }

    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, ReadError> {
        let data = *self
            .files
            .get(path)
            .ok_or_else(|| ReadError::Missing(path.to_string()))?;
        self.fetched.insert(path.to_string());
        gunzip(path, data)
    }

    /// Files fetched so far and their total (compressed, as sent) size.
    pub fn fetched(&self) -> (Vec<String>, usize) {
        let bytes = self
            .fetched
            .iter()
            .map(|p| self.files.get(p.as_str()).map_or(0, |b| b.len()))
            .sum();
        (self.fetched.iter().cloned().collect(), bytes)
    }

    fn chunk(&mut self, i: usize) -> Result<&Chunk, ReadError> {
        if !self.chunks.contains_key(&i) {
            let path = format!("search/w/{i}.bin");
            let raw = self.fetch(&path)?;
            let c =
                decode_chunk(&raw).ok_or_else(|| ReadError::Corrupt(path, "bad chunk".into()))?;
            self.chunks.insert(i, c);
        }
        Ok(&self.chunks[&i])
    }

    /// Postings for an exact key: its own and those of the stem it stands for.
    fn exact(&mut self, key: &str) -> Result<Option<Vec<Keyed>>, ReadError> {
        let Some(i) = file_for(&self.meta.chunks, key) else {
            return Ok(None);
        };
        let Some((list, alias)) = self.chunk(i)?.get(key).cloned() else {
            return Ok(None);
        };
        let mut out = vec![(key.to_string(), list)];
        if let Some(stem) = alias {
            if let Some(j) = file_for(&self.meta.chunks, &stem) {
                if let Some((l, _)) = self.chunk(j)?.get(&stem) {
                    out.push((stem, l.clone()));
                }
            }
        }
        Ok(Some(out))
    }

    /// Postings of all keys that start with `prefix` (stems directly; word forms via their
    /// stem when it is in a chunk already loaded, to avoid extra fetches while typing).
    fn prefixed(&mut self, prefix: &str) -> Result<Vec<Keyed>, ReadError> {
        let Some(first) = file_for(&self.meta.chunks, prefix).or(Some(0)) else {
            return Ok(vec![]);
        };
        let mut out = Vec::new();
        let mut aliases = Vec::new();
        let mut i = first;
        // At most three chunks: a two-letter prefix of a big site would otherwise load many.
        while i < self.meta.chunks.len() && i < first + 3 {
            if i > first && !self.meta.chunks[i].starts_with(prefix) {
                break;
            }
            for (k, (list, alias)) in self.chunk(i)?.range(prefix.to_string()..) {
                if !k.starts_with(prefix) {
                    break;
                }
                if !list.is_empty() {
                    out.push((k.clone(), list.clone()));
                }
                if let Some(a) = alias {
                    aliases.push(a.clone());
                }
            }
            i += 1;
        }
        for a in aliases {
            if let Some(j) = file_for(&self.meta.chunks, &a) {
                if let Some(c) = self.chunks.get(&j) {
                    if let Some((l, _)) = c.get(&a) {
                        out.push((a.clone(), l.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Known words within one edit of `word`, from the two typo-vocabulary files.
    fn typo_candidates(&mut self, word: &str) -> Result<Vec<String>, ReadError> {
        let chars: Vec<char> = word.chars().collect();
        let mut out = BTreeSet::new();
        let first: String = chars.iter().take(2).collect();
        let last: String = chars.iter().rev().take(2).collect();
        for (dir, firsts, key) in [
            ("f", self.meta.fwd.clone(), first),
            ("r", self.meta.rev.clone(), last),
        ] {
            let Some(i) = file_for(&firsts, &key) else {
                continue;
            };
            let raw = self.fetch(&format!("search/v/{dir}{i}.bin"))?;
            for w in String::from_utf8_lossy(&raw).split('\n') {
                let wc: Vec<char> = w.chars().collect();
                if w != word && within_one_edit(&chars, &wc) {
                    out.insert(w.to_string());
                }
            }
        }
        Ok(out.into_iter().take(8).collect())
    }

    /// The query's words, as the browser splits them.
    pub(crate) fn query_words(&self, query: &str) -> Vec<String> {
        let mut words = Vec::new();
        folded_words(query, |w| {
            if w.chars().count() <= MAX_WORD_CHARS
                && !self.stop.contains(w)
                && !words.iter().any(|x| x == w)
            {
                words.push(w.to_string());
            }
        });
        words.truncate(MAX_QUERY_WORDS);
        words
    }

    /// Ranks pages for `query`. `typing` treats the last word as a prefix (live results).
    /// Pages matching more words come first, then by summed score.
    pub fn search(&mut self, query: &str, prefix_last: bool) -> Result<Vec<Hit>, ReadError> {
        Ok(self.find(query, prefix_last)?.hits)
    }

    /// [`Reader::search`], with the query's words and the keys that matched.
    pub fn find(&mut self, query: &str, prefix_last: bool) -> Result<Found, ReadError> {
        let words = self.query_words(query);
        let docs = self.meta.docs as u32;
        let mut keys: Vec<String> = Vec::new();
        // page -> (words matched, score, section votes)
        let mut acc: BTreeMap<u32, (usize, f32, BTreeMap<u32, usize>)> = BTreeMap::new();
        // doc page -> lead share of the query's words found (see DOC_LEAD_BOOST)
        let mut leads: BTreeMap<u32, f32> = BTreeMap::new();
        for (wi, word) in words.iter().enumerate() {
            keys.push(word.clone());
            let mut weighted: Vec<(Keyed, f32)> = Vec::new();
            if let Some(lists) = self.exact(word)? {
                weighted.extend(lists.into_iter().map(|l| (l, 1.0)));
            }
            let is_last = wi + 1 == words.len();
            // A CJK bigram is found as it is (analyze.rs says why); a lone CJK letter also
            // finds the bigrams it starts, last word or not.
            let cjk = is_cjk_word(word);
            let len = word.chars().count();
            if (!cjk && prefix_last && is_last && len >= MIN_PREFIX_CHARS) || (cjk && len == 1) {
                weighted.extend(self.prefixed(word)?.into_iter().map(|l| (l, PREFIX_WEIGHT)));
            }
            if !cjk && weighted.iter().all(|((_, l), _)| l.is_empty()) {
                for suffix in FALLBACK_SUFFIXES {
                    if let Some(base) = word.strip_suffix(suffix) {
                        if base.chars().count() >= 3 {
                            if let Some(lists) = self.exact(base)? {
                                weighted.extend(lists.into_iter().map(|l| (l, 1.0)));
                                break;
                            }
                        }
                    }
                }
            }
            if !cjk && weighted.iter().all(|((_, l), _)| l.is_empty()) && len >= MIN_TYPO_CHARS {
                for cand in self.typo_candidates(word)? {
                    if let Some(lists) = self.exact(&cand)? {
                        weighted.extend(lists.into_iter().map(|l| (l, TYPO_WEIGHT)));
                    }
                }
            }
            // Best score per page for this word (forms of one word must not add up), and the lead
            // flags of any of its forms on the page.
            let mut best: BTreeMap<u32, (f32, u32, u32)> = BTreeMap::new();
            for ((key, list), w) in &weighted {
                if !list.is_empty() {
                    keys.push(key.clone());
                }
                for &(page, lead_section, q) in list {
                    let s = (f32::from(q) / 255.0).powi(2) * w;
                    let section = lead_section >> 2;
                    let e = best.entry(page).or_insert((0.0, section, 0));
                    if s > e.0 {
                        (e.0, e.1) = (s, section);
                    }
                    e.2 |= lead_section & 3;
                }
            }
            for (page, (s, section, lead)) in best {
                if lead != 0 && page < docs {
                    *leads.entry(page).or_default() += if lead & LEAD_TITLE != 0 {
                        1.0
                    } else {
                        HEADING_LEAD_SHARE
                    };
                }
                let e = acc.entry(page).or_default();
                e.0 += 1;
                e.1 += s;
                *e.2.entry(section).or_default() += 1;
            }
        }
        let mut hits: Vec<Hit> = acc
            .into_iter()
            .map(|(page, (matched, score, votes))| {
                let c = leads.get(&page).map_or(0.0, |&l| l / words.len() as f32);
                let score = score * (1.0 + DOC_LEAD_BOOST * c * c);
                // The section most words hit; ties go to the earlier section.
                let section = votes
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or(0, |v| *v.0);
                Hit {
                    page,
                    section,
                    words: matched,
                    score,
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.words
                .cmp(&a.words)
                .then(b.score.total_cmp(&a.score))
                .then(a.page.cmp(&b.page))
        });
        Ok(Found { words, hits, keys })
    }

    /// The stage name of a page, `None` for a doc or a ticket without one (fetches the stage
    /// file).
    pub fn stage(&mut self, page: u32) -> Result<Option<String>, ReadError> {
        const PATH: &str = "search/s.bin";
        if self.stage_bytes.is_none() {
            let raw = self.fetch(PATH)?;
            if raw.len() != self.meta.pages {
                return Err(ReadError::Corrupt(
                    PATH.into(),
                    format!("{} bytes for {} pages", raw.len(), self.meta.pages),
                ));
            }
            self.stage_bytes = Some(raw);
        }
        let b = self
            .stage_bytes
            .as_ref()
            .and_then(|s| s.get(page as usize))
            .ok_or_else(|| ReadError::Missing(format!("page {page}")))?;
        match usize::from(*b).checked_sub(1) {
            None => Ok(None),
            Some(i) => self
                .meta
                .stages
                .get(i)
                .cloned()
                .map(Some)
                .ok_or_else(|| ReadError::Corrupt(PATH.into(), format!("stage {b}"))),
        }
    }

    /// Excerpt data of a page (fetches its bundle).
    pub fn page(&mut self, page: u32) -> Result<PageData, ReadError> {
        let mut start = 0usize;
        for (b, &size) in self.meta.bundles.clone().iter().enumerate() {
            if (page as usize) < start + size {
                let path = format!("search/p/{b}.bin");
                let raw = self.fetch(&path)?;
                let all: Vec<PageData> = serde_json::from_slice(&raw)
                    .map_err(|e| ReadError::Corrupt(path.clone(), e.to_string()))?;
                return all
                    .into_iter()
                    .nth(page as usize - start)
                    .ok_or_else(|| ReadError::Corrupt(path, "page missing".into()));
            }
            start += size;
        }
        Err(ReadError::Missing(format!("page {page}")))
    }
}
