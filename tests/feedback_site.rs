//! The feedback flow in built sites: the widget on every doc page, the new-ticket page with its
//! categories and promises, "+1, this affects me" on ticket pages, and closing the loop (per-page
//! counts of feedback tickets, the report file and `porchlight report docs`), with a private
//! feedback ticket that must be neither counted nor named anywhere.

mod common;

use common::{assert_absent, run_in, SiteTest};

fn doc_pages(t: &SiteTest) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(t.out().join("docs")) {
        let e = e.unwrap();
        if e.file_name() == "index.html" {
            let html = std::fs::read_to_string(e.path()).unwrap();
            if html.contains("<article class=\"doc\">") {
                let rel = e
                    .path()
                    .strip_prefix(t.out())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                pages.push((rel, html));
            }
        }
    }
    pages
}

#[test]
fn feedback_every_doc_page_has_the_widget() {
    let t = SiteTest::default_site();
    t.build(&[]).ok();
    let pages = doc_pages(&t);
    assert_eq!(
        pages.len(),
        10,
        "doc pages: {:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for (rel, html) in &pages {
        let url = rel.trim_end_matches("index.html");
        assert!(
            html.contains("Did this answer your question?"),
            "{rel}: no widget"
        );
        assert!(
            html.contains(&format!("data-feedback=\"doc\" data-page=\"{url}\"")),
            "{rel}: widget does not name the page"
        );
        let no = format!("new/?page={}\">No</a>", url.replace('/', "%2F"));
        assert!(html.contains(&no), "{rel}: no working No link ({no})");
        assert!(
            html.contains("static/feedback.js\" defer></script>"),
            "{rel}: no script"
        );
    }
    // The search page has the hook feedback.js attaches its widget to, and the script.
    let search = t.read("search/index.html");
    assert!(search.contains("data-feedback-hook=\"search\""));
    assert!(search.contains("static/feedback.js"));
    // No inline script anywhere near the flow (the CSP forbids it).
    for page in ["new/index.html", "docs/billing/refunds/index.html"] {
        let html = t.read(page);
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=").count(),
            "{page}"
        );
    }
}

#[test]
fn feedback_new_page_has_default_categories_and_promises() {
    let t = SiteTest::default_site();
    t.build(&[]).ok();
    let html = t.read("new/index.html");
    for (i, (name, promise)) in [
        ("Question", "We answer within 3 business days."),
        ("Urgent issue", "We answer within 1 business hour."),
        ("Server issue", "We answer within 3 business days."),
        ("Issue with an error", "We answer within 3 business days."),
        (
            "Issue without an error",
            "We answer within 3 business days.",
        ),
    ]
    .iter()
    .enumerate()
    {
        let i = i + 1;
        // The radios belong to the empty #nt-choice form: a mailto: has no field for them.
        let want = format!("<input type=\"radio\" id=\"nt-cat-{i}\" name=\"category\" value=\"{name}\" form=\"nt-choice\" aria-describedby=\"nt-cat-{i}-about\"");
        assert!(html.contains(&want), "category {name} missing");
        assert!(
            html.contains(&format!("<label class=\"nt-category\" for=\"nt-cat-{i}\">{name}</label>\n<p class=\"nt-cat-about\" id=\"nt-cat-{i}-about\"><span class=\"promise\">{promise}</span>")),
            "promise of {name} missing"
        );
    }
    assert!(html.contains("Do not paste passwords"));
    assert!(html.contains("error messages and log lines"));
    assert!(html.contains("Is it one of these?"));
    // Without JavaScript the browser itself sends the typed subject and body to the mailto:
    // (tests/browser/new_ticket.mjs presses Enter and reads where it goes).
    assert!(
        html.contains("<form id=\"nt-form\" class=\"new-ticket\" method=\"get\" action=\"mailto:support@example.com\""),
        "no-JS form action missing"
    );
    assert!(html.contains("<input id=\"nt-subject\" name=\"subject\""));
    assert!(html.contains("<textarea id=\"nt-description\" name=\"body\""));
    assert!(html.contains("<button id=\"nt-submit\" type=\"submit\">Write the e-mail</button>"));
    // The context line keys come from the Rust constants.
    assert!(html.contains("data-keys=\"{&quot;doc_page&quot;:&quot;Documentation page&quot;,"));
    // Suggestions come from public data only.
    let suggest = t.read("new/suggest.json");
    assert!(suggest.contains("\"u\":\"docs/billing/refunds/\""));
    assert!(suggest.contains("\"id\":\"4101\""));
}

#[test]
fn feedback_ticket_page_has_plus_one_link() {
    let t = SiteTest::default_site();
    t.build(&[]).ok();
    let html = t.read("tickets/4101/index.html");
    assert!(html.contains("id=\"plus-one\""));
    assert!(
        html.contains(
            "href=\"mailto:support@example.com?subject=%2B1%3A%20%234101%20Invoice%20PDF%20export"
        ),
        "+1 link missing"
    );
    assert!(html.contains(">+1, this affects me</a>"));
}

