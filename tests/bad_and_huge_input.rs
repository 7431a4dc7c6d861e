//! Bad and huge input: a 50 MB note, 10,000 notes on one ticket, deeply nested JSON, XML and
//! TOML, invalid UTF-8, truncated and empty files, in every reader. Each gives a clear error
//! (exit 1, the file named, a short message) or a bounded result; never a panic, an abort or a
//! signal, and a failed build leaves the previous site as it was.
//!
//! Peak memory is not asserted (it depends on the allocator); the figures measured with
//! `/usr/bin/time -v` are in the hardening closing note.

mod common;

use common::*;

const FORMATS: &[(&str, &str)] = &[
    ("native", "tickets.json"),
    ("redmine", "tickets.json"),
    ("mantis", "tickets.json"),
    ("mantis-xml", "tickets.xml"),
    ("github", "tickets.json"),
];

/// A site reading `file` in `format`, with a docs folder.
fn site(format: &str, file: &str) -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "porchlight.toml",
        &format!("title = \"Input\"\n[sources]\ntickets = [\"{file}\"]\nformat = \"{format}\"\ndocs = \"docs\"\n"),
    );
    t
}

fn write_bytes(t: &SiteTest, rel: &str, bytes: &[u8]) {
    std::fs::write(t.path().join(rel), bytes).unwrap();
}

/// A valid one-ticket export in each format.
fn good(format: &str) -> String {
    match format {
        "native" => r#"{"porchlight": 1, "tickets": [{"id": 1, "subject": "Good ticket", "status": "New", "created": "2026-11-01T10:00:00Z", "description": "Fine text"}]}"#.into(),
        "redmine" => r#"{"issues": [{"id": 1, "subject": "Good ticket", "description": "Fine text", "status": {"id": 1, "name": "New"}, "created_on": "2026-11-01T10:00:00Z"}], "total_count": 1}"#.into(),
        "mantis" => r#"{"issues": [{"id": 1, "summary": "Good ticket", "description": "Fine text", "view_state": {"id": 10, "name": "public"}, "status": {"id": 10, "name": "new"}, "created_at": "2026-11-01T10:00:00Z"}]}"#.into(),
        "mantis-xml" => r#"<?xml version="1.0" encoding="UTF-8"?><mantis version="2.26.0" format="1"><issue><id>1</id><summary>Good ticket</summary><description>Fine text</description><status id="10">new</status><view_state id="10">public</view_state><date_submitted>1761991200</date_submitted></issue></mantis>"#.into(),
        "github" => r#"[{"number": 1, "title": "Good ticket", "body": "Fine text", "state": "open", "created_at": "2026-11-01T10:00:00Z"}]"#.into(),
        _ => unreachable!(),
    }
}

