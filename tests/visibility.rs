//! Visibility levels: unlisted tickets live only at their secret link (stable for the same
//! secret, different for another), are absent from every listing, index, feed and the sitemap,
//! and are not rendered at all without the secret. A related internal issue rolls its stage,
//! target release and ETA up to the customer's ticket without any of its text or id.

mod common;
use common::*;
use std::process::Command;

const EXPORT: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "Listed login problem", "status": "New", "tracker": "Bug", "created": "2026-11-01T10:00:00Z"},
  {"id": 2, "subject": "Quokka invoice for Contoso only", "description": "Only for this customer.", "status": "In Progress",
   "tracker": "Support", "created": "2026-11-02T10:00:00Z",
   "notes": [{"author": "a", "role": "staff", "created": "2026-11-03T10:00:00Z", "text": "We are on it, Contoso."}]},
  {"id": 3, "subject": "Export stalls", "status": "Accepted", "tracker": "Bug", "created": "2026-11-01T10:00:00Z",
   "related_internal": "DEV-9"},
  {"id": "DEV-9", "subject": "Narwhal refactor of the export queue", "description": "Internal analysis text.",
   "status": "In Progress", "private": true, "target_version": "v9.9", "due_date": "2026-12-24", "created": "2026-11-01T10:00:00Z",
   "notes": [{"author": "dev", "role": "staff", "created": "2026-11-02T10:00:00Z", "text": "Internal only: the queue lock."}]}
]}"#;

const CONFIG: &str = "title = \"V\"\nbase_url = \"https://help.example.com/\"\n[sources]\ntickets = [\"tickets.json\"]\n[[visibility.rules]]\ntracker = \"Support\"\nlevel = \"unlisted\"\n";

fn build(site: &SiteTest, secret: Option<&str>) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(["build", "--now", NOW])
        .current_dir(site.path())
        .env_remove("PORCHLIGHT_SECRET");
    if let Some(s) = secret {
        cmd.env("PORCHLIGHT_SECRET", s);
    }
    let o = cmd.output().unwrap();
    let run = Run {
        cmd: "porchlight build".into(),
        status: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    run.ok()
}

fn site() -> SiteTest {
    let s = SiteTest::new();
    s.write("porchlight.toml", CONFIG);
    s.write("tickets.json", EXPORT);
    s
}

fn unlisted_dirs(site: &SiteTest) -> Vec<String> {
    let t = site.out().join("t");
    if !t.exists() {
        return Vec::new();
    }
    let mut v: Vec<String> = std::fs::read_dir(t)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn unlisted_link_is_stable_per_secret_and_absent_from_listings() {
    let a = site();
    let run = build(&a, Some("correct horse battery staple"));
    assert!(
        run.stdout
            .contains("tickets unlisted           1  (at secret links only)"),
        "{}",
        run.stdout
    );
    let tokens = unlisted_dirs(&a);
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].len(), 32);
    let page = a.read(&format!("t/{}/index.html", tokens[0]));
    assert!(page.contains("Quokka invoice for Contoso only"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(!page.contains("rel=\"canonical\""));
    assert!(!a.out().join("tickets/2").exists());

    // Absent from every other file: listings, search index, feeds, sitemap, reports.
    let files = snapshot(&a.out());
    let page_path = format!("t/{}/index.html", tokens[0]);
    for (name, bytes) in &files {
        if *name == page_path {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("Quokka") && !text.contains(&tokens[0]),
            "unlisted ticket shows in {name}"
        );
    }
    // Also the search index, which is gzipped.
    let index_files: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("search/"))
        .map(|(n, b)| (n.clone(), b.clone()))
        .collect();
    let mut reader = porchlight::search::reader::Reader::new(&index_files).expect("search index");
    assert!(
        reader.search("quokka", false).unwrap().is_empty(),
        "unlisted ticket is in the search index"
    );
    assert!(
        !reader.search("login", false).unwrap().is_empty(),
        "listed tickets are searchable"
    );

    // Same secret, same link; another secret, another link.
    let b = site();
    build(&b, Some("correct horse battery staple"));
    assert_eq!(unlisted_dirs(&b), tokens);
    let c = site();
    build(&c, Some("another secret"));
    let other = unlisted_dirs(&c);
    assert_eq!(other.len(), 1);
    assert_ne!(other, tokens);
}

#[test]
fn without_the_secret_unlisted_tickets_are_not_rendered() {
    let s = site();
    let run = build(&s, None);
    assert!(run.stderr.contains("warning: 1 unlisted ticket(s) were not rendered: set the site secret in the environment variable PORCHLIGHT_SECRET"), "{}", run.stderr);
    assert!(unlisted_dirs(&s).is_empty());
    assert_absent(&s.out(), &["Quokka invoice for Contoso only".to_string()]);
    assert!(s.out().join("tickets/1/index.html").exists());
}

#[test]
fn related_internal_issue_rolls_up_stage_release_and_eta_only() {
    let s = site();
    build(&s, Some("k"));
    let page = s.read("tickets/3/index.html");
    assert!(
        page.contains("badge stage-in-progress\">In progress"),
        "stage rolled up from the internal issue"
    );
    assert!(
        page.contains("<dt>Target release</dt><dd>v9.9</dd>"),
        "target release rolled up"
    );
    assert!(
        page.contains("<dt>Expected by</dt><dd>24 December 2026</dd>"),
        "ETA rolled up"
    );
    assert_absent(
        &s.out(),
        &[
            "DEV-9".to_string(),
            "Narwhal".to_string(),
            "Internal analysis text.".to_string(),
            "the queue lock".to_string(),
        ],
    );
}
