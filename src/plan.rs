//! Stage 4: the site plan — which pages exist, at which URLs, in which order.
//!
//! URLs are folders (`tickets/42/` → `tickets/42/index.html`) so they stay the same whatever
//! the web server. Every page links relative to its own depth (`root`, e.g. `../../`), so the
//! site works when served from a sub-path without rebuilding; only `404.html`, which a server
//! shows at any path, uses the absolute base path from the config.

use crate::privacy::PublicSite;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page N (0-based) of the all-tickets list, [`LIST_PAGE_SIZE`] tickets each.
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

/// `../` once per folder level of `url`.
pub fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Tickets per page of the all-tickets list. One list of 100,000 tickets would be a 30 MB page
/// no customer can load; pages of 100 keep each under 100 KB.
pub const LIST_PAGE_SIZE: usize = 100;

/// Open tickets shown per stage on the home page (the most recently updated); the all-tickets
/// list has the rest.
pub const HOME_PER_STAGE: usize = 25;

/// Number of all-tickets list pages (at least one, which may be empty).
pub fn list_pages(tickets: usize) -> usize {
    tickets.div_ceil(LIST_PAGE_SIZE).max(1)
}

/// URL of list page `n` (0-based): `tickets/`, then `tickets/page/2/`, ….
pub fn list_url(n: usize) -> String {
    if n == 0 {
        "tickets/".to_string()
    } else {
        format!("tickets/page/{}/", n + 1)
    }
}

/// The list page that shows `PublicSite::tickets[i]`. The list runs newest first (highest id
/// first), so a ticket stays on its page when it changes and only adding or removing tickets
/// moves others.
pub fn list_page_of(i: usize, tickets: usize) -> usize {
    (tickets - 1 - i) / LIST_PAGE_SIZE
}

/// The new-ticket page; doc pages, ticket pages and the search page link to it.
pub const NEW_TICKET_URL: &str = "new/";

pub fn ticket_url(id: &str) -> String {
    format!("tickets/{id}/")
}

pub fn doc_url(slug: &str) -> String {
    if slug.is_empty() {
        "docs/".to_string()
    } else {
        format!("docs/{slug}/")
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
    let docs_root_is_doc = site.docs.iter().any(|d| d.slug.is_empty());
    if !docs_root_is_doc {
        pages.push(page(PageKind::DocsIndex, "docs/".into()));
    }
    for (i, t) in site.tickets.iter().enumerate() {
        pages.push(page(PageKind::Ticket(i), ticket_url(&t.id)));
    }
    for (i, t) in site.unlisted.iter().enumerate() {
        pages.push(page(PageKind::Unlisted(i), t.url.clone()));
    }
    for (i, d) in site.docs.iter().enumerate() {
        pages.push(page(PageKind::Doc(i), doc_url(&d.slug)));
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
    fn roots_follow_depth() {
        assert_eq!(root_for(""), "");
        assert_eq!(root_for("tickets/42/"), "../../");
        assert_eq!(root_for("docs/billing/refunds/"), "../../../");
    }

    #[test]
    fn list_pages_run_newest_first() {
        assert_eq!(list_pages(0), 1);
        assert_eq!(list_pages(100), 1);
        assert_eq!(list_pages(101), 2);
        assert_eq!(list_url(0), "tickets/");
        assert_eq!(list_url(1), "tickets/page/2/");
        // 250 tickets: the 100 highest ids on page 0, the 50 lowest on page 2.
        assert_eq!(list_page_of(249, 250), 0);
        assert_eq!(list_page_of(150, 250), 0);
        assert_eq!(list_page_of(149, 250), 1);
        assert_eq!(list_page_of(0, 250), 2);
    }
}
