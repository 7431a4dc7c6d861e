//! The language the index is analysed in: its Snowball stemmer and its stop words.
//!
//! The index records, for every word form it saw, the stem it belongs to, and its meta file
//! lists the stop words; so the browser (and `porchlight search`) need no stemmer of their
//! own whatever the language. Stemming runs on folded words (accents dropped, lowercase), the
//! same form the browser folds a query to: "Rechnungen" and "rechnüngen" meet at "rechnung".

use std::sync::Arc;

use rust_stemmers::Algorithm;

use super::analyze::{fold, is_cjk_word, STOP_WORDS};

/// How one language's text becomes index terms.
#[derive(Debug, Clone)]
pub struct SearchLanguage {
    /// The language code ("de").
    pub code: String,
    /// `None`: no Snowball stemmer for the language; words are indexed as folded.
    pub(crate) algorithm: Option<Algorithm>,
    /// Folded, sorted and without repeats, as `is_stop` searches them.
    pub(crate) stop: Arc<Vec<String>>,
}

/// The Snowball stemmer rust-stemmers has for a language code.
fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

impl SearchLanguage {
    /// The analysis of language `code`. English keeps Porchlight's own stop word list (the
    /// index of an English site is what it has always been); other languages take NLTK's list
    /// (from the Snowball project) when it has one, and none otherwise.
    pub fn for_code(code: &str) -> SearchLanguage {
        let raw: Vec<&str> = if code == "en" {
            STOP_WORDS.to_vec()
        } else {
            stop_words::lookup(code)
                .map(<[_]>::to_vec)
                .unwrap_or_default()
        };
        let mut stop: Vec<String> = raw
            .iter()
            .map(|w| fold(w))
            // A stop word with an apostrophe ("l'", "d'") is split like text; its parts are
            // words of their own and not all stop words, so it is left out. So are Chinese
            // and Japanese ones: CJK text is indexed as bigrams, never dropped as stop words.
            .filter(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric) && !is_cjk_word(w))
            .collect();
        stop.sort();
        stop.dedup();
        SearchLanguage {
            code: code.to_string(),
            algorithm: algorithm(code),
            stop: Arc::new(stop),
        }
    }

    /// English: what an index without a language is built in.
    pub fn english() -> SearchLanguage {
        SearchLanguage::for_code("en")
    }

    /// Whether a folded word is a stop word.
    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop
            .binary_search_by(|w| w.as_str().cmp(folded))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_old_list() {
        let en = SearchLanguage::english();
        assert_eq!(en.stop.len(), STOP_WORDS.len());
        assert!(en.is_stop("the") && !en.is_stop("invoice"));
    }

    #[test]
    fn german_stop_words_are_folded() {
        let de = SearchLanguage::for_code("de");
        assert!(de.is_stop("und") && de.is_stop("fur"), "für folds to fur");
        assert!(!de.is_stop("rechnung"));
        assert!(de.stop.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_language_without_stemmer_or_list_indexes_folded_words() {
        let xx = SearchLanguage::for_code("ja");
        assert!(xx.algorithm.is_none());
    }
}