#[test]
fn feedback_configured_intake_changes_categories_and_target() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": [{\"id\": 1, \"subject\": \"S\", \"status\": \"New\", \"created\": \"2026-11-01T10:00:00Z\"}]}");
    t.write("docs/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    let cfg = std::fs::read_to_string(t.path().join("porchlight.toml")).unwrap();
    t.write(
        "porchlight.toml",
        &format!("{cfg}[intake]\nkind = \"github\"\nurl = \"https://github.com/acme/ledger\"\n[[intake.categories]]\nname = \"Billing question\"\npromise = \"We answer within one day.\"\n[[intake.categories]]\nname = \"Outage\"\npromise = \"We answer within 30 minutes.\"\nhint = \"Nothing loads.\"\n"),
    );
    t.build(&[]).ok();
    let html = t.read("new/index.html");
    assert!(html.contains(">Billing question</label>\n<p class=\"nt-cat-about\" id=\"nt-cat-1-about\"><span class=\"promise\">We answer within one day.</span></p>"));
    assert!(html.contains(">Outage</label>\n<p class=\"nt-cat-about\" id=\"nt-cat-2-about\"><span class=\"promise\">We answer within 30 minutes.</span> <span class=\"nt-cat-hint\">Nothing loads.</span></p>"));
    assert!(!html.contains("Urgent issue"));
    assert!(html.contains("data-prefix=\"https://github.com/acme/ledger/issues/new?title=\""));
    assert!(html.contains("data-suffix=\"&amp;labels=docs-feedback\""));
    // Without JavaScript the form goes to GitHub's new-issue page with its field names.
    assert!(html.contains(
        "<form id=\"nt-form\" class=\"new-ticket\" method=\"get\" action=\"https://github.com/acme/ledger/issues/new\""
    ));
    assert!(html.contains("<input id=\"nt-subject\" name=\"title\""));
    assert!(html.contains("<textarea id=\"nt-description\" name=\"body\""));
    assert!(html.contains("<input type=\"hidden\" name=\"labels\" value=\"docs-feedback\">"));
    assert!(html.contains("Without JavaScript, our tracker opens with your subject and description only. Please add the kind of request and the page you came from there."));
    let ticket = t.read("tickets/1/index.html");
    // "+1" carries its own marker, as a label too.
    assert!(ticket.contains(
        "href=\"https://github.com/acme/ledger/issues/new?title=%2B1%3A%20%231%20S&amp;body="
    ));
    assert!(ticket.contains("Marker%3A%20affects-me%0A%0AThis%20affects%20me%20too"));
    assert!(ticket.contains("&amp;labels=affects-me\""));
}

/// Without a target the form cannot go anywhere: a disabled first submit button makes Enter in
/// Subject do nothing (HTML implicit submission), instead of reloading `new/` with the text in
/// the URL and empty fields. A tracker on plain http: cannot be a form action (the CSP allows
/// https: and mailto: only), so it gets the same, and says so without JavaScript.
#[test]
fn feedback_new_page_that_cannot_send_blocks_enter() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1}");
    t.build(&[]).ok();
    let html = t.read("new/index.html");
    assert!(
        html.contains("<form id=\"nt-form\" class=\"new-ticket\"\n  data-kind=\"\""),
        "no action"
    );
    let form = &html[html.find("<form id=\"nt-form\"").unwrap()..];
    let first_button = &form[form.find("<button").unwrap()..];
    assert!(first_button.starts_with("<button type=\"submit\" disabled hidden>Send</button>"));
    assert!(html.contains(
        "This site has no contact channel set up yet. Please reach us the way your contract names."
    ));

    // The new-ticket page with a Redmine intake at `url`.
    let cfg = std::fs::read_to_string(t.path().join("porchlight.toml")).unwrap();
    let redmine_page = |url: &str| {
        t.write(
            "porchlight.toml",
            &format!("{cfg}[intake]\nkind = \"redmine\"\nurl = \"{url}\"\nproject = \"acme\"\n"),
        );
        t.build(&[]).ok();
        t.read("new/index.html")
    };
    let html = redmine_page("http://redmine.example.com");
    let form = &html[html.find("<form id=\"nt-form\"").unwrap()..];
    assert!(!form[..form.find('>').unwrap()].contains("action="));
    let first_button = &form[form.find("<button").unwrap()..];
    assert!(first_button.starts_with("<button type=\"submit\" disabled hidden>Send</button>"));
    assert!(
        html.contains("<button id=\"nt-submit\" type=\"button\">Continue on our tracker</button>")
    );
    assert!(html.contains("Without JavaScript, this page cannot open our tracker. Please turn JavaScript on, or copy your text and open the tracker yourself."));

    // On https: the tracker's new-issue page is the action, with Redmine's field names.
    let html = redmine_page("https://redmine.example.com");
    assert!(html.contains(
        "method=\"get\" action=\"https://redmine.example.com/projects/acme/issues/new\""
    ));
    assert!(html.contains("<input id=\"nt-subject\" name=\"issue[subject]\""));
    assert!(html.contains("<textarea id=\"nt-description\" name=\"issue[description]\""));
}

