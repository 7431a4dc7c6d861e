//! Text analysis for the search index: segmentation, folding, stop words and stemming.
//!
//! `themes/default/static/search.js` repeats the cheap half of this (segmenting and folding a
//! query) so both sides agree on what a word is. The rules are therefore chosen to be
//! reproducible in a browser without a Unicode word-break table:
//!
//! 1. split with Unicode word segmentation (UAX #29),
//! 2. fold each word: NFKD, drop combining marks (accents), lowercase,
//! 3. drop apostrophes (`don't` → `dont`), then cut the word into runs of letters and digits
//!    (so `v4.18`, `snake_case` and `example.com` give their parts),
//! 4. Chinese, Japanese and Korean: a run of their letters ([`is_cjk`], next to each other
//!    or joined only by apostrophes) becomes its overlapping character bigrams, `发票导出` →
//!    `发票 票导 导出`, a one-letter run itself (see below),
//! 5. drop words longer than [`MAX_WORD_CHARS`] (hashes, base64) and stop words,
//! 6. stem what is left with the Snowball stemmer of the site's language
//!    ([`super::language`]), unless it holds a digit (ticket numbers and error codes must
//!    match exactly).
//!
//! CJK bigrams: Chinese and Japanese put no spaces between words, and no word list is small
//! enough to ship to a browser, so a run of their letters is indexed as every pair of
//! neighbours. A query is cut the same way and all its pairs must match, like all words of a
//! Latin query, so `发票导出` finds `…发票导出失败…` and a two-letter query is one pair. Pairs
//! are kept as they are, in every site language: no stop words, no stemming, no typo
//! tolerance (one edit of two letters is another word) and no completion, except that a lone
//! letter of a query also finds the pairs it starts. Korean is treated the same way: a pair
//! of syllables inside a word also finds it with its particles attached (`인보이스를`). Folding
//! decomposes Hangul syllables into jamo (NFKD); a run is put back together (NFC) before it is
//! cut into pairs, so pairs are of syllables.
//!
//! The stemmer is not repeated in JavaScript: the index stores, for every word form seen, which
//! stem it belongs to (see `format/chunk.rs`), so the browser looks words up instead of
//! stemming them.
//!
//! Limits: folding drops all combining marks, which also removes vowel signs in scripts such as
//! Devanagari and the voicing marks of kana (`ポ` is indexed as `ホ`, on both sides); Thai
//! text is not split into words beyond what UAX #29 does. A CJK query counts a word per pair
//! and a query keeps its first ten words (`MAX_QUERY_WORDS`), so a run of more than eleven
//! letters is searched by its first eleven.

use rust_stemmers::Stemmer;

use super::language::SearchLanguage;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in characters) are not indexed: they are hashes, tokens or base64
/// blobs from pasted logs, and would only bloat the index (mdBook drops tokens over 80 chars).
pub const MAX_WORD_CHARS: usize = 40;

/// English stop words, already folded and sorted (other languages: [`super::language`]). They carry little meaning and appear on
/// nearly every page, so indexing them would cost much and rank nothing. The list is written
/// into the index meta file, so the browser drops exactly the same words from a query.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me",
    "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other",
    "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours",
];

