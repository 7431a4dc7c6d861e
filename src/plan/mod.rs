//! Stage 4: the site plan — which pages exist, at which URLs, in which order.
//!
//! URLs are folders (`tickets/42/` → `tickets/42/index.html`) so they stay the same whatever
//! the web server. Every page links relative to its own depth (`root`, e.g. `../../`), so the
//! site works when served from a sub-path without rebuilding; only `404.html`, which a server
//! shows at any path, uses the absolute base path from the config.

use crate::model::urls::{doc_url, root_for, ticket_url, NEW_TICKET_URL};
use crate::privacy::PublicSite;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page P of the all-tickets list: 0 is the front page (newest tickets), older pages count
    /// from the oldest hundred (see [`list_pages`]).
    TicketsIndex(usize),
    /// Index into `PublicSite::tickets`.
    Ticket(usize),
    /// Index into `PublicSite::unlisted`: a page at the ticket's secret link.
    Unlisted(usize),
    DocsIndex,
    /// Index into `PublicSite::docs`.
    Doc(usize),
    Search,
    /// The new-ticket page of the "Did this answer your question?" flow.
    NewTicket,
    NotFound,
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct PlannedPage {
    pub kind: PageKind,
    /// Site-relative URL ("tickets/42/", "" for home).
    pub url: String,
    /// Output file path relative to the site root.
    pub file: String,
    /// Prefix that leads from this page to the site root.
    pub root: String,
}

/// All pages of the site.
#[derive(Debug, Clone, Default)]
pub struct SitePlan {
    pub pages: Vec<PlannedPage>,
}

/// Tickets per page of the all-tickets list. One list of 100,000 tickets would be a 30 MB page
/// no customer can load; pages of 100 keep each under 100 KB.
pub const LIST_PAGE_SIZE: usize = 100;

/// Open tickets shown per stage on the home page (the most recently updated); the all-tickets
/// list has the rest.
pub const HOME_PER_STAGE: usize = 25;

/// Number of all-tickets list pages: the front page and the older pages (at least one page,
/// which may be empty).
///
/// The list runs newest first, but pages are cut counting from the OLDEST ticket: older page
/// `P` (`tickets/page/P/`) holds the P-th hundred from the lowest id, and the front page
/// (`tickets/`) holds the rest, the newest 100 to 199 (fewer on a small site). A new ticket
/// (the highest id) then changes the front page only, and once in a hundred tickets moves a
/// hundred onto a new older page; cut from the newest end, every new ticket shifted every
/// page (all 1,000 list pages of a 100,000-ticket site, for watch and for every deploy).
/// A changed ticket stays on its page; a ticket taken out (or put in) below the newest moves
/// the pages from it up to the front.
pub fn list_pages(tickets: usize) -> usize {
    (tickets / LIST_PAGE_SIZE).max(1)
}

/// URL of list page `p`: the front page `tickets/` for 0, then `tickets/page/P/`, P = 1 for
/// the oldest hundred.
pub fn list_url(p: usize) -> String {
    if p == 0 {
        "tickets/".to_string()
    } else {
        format!("tickets/page/{p}/")
    }
}

/// The positions in `PublicSite::tickets` (lowest id first) that list page `p` shows.
pub fn list_range(p: usize, tickets: usize) -> std::ops::Range<usize> {
    if p == 0 {
        (list_pages(tickets) - 1) * LIST_PAGE_SIZE..tickets
    } else {
        (p - 1) * LIST_PAGE_SIZE..p * LIST_PAGE_SIZE
    }
}

/// The list page that shows `PublicSite::tickets[i]`.
pub fn list_page_of(i: usize, tickets: usize) -> usize {
    if i >= (list_pages(tickets) - 1) * LIST_PAGE_SIZE {
        0
    } else {
        i / LIST_PAGE_SIZE + 1
    }
}

pub fn page(kind: PageKind, url: String) -> PlannedPage {
    PlannedPage {
        kind,
        file: format!("{url}index.html"),
        root: root_for(&url),
        url,
    }
}

/// Plans every page. `base_path` is the absolute path prefix for the 404 page.
pub fn plan(site: &PublicSite, base_path: &str) -> SitePlan {
    let mut pages = Vec::with_capacity(site.tickets.len() + site.docs.len() + 5);
    pages.push(page(PageKind::Home, String::new()));
    for n in 0..list_pages(site.tickets.len()) {
        pages.push(page(PageKind::TicketsIndex(n), list_url(n)));
    }
    pages.push(page(PageKind::Search, "search/".into()));
    pages.push(page(PageKind::NewTicket, NEW_TICKET_URL.into()));
    let docs_root_is_doc = site.docs.iter().any(|d| d.slug().is_empty());
    if !docs_root_is_doc {
        pages.push(page(PageKind::DocsIndex, "docs/".into()));
    }
    for (i, t) in site.tickets.iter().enumerate() {
        pages.push(page(PageKind::Ticket(i), ticket_url(t.id())));
    }
    for (i, t) in site.unlisted.iter().enumerate() {
        pages.push(page(PageKind::Unlisted(i), t.url().to_string()));
    }
    for (i, d) in site.docs.iter().enumerate() {
        pages.push(page(PageKind::Doc(i), doc_url(d.slug())));
    }
    pages.push(PlannedPage {
        kind: PageKind::NotFound,
        url: "404.html".into(),
        file: "404.html".into(),
        root: base_path.to_string(),
    });
    SitePlan { pages }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_are_cut_from_the_oldest() {
        assert_eq!(list_pages(0), 1);
        assert_eq!(list_pages(199), 1);
        assert_eq!(list_pages(200), 2);
        assert_eq!(list_url(0), "tickets/");
        assert_eq!(list_url(1), "tickets/page/1/");
        // 250 tickets: the front page shows the newest 150, page 1 the oldest 100.
        assert_eq!(list_range(0, 250), 100..250);
        assert_eq!(list_range(1, 250), 0..100);
        assert_eq!(list_page_of(249, 250), 0);
        assert_eq!(list_page_of(100, 250), 0);
        assert_eq!(list_page_of(99, 250), 1);
        assert_eq!(list_page_of(0, 250), 1);
        // One more ticket changes the front page only; the 300th starts page 2.
        assert_eq!(list_range(1, 251), 0..100);
        assert_eq!(list_range(0, 300), 200..300);
        assert_eq!(list_range(2, 300), 100..200);
        for n in [0usize, 1, 99, 100, 199, 200, 201, 1000, 12_345] {
            let mut seen = vec![0; n];
            for p in 0..list_pages(n) {
                for i in list_range(p, n) {
                    seen[i] += 1;
                    assert_eq!(list_page_of(i, n), p, "{i} of {n}");
                }
            }
            assert!(
                seen.iter().all(|&c| c == 1),
                "{n}: every ticket on one page"
            );
            assert!(list_range(0, n).len() < 2 * LIST_PAGE_SIZE);
            assert!(n < LIST_PAGE_SIZE || list_range(0, n).len() >= LIST_PAGE_SIZE);
        }
    }
}
