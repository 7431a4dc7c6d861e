//! Redmine reader: real samples from `../shared/fixtures/redmine/` (legacy Redmine 1.x/2.x answers
//! recorded by redmine-java-api; those tests are ignored when the folder is not beside the
//! repository, and tests/tracker_sites.rs covers the same shapes from hand-written fixtures)
//! and hand-made Redmine 5 fixtures with what the samples lack (journals, private notes, status
//! history, an `issue_statuses.json` beside the export).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use porchlight::model::{Markup, Role, StatusChange, Ticket};
use porchlight::sources::{self, redmine, Format, SourceError};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/redmine")
        .join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources/redmine")
        .join(rel)
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

fn change(at: chrono::DateTime<Utc>, from: Option<&str>, to: &str) -> StatusChange {
    StatusChange {
        at,
        from: from.map(str::to_string),
        to: to.to_string(),
    }
}

fn ticket<'a>(tickets: &'a [Ticket], id: &str) -> &'a Ticket {
    tickets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no ticket {id}"))
}

#[test]
fn redmine5_list_maps_every_field() {
    let path = fixture("with-statuses/issues.json");
    let corpus = sources::read_export(&path, None).unwrap();
    assert_eq!(corpus.tickets.len(), 2);
    let t = ticket(&corpus.tickets, "42");
    assert_eq!(t.subject, "Invoice export <CSV> drops umlauts");
    assert_eq!(
        t.description,
        "The export drops & mangles ü.\n\n* step one\n* step two"
    );
    assert_eq!(t.markup, Markup::Markdown);
    assert_eq!(t.status, "In Progress");
    assert_eq!(t.status_closed, Some(false));
    assert_eq!(t.severity.as_deref(), Some("High"));
    assert_eq!(t.category.as_deref(), Some("Billing"));
    assert_eq!(t.tracker.as_deref(), Some("Bug"));
    assert_eq!(t.project.as_deref(), Some("Customer Support"));
    assert_eq!(t.target_version.as_deref(), Some("v4.17"));
    assert_eq!(t.due_date, NaiveDate::from_ymd_opt(2026, 3, 14));
    assert_eq!(t.done_ratio, Some(50));
    assert!(!t.private);
    assert_eq!(t.created, at(2026, 3, 1, 9, 0, 0));
    assert_eq!(t.updated, Some(at(2026, 3, 5, 10, 0, 0)));
    // Redmine keeps closed_on on a reopened issue; a customer must not read "closed" on it.
    assert_eq!(t.closed, None);

    assert_eq!(t.internal.reporter.as_deref(), Some("Ada Customer"));
    assert_eq!(t.internal.assignee.as_deref(), Some("Sam Staff"));
    assert_eq!(t.internal.time_spent_hours, Some(1.5));
    assert_eq!(t.internal.estimated_hours, Some(4.0));
    assert_eq!(
        t.internal.custom_fields,
        vec![
            ("Contract".to_string(), "ACME-77".to_string()),
            ("Affected".to_string(), "web, api".to_string())
        ]
    );

    // Journals 1002 (notes: null) and 1005 (blank) carry no text: no note.
    let ids: Vec<&str> = t.notes.iter().map(|n| n.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["1001", "1003", "1004"]);
    let (staff, private, customer) = (&t.notes[0], &t.notes[1], &t.notes[2]);
    assert_eq!(
        (staff.author.as_str(), staff.role, staff.private),
        ("Sam Staff", Role::Staff, false)
    );
    assert_eq!(staff.text, "Thanks, we can reproduce it.");
    assert_eq!(staff.created, at(2026, 3, 2, 8, 0, 0));
    assert!(private.private);
    assert!(private.text.contains("PRIVMARK-0123456789"));
    assert_eq!(
        (customer.author.as_str(), customer.role, customer.private),
        ("Ada Customer", Role::Customer, false)
    );
    assert!(t.notes.iter().all(|n| n.markup == Markup::Markdown));

    assert_eq!(
        t.history,
        vec![
            change(at(2026, 3, 1, 9, 0, 0), None, "New"),
            change(at(2026, 3, 2, 8, 0, 0), Some("New"), "In Progress"),
            change(at(2026, 3, 3, 12, 0, 0), Some("In Progress"), "Closed"),
            change(at(2026, 3, 5, 10, 0, 0), Some("Closed"), "In Progress"),
        ]
    );

    let p = ticket(&corpus.tickets, "41");
    assert!(p.private);
    assert_eq!(p.description, "");
    assert!(p.notes.is_empty());
    assert_eq!(
        p.history,
        vec![change(at(2026, 2, 1, 9, 0, 0), None, "New")]
    );
    assert_eq!(p.due_date, None);
}

