//! The German example site (`examples/de/`, `default_language = "de"`): every word of the
//! page around the tickets is German, dates are German, search stems German, and a private
//! ticket or note stays out whatever the language.

mod common;

use std::path::{Path, PathBuf};

use common::{run_in, NOW};

/// Builds examples/de into a temp folder; returns the folder and the output.
fn build() -> (tempfile::TempDir, PathBuf) {
    common::build_example("de")
}

/// The page's visible text: tags dropped, entities of the texts below decoded, spaces folded.
fn text(out: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let mut t = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                t.push(' ');
            }
            c if !in_tag => t.push(c),
            _ => {}
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_page_kind_speaks_german() {
    let (_dir, out) = build();
    let home = text(&out, "index.html");
    for want in [
        // [strings.de] in the example's config overrides the theme's message.
        "Wie können wir Ihnen helfen?",
        "Support kontaktieren",
        "Offene Tickets nach Status",
        "In Bearbeitung 1",
        "Kürzlich veröffentlicht und geschlossen",
        "aktualisiert am 20. November 2026",
    ] {
        assert!(home.contains(want), "home page lacks {want:?}:\n{home}");
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"de\""),
        "{}",
        &html[..60]
    );

    let ticket = text(&out, "tickets/501/index.html");
    for want in [
        "Nächster Schritt: Wir arbeiten daran.",
        "Letzte Nachricht Kunde · 20. November 2026, 09:30 Uhr UTC",
        "Eröffnet 18. November 2026 (vor 5 Tagen)",
        "Dringlichkeit Hoch",
        "Erste Antwort: innerhalb von 3 Arbeitstagen — beantwortet nach 5 Min. ✓",
        "Neueste zuerst. Älteste zuerst lesen",
        "Support-Team · 18. November 2026, 09:05 Uhr UTC",
    ] {
        assert!(
            ticket.contains(want),
            "ticket page lacks {want:?}:\n{ticket}"
        );
    }
    // The ticket's own text is shown as written.
    assert!(ticket.contains("Gibt es schon Neuigkeiten?"));

    let list = text(&out, "tickets/index.html");
    assert!(
        list.contains("Alle Tickets 3 öffentliche Tickets, die neuesten zuerst."),
        "{list}"
    );
    let doc = text(&out, "docs/rechnungen/erstellen/index.html");
    for want in [
        "Auf dieser Seite",
        "Zuletzt aktualisiert am 20. Juli 2026",
        "Hat das Ihre Frage beantwortet?",
    ] {
        assert!(doc.contains(want), "doc page lacks {want:?}:\n{doc}");
    }
    let search = text(&out, "search/index.html");
    assert!(search.contains("Die ganze Dokumentation"), "{search}");
    let missing = text(&out, "404.html");
    assert!(missing.contains("Seite nicht gefunden"), "{missing}");
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("Beispiel GmbH Support: Neuigkeiten zu Tickets"),
        "{feed}"
    );
    assert!(feed.contains("(In Bearbeitung)"), "{feed}");
}

#[test]
fn nothing_private_in_any_file() {
    let (_dir, out) = build();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let hay = String::from_utf8_lossy(&bytes);
            for secret in ["GEHEIM", "Lindner", "Brandt", "Eva Roth", "Mailrelay"] {
                assert!(!hay.contains(secret), "{secret} in {}", e.path().display());
            }
        }
    }
}

/// `porchlight search` reads the built index as the browser does.
fn search(dir: &Path, out: &Path, q: &str) -> Vec<String> {
    let run = run_in(
        dir,
        &["search", q, "--out", out.to_str().unwrap(), "--json"],
    );
    run.ok()
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["url"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn search_stems_german_and_forgives_typos() {
    let (dir, out) = build();
    // "Rechnungen" (plural) finds the article about "Rechnung" first: the German stemmer
    // joins them; the English one left "rechnungen" alone.
    let hits = search(dir.path(), &out, "Rechnungen");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("docs/rechnungen/erstellen/"),
        "{hits:?}"
    );
    // A typo, and an umlaut typed without its dots, still find it.
    let hits = search(dir.path(), &out, "Rechnugen");
    assert!(
        hits.iter().any(|u| u == "docs/rechnungen/erstellen/"),
        "{hits:?}"
    );
    // The section about card refunds, linked by its anchor.
    let hits = search(dir.path(), &out, "Erstattung abgelaufene Karte");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("docs/rechnungen/gutschriften/#erstattung-auf-die-karte"),
        "{hits:?}"
    );
    let hits = search(dir.path(), &out, "Zustande");
    assert!(
        hits.iter().any(|u| u == "docs/rechnungen/erstellen/"),
        "Zustände folds: {hits:?}"
    );
    // German stop words are not indexed: "und die der" finds nothing.
    assert!(search(dir.path(), &out, "und die der").is_empty());
}

#[test]
fn a_theme_typo_in_a_message_key_fails_the_build_naming_it() {
    let t = common::SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ trans(key=\"notfound-titel\") }}{% endblock content %}",
    );
    let run = run_in(t.path(), &["build", "--quiet", "--now", NOW]).fails_with(1);
    assert!(
        run.stderr
            .contains("trans: no message \"notfound-titel\" in i18n/en.ftl")
            && run.stderr.contains("404.html"),
        "{}",
        run.stderr
    );
    assert!(!t.path().join("public").exists(), "nothing written");
}
