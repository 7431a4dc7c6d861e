//! MantisBT readers: real REST answers from `../shared/fixtures/mantisbt/` (a German-locale
//! server, so `label` differs from `name`; ignored when the folder is not beside the repository,
//! tests/tracker_sites.rs covers the shapes from hand-written fixtures), plus hand-made fixtures
//! with what they lack: private issues and notes, and the XmlImportExport XML (no real export
//! file is public).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use porchlight::model::{Corpus, Markup, Role, StatusChange, Ticket};
use porchlight::sources::{self, mantis, Format, SourceError};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/mantisbt")
        .join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources/mantis")
        .join(rel)
}

fn ticket<'a>(c: &'a Corpus, id: &str) -> &'a Ticket {
    c.tickets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no ticket {id}"))
}

fn err_text(r: Result<Corpus, SourceError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn real_rest_issue_uses_names_not_localised_labels() {
    let path = shared("dpesch-mantisbt-mcp-server/get_issue.json");
    let corpus = sources::read_export(&path, None).unwrap();
    let t = ticket(&corpus, "7860");
    assert_eq!(t.subject, "Issue summary 1");
    assert_eq!(t.description, "Issue description 1");
    assert_eq!(t.markup, Markup::Plain);
    // name "assigned", label "zugewiesen"
    assert_eq!(t.status, "assigned");
    assert_eq!(t.status_closed, Some(false));
    assert_eq!(t.severity.as_deref(), Some("Technische Schuld"));
    assert_eq!(t.category.as_deref(), Some("Skills"));
    assert_eq!(t.project.as_deref(), Some("Project 2"));
    assert!(!t.private);
    assert_eq!(
        t.created,
        Utc.with_ymd_and_hms(2026, 3, 16, 14, 40, 38).unwrap()
    );
    assert_eq!(t.internal.reporter.as_deref(), Some("user_1"));
    assert_eq!(
        t.internal.reporter_email.as_deref(),
        Some("user1@example.com")
    );
    assert_eq!(t.internal.assignee.as_deref(), Some("user_1"));
    assert!(t
        .internal
        .custom_fields
        .contains(&("priority".to_string(), "normal".to_string())));
    assert_eq!(t.resolution, None);
    // Both notes are by the reporter (the customer), public.
    assert_eq!(t.notes.len(), 2);
    assert!(t
        .notes
        .iter()
        .all(|n| n.role == Role::Customer && !n.private && n.markup == Markup::Plain));
    assert_eq!(t.notes[1].text, "Second note on this issue.");
    // History: the status change new → assigned (labels "neu => zugewiesen" are ignored).
    let at = Utc.with_ymd_and_hms(2026, 3, 16, 14, 40, 38).unwrap();
    assert_eq!(
        t.history,
        vec![
            StatusChange {
                at,
                from: None,
                to: "new".into()
            },
            StatusChange {
                at,
                from: Some("new".into()),
                to: "assigned".into()
            },
        ]
    );
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn real_rest_lists_and_created_issue() {
    let corpus =
        sources::read_export(&shared("dpesch-mantisbt-mcp-server/list_issues.json"), None).unwrap();
    assert!(corpus.tickets.len() >= 3);
    assert_eq!(ticket(&corpus, "7859").severity.as_deref(), Some("minor"));
    // Lists carry no history: none is invented.
    assert!(ticket(&corpus, "7859").history.is_empty());

    let corpus =
        sources::read_export(&shared("postman-responses/get_an_issue_200.json"), None).unwrap();
    let t = ticket(&corpus, "1234");
    assert_eq!((t.status.as_str(), t.status_closed), ("new", Some(false)));
    assert_eq!(
        t.internal.custom_fields[0],
        ("The City".to_string(), "Seattle".to_string())
    );

    // `{"issue": {...}}` from "Create an issue", German user: label "Trivial", name "trivial".
    let path = shared("postman-responses/create_an_issue_201.json");
    assert_eq!(
        sources::detect(&path, &std::fs::read(&path).unwrap()).unwrap(),
        Format::Mantis
    );
    let corpus = sources::read_export(&path, None).unwrap();
    let t = ticket(&corpus, "1");
    assert_eq!(t.severity.as_deref(), Some("trivial"));
    assert_eq!(t.labels, ["mantishub"]);
    assert_eq!(
        t.description,
        "Description for sample REST issue.\n\nAdditional information:\nMore info about the issue"
    );
    assert_eq!(t.internal.assignee.as_deref(), Some("vboctor"));
}

#[test]
fn private_issues_and_notes_from_rest() {
    let corpus = sources::read_export(&fixture("private-notes.json"), None).unwrap();
    let t = ticket(&corpus, "501");
    assert!(!t.private);
    assert_eq!(t.status, "resolved");
    assert_eq!(t.status_closed, Some(true));
    assert_eq!(t.severity.as_deref(), Some("major"));
    assert_eq!(t.target_version.as_deref(), Some("2.4.0"));
    assert_eq!(t.fixed_in_version.as_deref(), Some("2.4.1"));
    assert_eq!(t.due_date, NaiveDate::from_ymd_opt(2026, 4, 1));
    assert_eq!(t.labels, ["export"]);
    // "fixed" is not a reason to show; steps to reproduce are appended.
    assert_eq!(t.resolution, None);
    assert_eq!(
        t.description,
        "The CSV export stops after 10,000 rows.\n\nSteps to reproduce:\n1. Open a project with 20,000 issues\n2. Export CSV"
    );
    assert_eq!(
        t.internal.custom_fields,
        vec![
            ("Customer no.".to_string(), "K-1001".to_string()),
            ("priority".to_string(), "high".to_string()),
            ("eta".to_string(), "2-3 days".to_string()),
            ("version".to_string(), "2.3.0".to_string()),
        ]
    );
    // The empty timelog note is dropped; the private one is flagged; roles by reporter.
    let notes: Vec<(&str, Role, bool)> = t
        .notes
        .iter()
        .map(|n| (n.id.as_deref().unwrap(), n.role, n.private))
        .collect();
    assert_eq!(
        notes,
        [
            ("9001", Role::Customer, false),
            ("9002", Role::Staff, true),
            ("9003", Role::Staff, false)
        ]
    );
    assert_eq!(t.notes[1].author_email.as_deref(), Some("anna@example.com"));
    let to: Vec<&str> = t.history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(to, ["new", "assigned", "resolved"]);
    assert_eq!(
        t.closed,
        Some(Utc.with_ymd_and_hms(2026, 3, 20, 8, 0, 0).unwrap())
    );

    let p = ticket(&corpus, "502");
    assert!(p.private);
    assert_eq!(p.resolution.as_deref(), Some("won't fix"));
    assert_eq!(p.severity.as_deref(), Some("feature"));
    assert!(p.notes[0].private, "view_state given by name only");
}

#[test]
fn xml_export_maps_ids_to_names_and_keeps_private_flags() {
    let path = fixture("export.xml");
    assert_eq!(
        sources::detect(&path, &std::fs::read(&path).unwrap()).unwrap(),
        Format::MantisXml
    );
    let corpus = sources::read_export(&path, None).unwrap();
    assert_eq!(corpus.tickets.len(), 2);
    let t = ticket(&corpus, "77");
    assert_eq!(t.subject, "Checkout & payment crash");
    assert_eq!(
        t.description,
        "Clicking \"Pay\" crashes <b>always</b>.\nSecond line ✓\n\nSteps to reproduce:\n1. Add <item>\n2. Pay"
    );
    // German element text, standard ids: the English names.
    assert_eq!(t.status, "assigned");
    assert_eq!(t.severity.as_deref(), Some("crash"));
    assert_eq!(t.project.as_deref(), Some("Webshop"));
    assert_eq!(t.category.as_deref(), Some("Export"));
    assert_eq!(t.target_version.as_deref(), Some("2.4.0"));
    assert_eq!(t.due_date, NaiveDate::from_ymd_opt(2026, 4, 1));
    assert_eq!(
        t.created,
        Utc.with_ymd_and_hms(2026, 3, 16, 14, 40, 38).unwrap()
    );
    assert_eq!(
        t.updated,
        Some(Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap())
    );
    assert!(!t.private);
    assert_eq!(t.internal.assignee.as_deref(), Some("dev_anna"));
    assert_eq!(t.internal.reporter.as_deref(), Some("kunde1"));
    assert!(t
        .internal
        .custom_fields
        .contains(&("eta".to_string(), "< 1 day".to_string())));
    assert!(t
        .internal
        .custom_fields
        .contains(&("Customer no.".to_string(), "K-1001".to_string())));
    let notes: Vec<(&str, Role, bool)> = t
        .notes
        .iter()
        .map(|n| (n.id.as_deref().unwrap(), n.role, n.private))
        .collect();
    assert_eq!(
        notes,
        [("31", Role::Customer, false), ("32", Role::Staff, true)]
    );
    // Attachments are skipped: their content never reaches the model.
    assert!(!format!("{t:?}").contains("UFJJVk1BUk"));

    let p = ticket(&corpus, "78");
    assert!(p.private);
    assert_eq!(p.status, "closed");
    assert_eq!(p.status_closed, Some(true));
    // Custom severity id 210: the element text is all there is.
    assert_eq!(p.severity.as_deref(), Some("Wartung"));
    assert_eq!(p.resolution.as_deref(), Some("won't fix"));
    // Mantis writes "no due date" as the timestamp 1.
    assert_eq!(p.due_date, None);
}

#[test]
fn xml_errors_name_file_line_and_place() {
    let path = fixture("no-view-state.xml");
    assert_eq!(
        err_text(mantis::parse_xml(&path, &std::fs::read(&path).unwrap())),
        format!(
            "{}:3:5: no <view_state id=\"..\">, so it cannot be told whether the issue is private \
             (at mantis/issue[0] (issue 5))",
            path.display()
        )
    );
    let path = fixture("broken.xml");
    assert_eq!(
        err_text(sources::read_export(&path, None)),
        format!(
            "{}:5:28: ill-formed document: expected `</summary>`, but `</description>` was found \
             (at mantis/issue/summary)",
            path.display()
        )
    );
}

#[test]
fn rest_errors_name_file_and_place() {
    let json = br#"{"issues":[{"id":1,"summary":"x","status":{"id":10,"name":"new"},"created_at":"2026-01-01T00:00:00Z"}]}"#;
    assert_eq!(
        err_text(mantis::parse(Path::new("m.json"), json)),
        "m.json: at issues[0]: issue 1: no view_state, so it cannot be told whether it is private"
    );
    let json = br#"{"issues":[{"id":1,"summary":"x","created_at":"16.03.2026"}]}"#;
    assert_eq!(
        err_text(mantis::parse(Path::new("m.json"), json)),
        "m.json:1:58: expected a date-time such as 2026-03-04T02:14:42Z or 2011/01/24 13:59:25 -0800, \
         found \"16.03.2026\" (at issues[0].created_at)"
    );
}
