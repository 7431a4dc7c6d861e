//! Which of the site's languages a ticket is written in, so its text goes into that
//! language's index (issue 20: one index per site language).
//!
//! Detection is whatlang's (trigram profiles per script, and the share of kana for Chinese
//! against Japanese), restricted to the site's languages: a German ticket on an English and
//! German site can only come out as one of the two, never as Dutch or Afrikaans. When the
//! answer is not trustworthy the site's default language is taken instead: a ticket indexed
//! in the default language is still found by its exact words, only its word forms do not
//! meet (no stemmer of its own language), while a wrong guess would put it in an index its
//! readers never search.
//!
//! Thresholds, and why (measured with whatlang 0.18 on support sentences in en, de, fr, nl
//! and es, those five allowed):
//! - [`MIN_WEIGHT`]: a text needs 30 letters. Short subjects come out wrong or near a tie:
//!   "Invoice export does not work" (24 letters) was French at confidence 0.07, "PDF fout"
//!   French, "Danke!" Dutch; whole sentences (100 letters and more) scored 1.0 every time.
//!   A wrong guess costs more than the default: the ticket lands in an index its readers do
//!   not search. A CJK character counts [`CJK_WEIGHT`] letters: one carries about a word.
//! - [`MIN_CONFIDENCE`]: 0.9, whatlang's own line for a reliable answer. Its confidence
//!   compares the best allowed language with the runner-up; sentences scored 1.0, a German
//!   ticket quoting an English error message included, while short or ambiguous text scored
//!   0.03 to 0.84 ("De export werkt niet meer" on an English and German site: German, 0.84).

use whatlang::{Detector, Lang};

use super::analyze::is_cjk;

/// Letters (CJK characters weighing [`CJK_WEIGHT`]) a text needs before its language is
/// guessed at all.
pub const MIN_WEIGHT: usize = 30;
/// What one Chinese, Japanese or Korean character counts toward [`MIN_WEIGHT`].
pub const CJK_WEIGHT: usize = 3;
/// At or below this whatlang confidence the default language is taken.
pub const MIN_CONFIDENCE: f64 = 0.9;

/// Text a ticket's language is told from, at most: whatlang's answer is settled long before
/// (whole sentences scored 1.0; 512 bytes are some 80 words), and a long ticket costs no
/// more. Measured at 100,000 tickets (three languages, CPU seconds of the build): 4 KB each
/// cost about 7 s more than 1 KB, and 1 KB about 5.6 s more than 512 bytes, while the tickets
/// per index moved by less than 0.1%.
pub const DETECT_BYTES: usize = 512;

/// The opening whatlang looks at first (see [`opening_language`]).
pub const QUICK_BYTES: usize = 256;

/// ISO 639-1 codes (the site's language codes) of the languages whatlang knows.
const CODES: &[(&str, Lang)] = &[
    ("af", Lang::Afr),
    ("ak", Lang::Aka),
    ("am", Lang::Amh),
    ("ar", Lang::Ara),
    ("az", Lang::Aze),
    ("be", Lang::Bel),
    ("bg", Lang::Bul),
    ("bn", Lang::Ben),
    ("ca", Lang::Cat),
    ("cs", Lang::Ces),
    ("cy", Lang::Cym),
    ("da", Lang::Dan),
    ("de", Lang::Deu),
    ("el", Lang::Ell),
    ("en", Lang::Eng),
    ("eo", Lang::Epo),
    ("es", Lang::Spa),
    ("et", Lang::Est),
    ("fa", Lang::Pes),
    ("fi", Lang::Fin),
    ("fr", Lang::Fra),
    ("gu", Lang::Guj),
    ("he", Lang::Heb),
    ("hi", Lang::Hin),
    ("hr", Lang::Hrv),
    ("hu", Lang::Hun),
    ("hy", Lang::Hye),
    ("id", Lang::Ind),
    ("it", Lang::Ita),
    ("ja", Lang::Jpn),
    ("jv", Lang::Jav),
    ("ka", Lang::Kat),
    ("km", Lang::Khm),
    ("kn", Lang::Kan),
    ("ko", Lang::Kor),
    ("la", Lang::Lat),
    ("lt", Lang::Lit),
    ("lv", Lang::Lav),
    ("mk", Lang::Mkd),
    ("ml", Lang::Mal),
    ("mr", Lang::Mar),
    ("my", Lang::Mya),
    ("nb", Lang::Nob),
    ("ne", Lang::Nep),
    ("nl", Lang::Nld),
    ("no", Lang::Nob),
    ("or", Lang::Ori),
    ("pa", Lang::Pan),
    ("pl", Lang::Pol),
    ("pt", Lang::Por),
    ("ro", Lang::Ron),
    ("ru", Lang::Rus),
    ("si", Lang::Sin),
    ("sk", Lang::Slk),
    ("sl", Lang::Slv),
    ("sn", Lang::Sna),
    ("sr", Lang::Srp),
    ("sv", Lang::Swe),
    ("ta", Lang::Tam),
    ("te", Lang::Tel),
    ("th", Lang::Tha),
    ("tk", Lang::Tuk),
    ("tl", Lang::Tgl),
    ("tr", Lang::Tur),
    ("uk", Lang::Ukr),
    ("ur", Lang::Urd),
    ("uz", Lang::Uzb),
    ("vi", Lang::Vie),
    ("yi", Lang::Yid),
    ("zh", Lang::Cmn),
    ("zu", Lang::Zul),
];

