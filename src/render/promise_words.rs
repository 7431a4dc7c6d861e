//! Promised and taken times in the page's language: the gate keeps them as data
//! ([`Promised`], [`Elapsed`]) and this words them with the Fluent file's plural forms, so a
//! German page reads "innerhalb von 3 Arbeitstagen — beantwortet nach 40 Min." where the
//! English one reads "within 3 business days — answered after 40 min".

use crate::i18n::Texts;
use crate::model::calendar::{Elapsed, Span, Unit};
use crate::model::workflow::Promised;
use crate::privacy::PublicSeverity;

/// "3 business days", "1 hour".
pub(crate) fn span(tx: &Texts, s: Span) -> String {
    let key = match s.unit {
        Unit::BusinessHours => "promise-business-hours",
        Unit::BusinessDays => "promise-business-days",
        Unit::Hours => "promise-hours",
        Unit::Days => "promise-days",
    };
    tx.fmt(key, &[("count", i64::from(s.amount).into())])
}

/// "within 3 business days".
pub(crate) fn within(tx: &Texts, s: Span) -> String {
    tx.fmt("promise-within", &[("span", span(tx, s).into())])
}

/// What follows "Resolution: ". The config's own words are its own text, shown as written.
pub(crate) fn promised(tx: &Texts, p: &Promised) -> String {
    match p {
        Promised::Within(s) => within(tx, *s),
        Promised::WithinWords(w) => tx.fmt("promise-within", &[("span", w.get(tx.code()).into())]),
        Promised::Words(w) => w.get(tx.code()).to_string(),
        Promised::Discretion => tx.get("promise-discretion").to_string(),
    }
}

/// A severity level's name in the page's language: the config's `names`, else a built-in
/// level's message, else the name as configured.
pub(crate) fn severity<'a>(tx: &'a Texts, s: &'a PublicSeverity) -> &'a str {
    match (s.name_in(tx.code()), s.key()) {
        (Some(n), _) => n,
        (None, Some(key)) => tx.get(key),
        (None, None) => s.name(),
    }
}

/// "40 min", "2 business hours"; "more than 3 business days" with `more_than`.
pub(crate) fn elapsed(tx: &Texts, e: Elapsed, more_than: bool) -> String {
    let words = match e {
        Elapsed::UnderAMinute => tx.get("promise-under-a-minute").to_string(),
        Elapsed::Minutes(m) => tx.fmt("promise-minutes", &[("count", m.into())]),
        Elapsed::Span(s) => span(tx, s),
    };
    if more_than {
        tx.fmt("promise-more-than", &[("span", words.into())])
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::workflow::Localized;
    use crate::render::theme::test_texts;

    fn own(text: &str) -> Localized {
        Localized {
            text: text.into(),
            by_language: [("de".to_string(), "wenn wir können".to_string())].into(),
        }
    }

    fn sp(text: &str) -> Span {
        Span::parse(text).unwrap()
    }

    /// The English words are the ones the pages printed before translations, byte for byte.
    #[test]
    fn english_reads_as_before() {
        let en = test_texts("en");
        for (p, words) in [
            (
                Promised::Within(sp("1 business hour")),
                "within 1 business hour",
            ),
            (
                Promised::Within(sp("3 business days")),
                "within 3 business days",
            ),
            (Promised::Within(sp("2 hours")), "within 2 hours"),
            (Promised::Within(sp("1 day")), "within 1 day"),
            (Promised::WithinWords(own("1–3 days")), "within 1–3 days"),
            (Promised::Words(own("when we can")), "when we can"),
            (Promised::Discretion, "at our discretion"),
        ] {
            assert_eq!(promised(&en, &p), words);
            assert_eq!(p.words(), words, "the English reference agrees");
        }
        assert_eq!(elapsed(&en, Elapsed::Minutes(40), false), "40 min");
        assert_eq!(
            elapsed(&en, Elapsed::UnderAMinute, false),
            "less than a minute"
        );
        assert_eq!(
            elapsed(&en, Elapsed::Span(sp("3 business days")), true),
            "more than 3 business days"
        );
        assert_eq!(
            elapsed(&en, Elapsed::Span(sp("1 business hour")), false),
            "1 business hour"
        );
    }

    #[test]
    fn german_uses_its_plural_forms() {
        let de = test_texts("de");
        assert_eq!(
            promised(&de, &Promised::Within(sp("3 business days"))),
            "innerhalb von 3 Arbeitstagen"
        );
        assert_eq!(
            promised(&de, &Promised::Within(sp("1 business hour"))),
            "innerhalb von 1 Arbeitsstunde"
        );
        assert_eq!(
            promised(&de, &Promised::Discretion),
            "nach unserem Ermessen"
        );
        // The config's own words per language (`promises = { de = "…" }`).
        assert_eq!(promised(&de, &Promised::Words(own("x"))), "wenn wir können");
        assert_eq!(
            promised(&de, &Promised::WithinWords(own("x"))),
            "innerhalb von wenn wir können"
        );
        assert_eq!(elapsed(&de, Elapsed::Minutes(40), false), "40 Min.");
        assert_eq!(
            elapsed(&de, Elapsed::Span(sp("3 business days")), true),
            "mehr als 3 Arbeitstagen"
        );
        assert_eq!(elapsed(&de, Elapsed::Span(sp("1 day")), false), "1 Tag");
        assert_eq!(
            elapsed(&de, Elapsed::UnderAMinute, false),
            "weniger als einer Minute"
        );
    }
}