/// The build failed cleanly: exit 1, an `error:` line naming `file`, a bounded message, no
/// panic; and the previous site is unchanged.
fn assert_clean_failure(
    t: &SiteTest,
    r: &Run,
    file: &str,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    assert!(
        !r.stderr.contains("panicked"),
        "{what}: panic:\n{}",
        r.stderr
    );
    assert_eq!(
        r.status, 1,
        "{what}: expected exit 1 (a signal gives -1):\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    assert!(r.stderr.starts_with("error:"), "{what}: {}", r.stderr);
    assert!(
        r.stderr.contains(file),
        "{what}: the error does not name {file}:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.len() < 8 * 1024,
        "{what}: {} bytes of error output",
        r.stderr.len()
    );
    assert_eq!(
        &snapshot(&t.out()),
        before,
        "{what}: the previous site changed"
    );
}

/// Builds the good export, then replaces it with `bad` and builds again.
fn check_bad(format: &str, file: &str, bad: &[u8], what: &str) -> Run {
    let t = site(format, file);
    t.write(file, &good(format));
    t.build(&[]).ok();
    let before = snapshot(&t.out());
    assert!(
        before.contains_key("tickets/1/index.html"),
        "{what}: good export did not publish"
    );
    write_bytes(&t, file, bad);
    let r = t.build(&[]);
    assert_clean_failure(&t, &r, file, &before, &format!("{format}: {what}"));
    r
}

#[test]
fn truncated_empty_and_garbage_files_fail_cleanly_in_every_reader() {
    for (format, file) in FORMATS {
        let g = good(format);
        for cut in [g.len() / 2, g.len() - 1, 1] {
            check_bad(
                format,
                file,
                &g.as_bytes()[..cut],
                &format!("truncated at {cut}"),
            );
        }
        check_bad(format, file, b"", "empty file");
        check_bad(format, file, b"\xef\xbb\xbf", "only a BOM");
        check_bad(
            format,
            file,
            b"\x00\x01\x02\xff\xfe garbage",
            "binary garbage",
        );
    }
}

#[test]
fn invalid_utf8_fails_cleanly_in_every_reader_and_in_docs() {
    for (format, file) in FORMATS {
        let g = good(format);
        // Invalid bytes inside the ticket text.
        let bad = g.replacen("Fine text", "Fine \u{1}", 1).into_bytes();
        let mut bad: Vec<u8> = bad;
        let i = bad.iter().position(|&b| b == 1).unwrap();
        bad.splice(i..i + 1, [0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
        let r = check_bad(format, file, &bad, "invalid UTF-8 in a text");
        assert!(
            r.stderr.to_lowercase().contains("utf-8") || r.stderr.contains("unicode"),
            "{format}: {}",
            r.stderr
        );
    }
    // Lone surrogates written as JSON escapes are not text either.
    for (format, file) in FORMATS.iter().filter(|(f, _)| *f != "mantis-xml") {
        let bad = good(format).replacen("Fine text", "Fine \\ud800 text", 1);
        check_bad(format, file, bad.as_bytes(), "lone surrogate escape");
    }
    // A doc with invalid UTF-8.
    let t = site("native", "tickets.json");
    t.write("tickets.json", &good("native"));
    t.write("docs/ok.md", "+++\ntitle = \"Ok\"\n+++\nbody\n");
    t.build(&[]).ok();
    let before = snapshot(&t.out());
    write_bytes(
        &t,
        "docs/bad.md",
        b"+++\ntitle = \"Bad \xff\xfe\"\n+++\nbody \xc3\x28\n",
    );
    let r = t.build(&[]);
    assert_clean_failure(&t, &r, "bad.md", &before, "doc with invalid UTF-8");
    assert!(r.stderr.contains("UTF-8"), "{}", r.stderr);
}

#[test]
fn deep_nesting_gives_an_error_not_a_stack_overflow() {
    let n = 100_000;
    let open = "[".repeat(n);
    let closed = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let cases: Vec<(&str, &str, String)> = vec![
        ("native", "tickets.json", format!("{{\"porchlight\": 1, \"tickets\": {open}")),
        ("native", "tickets.json", format!("{{\"porchlight\": 1, \"tickets\": [{{\"id\": 1, \"custom_fields\": {{\"x\": {closed}}}}}]}}")),
        ("redmine", "tickets.json", format!("{{\"issues\": {open}")),
        ("redmine", "tickets.json", format!("{{\"issues\": [{{\"id\": 1, \"custom_fields\": [{{\"name\": \"x\", \"value\": {closed}}}]}}]}}")),
        ("mantis", "tickets.json", format!("{{\"issues\": [{{\"id\": 1, \"custom_fields\": {closed}}}]}}")),
        ("github", "tickets.json", format!("{{\"items\": {open}")),
        ("github", "tickets.json", closed.clone()),
    ];
    for (format, file, text) in cases {
        let r = check_bad(format, file, text.as_bytes(), "100,000 nested arrays");
        assert!(
            ["recursion limit", "invalid type", "EOF while parsing"]
                .iter()
                .any(|m| r.stderr.contains(m)),
            "{format}: {}",
            r.stderr
        );
    }
    // Nesting inside a field the reader skips must be bounded too: an error or a site, no abort.
    for (format, text) in [
        ("redmine", format!("{{\"other\": {closed}, \"issues\": []}}")),
        ("redmine", format!("{{\"issues\": [{{\"id\": 1, \"zzz\": {closed}, \"subject\": \"x\", \"status\": {{\"name\": \"New\"}}, \"created_on\": \"2026-11-01T10:00:00Z\"}}]}}")),
        ("mantis", format!("{{\"issues\": [{{\"id\": 1, \"zzz\": {closed}, \"summary\": \"x\", \"view_state\": {{\"id\": 10}}, \"status\": {{\"id\": 10, \"name\": \"new\"}}, \"created_at\": \"2026-11-01T10:00:00Z\"}}]}}")),
    ] {
        let t = site(format, "tickets.json");
        t.write("tickets.json", &text);
        let r = t.build(&[]);
        assert!(!r.stderr.contains("panicked") && (r.status == 0 || r.status == 1), "{format}: skipped nesting: exit {}\n{}", r.status, r.stderr);
    }
    // XML: a million nested elements (this overflowed the stack before the depth limit).
    for depth in [100_000usize, 1_000_000] {
        let xml = format!(
            "<?xml version=\"1.0\"?><mantis format=\"1\"><issue><id>1</id><date_submitted>1700000000</date_submitted><view_state id=\"10\">public</view_state><zz>{}{}</zz></issue></mantis>",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        let r = check_bad(
            "mantis-xml",
            "tickets.xml",
            xml.as_bytes(),
            &format!("{depth} nested elements"),
        );
        assert!(r.stderr.contains("nested"), "{}", r.stderr);
    }
    // TOML front matter and config.
    let t = site("native", "tickets.json");
    t.write("tickets.json", &good("native"));
    t.build(&[]).ok();
    let before = snapshot(&t.out());
    t.write(
        "docs/deep.md",
        &format!("+++\ntitle = \"x\"\nx = {closed}\n+++\nbody\n"),
    );
    let r = t.build(&[]);
    assert_clean_failure(&t, &r, "deep.md", &before, "nested front matter");
    std::fs::remove_file(t.path().join("docs/deep.md")).unwrap();
    let config = std::fs::read_to_string(t.path().join("porchlight.toml")).unwrap();
    t.write(
        "porchlight.toml",
        &format!(
            "{config}\n[workflow.statuses]\nx = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    let r = t.build(&[]);
    assert!(
        !r.stderr.contains("panicked") && r.status == 1,
        "nested config: exit {}\n{}",
        r.status,
        r.stderr.chars().take(2000).collect::<String>()
    );
    assert!(
        r.stderr.contains("porchlight.toml"),
        "nested config error names no file"
    );
    assert_eq!(snapshot(&t.out()), before);
}

#[test]
fn ten_thousand_notes_on_one_ticket() {
    let notes: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            serde_json::json!({"author": format!("author {i}"), "role": if i % 2 == 0 { "customer" } else { "staff" },
                "created": "2026-11-02T10:00:00Z", "private": i % 3 == 0,
                "text": if i % 3 == 0 { format!("PRIVNOTE{i:05}x secret") } else { format!("Public note {i} with *emphasis* and <b>html</b>") }})
        })
        .collect();
    let t = site("native", "tickets.json");
    t.write("tickets.json", &serde_json::json!({"porchlight": 1, "tickets": [{"id": 1, "subject": "Many notes", "status": "New", "created": "2026-11-01T10:00:00Z", "notes": notes}]}).to_string());
    let started = std::time::Instant::now();
    let r = t.build(&[]).ok();
    println!("10,000 notes: {:.2} s", started.elapsed().as_secs_f64());
    assert!(
        r.stdout.contains("notes withheld          3334"),
        "{}",
        r.stdout
    );
    let page = t.read("tickets/1/index.html");
    assert!(page.contains("Public note 9998 with <em>emphasis</em>"));
    assert_eq!(
        page.matches("class=\"note ").count(),
        6666,
        "every public note is on the page"
    );
    let secrets: Vec<String> = (0..10_000)
        .step_by(3 * 97)
        .map(|i| format!("PRIVNOTE{i:05}x"))
        .collect();
    assert_absent(&t.out(), &secrets);
}

#[test]
fn a_50_mb_note_builds_with_output_proportional_to_input() {
    let line = "word word word word word word word word word word\n";
    let mut text = String::with_capacity(50 * 1024 * 1024 + 64);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("ENDOFHUGENOTE");
    let export = serde_json::json!({"porchlight": 1, "tickets": [{"id": 1, "subject": "Huge", "status": "New", "created": "2026-11-01T10:00:00Z",
        "notes": [{"author": "a", "role": "customer", "created": "2026-11-02T10:00:00Z", "text": text},
                  {"author": "b", "role": "staff", "created": "2026-11-02T11:00:00Z", "text": format!("PRIVHUGE {}", &text[..1 << 20]), "private": true}]}]})
    .to_string();
    let t = site("native", "tickets.json");
    t.write("tickets.json", &export);
    drop(text);
    let started = std::time::Instant::now();
    t.build(&[]).ok();
    let files = snapshot(&t.out());
    let total: usize = files.values().map(Vec::len).sum();
    println!(
        "50 MB note: {:.2} s, {} output files, {:.1} MB written",
        started.elapsed().as_secs_f64(),
        files.len(),
        total as f64 / 1e6
    );
    // The note is on its page (pages, feeds), once per file: bounded by a small multiple.
    assert!(String::from_utf8_lossy(&files["tickets/1/index.html"]).contains("ENDOFHUGENOTE"));
    assert!(
        total < 4 * export.len(),
        "output {total} bytes for {} bytes of input",
        export.len()
    );
    for (name, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("PRIVHUGE"),
            "private huge note in {name}"
        );
    }
}