/// whatlang's language for a site language code: its primary subtag, any case ("zh-TW" and
/// "zh_Hant" are Chinese, "PT-br" Portuguese).
fn whatlang_of(code: &str) -> Option<Lang> {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    CODES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(primary))
        .map(|&(_, l)| l)
}

/// How much text there is to judge by: letters, a CJK character counting [`CJK_WEIGHT`].
fn weight(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if is_cjk(c) {
                CJK_WEIGHT
            } else {
                usize::from(c.is_alphabetic())
            }
        })
        .sum()
}

/// The language, one of `site_languages`, that `text` is written in; `default` when the text
/// is too short to tell ([`MIN_WEIGHT`]), the guess is unsure ([`MIN_CONFIDENCE`]) or names a
/// language the site does not have. With one site language (or none) that is the answer
/// without looking. Deterministic: the same text and languages give the same answer.
pub fn detect_language(text: &str, site_languages: &[String], default: &str) -> String {
    sure_language(text, site_languages).unwrap_or_else(|| default.to_string())
}

/// The language a ticket's `text` (subject, description, notes, in that order) is written in,
/// as [`detect_language`] tells it from the first [`DETECT_BYTES`]; when the first
/// [`QUICK_BYTES`] are surely in the default language, that is the answer without reading on.
///
/// Why: detection costs in proportion to the text (whatlang counts and sorts its trigrams),
/// and on most sites most tickets are in the default language: whatlang took 5 s of CPU at
/// 100,000 tickets in three languages, and the step it runs in is 0.6-0.8 s of wall time
/// shorter with this (docs/guide/performance.md). Only the default is taken
/// early because it is the answer an unsure guess falls back to anyway; another language must
/// hold for the whole [`DETECT_BYTES`]: at 256 bytes a subject and a German error message
/// quoted twice already came out German, sure, for a ticket that goes on in English. Measured
/// on the generated 100,000-ticket corpus (en, de, fr; nearly all English): 13 of 90,037
/// tickets changed index, each an English ticket that had come out French.
pub fn opening_language(text: &str, site_languages: &[String], default: &str) -> String {
    match sure_language(prefix(text, QUICK_BYTES), site_languages) {
        Some(code) if code == default => code,
        _ => detect_language(prefix(text, DETECT_BYTES), site_languages, default),
    }
}

