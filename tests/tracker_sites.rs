//! Sites built from real tracker formats end to end: GitHub with a withhold label, Redmine in
//! Textile mode, the shapes real servers answer with (hand-written after them in
//! `tests/fixtures/sources/*/`: legacy Redmine 1.x/2.x answers, MantisBT REST lists and a
//! created issue in a German locale, GitHub list pages, a search result and one issue), and the
//! bench generator's Redmine export (private markers never published; needs
//! `../shared/bench/`, see build.rs).

mod common;
use common::*;
use std::path::PathBuf;

#[test]
fn github_snapshot_with_a_withhold_label() {
    let site = SiteTest::new();
    let snap = std::fs::read_to_string(repo().join("tests/fixtures/sources/github/snapshot.json"))
        .unwrap();
    site.write("tickets.json", &snap);
    site.write(
        "porchlight.toml",
        "title = \"GH\"\n[sources]\ntickets = [\"tickets.json\"]\n[privacy]\nwithhold_labels = [\"enhancement\"]\n",
    );
    let run = site.build(&[]).ok();
    assert!(
        site.out().join("tickets/20/index.html").exists(),
        "issue 20 published"
    );
    assert!(
        !site.out().join("tickets/21").exists(),
        "pull requests are not tickets"
    );
    assert!(
        !site.out().join("tickets/19").exists(),
        "the enhancement-labelled issue is withheld"
    );
    assert_absent(
        &site.out(),
        &["Dark mode".to_string(), "dev-anna".to_string()],
    );
    assert!(
        run.stdout
            .contains("tickets withheld           1  (private)"),
        "{}",
        run.stdout
    );
    let page = site.read("tickets/20/index.html");
    assert!(
        page.contains("<dt>Severity</dt><dd>High</dd>")
            && page.contains("<strong>Resolution:</strong> within 3 business days"),
        "severity from the label"
    );
    assert!(
        page.contains("<dt>Target release</dt><dd>v2.4</dd>"),
        "milestone"
    );
}

#[test]
fn redmine_textile_is_rendered_not_shown_raw() {
    let site = SiteTest::new();
    site.write(
        "tickets.json",
        r#"{"issues":[{"id":5,"project":{"id":1,"name":"P"},"tracker":{"id":1,"name":"Bug"},"status":{"id":1,"name":"New","is_closed":false},"priority":{"id":2,"name":"Normal"},"author":{"id":100,"name":"Cust"},"subject":"Export","description":"h2. Steps\r\n\r\n* open *Reports*\r\n* click @Export@\r\n\r\nScreenshot: !export-dialog.png! as in #4 and r17.","is_private":false,"created_on":"2026-11-01T10:00:00Z","updated_on":"2026-11-01T10:00:00Z","closed_on":null,"journals":[]}],"total_count":1,"offset":0,"limit":25}"#,
    );
    site.write(
        "porchlight.toml",
        "title = \"RM\"\n[sources]\ntickets = [\"tickets.json\"]\nredmine_markup = \"textile\"\n",
    );
    site.build(&[]).ok();
    let page = site.read("tickets/5/index.html");
    assert!(!page.contains("h2. Steps"), "{page}");
    assert!(page.contains("<strong>Reports</strong>"), "{page}");
    assert!(page.contains("<code>Export</code>"), "{page}");
    // An attachment image is not on the static site: its name, no <img>, no broken link;
    // issue and revision references stay text.
    assert!(
        page.contains("<p>Screenshot: export-dialog.png as in #4 and r17.</p>"),
        "{page}"
    );
    assert!(!page.contains("<img"), "{page}");
}

