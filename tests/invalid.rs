//! Bad input: each case gives one clear error naming the file, the place and what was
//! expected, exits 1, and leaves the previously built site exactly as it was.

mod common;
use common::*;

const GOOD: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "Login fails", "status": "New", "created": "2026-11-01T10:00:00Z"}
]}"#;

/// Builds a good site, breaks it with `breakage`, rebuilds, and checks the error and that
/// `public/` is byte-for-byte unchanged.
fn fails_keeping_old_site(breakage: impl FnOnce(&SiteTest), expected: &str) {
    let site = SiteTest::new();
    site.write("tickets.json", GOOD);
    site.write("docs/a.md", "+++\ntitle = \"A\"\n+++\nText\n");
    site.build(&[]).ok();
    let before = snapshot(&site.out());
    breakage(&site);
    let run = site.build(&[]).fails_with(1);
    assert!(
        run.stderr.contains(expected),
        "expected error containing:\n  {expected}\ngot:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        before,
        snapshot(&site.out()),
        "public/ changed after a failed build"
    );
    // And no temporary folder is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("porchlight-")
                && n != ".public.porchlight-manifest.json"
                && n != ".public.porchlight-site"
                && n != ".public.porchlight-anchors.json"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn malformed_json_names_file_line_and_column() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "tickets.json",
                "{\"porchlight\": 1, \"tickets\": [\n  {\"id\": 1,, }\n]}",
            )
        },
        "error: tickets.json:2:12: key must be a string (at tickets[0])",
    );
}

#[test]
fn missing_export_file() {
    fails_keeping_old_site(
        |s| std::fs::remove_file(s.path().join("tickets.json")).unwrap(),
        "error: cannot read tickets.json: No such file or directory",
    );
}

#[test]
fn duplicate_ticket_ids() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "tickets.json",
                r#"{"porchlight": 1, "tickets": [
  {"id": 7, "subject": "a", "status": "New", "created": "2026-11-01T10:00:00Z"},
  {"id": "7", "subject": "b", "status": "New", "created": "2026-11-01T10:00:00Z"}]}"#,
            )
        },
        "error: tickets.json: ticket id 7 appears twice; each ticket must have its own id",
    );
}

#[test]
fn invalid_date_names_the_field() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "tickets.json",
                r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "a", "status": "New", "created": "yesterday"}]}"#,
            )
        },
        "error: tickets.json:2:67: input contains invalid characters (at tickets[0].created)",
    );
}

#[test]
fn misspelt_private_flag_is_refused() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "tickets.json",
                r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "a", "status": "New", "created": "2026-11-01T10:00:00Z", "privat": true}]}"#,
            )
        },
        "(at tickets[0].privat)",
    );
}

#[test]
fn front_matter_that_does_not_parse() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "docs/a.md",
                "+++\ntitle = \"A\ndate = 2026-01-01\n+++\nText\n",
            )
        },
        "docs/a.md: at line 2: invalid basic string",
    );
}

#[test]
fn unknown_theme() {
    fails_keeping_old_site(
        |s| {
            let cfg = std::fs::read_to_string(s.path().join("porchlight.toml")).unwrap();
            s.write("porchlight.toml", &cfg.replace("title =", "theme = \"fancy\"\ntitle ="));
        },
        "theme \"fancy\" not found: there is no folder themes/fancy (the built-in theme is \"default\")",
    );
}

#[test]
fn unknown_config_key() {
    fails_keeping_old_site(
        |s| {
            s.write(
                "porchlight.toml",
                "title = \"x\"\n[sources]\ntickets = [\"tickets.json\"]\ndoc = \"docs\"\n",
            )
        },
        "porchlight.toml: TOML parse error at line 4, column 1",
    );
}

#[test]
fn unknown_status_is_a_warning_and_strict_makes_it_exit_3() {
    let site = SiteTest::new();
    site.write(
        "tickets.json",
        r#"{"porchlight": 1, "tickets": [{"id": 9, "subject": "a", "status": "Parked", "created": "2026-11-01T10:00:00Z"}]}"#,
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains(
        "warning: ticket 9: status \"Parked\" is not in the workflow map; shown as \"Under review\". Add it under [workflow.statuses] in porchlight.toml"
    ), "{}", run.stderr);
    assert!(site
        .read("tickets/9/index.html")
        .contains("badge stage-under-review\">Under review"));
    let before = snapshot(&site.out());
    let run = site.build(&["--strict"]).fails_with(3);
    assert!(
        run.stderr
            .contains("1 input warning(s) and --strict is set; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&site.out()));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = SiteTest::new();
    site.write("tickets.json", GOOD);
    site.write("mine/keep.txt", "precious");
    let run = site.build(&["--out", "mine"]).fails_with(1);
    assert!(
        run.stderr
            .contains("is not empty and was not written by Porchlight"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("mine/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn check_writes_nothing_and_fails_on_errors() {
    let site = SiteTest::new();
    site.write("tickets.json", GOOD);
    run_in(site.path(), &["check", "--now", NOW]).ok();
    assert!(!site.out().exists());
    site.write("tickets.json", "{\"porchlight\": 1, \"tickets\": [");
    let run = run_in(site.path(), &["check"]).fails_with(1);
    assert!(
        run.stderr
            .contains("error: tickets.json:1:30: EOF while parsing a list (at tickets)"),
        "{}",
        run.stderr
    );
}