#[test]
fn streaming_and_in_memory_reads_agree() {
    let path = fixture("with-statuses/issues.json");
    let bytes = std::fs::read(&path).unwrap();
    let a = redmine::parse(&path, &bytes, Markup::Markdown).unwrap();
    let b = redmine::parse_file(&path, Markup::Markdown).unwrap();
    assert_eq!(format!("{:?}", a.tickets), format!("{:?}", b.tickets));
}

#[test]
fn single_issue_without_statuses_file_uses_placeholders_and_current_status() {
    let path = fixture("no-statuses/issue.json");
    assert_eq!(
        sources::detect(&path, &std::fs::read(&path).unwrap()).unwrap(),
        Format::Redmine
    );
    let corpus = redmine::parse_file(&path, Markup::Textile).unwrap();
    let t = &corpus.tickets[0];
    assert_eq!(t.markup, Markup::Textile);
    assert_eq!(t.description, "h2. Textile heading\n\n*bold*");
    assert_eq!(t.closed, Some(at(2026, 1, 4, 0, 0, 0)));
    // Ids 1 and 4 are unknown; the last change leads to the current status (6, Rejected).
    assert_eq!(
        t.history,
        vec![
            change(at(2026, 1, 1, 0, 0, 0), None, "status #1"),
            change(at(2026, 1, 2, 0, 0, 0), Some("status #1"), "status #4"),
            change(at(2026, 1, 4, 0, 0, 0), Some("status #4"), "Rejected"),
        ]
    );
    // The empty-notes journal gives no note; the other one is staff's.
    assert_eq!(t.notes.len(), 1);
    assert_eq!(t.notes[0].role, Role::Staff);
    assert_eq!(t.notes[0].markup, Markup::Textile);

    // With the statuses list given explicitly, every id has its name.
    let statuses = redmine::parse_statuses(
        &fixture("with-statuses/issue_statuses.json"),
        &std::fs::read(fixture("with-statuses/issue_statuses.json")).unwrap(),
    )
    .unwrap();
    let options = redmine::RedmineOptions {
        markup: Markup::Markdown,
        statuses,
    };
    let corpus = redmine::parse_with(&path, &std::fs::read(&path).unwrap(), &options).unwrap();
    let names: Vec<&str> = corpus.tickets[0]
        .history
        .iter()
        .map(|h| h.to.as_str())
        .collect();
    assert_eq!(names, ["New", "Feedback", "Rejected"]);
}

