//! Odoo Helpdesk reader. No real Odoo export exists in ../shared/fixtures (SOURCES.md says so),
//! so the fixtures are written by hand in the shapes Odoo's external API returns
//! (`search_read`: many2one as `[id, "name"]`, `false` for empty values, date-times as
//! "YYYY-MM-DD HH:MM:SS" UTC; `mail.message` with `message_type`, `subtype_id`, `is_internal`,
//! HTML `body`; `mail.tracking.value` of Odoo 17 with `field_id`):
//! `tests/fixtures/odoo/export.json` (Enterprise `helpdesk`, as `pull odoo` writes it, but not
//! scrubbed, as a hand export would be) and `tests/fixtures/odoo/helpdesk_mgmt.json` (a bare
//! `search_read` answer of the Community module `helpdesk_mgmt`). Every private place holds a
//! `PRIVATE-…` marker.

mod common;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use common::SiteTest;
use porchlight::model::{Corpus, Markup, Role, StatusChange, Ticket};
use porchlight::sources::{self, Format, SourceError};

/// A file of `tests/fixtures/odoo/`.
fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/odoo")).join(name)
}

/// The ticket with the visible id `id`.
fn ticket<'a>(c: &'a Corpus, id: &str) -> &'a Ticket {
    let found = c.tickets.iter().find(|t| t.id == id);
    found.expect("the ticket is in the corpus")
}

fn at(s: &str) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap())
}

fn read_text(name: &str, text: &str) -> Result<Corpus, SourceError> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    sources::read_export(&p, Some(Format::Odoo))
}

fn err_text(r: Result<Corpus, SourceError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn both_shapes_are_detected_as_odoo() {
    for name in ["export.json", "helpdesk_mgmt.json"] {
        let p = fixture(name);
        assert_eq!(
            sources::detect(&p, &std::fs::read(&p).unwrap()).unwrap(),
            Format::Odoo,
            "{name}"
        );
    }
    assert_eq!(Format::from_name("odoo"), Some(Format::Odoo));
    assert_eq!(Format::Odoo.name(), "odoo");
}

#[test]
fn enterprise_tickets_map_fields_stages_and_severity() {
    let c = sources::read_export(&fixture("export.json"), None).unwrap();
    // The archived ticket is left out and counted; the other model's message too, and the
    // tracking value of the assignee.
    assert_eq!(c.tickets.len(), 3);
    assert_eq!(c.skipped.get(sources::odoo::ARCHIVED), Some(&1));
    assert_eq!(c.skipped.get(sources::odoo::OTHER_MESSAGES), Some(&1));
    assert_eq!(c.skipped.get(sources::odoo::OTHER_TRACKING), Some(&1));

    let t = ticket(&c, "11");
    assert_eq!(t.subject, "Invoice PDF shows the wrong VAT line");
    assert_eq!(t.markup, Markup::Html);
    assert!(t.description.starts_with("<p>When I print invoice"));
    assert_eq!(t.status, "Customer Feedback");
    assert_eq!(t.status_closed, Some(false));
    assert_eq!(t.severity.as_deref(), Some("High"));
    assert_eq!(t.category.as_deref(), Some("Issue, With Error"));
    assert_eq!(t.project.as_deref(), Some("Customer Care"));
    assert_eq!(t.labels, vec!["invoicing".to_string()]);
    assert_eq!(t.created, at("2026-11-02 08:15:00"));
    assert_eq!(t.updated, Some(at("2026-11-05 16:40:12")));
    assert_eq!(t.closed, None);
    assert_eq!(t.due_date, chrono::NaiveDate::from_ymd_opt(2026, 11, 9));
    assert!(!t.private);
    assert_eq!(
        t.internal.assignee.as_deref(),
        Some("PRIVATE-ASSIGNEE Mitchell Admin")
    );
    assert_eq!(t.internal.reporter.as_deref(), Some("PRIVATE-PARTNER-NAME"));
    // Stage history from the tracking values of stage_id, not from the notes.
    assert_eq!(
        t.history,
        vec![
            StatusChange {
                at: at("2026-11-02 08:15:00"),
                from: None,
                to: "New".into()
            },
            StatusChange {
                at: at("2026-11-02 09:00:00"),
                from: Some("New".into()),
                to: "In Progress".into()
            },
            StatusChange {
                at: at("2026-11-04 10:00:05"),
                from: Some("In Progress".into()),
                to: "Customer Feedback".into()
            },
        ]
    );
    // Notes in time order: which are public, and by whom (roles only reach the site).
    let notes: Vec<(&str, bool, Role)> = t
        .notes
        .iter()
        .map(|n| (n.id.as_deref().unwrap(), n.private, n.role))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("108", true, Role::Staff),     // auto_comment
            ("107", true, Role::Staff),     // user_notification
            ("105", true, Role::Staff),     // notification (its stage change is history)
            ("101", false, Role::Customer), // the customer's e-mail
            ("103", true, Role::Staff),     // log note (subtype Note)
            ("104", true, Role::Staff),     // is_internal
            ("102", false, Role::Staff),    // the team's answer
            ("109", false, Role::Other),    // another partner
        ]
    );

    // The private team's ticket: Odoo shows it to no portal user, so it is private.
    let p = ticket(&c, "12");
    assert!(p.private);
    assert_eq!(p.project.as_deref(), Some("PRIVATE-TEAM Internal IT"));

    let done = ticket(&c, "13");
    assert_eq!(done.severity.as_deref(), Some("Urgent"));
    assert_eq!(done.status_closed, Some(true));
    assert_eq!(done.closed, Some(at("2026-10-20 12:00:00")));
    let stages: Vec<&str> = done.history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(
        stages,
        ["New", "Solution testing", "MoveToProduction", "Done"]
    );
    // An e-mail without an author partner, from the ticket's partner address: the customer.
    assert_eq!(done.notes[0].role, Role::Customer);
}

