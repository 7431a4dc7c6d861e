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
    TicketsIndex,
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

fn page(kind: PageKind, url: String) -> PlannedPage {
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
    pages.push(page(PageKind::TicketsIndex, "tickets/".into()));
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
}
