//! A site in several languages (`languages = [...]`): each language's part below its prefix
//! with its own words, docs per language (a folder `de/…` or a suffix `page.fr.md`), a doc
//! missing in one language shown in another with a note, the language picker and `hreflang`
//! links leading to the same page in every language, one sitemap per language named in
//! `robots.txt`, and private text in none of them.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_absent, run_in, SiteTest};

const TICKETS: &str = r#"{"porchlight": 1, "tickets": [
 {"id": 7, "subject": "Invoice e-mails stay in the outbox", "description": "Since this morning no invoice e-mail leaves.",
  "status": "In Progress", "created": "2026-11-18T08:10:00Z", "updated": "2026-11-20T09:30:00Z",
  "notes": [{"id": 1, "author": "Jan", "role": "staff", "created": "2026-11-18T09:05:00Z", "text": "We are on it."},
            {"id": 2, "author": "Jan", "role": "staff", "created": "2026-11-18T09:20:00Z", "text": "SECRET-NOTE relay overloaded", "private": true}]},
 {"id": 8, "subject": "SECRET-TICKET internal migration", "description": "x", "status": "New",
  "created": "2026-11-19T08:10:00Z", "private": true},
 {"id": 9, "subject": "Mahnungen gehen an die alte Anschrift", "description": "Seit dem Umzug unseres Kunden werden alle Mahnungen weiterhin an die alte Anschrift geschickt, obwohl wir die neue Adresse im Kundenstamm eingetragen haben.",
  "status": "New", "created": "2026-11-19T09:10:00Z"}
]}"#;

/// A site in German (the default, at the root), English and French: one doc in all three
/// languages (German unmarked, English in the folder `en/`, French by suffix), one doc in
/// German only.
fn site(extra: &str) -> SiteTest {
    let s = SiteTest::new();
    s.write(
        "porchlight.toml",
        &format!(
            "title = \"Beispiel Support\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"de\"\nlanguages = [\"de\", \"en\", \"fr\"]\n{extra}[sources]\ntickets = [\"tickets.json\"]\ndocs = \"docs\"\n"
        ),
    );
    s.write("tickets.json", TICKETS);
    s.write(
        "docs/billing/invoices.md",
        "+++\ntitle = \"Rechnungen erstellen\"\n+++\nSo erstellen Sie eine Rechnung.\n\n## Entwurf anlegen\n\nÖffnen Sie **Rechnungen**.\n",
    );
    s.write(
        "docs/en/billing/invoices.md",
        "+++\ntitle = \"Creating invoices\"\n+++\nHow to create an invoice.\n\n## Create a draft\n\nOpen **Invoices**.\n",
    );
    s.write(
        "docs/billing/invoices.fr.md",
        "+++\ntitle = \"Créer des factures\"\n+++\nComment créer une facture.\n\n## Créer un brouillon\n\nOuvrez **Factures**.\n",
    );
    s.write(
        "docs/billing/refunds.md",
        "+++\ntitle = \"Gutschriften\"\n+++\nEine Gutschrift korrigiert eine Rechnung.\n",
    );
    s
}

/// The file a relative link on the page at `page` (a file below `out`) leads to.
fn target(out: &Path, page: &str, href: &str) -> PathBuf {
    let mut at: Vec<&str> = page.split('/').collect();
    at.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                at.pop();
            }
            "" | "." => {}
            s => at.push(s),
        }
    }
    let mut p = out.join(at.join("/"));
    if href.ends_with('/') || href.is_empty() {
        p = p.join("index.html");
    }
    p
}

/// The `href`s of the language picker on a page.
fn picker(html: &str) -> Vec<(String, String)> {
    let nav = html
        .split("<nav class=\"languages\"")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .unwrap_or_else(|| panic!("no language picker in {html}"));
    nav.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = a.split('"').next().unwrap().to_string();
            let code = a
                .split("hreflang=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (code.to_string(), href)
        })
        .collect()
}