#[test]
fn feedback_bad_intake_config_fails_naming_the_key() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1}");
    let cfg = std::fs::read_to_string(t.path().join("porchlight.toml")).unwrap();
    t.write(
        "porchlight.toml",
        &format!(
            "{cfg}[intake]\nkind = \"email\"\nemail = \"help@acme.example?bcc=x@evil.example\"\n"
        ),
    );
    let r = t.build(&[]).fails_with(1);
    assert!(
        r.stderr.contains("porchlight.toml: [intake] email = "),
        "{}",
        r.stderr
    );
    assert!(!t.out().exists(), "nothing written");
}

fn ticket(
    id: &str,
    subject: &str,
    labels: &[&str],
    private: bool,
    status: &str,
    description: &str,
) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "subject": subject,
        "status": status,
        "created": "2026-11-01T10:00:00Z",
        "labels": labels,
        "private": private,
        "description": description,
        "reporter_email": "reader@customer.example",
    })
}

/// A site whose export has feedback tickets of every kind.
fn feedback_fixture() -> SiteTest {
    let t = SiteTest::new();
    t.write("docs/billing/refunds.md", "+++\ntitle = \"Refunds\"\n+++\nIntro.\n\n## Card payments\n\nCards.\n\n## Partial refunds\n\nParts.\n");
    t.write("docs/setup.md", "+++\ntitle = \"Setup\"\n+++\nSet up.\n");
    t.write("docs/other.md", "+++\ntitle = \"Other\"\n+++\nOther.\n");
    let fb = ["docs-feedback"];
    let tickets = vec![
        ticket("11", "Refund card question", &fb, false, "New",
            "Documentation page: docs/billing/refunds/\nSection: card-payments\nSearch query: refund card\n\nWhat about expired cards?"),
        // Marker line instead of a label (e-mail intake), page given as a full URL.
        ticket("12", "Partial refund unclear", &[], false, "Closed",
            "Documentation page: https://help.example.com/sub/docs/billing/refunds/#partial-refunds\nSection: no-such-heading\nCategory: Question\nMarker: docs-feedback\n\nHow do partial refunds work?"),
        // PRIVACY: a private feedback ticket must be neither counted nor named.
        ticket("PRIV-77", "Secret refund complaint from Globex", &fb, true, "New",
            "Documentation page: docs/billing/refunds/\nSection: card-payments\n\nOur account 12345 ..."),
        ticket("13", "Setup steps outdated", &["docs-feedback", "ui"], false, "Confirmed",
            "Documentation page: docs/setup/\n\nThe screen looks different."),
        // A page that is not published: counted as unmatched, its path not repeated.
        ticket("14", "Old page gone", &fb, false, "New",
            "Documentation page: docs/gone-page/\n\nWhere did it go?"),
        // No marker: not feedback, even with a doc page line.
        ticket("15", "Unrelated", &[], false, "New", "Documentation page: docs/setup/\n\nHi."),
        // Feedback from the search page: no doc page, counted nowhere.
        ticket("16", "Nothing found", &fb, false, "New", "Search query: dunning\nMarker: docs-feedback\n\nNo results."),
        // "+1, this affects me": its own marker, counted per ticket it names, not as docs
        // feedback.
        ticket("21", "+1: #11 Refund card question", &[], false, "New",
            "Page: https://support.example.com/tickets/11/\nAffects ticket: 11\nMarker: affects-me\n\nThis affects me too: #11"),
        ticket("22", "+1: #11 Refund card question", &["affects-me"], false, "New",
            "Page: https://support.example.com/tickets/11/\nAffects ticket: 11\n\nMe too."),
        // Filed before the +1 marker existed: the docs marker and an Affects line.
        ticket("23", "+1: #13 Setup steps outdated", &[], false, "New",
            "Page: https://support.example.com/tickets/13/\nAffects ticket: 13\nMarker: docs-feedback\n\nThis affects me too: #13"),
        // PRIVACY: a private +1 is not counted, and a +1 naming the private ticket does not
        // name it.
        ticket("PRIV-78", "+1 from Initech", &[], true, "New",
            "Affects ticket: 11\nMarker: affects-me\n\nSecret."),
        ticket("24", "+1: a ticket we cannot see", &[], false, "New",
            "Affects ticket: PRIV-77\nMarker: affects-me\n\nMe too."),
    ];
    t.write(
        "tickets.json",
        &serde_json::json!({"porchlight": 1, "tickets": tickets}).to_string(),
    );
    t
}

