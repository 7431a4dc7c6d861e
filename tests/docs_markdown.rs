//! The Markdown docs teams write: GitHub alerts and MkDocs admonitions become call-outs with
//! their kind written out; footnotes, tables and task lists render; code blocks keep their
//! `language-…` class.

mod common;

use common::SiteTest;

#[test]
fn alerts_admonitions_footnotes_tables_task_lists_and_code() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t.write(
        "docs/a.md",
        "# A\n\n> [!WARNING]\n> Back up first.\n\n> [!TIP]\n> Use the search.\n\n> A plain quote.\n\n!!! note \"Heads up\"\n    Indented **text**.\n\nAfter.[^1]\n\n[^1]: The footnote.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n```toml\nkey = 1\n```\n",
    );
    t.build(&["--strict"]).ok();
    let html = t.read("docs/a/index.html");
    for want in [
        "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>",
        "<p>Back up first.</p>",
        "<aside class=\"callout callout-tip\"><p class=\"callout-title\">Tip</p>",
        "<blockquote>\n<p>A plain quote.</p>\n</blockquote>",
        "<aside class=\"callout callout-note\"><p class=\"callout-title\">Heads up</p>",
        "<p>Indented <strong>text</strong>.</p>",
        "<table>",
        "<td>2</td>",
        "<li>\u{2611} done</li>",
        "<li>\u{2610} open</li>",
        "<code class=\"language-toml\">key = 1",
        "The footnote.",
    ] {
        assert!(html.contains(want), "lacks {want:?}:\n{html}");
    }
    // No other class survives the cleaner (a footnote definition's own is dropped).
    assert!(!html.contains("footnote-definition"), "{html}");
}