/// Case and accent folding: NFKD, then drop combining marks, then lowercase.
///
/// NFKD comes first so compatibility forms (ligatures, full-width letters, `Ⅻ`) decompose
/// before lowercasing; the browser does the same three steps in the same order.
pub fn fold(word: &str) -> String {
    // ASCII is its own NFKD form and has no combining marks: only lowercasing is left.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let stripped: String = word.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    stripped.to_lowercase()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Chinese, Japanese and Korean letters, as folding leaves them (Hangul decomposed into
/// jamo): their runs are indexed as bigrams. search.js (`CJK_CLASS`) uses the same ranges.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF // Hangul jamo
        | 0x3005..=0x3007 // ideographic iteration and closing marks, ideographic zero
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xA960..=0xA97F // Hangul jamo extended A
        | 0xAC00..=0xD7FF // Hangul syllables, jamo extended B
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Whether a folded word is a CJK bigram (or single letter) from [`folded_words`]: CJK
/// runs hold nothing else, other words no CJK letter, so the first character tells.
pub fn is_cjk_word(folded: &str) -> bool {
    folded.chars().next().is_some_and(is_cjk)
}

/// Hands out the bigrams of a CJK run (a lone letter as itself) and empties it.
fn flush_cjk(run: &mut String, f: &mut impl FnMut(&str)) {
    if run.is_empty() {
        return;
    }
    let letters: Vec<char> = run.nfc().collect();
    run.clear();
    if let [one] = letters[..] {
        run.push(one);
        f(run);
    } else {
        for pair in letters.windows(2) {
            run.clear();
            run.extend(pair);
            f(run);
        }
    }
    run.clear();
}

/// Splits text into folded words (before stop-word removal and stemming).
pub fn folded_words(text: &str, mut f: impl FnMut(&str)) {
    let mut cur = String::new();
    if text.is_ascii() {
        ascii_words(text.as_bytes(), &mut cur, &mut f);
        return;
    }
    // A line break is always a word boundary in UAX #29 (rules WB3a/WB3b come before all
    // rules that join characters), so lines can be segmented one by one and the mostly-ASCII
    // text of tickets skips the Unicode tables.
    // So is a space: no rule joins across one (WB4 attaches combining marks and format
    // characters to it, and folding drops combining marks). Only the space-separated pieces
    // that hold a non-ASCII character then need the tables: a German word in an English
    // ticket no longer sends its whole paragraph through them.
    // Both also end a CJK run (a space is not a letter), which `unicode_line_words` flushes
    // at the end of its piece.
    for line in text.split('\n') {
        if line.is_ascii() {
            ascii_words(line.as_bytes(), &mut cur, &mut f);
            continue;
        }
        for piece in line.split(' ') {
            if piece.is_ascii() {
                ascii_words(piece.as_bytes(), &mut cur, &mut f);
            } else {
                unicode_line_words(piece, &mut cur, &mut f);
            }
        }
    }
}

/// [`folded_words`] of ASCII text without the UAX #29 tables. On ASCII, segmentation followed
/// by the split into letter/digit runs leaves one decision: whether an apostrophe is inside a
/// word (dropped, the runs join) or a boundary. UAX #29 keeps it inside only between two
/// letters (WB6/WB7) or two digits (WB11/WB12); every other non-alphanumeric byte ends a run.
fn ascii_words(b: &[u8], cur: &mut String, f: &mut impl FnMut(&str)) {
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            cur.push(char::from(c.to_ascii_lowercase()));
        } else if c == b'\''
            && i > 0
            && i + 1 < b.len()
            && ((b[i - 1].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic())
                || (b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit()))
        {
            continue;
        } else {
            flush(cur, f);
        }
    }
    flush(cur, f);
}

/// [`folded_words`] of one line, or a space-separated piece of one, with Unicode word
/// segmentation.
///
/// UAX #29 makes each Han and Hiragana letter a word of its own, so a CJK run is gathered
/// across its segments: it ends at any other letter or digit, and at any segment between
/// words (punctuation, spaces) except apostrophes, which the browser drops before it looks
/// for runs.
fn unicode_line_words(text: &str, cur: &mut String, f: &mut impl FnMut(&str)) {
    let mut cjk = String::new();
    for word in text.split_word_bounds() {
        if !word.chars().any(char::is_alphanumeric) {
            // What `unicode_words` leaves out. Marks fold to nothing, apostrophes are dropped.
            if !cjk.is_empty() && !fold(word).chars().all(is_apostrophe) {
                flush_cjk(&mut cjk, f);
            }
            continue;
        }
        if word.is_ascii() {
            flush_cjk(&mut cjk, f);
            // Same steps as below for ASCII, without allocating the folded word: no ASCII
            // character is a CJK letter.
            for &b in word.as_bytes() {
                if b == b'\'' {
                    continue;
                }
                if b.is_ascii_alphanumeric() {
                    cur.push(b.to_ascii_lowercase() as char);
                } else {
                    flush(cur, f);
                }
            }
            flush(cur, f);
            continue;
        }
        for c in fold(word).chars() {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if is_cjk(c) {
                    flush(cur, f);
                    cjk.push(c);
                } else {
                    flush_cjk(&mut cjk, f);
                    cur.push(c);
                }
            } else {
                flush(cur, f);
                flush_cjk(&mut cjk, f);
            }
        }
        flush(cur, f);
    }
    flush_cjk(&mut cjk, f);
}