#[test]
fn every_language_has_its_part_and_the_picker_leads_to_the_same_page() {
    let s = site("");
    s.build(&["--quiet"]).ok();
    let out = s.out();
    // Each part speaks its language.
    for (page, lang, words) in [
        ("index.html", "de", "Tickets"),
        ("en/index.html", "en", "Contact support"),
        ("fr/index.html", "fr", "Contacter le support"),
        (
            "fr/tickets/7/index.html",
            "fr",
            "Invoice e-mails stay in the outbox",
        ),
    ] {
        let html = s.read(page);
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{page}");
        assert!(html.contains(words), "{page} lacks {words:?}");
    }
    // The picker on every kind of page leads to the same page in each language, and the
    // page there exists.
    for page in [
        "index.html",
        "tickets/index.html",
        "tickets/7/index.html",
        "docs/index.html",
        "docs/billing/invoices/index.html",
        "docs/billing/refunds/index.html",
        "search/index.html",
        "new/index.html",
        "tickets/open/index.html",
    ] {
        for part in ["", "en/", "fr/"] {
            let at = format!("{part}{page}");
            let links = picker(&s.read(&at));
            let codes: Vec<&str> = links.iter().map(|(c, _)| c.as_str()).collect();
            assert_eq!(codes, ["de", "en", "fr"], "{at}");
            for (code, href) in &links {
                let to = target(&out, &at, href);
                let want = match code.as_str() {
                    "de" => out.join(page),
                    other => out.join(other).join(page),
                };
                assert_eq!(to, want, "{at}: the {code} link {href}");
                assert!(to.is_file(), "{at}: {href} leads to no page");
            }
        }
    }
    // `hreflang` alternates are absolute.
    let ticket = s.read("en/tickets/7/index.html");
    for want in [
        "<link rel=\"alternate\" hreflang=\"de\" href=\"https://help.example.com/tickets/7/\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://help.example.com/en/tickets/7/\">",
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://help.example.com/fr/tickets/7/\">",
    ] {
        assert!(ticket.contains(want), "{want}");
    }
    // One sitemap per language, each with its own URLs, all named in robots.txt.
    assert_eq!(
        s.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://help.example.com/sitemap.xml\nSitemap: https://help.example.com/en/sitemap.xml\nSitemap: https://help.example.com/fr/sitemap.xml\n"
    );
    assert!(!out.join("en/robots.txt").exists());
    // Each URL names its versions in every language, itself included.
    let sitemap = s.read("fr/sitemap.xml");
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"), "{sitemap}");
    assert!(sitemap.contains("<url><loc>https://help.example.com/fr/tickets/7/</loc><lastmod>2026-11-18</lastmod>\
        <xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"https://help.example.com/tickets/7/\"/>\
        <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://help.example.com/en/tickets/7/\"/>\
        <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://help.example.com/fr/tickets/7/\"/></url>\n"), "{sitemap}");
    // PRIVACY: no part holds the private ticket or note.
    assert_absent(&out, &["SECRET-TICKET".into(), "SECRET-NOTE".into()]);
    assert!(!out.join("en/tickets/8").exists());
}

#[test]
fn docs_come_per_language_and_a_missing_one_is_shown_with_a_note() {
    let s = site("");
    s.build(&["--quiet"]).ok();
    // The folder form (`en/…`) and the suffix form (`….fr.md`) are the same doc translated.
    let en = s.read("en/docs/billing/invoices/index.html");
    assert!(en.contains("<h1>Creating invoices</h1>"), "{en}");
    assert!(en.contains("id=\"create-a-draft\""));
    let fr = s.read("fr/docs/billing/invoices/index.html");
    assert!(fr.contains("<h1>Créer des factures</h1>"));
    // Translations link to each other.
    assert!(fr.contains("<p class=\"translations\">Également disponible en\u{202f}: <a href=\"../../../../docs/billing/invoices/\" hreflang=\"de\" lang=\"de\">Deutsch</a>, <a href=\"../../../../en/docs/billing/invoices/\" hreflang=\"en\" lang=\"en\">English</a></p>"), "{fr}");
    // A doc in German only: shown in the English part, marked as German, with a note.
    let refunds = s.read("en/docs/billing/refunds/index.html");
    assert!(refunds.contains("<p class=\"note fallback\" role=\"note\">This page has not been translated into English yet. It is shown in its original language.</p>"));
    assert!(refunds.contains("<h1 lang=\"de\">Gutschriften</h1>"));
    assert!(refunds.contains(
        "<div class=\"text\" lang=\"de\"><p>Eine Gutschrift korrigiert eine Rechnung.</p>"
    ));
    // It links to its original.
    assert!(refunds.contains("<p class=\"translations\">Also available in: <a href=\"../../../../docs/billing/refunds/\" hreflang=\"de\" lang=\"de\">Deutsch</a></p>"), "{refunds}");
    // The German part is not marked.
    let de = s.read("docs/billing/refunds/index.html");
    assert!(!de.contains("fallback") && de.contains("<h1>Gutschriften</h1>"));
    // Search per language: each part's index holds its own docs.
    let search = |dir: &str, q: &str| {
        let o = run_in(
            s.path(),
            &["search", q, "--out", &format!("public/{dir}"), "--json"],
        )
        .ok();
        o.stdout
    };
    assert!(search("", "Rechnungen").contains("docs/billing/invoices/"));
    assert!(search("en", "invoices").contains("docs/billing/invoices/"));
    assert!(search("fr", "factures").contains("docs/billing/invoices/"));
    assert!(!search("en", "Gutschrift").contains("Creating"));
    // A ticket goes into the index of the language it is written in, found by word forms
    // of that language ("Mahnung" for "Mahnungen"), and into no other.
    assert!(search("", "Mahnung").contains("tickets/9/"));
    assert!(!search("en", "Mahnungen").contains("tickets/9/"));
    assert!(search("en", "outbox").contains("tickets/7/"));
    // `--language` reads that language's part (the config says where) and prints its URLs
    // from the site's root, ready to paste.
    let part = |code: &str, q: &str| {
        run_in(s.path(), &["search", q, "--language", code, "--json"])
            .ok()
            .stdout
    };
    assert!(part("fr", "factures").contains(r#""url":"fr/docs/billing/invoices/""#));
    assert!(part("de", "Rechnungen").contains(r#""url":"docs/billing/invoices/""#));
    assert!(!part("fr", "Rechnungen").contains("Rechnungen erstellen"));
    let e = run_in(s.path(), &["search", "x", "--language", "es"]).fails_with(1);
    assert_eq!(
        e.stderr.trim(),
        "error: --language \"es\": not a language of the site in porchlight.toml (it has de, en, fr)"
    );
    assert!(!search("", "outbox").contains("tickets/7/"));
    // Its page is in every part; where the page is in another language, its text carries
    // its own, so a screen reader reads it in German.
    let fr = s.read("fr/tickets/9/index.html");
    assert!(
        fr.contains("<span lang=\"de\">Mahnungen gehen an die alte Anschrift</span></h1>"),
        "{fr}"
    );
    assert!(
        fr.contains("<div class=\"text\" lang=\"de\"><p>Seit dem Umzug"),
        "{fr}"
    );
    let de = s.read("tickets/9/index.html");
    assert!(!de.contains("<span lang=") && de.contains("<div class=\"text\"><p>Seit dem Umzug"));
    // The English ticket, in the German part: its text and notes marked English.
    let seven = s.read("tickets/7/index.html");
    assert!(
        seven.contains("<div class=\"text\" lang=\"en\"><p>We are on it.</p>"),
        "{seven}"
    );
    assert!(!s
        .read("en/tickets/7/index.html")
        .contains("class=\"text\" lang="));
}

#[test]
fn every_language_below_its_prefix_and_the_root_leads_to_the_default() {
    let s = site("default_language_at_root = false\n");
    s.build(&["--quiet"]).ok();
    let out = s.out();
    for part in ["de", "en", "fr"] {
        assert!(
            out.join(part).join("tickets/7/index.html").is_file(),
            "{part}"
        );
    }
    assert!(!out.join("tickets").exists());
    let home = s.read("index.html");
    assert!(home.contains("url=de/"), "{home}");
    // The site's own 404 page is the default language's, which links by absolute paths.
    let missing = s.read("404.html");
    assert!(missing.contains("<html lang=\"de\""));
    assert!(missing.contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"));
}

#[test]
fn the_same_input_gives_the_same_files() {
    let s = site("");
    s.build(&["--quiet"]).ok();
    let first = common::snapshot(&s.out());
    s.build(&["--quiet", "--out", "again"]).ok();
    assert_eq!(first, common::snapshot(&s.path().join("again")));
}

/// A ticket's feed is one file in every part, in the language the ticket is written in, at
/// the default language's URL (its entry ids do not change with the page's language); `check`
/// counts the files `build` writes.
#[test]
fn a_tickets_feed_is_one_file_in_the_tickets_language() {
    let s = site("");
    // `build` here has `--now` (see `SiteTest::build`).
    let build = s.build(&["--json"]).ok();
    let built: serde_json::Value = serde_json::from_str(&build.stdout).unwrap();
    // Ticket 7 is in English on a site whose default is German.
    for (id, words, not) in [(
        "7",
        "<title>Update from Support team</title>",
        "Neue Nachricht",
    )] {
        let feed = s.read(&format!("tickets/{id}/feed.xml"));
        assert!(feed.contains(words), "{id}: {feed}");
        assert!(!feed.contains(not), "{id}: {feed}");
        assert!(
            feed.contains(&format!("<id>https://help.example.com/tickets/{id}/#")),
            "{feed}"
        );
        for part in ["en", "fr"] {
            assert_eq!(
                s.read(&format!("{part}/tickets/{id}/feed.xml")),
                feed,
                "{part}"
            );
            // Each part's page points at the copy beside it.
            let page = s.read(&format!("{part}/tickets/{id}/index.html"));
            assert!(page.contains("href=\"feed.xml\""), "{part}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let inode = |rel: &str| std::fs::metadata(s.out().join(rel)).unwrap().ino();
            assert_eq!(
                inode(&format!("tickets/{id}/feed.xml")),
                inode(&format!("fr/tickets/{id}/feed.xml")),
                "one file, linked"
            );
        }
    }
    let check = run_in(s.path(), &["check", "--json", "--now", common::NOW]).ok();
    let checked: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    for key in ["files", "bytes"] {
        assert_eq!(checked["files"][key], built["files"][key], "{key}");
    }
}

#[test]
fn language_settings_are_checked() {
    let s = SiteTest::new();
    let config = |body: &str| {
        s.write("porchlight.toml", &format!("title = \"T\"\n{body}"));
        s.build(&[]).fails_with(1).stderr
    };
    let p = "porchlight.toml";
    assert_eq!(
        config("default_language = \"de\"\nlanguages = [\"en\", \"fr\"]\n"),
        format!("error: {p}: default_language = \"de\" is not one of languages = [\"en\", \"fr\"]; add it, or set default_language to one of them\n")
    );
    assert_eq!(
        config("languages = [\"en\", \"en\"]\n"),
        format!("error: {p}: languages names \"en\" twice\n")
    );
    let unknown = config("languages = [\"en\", \"xx\"]\n");
    assert!(
        unknown.contains("\"xx\"") && unknown.contains("de, en, es, fr, nl"),
        "{unknown}"
    );
    // Two docs at one URL in one language.
    let s = site("");
    s.write(
        "docs/de/billing/invoices.md",
        "+++\ntitle = \"Doppelt\"\n+++\nx\n",
    );
    let err = s.build(&[]).fails_with(1).stderr;
    assert!(
        err.contains("both claim docs/billing/invoices/ in de"),
        "{err}"
    );
}

/// A ticket filed from the German new-ticket page carries the German name of the category
/// ("Dringendes Problem"): it keeps the promise of that category (an urgent issue is answered
/// within 1 business hour) and each language's page names the category in its own words. A
/// category the new-ticket page does not offer is shown as the tracker has it.
#[test]
fn a_category_filed_in_one_language_keeps_its_promise_and_reads_in_each() {
    let s = site("");
    s.write(
        "tickets.json",
        r#"{"porchlight": 1, "tickets": [
 {"id": 10, "subject": "Anmeldung schlägt für alle Benutzer fehl", "description": "Seit 9 Uhr kann sich niemand aus unserem Team mehr anmelden.",
  "category": "dringendes  problem", "status": "New", "created": "2026-11-19T09:10:00Z"},
 {"id": 11, "subject": "Export question", "description": "How do I export?", "category": "Bug",
  "status": "New", "created": "2026-11-19T09:10:00Z"}
]}"#,
    );
    let out = s.path().join("out");
    s.build(&["--out", out.to_str().unwrap()]).ok();
    let page = |p: &str| std::fs::read_to_string(out.join(p).join("index.html")).unwrap();
    let (de, en, fr) = (
        page("tickets/10"),
        page("en/tickets/10"),
        page("fr/tickets/10"),
    );
    assert!(
        de.contains("<dt>Kategorie</dt><dd>Dringendes Problem</dd>"),
        "{de}"
    );
    assert!(
        en.contains("<dt>Category</dt><dd>Urgent issue</dd>"),
        "{en}"
    );
    assert!(
        fr.contains("<dt>Catégorie</dt><dd>Problème urgent</dd>"),
        "{fr}"
    );
    // The promise of "Urgent issue", which the workflow knows by its English name.
    assert!(en.contains("within 1 business hour"), "{en}");
    let other = page("en/tickets/11");
    assert!(other.contains("<dt>Category</dt><dd>Bug</dd>"), "{other}");
    assert!(!other.contains("business hour"), "{other}");
}