#[test]
fn helpdesk_mgmt_records_use_the_ticket_number() {
    let c = sources::read_export(&fixture("helpdesk_mgmt.json"), None).unwrap();
    let ids: Vec<&str> = c.tickets.iter().map(|t| t.id.as_str()).collect();
    // "/" is helpdesk_mgmt's number before the sequence ran: the record id stands in.
    assert_eq!(ids, ["HT00005", "HT00004", "3"]);
    let open = ticket(&c, "HT00005");
    assert_eq!(open.category.as_deref(), Some("Access"));
    assert_eq!(open.severity.as_deref(), Some("Medium"));
    assert_eq!(open.status, "In Progress");
    assert_eq!(open.closed, None);
    let done = ticket(&c, "HT00004");
    assert_eq!(done.status_closed, Some(true));
    assert_eq!(done.closed, Some(at("2026-08-10 09:00:00")));
    assert_eq!(done.description, "");
    assert_eq!(ticket(&c, "3").project, None);
}

/// The built site: public answers and stages shown, every private place absent.
#[test]
fn site_shows_public_answers_and_no_private_text() {
    let site = SiteTest::new();
    // Both teams named as published projects: the internal team's ticket must stay out by
    // its team's visibility alone.
    site.write(
        "porchlight.toml",
        "title = \"Test Support\"\nbase_url = \"https://help.example.com/\"\n[sources]\ntickets = [\"tickets.json\"]\ndocs = \"docs\"\nprojects = [\"Customer Care\", \"PRIVATE-TEAM Internal IT\"]\n",
    );
    site.write(
        "tickets.json",
        &std::fs::read_to_string(fixture("export.json")).unwrap(),
    );
    let run = site.build(&[]).ok();
    let page = site.read("tickets/11/index.html");
    assert!(
        page.contains("Invoice PDF shows the wrong VAT line"),
        "{page}"
    );
    assert!(page.contains("We found the cause: the fiscal position was not applied."));
    assert!(page.contains("Any news on the VAT line?"));
    assert!(page.contains("Same here on our database"));
    assert!(
        page.contains("<b>INV/2026/0042</b>"),
        "HTML kept where safe"
    );
    assert!(page.contains("Another customer"));
    assert!(page.contains("Support team"));
    assert!(!page.contains("alert("), "the script went with its text");
    assert!(!page.contains("onerror"));
    assert!(!page.contains("pixel.gif\""), "no third-party image loads");
    // Customer Feedback is the fix being tested in staging.
    assert!(page.contains("Fix in testing"), "{page}");
    let done = site.read("tickets/13/index.html");
    assert!(done.contains("The database is back."));
    assert!(!site.out().join("tickets/12").exists());
    assert!(!site.out().join("tickets/14").exists());
    let mut private: Vec<String> = vec![
        "PRIVATE-".into(),
        "private-partner@customer.example".into(),
        "second@customer.example".into(),
        "marc@support.example".into(),
        "other@elsewhere.example".into(),
        "Mitchell Admin".into(),
        "Marc Demo".into(),
    ];
    private.sort();
    common::assert_absent(&site.out(), &private);
    assert!(
        run.stdout.contains("archived Odoo tickets"),
        "skipped items are counted in the summary: {}",
        run.stdout
    );
}

