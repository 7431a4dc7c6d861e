//! Links that never break: `aliases` write a redirect page at each old URL, two docs may not
//! claim one URL, and a heading id that existed in the previous build and is gone is a warning.

mod common;

use common::{docs_shape, SiteTest};

#[test]
fn aliases_write_redirect_pages_at_the_old_urls() {
    let t = docs_shape("yaml");
    t.build(&["--strict"]).ok();
    let page = t.read("docs/money-back/index.html");
    assert!(
        page.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../docs/billing/refunds/\">"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://help.example.com/docs/billing/refunds/\">"
    ));
    assert!(page.contains("location.replace(\"../../docs/billing/refunds/\" + location.hash)"));
    // `/docs/old/refunds/`: a path written from the site root works too.
    let page = t.read("docs/old/refunds/index.html");
    assert!(
        page.contains("url=../../../docs/billing/refunds/\""),
        "{page}"
    );
}

#[test]
fn two_docs_claiming_one_url_are_an_error_naming_both() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t.write("docs/a.md", "---\ntitle: A\naliases: [billing/old]\n---\n");
    t.write("docs/billing/old.md", "# Old\n");
    let run = t.build(&[]).fails_with(1);
    let want = "docs/billing/old.md and docs/a.md both claim docs/billing/old/ (as an alias); rename one of them or remove the alias";
    assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    t.write("docs/a.md", "# A\n");
    t.write(
        "docs/billing/old.md",
        "---\ntitle: Old\naliases: [z]\n---\n",
    );
    t.write("docs/c.md", "---\ntitle: C\naliases: [z]\n---\n");
    let run = t.build(&[]).fails_with(1);
    let want = "docs/billing/old.md and docs/c.md both claim docs/z/ (as an alias)";
    assert!(run.stderr.contains(want), "{}", run.stderr);
}

#[test]
fn a_heading_id_gone_since_the_previous_build_is_a_warning() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t.write("docs/a.md", "# A\n\n## Card payments\n\n## Fees\n");
    t.build(&["--strict"]).ok();
    // Renamed, one keeping its old id.
    t.write(
        "docs/a.md",
        "# A\n\n## Paying by card {#card-payments}\n\n## Charges\n",
    );
    let run = t.build(&[]).ok();
    let want = "warning: docs/a.md: heading id #fees of docs/a/ existed in the previous build and is gone; links to docs/a/#fees now land at the top of the page (keep it with `## Heading {#fees}`)";
    assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    assert!(!run.stderr.contains("#card-payments"), "{}", run.stderr);
}
