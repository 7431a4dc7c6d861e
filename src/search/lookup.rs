//! Queries a built site's search index from disk, for `porchlight search` and the relevance
//! bench: the same reader and ranking as the browser's `search.js` (see [`super::reader`]),
//! and the same excerpt, so what staff see in the terminal is what a customer sees.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use unicode_normalization::UnicodeNormalization;

use super::analyze::{fold, is_cjk};
use super::reader::{PageData, ReadError, Reader, MIN_PREFIX_CHARS};

/// search.js's word pattern for excerpts: runs of letters, digits and combining marks.
static WORD_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Alphabetic}\p{N}\p{M}]+").expect("valid pattern"));

/// What to look for and which results to keep.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub text: String,
    /// Only docs or only tickets.
    pub kind: Option<Kind>,
    /// Only tickets in this stage (compared as the stage file names it).
    pub stage: Option<String>,
    /// At most this many results.
    pub limit: usize,
}

/// A result's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Doc,
    Ticket,
}

/// One ranked result, as the search page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Answer {
    pub rank: usize,
    pub title: String,
    /// Site-relative URL, with `#anchor` when the best section has one.
    pub url: String,
    pub kind: Kind,
    pub stage: Option<String>,
    /// The section the link goes to, if it has a heading.
    pub section: Option<String>,
    /// About 240 characters around the first matched word.
    pub excerpt: String,
    /// How many of the query's words the page matched, and of how many.
    pub matched: usize,
    pub of: usize,
}

/// Errors reading the built site's index.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("{0}: no search index there (build the site first: porchlight build)")]
    NoIndex(String),
    #[error("reading {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}")]
    Index(#[from] ReadError),
}