#[test]
fn feedback_report_counts_public_feedback_per_page() {
    let t = feedback_fixture();
    t.build(&[]).ok();
    let report: serde_json::Value =
        serde_json::from_str(&t.read("reports/docs-feedback.json")).unwrap();
    assert_eq!(
        report,
        serde_json::json!({
            "format": 1,
            "marker": "docs-feedback",
            "pages": [
                {"page": "docs/billing/refunds/", "title": "Refunds", "count": 2, "open": 1,
                 "tickets": ["11", "12"], "sections": {"card-payments": 1}},
                {"page": "docs/setup/", "title": "Setup", "count": 1, "open": 1,
                 "tickets": ["13"], "sections": {}},
                {"page": "docs/other/", "title": "Other", "count": 0, "open": 0,
                 "tickets": [], "sections": {}},
            ],
            "unmatched": {"count": 1, "tickets": ["14"]},
            "affected": {
                "marker": "affects-me",
                "count": 4,
                "tickets": [
                    {"ticket": "11", "title": "Refund card question", "count": 2, "tickets": ["21", "22"]},
                    {"ticket": "13", "title": "Setup steps outdated", "count": 1, "tickets": ["23"]},
                ],
                "unmatched": {"count": 1, "tickets": ["24"]},
            },
        })
    );
    // Each doc page lists the public tickets that reference it.
    let refunds = t.read("docs/billing/refunds/index.html");
    assert!(refunds.contains("Questions about this page"));
    assert!(refunds.contains("tickets/11/") && refunds.contains("tickets/12/"));
    assert!(!refunds.contains("tickets/13/"));
    assert!(!t
        .read("docs/other/index.html")
        .contains("Questions about this page"));
    // The report is not linked from any page.
    for e in walkdir::WalkDir::new(t.out()) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !html.contains("docs-feedback.json") && !html.contains("reports/"),
                "{}",
                e.path().display()
            );
        }
    }
    // PRIVACY: the private feedback ticket is nowhere in the output, report included.
    assert_absent(
        &t.out(),
        &[
            "PRIV-77".into(),
            "PRIV-78".into(),
            "Initech".into(),
            "Secret refund complaint".into(),
            "Globex".into(),
            "reader@customer.example".into(),
        ],
    );
    // Free text from a ticket (an unpublished page's path) is not repeated in the report.
    assert!(!t.read("reports/docs-feedback.json").contains("gone-page"));
}

#[test]
fn feedback_report_docs_command_prints_pages_by_count() {
    let t = feedback_fixture();
    let r = run_in(t.path(), &["report", "docs"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("Documentation feedback: 3 public ticket(s) marked \"docs-feedback\" about 2 of 3 doc page(s)"), "{}", r.stdout);
    let refunds = lines
        .iter()
        .position(|l| l.contains("docs/billing/refunds/"))
        .unwrap();
    let setup = lines
        .iter()
        .position(|l| l.contains("docs/setup/"))
        .unwrap();
    let other = lines
        .iter()
        .position(|l| l.contains("docs/other/"))
        .unwrap();
    assert!(refunds < setup && setup < other, "{}", r.stdout);
    assert_eq!(
        lines[refunds].trim_start(),
        "2      1  docs/billing/refunds/  (Refunds)  #11 #12"
    );
    assert!(r.stdout.contains("#card-payments"));
    assert!(r
        .stdout
        .contains("1 ticket(s) name a doc page that is not published: #14"));
    assert!(!r.stdout.contains("PRIV-77"));
    // "+1, this affects me" is counted apart, per ticket.
    let plus = r.stdout.split("\n+1, this affects me").nth(1).unwrap_or("");
    assert_eq!(
        plus,
        concat!(
            ": 4 public ticket(s) marked \"affects-me\" about 2 ticket(s)\n",
            "\n",
            "    +1s  ticket\n",
            "      2  #11 (Refund card question)  #21 #22\n",
            "      1  #13 (Setup steps outdated)  #23\n",
            "\n",
            "1 +1 ticket(s) name a ticket that is not published: #24\n",
        ),
        "{}",
        r.stdout
    );
    // --json prints what the build writes.
    let j = run_in(
        t.path(),
        &["report", "docs", "--json", "--config", "porchlight.toml"],
    )
    .ok();
    t.build(&[]).ok();
    assert_eq!(j.stdout, t.read("reports/docs-feedback.json"));
    // A missing config is an error, exit code 1.
    run_in(t.path(), &["report", "docs", "--config", "nope.toml"]).fails_with(1);
}
