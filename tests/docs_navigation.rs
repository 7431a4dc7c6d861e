//! Navigation order: an mdBook `SUMMARY.md`, an `mkdocs.yml` `nav:` or a wiki's `_Sidebar.md`
//! orders sections and pages; otherwise `weight`, then title. Each doc page has a section
//! sidebar (a labelled nav landmark, the current page marked by `aria-current`) and previous /
//! next links in that order.

mod common;

use common::docs_shape;

fn page(t: &common::SiteTest, rel: &str) -> String {
    t.read(rel)
}

/// The titles the sidebar of a page lists, in order.
fn sidebar(html: &str) -> Vec<String> {
    let start = html.find("<nav class=\"doc-sidebar\"").expect("a sidebar");
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.split("<li>")
        .skip(1)
        .map(|li| {
            let a = &li[li.find('>').unwrap() + 1..];
            a[..a.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn an_mdbook_summary_orders_the_pages() {
    let t = docs_shape("mdbook");
    t.build(&["--strict"]).ok();
    let html = page(&t, "docs/installation/index.html");
    // SUMMARY.md lists Introduction before Installation (by title it would come after).
    assert_eq!(sidebar(&html), ["Introduction", "Installation"]);
    assert!(
        html.contains("<nav class=\"doc-sidebar\" aria-label=\"Pages in General\">"),
        "{html}"
    );
    assert!(html
        .contains("<a href=\"../../docs/installation/\" aria-current=\"page\">Installation</a>"));
    assert!(html.contains("<nav class=\"doc-pager\" aria-label=\"Previous and next page\">"));
    assert!(html.contains("<a class=\"prev\" rel=\"prev\" href=\"../../docs/readme/\"><span>Previous</span> Introduction</a>"), "{html}");
    // The next page is the first of the next section.
    assert!(html.contains("<a class=\"next\" rel=\"next\" href=\"../../docs/advanced/readme/\"><span>Next</span> Advanced</a>"), "{html}");
    let html = page(&t, "docs/advanced/tuning/index.html");
    assert_eq!(sidebar(&html), ["Advanced", "Tuning"]);
    assert!(!html.contains("rel=\"next\""), "the last page has no next");
}

#[test]
fn an_mkdocs_nav_orders_the_pages() {
    let t = docs_shape("mkdocs");
    t.build(&["--strict"]).ok();
    let html = page(&t, "docs/user-guide/configuring/index.html");
    assert_eq!(sidebar(&html), ["Writing your docs", "Configuring"]);
    assert!(
        html.contains("<span>Previous</span> Writing your docs</a>"),
        "{html}"
    );
}

#[test]
fn a_wiki_sidebar_orders_the_pages() {
    let t = docs_shape("wiki");
    t.build(&["--strict"]).ok();
    let html = page(&t, "docs/home/index.html");
    assert_eq!(sidebar(&html), ["Home", "Installation", "FAQ"]);
    assert!(!html.contains("rel=\"prev\""));
    assert!(html.contains("<a class=\"next\" rel=\"next\" href=\"../../docs/installation/\"><span>Next</span> Installation</a>"), "{html}");
}

#[test]
fn without_a_nav_file_weight_then_title_order_the_pages() {
    let t = docs_shape("yaml");
    t.build(&["--strict"]).ok();
    let html = page(&t, "docs/billing/refunds/index.html");
    // Invoices has weight 1, refunds weight 2.
    assert_eq!(sidebar(&html), ["Invoices", "Refunds: how they work"]);
    assert!(html.contains("<a class=\"prev\" rel=\"prev\" href=\"../../../docs/billing/invoices/\"><span>Previous</span> Invoices</a>"), "{html}");
    assert!(html.contains("<nav class=\"doc-sidebar\" aria-label=\"Pages in Billing\">\n<h2><a href=\"../../../docs/#billing\">Billing</a></h2>"), "{html}");
}