/// Reads every file under `site/search/` (paths as the index names them: `search/…`).
pub fn read_index(site: &Path) -> Result<Vec<(String, Vec<u8>)>, LookupError> {
    let dir = site.join("search");
    if !dir.join("meta.bin").is_file() {
        return Err(LookupError::NoIndex(dir.display().to_string()));
    }
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.map_err(|err| {
            let path = err.path().unwrap_or(&dir).display().to_string();
            LookupError::Io(path, err.into())
        })?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(site).unwrap_or(e.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(e.path())
            .map_err(|err| LookupError::Io(e.path().display().to_string(), err))?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// Ranks the index's pages for `q` in the search page's order (which, like the header box,
/// also completes the last word as a prefix: "invoi" finds "invoice").
pub fn lookup(files: &[(String, Vec<u8>)], q: &Query) -> Result<Vec<Answer>, LookupError> {
    let mut r = Reader::new(files)?;
    let found = r.find(&q.text, true)?;
    let docs = r.meta.docs;
    let of = found.words.len();
    let mut out = Vec::new();
    for hit in &found.hits {
        if out.len() >= q.limit {
            break;
        }
        let kind = if (hit.page as usize) < docs {
            Kind::Doc
        } else {
            Kind::Ticket
        };
        if q.kind.is_some_and(|k| k != kind) {
            continue;
        }
        let stage = match kind {
            Kind::Doc => None,
            Kind::Ticket => r.stage(hit.page)?,
        };
        if q.stage.is_some() && stage != q.stage {
            continue;
        }
        let data = r.page(hit.page)?;
        let (section, anchor, text) = best_section(&data, hit.section as usize);
        let url = match anchor {
            Some(a) => format!("{}#{a}", data.url),
            None => data.url.clone(),
        };
        out.push(Answer {
            rank: out.len() + 1,
            title: if data.title.is_empty() {
                data.url.clone()
            } else {
                data.title.clone()
            },
            url,
            kind,
            stage,
            section: section.map(str::to_string),
            excerpt: excerpt(text, &found.keys, "[", "]"),
            matched: hit.words,
            of,
        });
    }
    Ok(out)
}

/// The hit's section, or the first one with text when it has neither heading nor text (as
/// `renderResult` in search.js).
fn best_section(data: &PageData, i: usize) -> (Option<&str>, Option<&str>, &str) {
    type Section = (Option<String>, Option<String>, String);
    fn pick(s: &Section) -> (Option<&str>, Option<&str>, &str) {
        (s.0.as_deref(), s.1.as_deref(), s.2.as_str())
    }
    let Some(mut sec) = data.sections.get(i).or(data.sections.first()).map(pick) else {
        return (None, None, "");
    };
    if sec.0.is_none() && sec.2.is_empty() {
        if let Some(s) = data.sections.iter().find(|s| !s.2.is_empty()) {
            sec = pick(s);
        }
    }
    (sec.0, sec.1, sec.2)
}

/// A word of the text is a hit when its folded form is a matched key, or starts with one at
/// least [`MIN_PREFIX_CHARS`] long (as `isHit` in search.js).
fn is_hit(folded: &str, keys: &[String]) -> bool {
    keys.iter().any(|k| {
        folded == k || (k.chars().count() >= MIN_PREFIX_CHARS && folded.starts_with(k.as_str()))
    })
}

/// The runs of one word of the text, as (start, end, hit) in characters from `at`: the word
/// itself when it has no CJK letter; else its letters grouped into other words and CJK runs,
/// where every letter of a matched bigram is a hit (`wordRuns` in search.js).
fn word_runs(word: &str, at: usize, keys: &[String], runs: &mut Vec<(usize, usize, bool)>) {
    let len = word.chars().count();
    if !fold(word).chars().any(is_cjk) {
        runs.push((at, at + len, is_hit(&fold(word), keys)));
        return;
    }
    // (start, end, folded, cjk) per character, folded on its own; a character that folds to
    // nothing (a mark) joins the one before.
    let mut items: Vec<(usize, usize, String, bool)> = Vec::new();
    for (i, c) in word.chars().enumerate() {
        let f: String = fold(c.encode_utf8(&mut [0; 4])).nfc().collect();
        match items.last_mut() {
            Some(last) if f.is_empty() => last.1 = at + i + 1,
            _ if f.is_empty() => {}
            _ => {
                let cjk = f.chars().next().is_some_and(is_cjk);
                items.push((at + i, at + i + 1, f, cjk));
            }
        }
    }
    for group in items.chunk_by(|a, b| a.3 == b.3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        if !first.3 {
            let w: String = group.iter().map(|x| x.2.as_str()).collect();
            runs.push((first.0, last.1, is_hit(&w, keys)));
            continue;
        }
        let has = |w: String| keys.contains(&w);
        let mut hit = vec![group.len() == 1 && has(first.2.clone()); group.len()];
        for (k, pair) in group.windows(2).enumerate() {
            if has(format!("{}{}", pair[0].2, pair[1].2)) {
                (hit[k], hit[k + 1]) = (true, true);
            }
        }
        for (k, (x, &h)) in group.iter().zip(&hit).enumerate() {
            match runs.last_mut() {
                Some(prev) if k > 0 && prev.2 == h => prev.1 = x.1,
                _ => runs.push((x.0, x.1, h)),
            }
        }
    }
}

/// About 240 characters around the first hit, hits wrapped in `open`/`close`, with `… ` and
/// ` …` where text was cut: the excerpt search.js builds, as text. Offsets are in characters
/// (search.js counts UTF-16 units; they differ only around astral characters).
pub fn excerpt(text: &str, keys: &[String], open: &str, close: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Runs as (start, end, hit), in characters.
    let mut runs = Vec::new();
    let (mut at_byte, mut at_char) = (0, 0);
    for m in WORD_RUN.find_iter(text) {
        at_char += text[at_byte..m.start()].chars().count();
        let len = m.as_str().chars().count();
        word_runs(m.as_str(), at_char, keys, &mut runs);
        at_char += len;
        at_byte = m.end();
    }
    let first = runs.iter().find(|r| r.2);
    let mut start = first.map_or(0, |r| r.0.saturating_sub(80));
    if let (true, Some(f)) = (start > 0, first) {
        start = match chars[start..].iter().position(|&c| c == ' ') {
            Some(p) if start + p < f.0 => start + p + 1,
            _ => f.0,
        };
    }
    let mut end = chars.len().min(start + 240);
    if end < chars.len() {
        if let Some(p) = chars[..end].iter().rposition(|&c| c == ' ') {
            if p > start + 120 {
                end = p;
            }
        }
    }
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    let mut pos = start;
    for &(a, b, hit) in &runs {
        if !hit || a < start || b > end {
            continue;
        }
        out.push_str(&slice(pos, a));
        out.push_str(open);
        out.push_str(&slice(a, b));
        out.push_str(close);
        pos = b;
    }
    if end > pos {
        out.push_str(&slice(pos, end));
    }
    if end < chars.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn excerpt_marks_words_and_prefixes_and_cuts_around_the_first_hit() {
        let text = format!(
            "{} Refunds are issued to the card. {}",
            "lead ".repeat(40),
            "tail ".repeat(60)
        );
        let e = excerpt(&text, &keys(&["refund", "card"]), "[", "]");
        assert!(e.starts_with("… "), "{e}");
        assert!(e.contains("[Refunds] are issued to the [card]."), "{e}");
        assert!(e.ends_with(" …"), "{e}");
        // Cut at a space, about 80 characters before the hit.
        let before = e.split("[Refunds]").next().unwrap();
        assert!((60..=90).contains(&before.chars().count()), "{before:?}");
    }

    #[test]
    fn excerpt_marks_the_letters_of_matched_cjk_bigrams() {
        let k = keys(&["发票", "票导", "导出", "pdf"]);
        // One run for the query's letters, the rest of the sentence unmarked; a bigram alone
        // further on is marked too, and Latin words beside CJK letters as before.
        assert_eq!(
            excerpt("系统提示：发票导出失败。PDF发票发给客户", &k, "[", "]"),
            "系统提示：[发票导出]失败。[PDF][发票]发给客户"
        );
        // A lone letter is marked when it is a key itself; letters of no key are not.
        assert_eq!(excerpt("票 导 出", &keys(&["票"]), "[", "]"), "[票] 导 出");
        // Hangul: folded to jamo and back, marked by syllables; half-width Katakana by
        // its full-width letters.
        assert_eq!(
            excerpt(
                "인보이스를 보내면",
                &keys(&["인보", "보이", "이스"]),
                "<",
                ">"
            ),
            "<인보이스>를 보내면"
        );
        assert_eq!(
            excerpt("ｴｸｽﾎﾟｰﾄ", &keys(&["エク", "クス"]), "<", ">"),
            "<ｴｸｽ>ﾎﾟｰﾄ"
        );
    }

    #[test]
    fn excerpt_of_a_short_text_without_hits_is_the_text() {
        assert_eq!(
            excerpt("Nothing to see", &keys(&["zebra"]), "[", "]"),
            "Nothing to see"
        );
        // Short keys match whole words only.
        assert_eq!(excerpt("api apis", &keys(&["ap"]), "<", ">"), "api apis");
        assert_eq!(
            excerpt("Café cafés", &keys(&["cafe"]), "<", ">"),
            "<Café> <cafés>"
        );
    }
}
