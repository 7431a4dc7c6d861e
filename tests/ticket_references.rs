//! Issue 16, 6: `#123` in ticket text links to ticket 123's page when the site lists it, and
//! stays plain text when that ticket is private, withheld, of another project or unlisted:
//! nothing of such a ticket (its title, or that its page exists) reaches the output. Watch
//! renders the referring text again when a referenced ticket joins or leaves the site.

mod common;
use common::*;

/// A Redmine 5 issue list (`GET /issues.json?status_id=*`, each issue as
/// `/issues/ID.json?include=journals` returns it).
fn export(private_8: bool) -> String {
    let issue = |id: u32, project: &str, private: bool, subject: &str, description: &str| {
        format!(
            r#"{{"id":{id},"project":{{"id":1,"name":"{project}"}},"tracker":{{"id":1,"name":"Bug"}},"status":{{"id":1,"name":"New","is_closed":false}},"priority":{{"id":2,"name":"Normal"}},"author":{{"id":5,"name":"Ada Customer"}},"subject":"{subject}","description":"{description}","is_private":{private},"created_on":"2026-11-0{id}T09:00:00Z","updated_on":"2026-11-0{id}T09:00:00Z","closed_on":null,"journals":[]}}"#,
            id = id % 10
        )
    };
    format!(
        "{{\"issues\":[{},{},{},{}],\"total_count\":4,\"offset\":0,\"limit\":25}}",
        issue(
            1,
            "ACME Support",
            false,
            "Export fails",
            "Same as #8, maybe #9 and #7; not #1234.\\r\\n\\r\\n`#8` in code stays."
        ),
        issue(8, "ACME Support", private_8, "Exports time out", "Slow."),
        issue(
            9,
            "ACME Support",
            true,
            "Quarterly VIP escalation",
            "Private."
        ),
        issue(
            7,
            "PSProInternal",
            false,
            "Session store rewrite",
            "Internal."
        )
    )
}

const CONFIG: &str =
    "title = \"R\"\n[sources]\ntickets = [\"issues.json\"]\nprojects = [\"ACME Support\"]\n";

#[test]
fn references_link_to_listed_tickets_only() {
    let site = SiteTest::new();
    site.write("porchlight.toml", CONFIG);
    site.write("issues.json", &export(false));
    site.build(&[]).ok();
    let page = site.read("tickets/1/index.html");
    assert!(
        page.contains(
            "<p>Same as <a href=\"../../tickets/8/\">#8</a>, maybe #9 and #7; not #1234.</p>\n<p><code>#8</code> in code stays.</p>"
        ),
        "{page}"
    );
    assert_absent(
        &site.out(),
        &["Quarterly VIP".to_string(), "Session store".to_string()],
    );

    assert!(!site.out().join("tickets/9").exists() && !site.out().join("tickets/7").exists());
}

/// Under `watch`, a referenced ticket that turns private takes the link out of every page
/// that named it, as a fresh build would.
#[test]
fn watch_unlinks_a_reference_when_its_ticket_turns_private() {
    let site = SiteTest::new();
    site.write("porchlight.toml", CONFIG);
    site.write("issues.json", &export(false));
    let mut session = porchlight::site::watch::Session::default();
    let opts = porchlight::site::BuildOptions {
        config: site.path().join("porchlight.toml"),
        out: None,
        now: NOW.parse().unwrap(),
        strict: false,
        write: true,
        progress: false,
    };
    let all = std::collections::BTreeSet::new();
    session.rebuild(&opts, &all).unwrap();
    assert!(site
        .read("tickets/1/index.html")
        .contains("<a href=\"../../tickets/8/\">#8</a>"));
    site.write("issues.json", &export(true));
    let changed: std::collections::BTreeSet<_> = [site.path().join("issues.json")].into();
    session.rebuild(&opts, &changed).unwrap();
    let page = site.read("tickets/1/index.html");
    assert!(
        page.contains("<p>Same as #8, maybe #9 and #7; not #1234.</p>"),
        "{page}"
    );
    assert!(!site.out().join("tickets/8").exists());
    // And back: listed again, linked again.
    site.write("issues.json", &export(false));
    session.rebuild(&opts, &changed).unwrap();
    assert!(site
        .read("tickets/1/index.html")
        .contains("<a href=\"../../tickets/8/\">#8</a>"));
}
