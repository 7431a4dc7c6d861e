//! Issue 16, 9 and 6: Redmine text is rendered in the server's own formatting. A pull snapshot
//! records it (`"text_formatting"`, its first key), and `build` renders it without a flag;
//! `[sources] redmine_markup` overrides it. Redmine's Markdown (CommonMark) breaks lines at
//! single newlines and links bare URLs, as Redmine 5 does by default.

mod common;
use common::*;

/// A snapshot as `porchlight pull redmine` writes it (Redmine's list shape, scrubbed).
fn snapshot(formatting: &str, description: &str) -> String {
    format!(
        r#"{{"text_formatting": "{formatting}", "total_count": 1, "offset": 0, "limit": 1, "issues": [
{{"author":{{"id":5}},"created_on":"2026-11-02T09:00:00Z","description":"{description}","done_ratio":0,"id":7,"is_private":false,"journals":[],"priority":{{"id":2,"name":"Normal"}},"project":{{"id":1,"name":"ACME Support"}},"start_date":"2026-11-02","status":{{"id":1,"is_closed":false,"name":"New"}},"subject":"Export limits","tracker":{{"id":3,"name":"Support"}},"updated_on":"2026-11-02T09:00:00Z"}}
]}}
"#
    )
}

const TEXTILE: &str = r"h2. Large exports\r\n\r\nUse @Reports@ for *big* ones.";

fn build(config_extra: &str, snap: &str) -> (Run, String) {
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        &format!("title = \"F\"\n[sources]\ntickets = [\"redmine.json\"]\n{config_extra}"),
    );
    site.write("redmine.json", snap);
    let run = site.build(&[]).ok();
    let page = site.read("tickets/7/index.html");
    (run, page)
}

#[test]
fn a_snapshot_in_textile_is_rendered_as_textile_without_a_flag() {
    let (run, page) = build("", &snapshot("textile", TEXTILE));
    assert!(
        page.contains(
            "<div class=\"text\"><h2>Large exports</h2>\n<p>Use <code>Reports</code> for <strong>big</strong> ones.</p>"
        ),
        "{page}"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn the_config_overrides_the_recorded_formatting_and_the_misread_is_named() {
    let (run, page) = build(
        "redmine_markup = \"markdown\"\n",
        &snapshot(
            "textile",
            &format!("{TEXTILE}\\r\\n\\r\\nh3. More\\r\\n\\r\\n@x@"),
        ),
    );
    assert!(page.contains("<p>h2. Large exports</p>"), "{page}");
    assert!(
        run.stderr
            .contains("warning: 1 ticket(s) are rendered as Markdown but look like Textile"),
        "{}",
        run.stderr
    );
}

/// Redmine's CommonMark: a single newline is a line break, bare URLs are links.
#[test]
fn redmine_markdown_breaks_lines_and_links_urls_as_redmine_does() {
    let (_, page) = build(
        "",
        &snapshot(
            "common_mark",
            r"2026-11-02 09:00 export started\r\n2026-11-02 09:05 export failed\r\nSee https://status.example.com/incidents/42",
        ),
    );
    assert!(
        page.contains(
            "<p>2026-11-02 09:00 export started<br>\n2026-11-02 09:05 export failed<br>\nSee <a href=\"https://status.example.com/incidents/42\" rel=\"nofollow noopener noreferrer ugc\">https://status.example.com/incidents/42</a></p>"
        ),
        "{page}"
    );
}
