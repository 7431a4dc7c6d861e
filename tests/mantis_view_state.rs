//! MantisBT `view_state` that cannot be read is an error, never "public": an object with
//! neither `id` nor `name` (e.g. only a translated `label`), an unknown id, or only an unknown
//! name. Found by the first hardening pass, where `{"label": "privat"}` published the issue.

mod common;

use std::path::Path;

use common::*;
use porchlight::sources::mantis;

fn issue(view_state: &str, note_view_state: &str) -> String {
    format!(
        r#"{{"issues": [{{"id": 7, "summary": "Secret subject", "description": "Secret text",
          "status": {{"id": 10, "name": "new"}}, "created_at": "2026-11-01T10:00:00Z",
          "view_state": {view_state},
          "notes": [{{"id": 71, "text": "Secret note", "created_at": "2026-11-02T10:00:00Z",
                      "view_state": {note_view_state}}}]}}]}}"#
    )
}

const PUBLIC: &str = r#"{"id": 10, "name": "public"}"#;

fn parse_err(json: &str) -> String {
    match mantis::parse(Path::new("mantis.json"), json.as_bytes()) {
        Ok(c) => panic!(
            "expected an error, got {} ticket(s), private: {:?}",
            c.tickets.len(),
            c.tickets.iter().map(|t| t.private).collect::<Vec<_>>()
        ),
        Err(e) => e.to_string(),
    }
}

#[test]
fn view_state_with_neither_id_nor_name_is_an_error_naming_the_issue() {
    for vs in [
        r#"{"label": "privat"}"#,
        "{}",
        r#"{"id": null, "name": null}"#,
    ] {
        let e = parse_err(&issue(vs, PUBLIC));
        assert!(e.contains("mantis.json"), "{e}");
        assert!(
            e.contains("issue 7: view_state has no id or name"),
            "{vs}: {e}"
        );
    }
}

#[test]
fn note_view_state_with_neither_id_nor_name_is_an_error_naming_the_note() {
    let e = parse_err(&issue(PUBLIC, r#"{"label": "privat"}"#));
    assert!(
        e.contains("issue 7 note 0: view_state has no id or name"),
        "{e}"
    );
}

#[test]
fn unknown_view_state_ids_and_names_are_errors() {
    let e = parse_err(&issue(r#"{"id": 30, "name": "public"}"#, PUBLIC));
    assert!(e.contains("issue 7: view_state has an unknown id"), "{e}");
    let e = parse_err(&issue(r#"{"name": "privat"}"#, PUBLIC));
    assert!(
        e.contains("issue 7: view_state has no id and its name is neither"),
        "{e}"
    );
    let e = parse_err(&issue(PUBLIC, r#"{"name": "öffentlich"}"#));
    assert!(
        e.contains("issue 7 note 0: view_state has no id and its name"),
        "{e}"
    );
}

#[test]
fn readable_view_states_still_work() {
    let cases = [
        (
            r#"{"id": 10, "name": "public", "label": "öffentlich"}"#,
            false,
        ),
        (r#"{"id": 50, "name": "private", "label": "privat"}"#, true),
        (r#"{"id": 50}"#, true),
        (r#"{"id": 10}"#, false),
        (r#"{"name": "private"}"#, true),
        (r#"{"name": "Public"}"#, false),
        // Contradictory: the safe reading wins.
        (r#"{"id": 10, "name": "private"}"#, true),
    ];
    for (vs, private) in cases {
        let c = mantis::parse(Path::new("mantis.json"), issue(vs, vs).as_bytes())
            .unwrap_or_else(|e| panic!("{vs}: {e}"));
        assert_eq!(c.tickets[0].private, private, "{vs}");
        assert_eq!(c.tickets[0].notes[0].private, private, "{vs}");
    }
}

#[test]
fn build_fails_cleanly_and_publishes_nothing() {
    let t = SiteTest::new();
    t.write(
        "porchlight.toml",
        "title = \"M\"\n[sources]\ntickets = [\"tickets.json\"]\nformat = \"mantis\"\ndocs = \"docs\"\n",
    );
    t.write("tickets.json", &issue(r#"{"label": "privat"}"#, PUBLIC));
    let r = t.build(&[]).fails_with(1);
    assert!(r.stderr.contains("tickets.json"), "{}", r.stderr);
    assert!(
        r.stderr.contains("view_state has no id or name"),
        "{}",
        r.stderr
    );
    assert!(!t.out().exists(), "a site was written");
}
