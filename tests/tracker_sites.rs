//! Sites built from real tracker formats end to end: GitHub with a withhold label, Redmine in
//! Textile mode, and the bench generator's Redmine export (private markers never published).

mod common;
use common::*;

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
        page.contains("We aim to resolve High issues within 1–3 days."),
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
        r#"{"issues":[{"id":5,"project":{"id":1,"name":"P"},"tracker":{"id":1,"name":"Bug"},"status":{"id":1,"name":"New","is_closed":false},"priority":{"id":2,"name":"Normal"},"author":{"id":100,"name":"Cust"},"subject":"Export","description":"h2. Steps\r\n\r\n* open *Reports*\r\n* click @Export@","is_private":false,"created_on":"2026-11-01T10:00:00Z","updated_on":"2026-11-01T10:00:00Z","closed_on":null,"journals":[]}],"total_count":1,"offset":0,"limit":25}"#,
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
}

#[test]
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
        "title = \"Gen\"\nbase_url = \"https://support.example.com/\"\n[sources]\ntickets = [\"redmine/issues.json\"]\ndocs = \"docs\"\n",
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