/// `text` cut to at most `bytes`, at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// [`detect_language`]'s answer when it is sure of one (the site's code for it), `None` where
/// that takes the default.
pub fn sure_language(text: &str, site_languages: &[String]) -> Option<String> {
    // Site languages whatlang knows, with the code as the site spells it.
    let known: Vec<(&String, Lang)> = site_languages
        .iter()
        .filter_map(|code| whatlang_of(code).map(|l| (code, l)))
        .collect();
    if known.len() < 2 || weight(text) < MIN_WEIGHT {
        return None;
    }
    let allow: Vec<Lang> = known.iter().map(|&(_, l)| l).collect();
    let info = Detector::with_allowlist(allow).detect(text)?;
    if info.confidence() <= MIN_CONFIDENCE {
        return None;
    }
    // whatlang answers Japanese for Han text whenever Chinese is not allowed, allowed or not:
    // the site must have the language it names.
    known
        .iter()
        .find(|&&(_, l)| l == info.lang())
        .map(|(code, _)| (*code).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    const EN: &str = "Since the last update the invoice export stops halfway and the \
        PDF never arrives in our mailbox. We tried it three times this morning.";
    const DE: &str = "Seit dem letzten Update bricht der Rechnungsexport mittendrin ab und \
        das PDF kommt nie in unserem Postfach an. Wir haben es heute früh dreimal versucht.";
    const FR: &str = "Depuis la dernière mise à jour, l'export des factures s'arrête à \
        moitié et le PDF n'arrive jamais dans notre boîte. Nous avons essayé trois fois ce matin.";
    const NL: &str = "Sinds de laatste update stopt de export van facturen halverwege en \
        komt de PDF nooit in onze mailbox aan. We hebben het vanochtend drie keer geprobeerd.";
    const ES: &str = "Desde la última actualización, la exportación de facturas se detiene \
        a la mitad y el PDF nunca llega a nuestro buzón. Lo intentamos tres veces esta mañana.";

    #[test]
    fn support_text_in_each_site_language() {
        let site = langs(&["en", "de", "fr", "nl", "es"]);
        for (text, want) in [(EN, "en"), (DE, "de"), (FR, "fr"), (NL, "nl"), (ES, "es")] {
            assert_eq!(detect_language(text, &site, "en"), want, "{text}");
        }
        // The default does not sway a clear answer.
        assert_eq!(detect_language(DE, &site, "fr"), "de");
    }

    #[test]
    fn short_text_takes_the_default() {
        let site = langs(&["en", "de", "nl"]);
        for text in [
            "Export broken",
            "Invoice export does not work",
            "PDF fout",
            "De export werkt niet meer",
            "",
            "404 !!! ???",
            "   \n",
        ] {
            assert_eq!(detect_language(text, &site, "de"), "de", "{text:?}");
        }
    }

    #[test]
    fn mixed_text_goes_to_its_main_language() {
        let site = langs(&["en", "de"]);
        // A German ticket quoting an English error message and log line.
        let de = "Beim Export der Monatsrechnung erscheint seit gestern immer dieselbe \
            Fehlermeldung, egal welchen Kunden wir auswählen. Die Meldung lautet: \
            \"Request failed: the server took too long to respond\". Können Sie bitte \
            nachsehen, woran das liegt? Wir müssen die Rechnungen bis Freitag verschicken.";
        assert_eq!(detect_language(de, &site, "en"), "de");
        // An English ticket naming German menu entries.
        let en = "When I open Einstellungen and then Rechnungslayout, the preview stays \
            empty and the save button does nothing. This started after the update on \
            Monday and happens for every user in our company.";
        assert_eq!(detect_language(en, &site, "de"), "en");
    }

    #[test]
    fn a_tickets_opening_in_the_default_language_settles_it() {
        let site = langs(&["en", "de", "fr"]);
        // The first 256 bytes are surely English: English, however the ticket goes on.
        let opening = format!("{EN} {EN}");
        assert!(opening.len() > QUICK_BYTES);
        let text = format!("{opening}\n{DE} {DE} {DE} {DE}");
        assert_eq!(opening_language(&text, &site, "en"), "en");
        // German throughout: read to the end of the 512 bytes, German.
        let de = format!("{DE} {DE} {DE} {DE}");
        assert_eq!(opening_language(&de, &site, "en"), "de");
        // A German opening is not taken early: the 512 bytes decide, here English.
        let quoted = "Export fails. The dialog says: „Die Übertragung ist fehlgeschlagen, \
            weil der Server nicht rechtzeitig geantwortet hat. Bitte versuchen Sie es später \
            noch einmal.“";
        let text = format!("{quoted} {EN} {EN} {EN} {EN}");
        assert_eq!(
            sure_language(prefix(&text, QUICK_BYTES), &site).as_deref(),
            Some("de"),
            "the opening alone reads as German"
        );
        assert_eq!(opening_language(&text, &site, "en"), "en");
        // A short ticket takes the default, as before.
        assert_eq!(opening_language("PDF fout", &site, "fr"), "fr");
    }

    #[test]
    fn only_site_languages_come_out() {
        // Dutch text on an English and German site: one of the two, never "nl".
        let got = detect_language(NL, &langs(&["en", "de"]), "en");
        assert!(got == "en" || got == "de", "{got}");
        // Russian on a site without a Cyrillic language: the default.
        let ru = "После последнего обновления экспорт счетов останавливается на середине, \
            и PDF так и не приходит на нашу почту.";
        assert_eq!(detect_language(ru, &langs(&["en", "de"]), "de"), "de");
    }

    #[test]
    fn chinese_and_japanese_map_to_zh_and_ja() {
        let site = langs(&["en", "zh", "ja"]);
        let zh = "发票导出失败，系统提示超时。我们已经试了三次，请尽快处理。";
        let ja = "請求書のエクスポートが途中で止まってしまいます。今朝から三回試しました。";
        assert_eq!(detect_language(zh, &site, "en"), "zh");
        assert_eq!(detect_language(ja, &site, "en"), "ja");
        // Codes as the site spells them, regions included.
        let site = langs(&["en", "zh-TW"]);
        assert_eq!(detect_language(zh, &site, "en"), "zh-TW");
        // Han text on a site with Japanese but not Chinese: whatlang says Japanese, which
        // the site has.
        assert_eq!(detect_language(zh, &langs(&["en", "ja"]), "en"), "ja");
        // Neither: the default, although whatlang still answers Japanese.
        assert_eq!(detect_language(zh, &langs(&["en", "de"]), "en"), "en");
    }

    #[test]
    fn one_language_or_unknown_codes_take_the_default() {
        assert_eq!(detect_language(DE, &langs(&["en"]), "en"), "en");
        assert_eq!(detect_language(DE, &[], "en"), "en");
        assert_eq!(detect_language(DE, &langs(&["xx", "en"]), "en"), "en");
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let site = langs(&["en", "de", "zh", "ja", "ko"]);
        for t in [
            "\u{0}".repeat(100),
            "\u{301}".repeat(100),
            "\u{FFFF}\u{10FFFF}".repeat(40),
            "ｶﾞ".repeat(40),
            "a".repeat(10_000),
        ] {
            let got = detect_language(&t, &site, "en");
            assert!(site.contains(&got), "{got}");
        }
    }
}
