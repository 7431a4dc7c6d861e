//! Every date the site shows or writes is the time of the latest PUBLIC change (issue: a feed's
//! `<updated>` once said 2025-11-10T18:16:26Z, a private journal's time, while the newest
//! visible entry was from 2025-11-06). A private note, a tracker "updated" time moved by
//! private activity and a status change that keeps the customer stage must not show through
//! the ticket page, the ticket lists, the feeds or the sitemap.

mod common;
use common::*;

const EXPORT: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 7, "subject": "Invoices export as empty PDF", "status": "In Progress", "tracker": "Bug",
   "created": "2025-11-01T09:00:00Z", "updated": "2025-11-10T18:16:26Z",
   "history": [
     {"at": "2025-11-01T09:00:00Z", "to": "New"},
     {"at": "2025-11-04T08:30:00Z", "from": "New", "to": "In Progress"}
   ],
   "notes": [
     {"author": "Dana", "role": "staff", "created": "2025-11-06T10:15:00Z", "text": "We found the cause and are fixing it."},
     {"author": "Dana", "role": "staff", "created": "2025-11-10T18:16:26Z", "text": "Internal: blame the PDF worker.", "private": true}
   ]}
]}"#;

#[test]
fn a_private_note_newer_than_everything_public_moves_no_date() {
    let site = SiteTest::new();
    site.write("tickets.json", EXPORT);
    site.build(&[]).ok();
    let files = [
        "tickets/7/index.html",
        "tickets/7/feed.xml",
        "feed.xml",
        "sitemap.xml",
        "tickets/index.html",
        "index.html",
    ];
    for f in files {
        let text = site.read(f);
        for private in ["2025-11-10", "10 November 2025", "Internal: blame"] {
            assert!(!text.contains(private), "{f} shows {private:?}:\n{text}");
        }
    }
    // The newest public change is the staff note of 6 November.
    let feed = site.read("tickets/7/feed.xml");
    assert!(
        feed.contains("<updated>2025-11-06T10:15:00Z</updated>"),
        "ticket feed:\n{feed}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2025-11-06</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_stage_change_is_a_public_change_and_dates_follow_it() {
    let site = SiteTest::new();
    // No notes: the last public change is the status change into "In Progress".
    let export = EXPORT.replace(
        r#"{"author": "Dana", "role": "staff", "created": "2025-11-06T10:15:00Z", "text": "We found the cause and are fixing it."},"#,
        "",
    );
    site.write("tickets.json", &export);
    site.build(&[]).ok();
    let feed = site.read("tickets/7/feed.xml");
    assert!(
        feed.contains("<updated>2025-11-04T08:30:00Z</updated>"),
        "ticket feed:\n{feed}"
    );
    assert!(!feed.contains("2025-11-10"), "{feed}");
}
