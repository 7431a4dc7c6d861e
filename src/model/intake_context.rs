//! The context lines Porchlight's intake writes at the top of every ticket it files
//! (`render/intake.rs`, `Intake::body`): `Documentation page: …`, `Section: …`,
//! `Search query: …`, `Page: …`, `Affects ticket: …`, `Category: …` and `Marker: …`, then a
//! blank line and the customer's text. `feedback` counts tickets by them; the gate takes them
//! off the description, so they are neither shown as a run-on paragraph nor indexed (they
//! would make the ticket win exactly the queries its doc should win).
//!
//! The lines are written in the site's language, since the customer reads and sends them
//! ([`Keys::of`]: "Dokumentationsseite: …" on a German site), and read back in every language
//! of [`BY_LANGUAGE`]: a ticket filed from a German page is still recognised by an English
//! build, and every ticket filed before translations (English lines) still is. They are part of
//! the ticket format Porchlight reads back, so they live here, not in a theme's file a theme
//! could change; a language missing here writes the English lines.

use serde::Serialize;

/// The context lines at the top of a feedback ticket's description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub doc_page: Option<String>,
    pub section: Option<String>,
    pub query: Option<String>,
    /// The ticket a "+1, this affects me" is about.
    pub affects: Option<String>,
    pub marker: Option<String>,
}

/// The key of each context line, spelled here once: the intake writes them (`Intake::body`),
/// this module reads them, and the new-ticket page hands them to feedback.js as JSON
/// ([`Keys::json`]) so the script writes the same lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Keys {
    pub doc_page: &'static str,
    pub section: &'static str,
    pub query: &'static str,
    pub page: &'static str,
    pub affects: &'static str,
    pub category: &'static str,
    pub marker: &'static str,
}

/// The keys, in the order the intake writes them.
pub const KEY: Keys = Keys {
    doc_page: "Documentation page",
    section: "Section",
    query: "Search query",
    page: "Page",
    affects: "Affects ticket",
    category: "Category",
    marker: "Marker",
};

/// The keys in each language the intake writes, English first.
pub const BY_LANGUAGE: &[(&str, Keys)] = &[
    ("en", KEY),
    (
        "de",
        Keys {
            doc_page: "Dokumentationsseite",
            section: "Abschnitt",
            query: "Suchanfrage",
            page: "Seite",
            affects: "Betrifft Ticket",
            category: "Kategorie",
            marker: "Kennung",
        },
    ),
    (
        "fr",
        Keys {
            doc_page: "Page de documentation",
            section: "Section",
            query: "Recherche",
            page: "Page",
            affects: "Ticket concerné",
            category: "Catégorie",
            marker: "Marqueur",
        },
    ),
    (
        "nl",
        Keys {
            doc_page: "Documentatiepagina",
            section: "Sectie",
            query: "Zoekopdracht",
            page: "Pagina",
            affects: "Betreft ticket",
            category: "Categorie",
            marker: "Kenmerk",
        },
    ),
    (
        "es",
        Keys {
            doc_page: "Página de documentación",
            section: "Sección",
            query: "Búsqueda",
            page: "Página",
            affects: "Ticket relacionado",
            category: "Categoría",
            marker: "Marcador",
        },
    ),
];

/// `key` is the key `pick` chooses in one of the languages, compared ignoring ASCII case.
fn known(key: &str, pick: fn(&Keys) -> &'static str) -> bool {
    BY_LANGUAGE
        .iter()
        .any(|(_, k)| key.eq_ignore_ascii_case(pick(k)))
}

impl Keys {
    /// The keys the intake writes on a site in language `code`; English for a language
    /// [`BY_LANGUAGE`] lacks.
    pub fn of(code: &str) -> &'static Keys {
        BY_LANGUAGE
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(&KEY, |(_, k)| k)
    }

    /// All keys, in the order the intake writes them.
    pub const fn all(&self) -> [&'static str; 7] {
        [
            self.doc_page,
            self.section,
            self.query,
            self.page,
            self.affects,
            self.category,
            self.marker,
        ]
    }

    /// `{"doc_page":"Documentation page",…}` for the new-ticket page's `data-keys`.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads `Key: value` lines from the top of a description until the first blank line (at most
