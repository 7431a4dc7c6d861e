//! Who wrote a note comes from what the tracker records. On real GitHub data a passing user's
//! comment was labelled "Support team" and a maintainer who opened an issue "Customer".
//! GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR) marks the team; the issue's
//! author is the customer; anyone else is "Another customer". `[roles] team` names the team's
//! accounts where a tracker records nothing. Names never reach the page.

mod common;
use common::*;

const FIXTURE: &str = "tests/fixtures/sources/github/snapshot-roles.json";

/// The role labels of a ticket page's notes, in page order.
fn roles(page: &str) -> Vec<&str> {
    page.match_indices("class=\"note ")
        .map(|(i, _)| {
            let rest = &page[i + "class=\"note ".len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn github_roles_follow_author_association() {
    let site = SiteTest::new();
    site.write(
        "tickets.json",
        &std::fs::read_to_string(repo().join(FIXTURE)).unwrap(),
    );
    site.build(&[]).ok();
    let page = site.read("tickets/41/index.html");
    assert_eq!(
        roles(&page),
        // Newest first.
        ["other", "customer", "other", "staff"],
        "{page}"
    );
    // Two notes, and the "Latest update" block names the newest one's role again.
    assert_eq!(page.matches("Another customer").count(), 3, "{page}");
    // The maintainer who opened #42 answers as the team, not as "Customer".
    let page = site.read("tickets/42/index.html");
    assert_eq!(roles(&page), ["staff"], "{page}");
    for login in [
        "maria-maintainer",
        "passer-by",
        "anna-customer",
        "contrib-carl",
    ] {
        assert!(!page.contains(login) && !site.read("tickets/41/index.html").contains(login));
    }
}

#[test]
fn config_names_the_team_where_the_tracker_does_not() {
    let site = SiteTest::new();
    let export = r#"{"porchlight": 1, "tickets": [
      {"id": 5, "subject": "Printer driver", "status": "New", "created": "2026-11-01T10:00:00Z",
       "notes": [
         {"author": "Dana Desk", "role": "customer", "created": "2026-11-02T10:00:00Z", "text": "We are looking into it."},
         {"author": "Carl Customer", "role": "customer", "created": "2026-11-03T10:00:00Z", "text": "Thanks."}
       ]}
    ]}"#;
    site.write("tickets.json", export);
    site.write(
        "porchlight.toml",
        "title = \"T\"\n[sources]\ntickets = [\"tickets.json\"]\n[roles]\nteam = [\" dana desk \"]\n",
    );
    site.build(&[]).ok();
    let page = site.read("tickets/5/index.html");
    assert_eq!(roles(&page), ["customer", "staff"], "{page}");
    assert!(!page.contains("Dana") && !page.contains("Carl"));
}