#[test]
fn malformed_records_name_the_file_place_and_expectation() {
    let e = err_text(read_text(
        "bad-date.json",
        r#"[{"id": 1, "name": "x", "stage_id": [1, "New"], "write_date": false, "create_date": "yesterday"}]"#,
    ));
    assert!(
        e.ends_with("bad-date.json:1:96: expected a date-time such as \"2026-03-04 02:14:42\" (Odoo, UTC) or false, found \"yesterday\" (at [0].create_date)"),
        "{e}"
    );
    let e = err_text(read_text(
        "no-created.json",
        r#"{"odoo_snapshot": 1, "tickets": [{"id": 1, "name": "x", "create_date": false}]}"#,
    ));
    assert!(
        e.ends_with("no-created.json: at tickets[0].create_date: a ticket without its creation date (expected \"YYYY-MM-DD HH:MM:SS\")"),
        "{e}"
    );
    let e = err_text(read_text(
        "tags.json",
        r#"{"odoo_snapshot": 1, "tags": [{"id": 1, "name": "billing"}], "tickets": [{"id": 1, "name": "x", "create_date": "2026-01-01 00:00:00", "tag_ids": [1, 5]}]}"#,
    ));
    assert!(
        e.ends_with("tags.json: at tickets[0].tag_ids[1]: tag 5 has no name in the file's \"tags\" list; export the helpdesk tags (id, name) with the tickets, as porchlight pull odoo does"),
        "{e}"
    );
    let e = err_text(read_text(
        "m2o.json",
        r#"[{"id": 1, "create_date": "2026-01-01 00:00:00", "stage_id": ["New"]}]"#,
    ));
    assert!(e.contains("m2o.json:1:"), "{e}");
    assert!(e.contains("(at [0].stage_id"), "{e}");
    let e = err_text(read_text(
        "version.json",
        r#"{"odoo_snapshot": 2, "tickets": []}"#,
    ));
    assert!(
        e.ends_with("version.json: at odoo_snapshot: snapshot version 2 is not supported; this Porchlight reads version 1"),
        "{e}"
    );
    let e = err_text(read_text("shape.json", r#"{"records": []}"#));
    assert!(
        e.contains("shape.json: at the top level: expected Odoo Helpdesk tickets"),
        "{e}"
    );
    let e = err_text(read_text(
        "twice.json",
        r#"[{"id": 1, "number": "HT1", "create_date": "2026-01-01 00:00:00"}, {"id": 2, "number": "HT1", "create_date": "2026-01-01 00:00:00"}]"#,
    ));
    assert!(
        e.ends_with("twice.json: at tickets[1]: ticket HT1 appears twice"),
        "{e}"
    );
}

/// PRIVACY: an Enterprise ticket's team may be internal. A bare `search_read` answer without
/// the team's visibility (neither a `teams` table nor the related `team_privacy_visibility`)
/// cannot tell, so its tickets are private and counted; a helpdesk_mgmt ticket (with a
/// `number`) has no such setting and is public; a ticket without a team is public.
#[test]
fn a_team_whose_visibility_the_file_lacks_keeps_its_tickets_private() {
    let record = |id: i64, extra: &str| {
        format!(
            r#"{{"id": {id}, "name": "Ticket {id}", "create_date": "2026-11-01 10:00:00", "stage_id": [1, "New"]{extra}}}"#
        )
    };
    let text = format!(
        "[{}, {}, {}, {}, {}, {}]",
        record(1, r#", "team_id": [4, "Customer Care"]"#),
        record(
            2,
            r#", "team_id": [4, "Customer Care"], "team_privacy_visibility": "portal""#
        ),
        record(
            3,
            r#", "team_id": [5, "Internal IT"], "team_privacy_visibility": "internal""#
        ),
        record(4, r#", "team_id": false"#),
        record(5, r#", "team_id": [4, "Support"], "number": "HT00005""#),
        record(
            6,
            r#", "team_id": [5, "Internal IT"], "team_privacy_visibility": "invited_internal""#
        ),
    );
    let c = read_text("bare.json", &text).unwrap();
    let private: Vec<(&str, bool)> = c
        .tickets
        .iter()
        .map(|t| (t.id.as_str(), t.private))
        .collect();
    assert_eq!(
        private,
        [
            ("1", true),
            ("2", false),
            ("3", true),
            ("4", false),
            ("HT00005", false),
            ("6", true)
        ]
    );
    assert_eq!(c.skipped.get(sources::odoo::UNKNOWN_TEAM), Some(&1));

    // The same in a snapshot whose `teams` table lacks the ticket's team.
    let snap = format!(
        r#"{{"odoo_snapshot": 1, "teams": [{{"id": 4, "name": "Customer Care", "privacy_visibility": "portal"}}], "tickets": [{}, {}]}}"#,
        record(1, r#", "team_id": [4, "Customer Care"]"#),
        record(2, r#", "team_id": [9, "Escalations"]"#),
    );
    let c = read_text("snap.json", &snap).unwrap();
    assert!(!ticket(&c, "1").private);
    assert!(ticket(&c, "2").private);
    assert_eq!(c.skipped.get(sources::odoo::UNKNOWN_TEAM), Some(&1));
}