/// 40 lines, so a long description is not scanned).
pub fn parse_header(description: &str) -> Header {
    let mut h = Header::default();
    let mut started = false;
    for line in description.lines().take(40) {
        let line = line.trim();
        if line.is_empty() {
            if started {
                break;
            }
            continue;
        }
        started = true;
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let key = key.trim();
        let slot = if known(key, |k| k.doc_page) {
            &mut h.doc_page
        } else if known(key, |k| k.section) {
            &mut h.section
        } else if known(key, |k| k.query) {
            &mut h.query
        } else if known(key, |k| k.affects) {
            &mut h.affects
        } else if known(key, |k| k.marker) {
            &mut h.marker
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }
    h
}

/// Splits the intake's context block off a description: `Some((header, rest))` when the
/// first paragraph is made of intake `Key: value` lines only and has a `Marker:` line or
/// starts with `Documentation page:` (the feedback format of docs/native-format.md, which
/// labelled tickets use without a marker line). A customer's own "Section: billing"
/// paragraph stays text. `rest` is what the customer wrote.
pub fn split_context(description: &str) -> Option<(Header, &str)> {
    let start = description.len() - description.trim_start_matches(['\n', '\r', ' ']).len();
    let block = &description[start..];
    // Line by line, so a description that is not the intake's is given up at its first line
    // (this runs on every ticket in the gate).
    let mut marked = false;
    let mut at = 0;
    for (i, raw) in block.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            return marked.then(|| (parse_header(&block[..at]), &block[at + raw.len()..]));
        }
        let (key, _) = line.split_once(':')?;
        let key = key.trim();
        let any = BY_LANGUAGE
            .iter()
            .any(|(_, k)| k.all().iter().any(|k| k.eq_ignore_ascii_case(key)));
        if !any {
            return None;
        }
        marked |= known(key, |k| k.marker) || (i == 0 && known(key, |k| k.doc_page));
        at += raw.len();
    }
    marked.then(|| (parse_header(block), ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intake_block_is_split_off_and_read() {
        let d = "Documentation page: docs/billing/refunds/\nSection: card-payments\nSearch query: refund card\nCategory: Billing\nMarker: docs-feedback\n\nThe card expired.\n\nWhat now?";
        let (h, rest) = split_context(d).unwrap();
        assert_eq!(h.doc_page.as_deref(), Some("docs/billing/refunds/"));
        assert_eq!(h.section.as_deref(), Some("card-payments"));
        assert_eq!(h.query.as_deref(), Some("refund card"));
        assert_eq!(h.affects, None);
        assert_eq!(rest, "The card expired.\n\nWhat now?");
        // A "+1, this affects me" names its ticket.
        let (h, _) = split_context(
            "Page: https://x/tickets/4101/\nAffects ticket: 4101\nMarker: affects-me\n\n+1",
        )
        .unwrap();
        assert_eq!(
            (h.affects.as_deref(), h.marker.as_deref()),
            (Some("4101"), Some("affects-me"))
        );
        // CRLF bodies (mail, some trackers) and a block without the customer's text.
        let (_, rest) = split_context("\r\nPage: tickets/4101/\r\nMarker: x\r\n\r\nHi").unwrap();
        assert_eq!(rest, "Hi");
        assert_eq!(split_context("Marker: x").unwrap().1, "");
        // The labelled feedback format: no marker line, the doc page first.
        let (h, rest) =
            split_context("Documentation page: docs/a/\nSearch query: q\n\nText").unwrap();
        assert_eq!((h.doc_page.as_deref(), rest), (Some("docs/a/"), "Text"));
    }

    /// A German site writes German lines; they, the English ones and a mix are read back.
    #[test]
    fn the_lines_of_every_language_are_read_back() {
        let de = Keys::of("de");
        assert_eq!(de.doc_page, "Dokumentationsseite");
        assert_eq!(Keys::of("xx"), &KEY);
        let d = "Dokumentationsseite: docs/billing/refunds/\nAbschnitt: card-payments\nSuchanfrage: Gutschrift\nKategorie: Frage\nKennung: docs-feedback\n\nDie Karte ist abgelaufen.";
        let (h, rest) = split_context(d).unwrap();
        assert_eq!(h.doc_page.as_deref(), Some("docs/billing/refunds/"));
        assert_eq!(h.section.as_deref(), Some("card-payments"));
        assert_eq!(h.query.as_deref(), Some("Gutschrift"));
        assert_eq!(h.marker.as_deref(), Some("docs-feedback"));
        assert_eq!(rest, "Die Karte ist abgelaufen.");
        let (h, _) = split_context(
            "Seite: https://x/tickets/4101/\nBetrifft Ticket: 4101\nKennung: affects-me\n\n+1",
        )
        .unwrap();
        assert_eq!(
            (h.affects.as_deref(), h.marker.as_deref()),
            (Some("4101"), Some("affects-me"))
        );
        // The labelled feedback format, German: the doc page first, no marker line.
        let (h, _) = split_context("Dokumentationsseite: docs/a/\n\nText").unwrap();
        assert_eq!(h.doc_page.as_deref(), Some("docs/a/"));
        // A German customer's own paragraph is still text.
        assert_eq!(
            split_context("Abschnitt: Rechnungen\nKategorie: x\n\nHilfe"),
            None
        );
    }

    /// A French site writes French lines, read back like the others; so are Dutch and
    /// Spanish ones.
    #[test]
    fn the_french_dutch_and_spanish_lines_are_read_back() {
        let fr = Keys::of("fr");
        assert_eq!(fr.doc_page, "Page de documentation");
        let d = "Page de documentation: docs/billing/refunds/\nSection: card-payments\nRecherche: remboursement\nCatégorie: Question\nMarqueur: docs-feedback\n\nLa carte a expiré.";
        let (h, rest) = split_context(d).unwrap();
        assert_eq!(h.doc_page.as_deref(), Some("docs/billing/refunds/"));
        assert_eq!(h.section.as_deref(), Some("card-payments"));
        assert_eq!(h.query.as_deref(), Some("remboursement"));
        assert_eq!(h.marker.as_deref(), Some("docs-feedback"));
        assert_eq!(rest, "La carte a expiré.");
        let (h, _) = split_context(
            "Page: https://x/tickets/4101/\nTicket concerné: 4101\nMarqueur: affects-me\n\n+1",
        )
        .unwrap();
        assert_eq!(
            (h.affects.as_deref(), h.marker.as_deref()),
            (Some("4101"), Some("affects-me"))
        );
        // The labelled feedback format, French: the doc page first, no marker line.
        let (h, _) = split_context("Page de documentation: docs/a/\n\nTexte").unwrap();
        assert_eq!(h.doc_page.as_deref(), Some("docs/a/"));
        // A French customer's own paragraph is still text.
        assert_eq!(
            split_context("Section: facturation\nCatégorie: x\n\nAide"),
            None
        );
        // Every language's block, as the intake writes it, is read back whole.
        for code in ["nl", "es"] {
            let k = Keys::of(code);
            assert_ne!(k, &KEY, "{code}");
            let d = format!(
                "{}: docs/a/\n{}: s\n{}: q\n{}: https://x/docs/a/\n{}: 4101\n{}: c\n{}: m\n\nText",
                k.doc_page, k.section, k.query, k.page, k.affects, k.category, k.marker
            );
            let (h, rest) = split_context(&d).unwrap_or_else(|| panic!("{code}: {d}"));
            assert_eq!(
                h,
                Header {
                    doc_page: Some("docs/a/".into()),
                    section: Some("s".into()),
                    query: Some("q".into()),
                    affects: Some("4101".into()),
                    marker: Some("m".into()),
                },
                "{code}"
            );
            assert_eq!(rest, "Text", "{code}");
        }
    }

    /// A key names one line in every language: no language uses another line's key of
    /// another language (they are all read back together), and none holds a colon.
    #[test]
    fn no_key_names_two_lines() {
        for (a, ka) in BY_LANGUAGE {
            for (b, kb) in BY_LANGUAGE {
                for (i, x) in ka.all().iter().enumerate() {
                    assert!(!x.contains(':'), "{a}: {x}");
                    for (j, y) in kb.all().iter().enumerate() {
                        assert!(
                            i == j || !x.eq_ignore_ascii_case(y),
                            "{a} {x:?} and {b} {y:?} name different lines"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_customer_paragraph_that_looks_like_context_stays_text() {
        // No marker line, an unknown key, or text that is not `Key: value`: not the intake's.
        assert_eq!(split_context("Section: billing\nCategory: x\n\nHelp"), None);
        assert_eq!(
            split_context("Section: a\nDocumentation page: docs/a/\n\nHelp"),
            None
        );
        assert_eq!(
            split_context("Section: a\nBrowser: Safari\nMarker: x\n\nHelp"),
            None
        );
        assert_eq!(split_context("Marker: x\nplease help\n\nHelp"), None);
        assert_eq!(split_context("The export fails.\n\nMarker: x"), None);
    }

    #[test]
    fn the_keys_reach_the_page_as_json() {
        assert_eq!(
            KEY.json(),
            r#"{"doc_page":"Documentation page","section":"Section","query":"Search query","page":"Page","affects":"Affects ticket","category":"Category","marker":"Marker"}"#
        );
    }
}