fn flush(cur: &mut String, f: &mut impl FnMut(&str)) {
    if !cur.is_empty() {
        f(cur);
        cur.clear();
    }
}

/// Turns text into index terms in one language. One per thread: the stemmer is cheap to
/// build.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    lang: SearchLanguage,
}

impl Analyzer {
    pub fn new(lang: &SearchLanguage) -> Self {
        Analyzer {
            stemmer: lang.algorithm.map(Stemmer::create),
            lang: lang.clone(),
        }
    }

    /// An English analyser (tests).
    #[cfg(test)]
    pub fn english() -> Self {
        Analyzer::new(&SearchLanguage::english())
    }

    /// Stem of one folded word. Words with digits stay as they are, so `404` and `v4` match
    /// exactly, and so do CJK bigrams (no stemmer of any language knows them).
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(s) if !folded.chars().any(|c| c.is_numeric()) && !is_cjk_word(folded) => {
                s.stem(folded).into_owned()
            }
            _ => folded.to_string(),
        }
    }

    /// The term a folded word (from [`folded_words`]) is indexed under, or `None` when it is
    /// not indexed: longer than [`MAX_WORD_CHARS`], a stop word, or stemmed to nothing. A CJK
    /// bigram is indexed as it is, whatever the language.
    pub fn term(&self, folded: &str) -> Option<String> {
        if is_cjk_word(folded) {
            return Some(folded.to_string());
        }
        if folded.chars().count() > MAX_WORD_CHARS || self.lang.is_stop(folded) {
            return None;
        }
        Some(self.stem(folded)).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        folded_words(text, |w| out.push(w.to_string()));
        out
    }

    fn stems(text: &str) -> Vec<String> {
        let a = Analyzer::english();
        let mut out = Vec::new();
        folded_words(text, |w| out.extend(a.term(w)));
        out
    }

    #[test]
    fn stop_words_are_sorted_and_folded() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| fold(w) == *w));
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("ÜBER"), "uber");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("Ｒｅｆｕｎｄ"), "refund");
    }

    #[test]
    fn splits_on_punctuation_and_drops_apostrophes() {
        assert_eq!(
            words("Don't re-send v4.18 to bob@example.com!"),
            ["dont", "re", "send", "v4", "18", "to", "bob", "example", "com"]
        );
        assert_eq!(words("snake_case   «quoted»"), ["snake", "case", "quoted"]);
    }

    #[test]
    fn ascii_fast_path_matches_full_folding() {
        // The full path, as it was before the ASCII shortcut.
        fn slow(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut cur = String::new();
            for word in text.unicode_words() {
                let folded: String = word.nfkd().filter(|c| !is_combining_mark(*c)).collect();
                for c in folded.to_lowercase().chars() {
                    if is_apostrophe(c) {
                        continue;
                    }
                    if c.is_alphanumeric() {
                        cur.push(c);
                    } else if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                }
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            out
        }
        let all: String = (0u8..128).map(char::from).collect();
        for t in [
            all.as_str(),
            "Don't RE-send v4.18 to Bob@Example.COM! snake_case x'y 'quoted' 3.14e10 ÀB Ab",
            "ABC_def-123 it's O'Brien's 'n' co.",
        ] {
            assert_eq!(words(t), slow(t), "{t:?}");
        }
        for b in 0u8..128 {
            let w = char::from(b).to_string();
            let full: String = w.nfkd().filter(|c| !is_combining_mark(*c)).collect();
            assert_eq!(fold(&w), full.to_lowercase());
        }
    }

    /// The whole-text Unicode path, as `folded_words` was before the line split and the
    /// ASCII scanner.
    fn reference_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        unicode_line_words(text, &mut cur, &mut |w: &str| out.push(w.to_string()));
        out
    }

    #[test]
    fn ascii_scanner_and_line_split_match_unicode_segmentation() {
        let alphabet: Vec<&str> = vec![
            "a", "B", "z", "0", "7", "'", "'", "'", ".", ":", ",", ";", "_", "-", " ", " ", "\n",
            "\r", "\t", "\"", "/", "@", "\u{0}", "\u{b}", "\u{c}", "é", "\u{301}", "—", "返",
            "\u{2019}", "\u{200d}", "\u{a0}", "🇩", "🇪", "א", "ｶ", "\u{ff9e}", "ß", "İ", "٣",
        ];
        let mut rng = crate::test_rng::Lcg::new(7);
        let mut next = |m: usize| rng.below(m as u64) as usize;
        for round in 0..20_000 {
            // Half the cases ASCII only, so the scanner sees dense apostrophe patterns.
            let span = if round % 2 == 0 { 24 } else { alphabet.len() };
            let len = next(14);
            let t: String = (0..len).map(|_| alphabet[next(span)]).collect();
            assert_eq!(words(&t), reference_words(&t), "{t:?}");
        }
    }

    #[test]
    fn cjk_runs_are_overlapping_bigrams() {
        assert_eq!(
            words("系统提示：发票导出失败 refund"),
            [
                "系统", "统提", "提示", "发票", "票导", "导出", "出失", "失败", "refund"
            ]
        );
        // A one-letter run is itself; a query of two letters is one bigram.
        assert_eq!(words("返 金"), ["返", "金"]);
        assert_eq!(words("发票"), ["发票"]);
        // Latin letters and digits next to CJK end the run without a space.
        assert_eq!(
            words("PDF导出v4失败404"),
            ["pdf", "导出", "v4", "失败", "404"]
        );
        // Hiragana and Katakana run on with Han (Japanese writes no spaces either).
        assert_eq!(
            words("請求書を出力"),
            ["請求", "求書", "書を", "を出", "出力"]
        );
        // Half-width Katakana folds to full width; voicing marks are dropped (both sides).
        assert_eq!(words("ｴｸｽﾎﾟｰﾄ"), ["エク", "クス", "スホ", "ホー", "ート"]);
        // Hangul pairs of syllables, not of jamo: folding decomposes, the run recomposes.
        assert_eq!(
            words("인보이스를 발송"),
            ["인보", "보이", "이스", "스를", "발송"]
        );
        // An apostrophe is dropped inside a run, as the browser drops it.
        assert_eq!(words("发'票"), ["发票"]);
        // Punctuation, spaces and line breaks end a run.
        assert_eq!(words("发。票 导\n出"), ["发", "票", "导", "出"]);
    }

    #[test]
    fn cjk_bigrams_escape_stop_words_and_stemming_in_every_language() {
        for code in ["en", "de", "fr", "zh", "ja", "ko"] {
            let a = Analyzer::new(&SearchLanguage::for_code(code));
            let mut out = Vec::new();
            folded_words("的 发票的导出 Rechnungen", |w| out.extend(a.term(w)));
            let cjk: Vec<&String> = out.iter().filter(|w| is_cjk_word(w)).collect();
            assert_eq!(cjk, ["的", "发票", "票的", "的导", "导出"], "{code}");
        }
        assert!(is_cjk_word("发票") && is_cjk_word("인보") && !is_cjk_word("pdf"));
        assert!(!is_cjk_word(""));
    }

    #[test]
    fn latin_text_is_split_as_before() {
        // What the old single-letter rule gave for text without CJK letters.
        assert_eq!(
            words("Ünïcode—café’s naïve «résumé» 4.2"),
            ["unicode", "cafes", "naive", "resume", "4", "2"]
        );
    }

    #[test]
    fn stems_and_drops_stop_words() {
        assert_eq!(stems("The refunds were refunded"), ["refund", "refund"]);
        assert_eq!(stems("Connecting to connections"), ["connect", "connect"]);
        assert_eq!(stems("error 404 in v4"), ["error", "404", "v4"]);
    }

    #[test]
    fn drops_overlong_words() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert!(stems(&format!("{long} ok")) == ["ok"]);
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let a = Analyzer::english();
        for t in [
            "",
            "\u{0}",
            "\u{301}\u{301}",
            "<img src=x onerror=alert(1)>",
            "\u{FFFF}\u{10FFFF}",
        ] {
            folded_words(t, |w| {
                let _ = a.term(w);
            });
        }
    }
}
