//! The ticket page tells the truth: the progress bar ticks only the stages the ticket went
//! through (a skipped stage looks skipped), a closing decision ends the bar as itself, and a
//! ticket without a description has no empty "Description" section.

mod common;
use common::*;

const EXPORT: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "Dark mode for reports", "status": "Won't fix", "created": "2026-11-01T10:00:00Z",
   "closed": "2026-11-05T10:00:00Z", "description": "Please add it.",
   "history": [{"at": "2026-11-01T10:00:00Z", "to": "New"},
               {"at": "2026-11-05T10:00:00Z", "from": "New", "to": "Won't fix"}]},
  {"id": 2, "subject": "Typo on the invoice page", "status": "Resolved", "created": "2026-11-01T10:00:00Z",
   "description": "",
   "history": [{"at": "2026-11-01T10:00:00Z", "to": "New"},
               {"at": "2026-11-02T10:00:00Z", "from": "New", "to": "Resolved"}]},
  {"id": 3, "subject": "Export is slow", "status": "Feedback", "created": "2026-11-01T10:00:00Z",
   "description": "It takes minutes."}
]}"#;

/// `(state, name)` of each step of the page's progress bar.
fn bar(page: &str) -> Vec<(String, String)> {
    let start = page.find("class=\"progress\"").expect("a progress bar");
    let end = start + page[start..].find("</ol>").unwrap();
    page[start..end]
        .split("<li class=\"")
        .skip(1)
        .map(|li| {
            let state = &li[..li.find('"').unwrap()];
            let name = &li[li.find("<span>").unwrap() + 6..li.find("</span>").unwrap()];
            (state.to_string(), name.replace("&#39;", "'"))
        })
        .collect()
}

fn states(page: &str) -> Vec<String> {
    bar(page)
        .into_iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect()
}

#[test]
fn the_bar_ticks_only_the_stages_the_ticket_went_through() {
    let site = SiteTest::new();
    site.write("tickets.json", EXPORT);
    site.build(&[]).ok();
    assert_eq!(
        states(&site.read("tickets/1/index.html")),
        [
            "done:Received",
            "skipped:Under review",
            "skipped:Confirmed",
            "skipped:In progress",
            "skipped:Fix in testing",
            "skipped:Released",
            "current:Won't fix"
        ]
    );
    assert_eq!(
        states(&site.read("tickets/2/index.html")),
        [
            "done:Received",
            "skipped:Under review",
            "skipped:Confirmed",
            "skipped:In progress",
            "current:Fix in testing",
            "todo:Released",
            "todo:Closed"
        ]
    );
    // No history at all: the tracker said nothing about the way, so the steps before count.
    assert_eq!(
        states(&site.read("tickets/3/index.html")),
        [
            "done:Received",
            "current:Under review",
            "todo:Confirmed",
            "todo:In progress",
            "todo:Fix in testing",
            "todo:Released",
            "todo:Closed"
        ]
    );
}

#[test]
fn an_empty_description_has_no_section() {
    let site = SiteTest::new();
    site.write("tickets.json", EXPORT);
    site.build(&[]).ok();
    let empty = site.read("tickets/2/index.html");
    assert!(!empty.contains("id=\"desc-h\""), "{empty}");
    let full = site.read("tickets/1/index.html");
    assert!(
        full.contains(
            "<h2 id=\"desc-h\">Description</h2>\n<div class=\"text\"><p>Please add it.</p>"
        ),
        "{full}"
    );
}
