//! The site's URL scheme: where a ticket, a doc and the new-ticket page live, and how a page
//! links back to the site root. Vocabulary, not planning: the Markdown renderer needs it for
//! doc links and the gate for a ticket's own URL, both before any page is planned; `plan`
//! decides which pages exist.
//!
//! URLs are folders (`tickets/42/` → `tickets/42/index.html`) so they stay the same whatever
//! the web server.

/// `../` once per folder level of `url`.
pub fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The new-ticket page; doc pages, ticket pages and the search page link to it.
pub const NEW_TICKET_URL: &str = "new/";

/// Folders under `tickets/` that are not tickets: the older pages of the list, the filtered
/// lists and "Find my ticket" (see `plan::List`). A ticket with one of these ids would have
/// its page where a list is, so the gate refuses it (with a warning).
pub const TICKET_FOLDERS: [&str; 5] = ["page", "open", "closed", "stage", "find"];

/// A listed ticket's page.
pub fn ticket_url(id: &str) -> String {
    format!("tickets/{id}/")
}

/// A doc page; the docs root for the empty slug.
pub fn doc_url(slug: &str) -> String {
    if slug.is_empty() {
        "docs/".to_string()
    } else {
        format!("docs/{slug}/")
    }
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