#[test]
#[cfg_attr(
    not(porchlight_shared_bench),
    ignore = "needs ../shared/bench/gen-support-corpus.py beside the repository; not found"
)]
fn generated_redmine_corpus_publishes_no_private_marker() {
    let dir = tempfile::tempdir().unwrap();
    let gen = repo().join("../shared/bench/gen-support-corpus.py");
    let ok = std::process::Command::new("python3")
        .args([
            gen.to_str().unwrap(),
            "--tickets",
            "300",
            "--docs",
            "30",
            "--out",
        ])
        .arg(dir.path())
        .status()
        .expect("python3 runs the shared corpus generator");
    assert!(ok.success());
    std::fs::write(
        dir.path().join("porchlight.toml"),
        "title = \"Gen\"\nbase_url = \"https://support.example.com/\"\n[sources]\ntickets = [\"redmine/issues.json\"]\ndocs = \"docs\"\nprojects = [\"Customer Support\", \"Billing\", \"Public API\", \"Mobile Apps\"]\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["build", "--now", NOW, "--strict"]).ok();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("SUMMARY.json")).unwrap())
            .unwrap();
    let private = summary["private_tickets"].as_u64().unwrap();
    assert!(
        run.stdout
            .contains(&format!("tickets withheld    {private:>8}  (private)")),
        "{}",
        run.stdout
    );
    let marker = regex::bytes::Regex::new(r"PRIVMARK-[0-9a-f]{10}").unwrap();
    let files = snapshot(&dir.path().join("public"));
    assert!(files.len() > 300);
    for (name, bytes) in &files {
        assert!(!marker.is_match(bytes), "private marker in {name}");
    }
}

fn sources(rel: &str) -> String {
    repo()
        .join("tests/fixtures/sources")
        .join(rel)
        .display()
        .to_string()
}

/// A site reading `exports` (absolute paths), built with `--now NOW`.
fn site_reading(exports: &[String]) -> (SiteTest, Run) {
    let site = SiteTest::new();
    let list: Vec<String> = exports.iter().map(|e| format!("{e:?}")).collect();
    site.write(
        "porchlight.toml",
        &format!(
            "title = \"T\"\n[sources]\ntickets = [{}]\n{}",
            list.join(", "),
            all_projects(&exports.iter().map(PathBuf::from).collect::<Vec<_>>(), None)
        ),
    );
    let run = site.build(&[]).ok();
    (site, run)
}

fn facts(page: &str) -> &str {
    let start = page.find("<dl class=\"facts\">").expect("facts");
    &page[start..start + page[start..].find("</dl>").unwrap()]
}

#[test]
fn legacy_redmine_answers_publish_with_their_dates_and_statuses() {
    // Redmine 1.x/2.x: "2011/02/14 08:30:10 -0800" dates, no is_private, no journals, a status
    // id as a string, a multi-value custom field; an empty list adds nothing.
    let (site, run) = site_reading(&[
        sources("redmine/legacy/issues.json"),
        sources("redmine/legacy/issue.json"),
        sources("redmine/legacy/empty.json"),
    ]);
    assert!(
        run.stdout.contains("tickets published          4"),
        "{}",
        run.stdout
    );
    let p = site.read("tickets/301/index.html");
    let f = facts(&p);
    assert!(
        f.contains("<time datetime=\"2011-02-14T16:30:10+00:00\">14 February 2011</time>"),
        "{f}"
    );
    assert!(
        f.contains(
            "<dt>Expected by</dt><dd>1 March 2011 <span class=\"badge overdue\">Overdue</span>"
        ),
        "{f}"
    );
    assert!(f.contains("<dt>Severity</dt><dd>Medium</dd>"), "{f}");
    assert!(p.contains("<span class=\"badge stage-received\">Received</span>"));

    let p = site.read("tickets/642/index.html");
    assert!(p.contains("Sauvegarde nocturne incomplète"), "{p}");
    assert!(
        p.contains("<time datetime=\"2011-09-12T08:04:05+00:00\">12 September 2011</time>"),
        "{p}"
    );
    assert!(p.contains("à 2 h du matin."), "{p}");
    let p = site.read("tickets/288/index.html");
    // The legacy answer has no closed_on and no journals: the close is dated by the last
    // public change (the opening), never by updated_on, which a private note may have moved.
    assert!(
        facts(&p).contains("<dt>Closed</dt><dd>3 January 2011</dd>"),
        "{p}"
    );

    // German and French status names are not in the built-in map: a warning naming each.
    for (id, status) in [("315", "In Bearbeitung"), ("642", "Résolu")] {
        assert!(
            run.stderr.contains(&format!(
                "warning: ticket {id}: status \"{status}\" is not in the workflow map"
            )),
            "{}",
            run.stderr
        );
    }
    // Authors, assignees and custom fields (also the multi-value one) stay internal.
    let internal = [
        "Lotte Kundin",
        "Fritz Intern",
        "Quentin Backoffice",
        "Pat Buyer",
        "Élodie Cliente",
        "Gaspard Interne",
        "Beobachter",
        "6.5",
    ];
    assert_absent(&site.out(), &internal.map(String::from));
}

#[test]
fn legacy_redmine_errors_name_file_line_and_column() {
    let cases = [
        // Redmine 1.2 wrote a key without quotes.
        ("unquoted-key.json", "auto", "unquoted-key.json:1:43: key must be a string"),
        // A create request's body, not an answer: its issues have no id.
        ("create-body.json", "redmine", "create-body.json:8:5: missing field `id` (at issues[0])"),
        (
            "bare-issue.json",
            "redmine",
            "bare-issue.json: at the top level: expected a Redmine issue list {\"issues\": [...]} or \
             one issue {\"issue\": {...}}, found neither key",
        ),
    ];
    for (file, format, expected) in cases {
        let site = SiteTest::new();
        let from = repo()
            .join("tests/fixtures/sources/redmine/legacy")
            .join(file);
        std::fs::copy(from, site.path().join(file)).unwrap();
        site.write(
            "porchlight.toml",
            &format!("title = \"T\"\n[sources]\ntickets = [\"{file}\"]\nformat = \"{format}\"\n"),
        );
        let run = run_in(site.path(), &["check", "--now", NOW]).fails_with(1);
        assert!(
            run.stderr.contains(&format!("error: {expected}")),
            "{file}: {}",
            run.stderr
        );
    }
}

#[test]
fn mantis_rest_list_and_created_issue_use_names_not_localised_labels() {
    let (site, run) = site_reading(&[
        sources("mantis/rest/list.json"),
        sources("mantis/rest/created.json"),
    ]);
    assert!(
        run.stdout.contains("tickets published          3"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warnings                   0"),
        "{}",
        run.stdout
    );
    // status name "assigned" (label "zugewiesen"), severity "minor" ("kleinerer Fehler").
    let p = site.read("tickets/4402/index.html");
    assert!(p.contains("<span class=\"badge stage-in-progress\">In progress</span>"));
    assert!(
        facts(&p).contains("<dt>Severity</dt><dd>Medium</dd>")
            && p.contains("<strong>Resolution:</strong> within 4 business days"),
        "{p}"
    );
    assert!(
        facts(&p).contains("<dt>Category</dt><dd>Kalender</dd>"),
        "{p}"
    );
    // A list carries no history: none is invented.
    assert!(!p.contains("class=\"history\""), "{p}");
    let p = site.read("tickets/4401/index.html");
    assert!(
        facts(&p).contains("<dt>Severity</dt><dd>Enhancement</dd>")
            && p.contains("<strong>Resolution:</strong> at our discretion"),
        "{p}"
    );

    // `{"issue": {...}}`: additional information appended, status change from its history.
    let p = site.read("tickets/7/index.html");
    assert!(
        p.contains("<p>Additional information:<br>\nTritt nur im Firefox auf.</p>"),
        "{p}"
    );
    assert!(
        p.contains("<span class=\"badge stage-received\">Received</span> on <time datetime=\"2026-02-10T19:00:00+00:00\">10 February 2026</time></li><li><span class=\"badge stage-in-progress\">In progress</span>"),
        "{p}"
    );
    let internal = [
        "zugewiesen",
        "kleinerer Fehler",
        "Berta Kundin",
        "berta@kunde.example",
        "carl@firma.example",
        "entw_c",
        "dora@kunde.example",
        "frank_admin",
        "EmmaReporter",
        "K-7788",
    ];
    assert_absent(&site.out(), &internal.map(String::from));
}

#[test]
fn github_list_pages_search_result_and_one_issue() {
    // A folder: three REST list pages (arrays), a search result ({"items": [...]}), one issue.
    let (site, run) = site_reading(&[sources("github/rest")]);
    assert!(
        run.stdout.contains("tickets published          8"),
        "{}",
        run.stdout
    );
    for id in [1, 2, 3, 4, 5, 6, 8, 9] {
        assert!(site
            .out()
            .join(format!("tickets/{id}/index.html"))
            .is_file());
    }
    let p = site.read("tickets/1/index.html");
    assert!(p.contains("Login fails with SSO"));
    assert!(
        facts(&p).contains("<dt>Severity</dt><dd>High</dd>")
            && p.contains("<strong>Resolution:</strong> within 3 business days"),
        "label severity: high"
    );
    let p = site.read("tickets/8/index.html");
    assert!(p.contains("EUR instead of CHF."), "{p}");
    assert_absent(
        &site.out(),
        &["dev-anna", "karla", "omar", "octo-bot"].map(String::from),
    );
}