#[test]
fn statuses_learned_from_later_issues_replace_placeholders() {
    // Issue 2's history mentions status 3, which only issue 1 (read later) has as its current
    // status: the name is filled in after the whole list has been read.
    let json = br#"{"issues":[
      {"id":2,"status":{"id":1,"name":"New"},"subject":"a","created_on":"2026-01-01T00:00:00Z",
       "journals":[{"id":1,"user":{"id":3,"name":"S"},"notes":null,"created_on":"2026-01-02T00:00:00Z",
         "details":[{"property":"attr","name":"status_id","old_value":"1","new_value":"3"}]},
        {"id":2,"user":{"id":3,"name":"S"},"notes":null,"created_on":"2026-01-03T00:00:00Z",
         "details":[{"property":"attr","name":"status_id","old_value":"3","new_value":"1"}]}]},
      {"id":1,"status":{"id":3,"name":"Resolved","is_closed":false},"subject":"b","created_on":"2025-01-01T00:00:00Z"}
    ]}"#;
    let corpus = redmine::parse_with(
        Path::new("mem.json"),
        json,
        &redmine::RedmineOptions::default(),
    )
    .unwrap();
    let names: Vec<&str> = corpus.tickets[0]
        .history
        .iter()
        .map(|h| h.to.as_str())
        .collect();
    assert_eq!(names, ["New", "Resolved", "New"]);
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn legacy_redmine_samples_parse_with_their_dates() {
    // redmine-java-api: a Redmine 1.x list with "2011/01/24 13:59:25 -0800" dates.
    let path = shared("redmine-java-api/redmine_issues.json");
    let corpus = sources::read_export(&path, None).unwrap();
    assert_eq!(corpus.tickets.len(), 26);
    let t = &corpus.tickets[0];
    assert_eq!(t.id, "72");
    assert_eq!(t.subject, "testGetIssues: Mon Jan 24 13:59:26 PST 2011");
    assert_eq!(t.created, at(2011, 1, 24, 21, 59, 25));
    assert_eq!(t.status, "New");
    assert_eq!(t.status_closed, None);
    assert_eq!(t.severity.as_deref(), Some("Normal"));
    assert!(!t.private);
    let last = ticket(&corpus.tickets, "239");
    assert_eq!(last.due_date, NaiveDate::from_ymd_opt(2011, 1, 30));
    assert_eq!(last.internal.assignee.as_deref(), Some("Dina TheDog"));
    assert_eq!(last.internal.estimated_hours, Some(20.0));

    // A single issue (`{"issue": ...}`) whose status id is a string, with French names.
    let path = shared("redmine-java-api/issue_with_multiline_description.json");
    let corpus = sources::read_export(&path, Some(Format::Redmine)).unwrap();
    let t = &corpus.tickets[0];
    assert_eq!(
        (t.id.as_str(), t.status.as_str(), t.tracker.as_deref()),
        ("531", "Résolu", Some("Tâche"))
    );
    assert_eq!(
        t.description,
        "This is a description \nwith more than \n\n\none line."
    );
    assert_eq!(t.done_ratio, Some(50));
    assert_eq!(t.created, at(2011, 7, 25, 12, 3, 12));

    // German names and a multi-value custom field.
    let corpus = sources::read_export(&shared("redmine-java-api/jsonTest.json"), None).unwrap();
    let ids: Vec<&str> = corpus.tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["21", "20", "19", "18", "17"]);
    assert_eq!(corpus.tickets[1].status, "In Bearbeitung");
    assert_eq!(
        corpus.tickets[1].internal.custom_fields,
        vec![
            ("addUsers".to_string(), "5, 1, 3".to_string()),
            ("oneUser".to_string(), String::new())
        ]
    );

    let corpus =
        sources::read_export(&shared("redmine-java-api/issues_empty_list.json"), None).unwrap();
    assert!(corpus.tickets.is_empty());
}

fn err_text(r: Result<porchlight::model::Corpus, SourceError>) -> String {
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
fn not_json_sample_names_file_line_and_column() {
    // Redmine 1.2.2 wrote `issues` without quotes.
    let path = shared("redmine-java-api/redmine_1.2.2_dev_issues.json");
    let msg = err_text(sources::read_export(&path, None));
    assert_eq!(
        msg,
        format!("{}:1:46: key must be a string", path.display())
    );
    let msg = err_text(redmine::parse(
        &path,
        &std::fs::read(&path).unwrap(),
        Markup::Markdown,
    ));
    assert_eq!(
        msg,
        format!("{}:1:46: key must be a string", path.display())
    );
}

#[test]
fn bad_date_names_issue_path_line_and_column() {
    let path = fixture("malformed.json");
    let msg = err_text(sources::read_export(&path, None));
    assert_eq!(
        msg,
        format!(
            "{}:3:84: expected a date-time such as 2026-03-04T02:14:42Z or 2011/01/24 13:59:25 -0800, \
             found \"yesterday\" (at issues[1].created_on)",
            path.display()
        )
    );
}

#[test]
fn truncated_file_names_issue_path_line_and_column() {
    let path = fixture("truncated.json");
    let msg = err_text(sources::read_export(&path, Some(Format::Redmine)));
    assert_eq!(
        msg,
        format!(
            "{}:3:44: EOF while parsing a string (at issues[1])",
            path.display()
        )
    );
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn real_request_body_and_bare_issue_are_refused() {
    // A create request body, not an answer: issues have no id.
    let path = shared("redmine-java-api/issues_foreign_symbols.json");
    let msg = err_text(sources::read_export(&path, Some(Format::Redmine)));
    assert_eq!(
        msg,
        format!("{}:10:5: missing field `id` (at issues[0])", path.display())
    );

    // A bare issue (not wrapped in "issue") is not a Redmine answer.
    let path = shared("redmine-java-api/issue_with_assignee.json");
    let msg = err_text(sources::read_export(&path, Some(Format::Redmine)));
    assert_eq!(
        msg,
        format!(
            "{}: at the top level: expected a Redmine issue list {{\"issues\": [...]}} or one issue \
             {{\"issue\": {{...}}}}, found neither key",
            path.display()
        )
    );
}
