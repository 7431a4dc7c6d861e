//! Stage 4: the site plan — which pages exist, at which URLs, in which order.
//!
//! URLs are folders (`tickets/42/` → `tickets/42/index.html`) so they stay the same whatever
//! the web server. Every page links relative to its own depth (`root`, e.g. `../../`), so the
//! site works when served from a sub-path without rebuilding; only `404.html`, which a server
//! shows at any path, uses the absolute base path from the config.

use crate::model::urls::{doc_url, root_for, ticket_url, NEW_TICKET_URL};
use crate::model::workflow::Stage;
use crate::privacy::PublicSite;

/// A ticket list: every listed ticket, or the ones a filter keeps. Each list is paged the same
/// way (see [`list_pages`]) and shows its tickets newest first (`privacy::list_order`
/// reversed). The filters are pages of their own, not a script, so they work without
/// JavaScript and can be bookmarked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    All,
    /// Received to Fix in testing: what the home page counts as open.
    Open,
    /// Released, Closed, Rejected and Won't fix.
    Closed,
    /// One stage. A stage without tickets still has its page (one plain sentence), so links
    /// to it and the URL stay valid whatever the tickets do.
    Stage(Stage),
}

impl List {
    /// Every list, in the order the filter nav shows them and the site plans them.
    pub fn every() -> impl Iterator<Item = List> {
        [List::All, List::Open, List::Closed]
            .into_iter()
            .chain(Stage::ALL.into_iter().map(List::Stage))
    }

    /// Whether a ticket at stage `s` is on this list.
    pub fn keeps(self, s: Stage) -> bool {
        match self {
            List::All => true,
            List::Open => is_open(s),
            List::Closed => !is_open(s),
            List::Stage(x) => x == s,
        }
    }

    /// The front page's URL; older pages are below it (see [`List::url`]).
    pub fn base(self) -> String {
        match self {
            List::All => "tickets/".to_string(),
            List::Open => "tickets/open/".to_string(),
            List::Closed => "tickets/closed/".to_string(),
            List::Stage(s) => format!("tickets/stage/{}/", s.slug()),
        }
    }

    /// URL of page `p`: the front page for 0, then `page/P/` below it, P = 1 for the oldest
    /// hundred.
    pub fn url(self, p: usize) -> String {
        if p == 0 {
            self.base()
        } else {
            format!("{}page/{p}/", self.base())
        }
    }

    /// The positions in `PublicSite::tickets` on this list, oldest first.
    pub fn members(self, site: &PublicSite) -> Vec<usize> {
        (0..site.tickets.len())
            .filter(|&i| self.keeps(site.tickets[i].stage()))
            .collect()
    }
}

/// Open: not yet released or closed (the first five steps; the home page's groups).
pub fn is_open(s: Stage) -> bool {
    Stage::STEPS[..5].contains(&s)
}

/// Where "Find my ticket" leads without JavaScript: a page that says how ticket addresses
/// are made (a static site cannot read the typed number; with JavaScript the box goes
/// straight to the ticket).
pub const FIND_URL: &str = "tickets/find/";

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page P of a ticket list: 0 is the front page (newest tickets), older pages count
    /// from the oldest hundred (see [`list_pages`]).
    TicketsIndex(List, usize),
    /// "Find my ticket" without JavaScript ([`FIND_URL`]).
    FindTicket,
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

/// Tickets per page of a ticket list. One list of 100,000 tickets would be a 30 MB page
/// no customer can load; pages of 100 keep each under 100 KB.
pub const LIST_PAGE_SIZE: usize = 100;

/// Open tickets shown as cards on the home page (the most recently updated); above them,
/// each open stage's count links to its list, which has the rest.
pub const HOME_RECENT: usize = 10;

/// Number of pages of a list of `tickets`: the front page and the older pages (at least one page,
/// which may be empty).
///
/// The list runs newest first, but pages are cut counting from the OLDEST ticket: older page
/// `P` (`tickets/page/P/`) holds the P-th hundred from the oldest, and the front page
/// (`tickets/`) holds the rest, the newest 100 to 199 (fewer on a small site). A new ticket
/// (the last opened) then changes the front page only, and once in a hundred tickets moves a
/// hundred onto a new older page; cut from the newest end, every new ticket shifted every
/// page (all 1,000 list pages of a 100,000-ticket site, for watch and for every deploy).
/// A changed ticket stays on its page; a ticket taken out (or put in) below the newest moves
/// the pages from it up to the front.
pub fn list_pages(tickets: usize) -> usize {
    (tickets / LIST_PAGE_SIZE).max(1)
}

/// URL of all-tickets list page `p` (see [`List::url`]).
pub fn list_url(p: usize) -> String {
    List::All.url(p)
}

/// The places in a list of `tickets` (oldest first) that list page `p` shows.
pub fn list_range(p: usize, tickets: usize) -> std::ops::Range<usize> {
    if p == 0 {
        (list_pages(tickets) - 1) * LIST_PAGE_SIZE..tickets
    } else {
        (p - 1) * LIST_PAGE_SIZE..p * LIST_PAGE_SIZE
    }
}

/// The list page that shows place `i` of a list of `tickets`.
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
    SitePlan {
        pages: pages(site, base_path, Scope::All),
    }
}

/// Which pages [`pages`] plans: all of them (a full build), or those a change shows.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'c> {
    All,
    Changed(&'c Change),
}

/// What changed in the public site since its pages were made, for the watch loop: positions
/// are in the new site.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// The docs changed: every doc page, and the pages that show docs only (search, new
    /// ticket, docs index, 404), are made again.
    pub docs: bool,
    /// Listed tickets were put in, taken out or moved: the lowest position one of them had or
    /// has (everything below it is as it was).
    pub moved_from: Option<usize>,
    /// Number of all-tickets list pages before the change.
    pub old_list_pages: usize,
    /// Tickets joined or left a filtered list (put in, taken out, moved, or a new stage): the
    /// lowest position one of them had or has.
    pub refiled_from: Option<usize>,
    /// How many tickets each filtered list held before the change (`List::every()` order
    /// without `All`); only read with `refiled_from`.
    pub old_counts: Vec<usize>,
    /// Listed tickets whose page changed (each also changes its list pages).
    pub tickets: Vec<usize>,
    /// Unlisted tickets whose page changed.
    pub unlisted: Vec<usize>,
    /// Docs whose page shows a changed ticket (a feedback ticket), besides a docs change.
    pub doc_pages: Vec<usize>,
}

/// How many tickets each filtered list holds (`List::every()` order without `All`), from the
/// stage of every listed ticket in site order.
pub fn filtered_counts(stages: impl Iterator<Item = Stage>) -> Vec<usize> {
    let lists: Vec<List> = List::every().skip(1).collect();
    let mut counts = vec![0; lists.len()];
    for s in stages {
        for (c, l) in counts.iter_mut().zip(&lists) {
            *c += usize::from(l.keeps(s));
        }
    }
    counts
}

/// The pages `scope` names, in site order: home, list pages (all tickets, then the filtered
/// lists), find-my-ticket, search, new ticket, docs index, tickets, unlisted tickets, docs,
/// 404. The home page, which shows the latest tickets, is in every change.
pub fn pages(site: &PublicSite, base_path: &str, scope: Scope<'_>) -> Vec<PlannedPage> {
    let docs = match scope {
        Scope::All => true,
        Scope::Changed(c) => c.docs,
    };
    let n = site.tickets.len();
    let mut pages = Vec::with_capacity(match scope {
        Scope::All => n + site.unlisted.len() + site.docs.len() + 2 * list_pages(n) + 20,
        Scope::Changed(c) => c.tickets.len() * 3 + c.unlisted.len() + c.doc_pages.len() + 8,
    });
    pages.push(page(PageKind::Home, String::new()));
    let lists: Vec<usize> = match scope {
        Scope::All => (0..list_pages(n)).collect(),
        Scope::Changed(c) => lists_changed(c, n).into_iter().collect(),
    };
    for l in lists {
        pages.push(page(PageKind::TicketsIndex(List::All, l), list_url(l)));
    }
    for (k, list) in List::every().skip(1).enumerate() {
        let members = list.members(site);
        let shown: Vec<usize> = match scope {
            Scope::All => (0..list_pages(members.len())).collect(),
            Scope::Changed(c) => filtered_changed(c, k, &members).into_iter().collect(),
        };
        for l in shown {
            pages.push(page(PageKind::TicketsIndex(list, l), list.url(l)));
        }
    }
    if docs {
        pages.push(page(PageKind::FindTicket, FIND_URL.into()));
        pages.push(page(PageKind::Search, "search/".into()));
        pages.push(page(PageKind::NewTicket, NEW_TICKET_URL.into()));
        let docs_root_is_doc = site.docs.iter().any(|d| d.slug().is_empty());
        if !docs_root_is_doc {
            pages.push(page(PageKind::DocsIndex, "docs/".into()));
        }
    }
    let ticket_page = |i: usize| page(PageKind::Ticket(i), ticket_url(site.tickets[i].id()));
    let unlisted_page = |i: usize| page(PageKind::Unlisted(i), site.unlisted[i].url().to_string());
    let doc_page = |i: usize| page(PageKind::Doc(i), doc_url(site.docs[i].slug()));
    match scope {
        Scope::All => {
            pages.extend((0..n).map(ticket_page));
            pages.extend((0..site.unlisted.len()).map(unlisted_page));
        }
        Scope::Changed(c) => {
            pages.extend(c.tickets.iter().map(|&i| ticket_page(i)));
            pages.extend(c.unlisted.iter().map(|&i| unlisted_page(i)));
        }
    }
    match scope {
        Scope::Changed(c) if !docs => pages.extend(c.doc_pages.iter().map(|&i| doc_page(i))),
        _ => pages.extend((0..site.docs.len()).map(doc_page)),
    }
    if docs {
        pages.push(PlannedPage {
            kind: PageKind::NotFound,
            url: "404.html".into(),
            file: "404.html".into(),
            root: base_path.to_string(),
        });
    }
    pages
}

/// The pages of a list of `tickets` that a change shows differently: the pages of changed
/// places, and after places were put in or taken out from place `lo`, the page holding `lo`
/// and every newer page up to the front page (pages are cut from the oldest ticket, see
/// [`list_pages`]). When the page count changed, the page next to the front gets other
/// neighbour links too.
fn pages_changed(
    moved_from: Option<usize>,
    old_pages: usize,
    changed: impl Iterator<Item = usize>,
    tickets: usize,
) -> std::collections::BTreeSet<usize> {
    let now = list_pages(tickets);
    let mut lists = std::collections::BTreeSet::new();
    if let Some(lo) = moved_from {
        lists.insert(0);
        lists.extend(lo / LIST_PAGE_SIZE + 1..now);
        if now != old_pages {
            let fewest = now.min(old_pages);
            lists.extend(fewest.saturating_sub(1).max(1)..now);
        }
    }
    lists.extend(changed.map(|i| list_page_of(i, tickets)));
    lists
}

/// The all-tickets list pages a change shows differently (see [`pages_changed`]).
fn lists_changed(c: &Change, tickets: usize) -> std::collections::BTreeSet<usize> {
    pages_changed(
        c.moved_from,
        c.old_list_pages,
        c.tickets.iter().copied(),
        tickets,
    )
}

/// The pages of filtered list `k` (`List::every()` order without `All`) a change shows
/// differently, `members` being its positions in the site. The places below the lowest
/// refiled position are as they were, so the list moved from the first member at or above it.
fn filtered_changed(c: &Change, k: usize, members: &[usize]) -> std::collections::BTreeSet<usize> {
    let old_count = c.old_counts.get(k).copied().unwrap_or(members.len());
    // No member at or above `lo` and as many as before: none joined or left (the ones below
    // `lo` are as they were), so this list did not move.
    let from = c
        .refiled_from
        .map(|lo| members.partition_point(|&i| i < lo))
        .filter(|&from| from < members.len() || old_count != members.len());
    let old_pages = list_pages(old_count);
    let changed = c
        .tickets
        .iter()
        .filter_map(|i| members.binary_search(i).ok());
    pages_changed(from, old_pages, changed, members.len())
}

/// The files of list pages a change left behind (a list got shorter).
pub fn lists_gone(c: &Change, site: &PublicSite) -> Vec<String> {
    let gone = |list: List, now: usize, before: usize| {
        (list_pages(now)..list_pages(before)).map(move |l| format!("{}index.html", list.url(l)))
    };
    let mut files: Vec<String> = (list_pages(site.tickets.len())..c.old_list_pages)
        .map(|l| format!("{}index.html", list_url(l)))
        .collect();
    if c.refiled_from.is_some() {
        for (k, list) in List::every().skip(1).enumerate() {
            let now = list.members(site).len();
            files.extend(gone(list, now, c.old_counts.get(k).copied().unwrap_or(now)));
        }
    }
    files
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

    /// A gated site of `n` listed tickets (ids 1..=n) and two docs.
    fn site(n: usize) -> PublicSite {
        let cfg =
            crate::config::Config::parse(std::path::Path::new("porchlight.toml"), "").unwrap();
        let created = "2026-11-01T09:00:00Z".parse().unwrap();
        let corpus = crate::model::Corpus {
            tickets: (1..=n)
                .map(|i| crate::model::Ticket {
                    id: i.to_string(),
                    subject: format!("T{i}"),
                    status: "New".into(),
                    created,
                    ..Default::default()
                })
                .collect(),
            docs: ["a", "b"]
                .map(|slug| crate::model::Doc {
                    slug: slug.into(),
                    title: slug.into(),
                    source: format!("{slug}.md"),
                    ..Default::default()
                })
                .into(),
            skipped: Default::default(),
            assets: Default::default(),
        };
        crate::privacy::gate(corpus, &cfg, created)
    }

    fn files(pages: &[PlannedPage]) -> Vec<&str> {
        pages.iter().map(|p| p.file.as_str()).collect()
    }

    #[test]
    fn a_change_plans_the_pages_it_shows_in_site_order() {
        let s = site(250);
        let all = plan(&s, "/").pages;
        // Naming every ticket and the docs plans what a full build plans, in the same order.
        let everything = Change {
            docs: true,
            moved_from: Some(0),
            old_list_pages: list_pages(250),
            refiled_from: Some(0),
            old_counts: filtered_counts(s.tickets.iter().map(|t| t.stage())),
            tickets: (0..250).collect(),
            ..Change::default()
        };
        // All but the lists that were empty and still are (nothing joined or left them).
        let unchanged = |f: &&str| {
            f.starts_with("tickets/closed/")
                || (f.starts_with("tickets/stage/") && !f.starts_with("tickets/stage/received/"))
        };
        let moved: Vec<&str> = files(&all).into_iter().filter(|f| !unchanged(f)).collect();
        assert_eq!(files(&pages(&s, "/", Scope::Changed(&everything))), moved);
        // One ticket: the home page, its page of each list it is on and its page.
        let one = Change {
            old_list_pages: list_pages(250),
            tickets: vec![5],
            ..Change::default()
        };
        assert_eq!(
            files(&pages(&s, "/", Scope::Changed(&one))),
            [
                "index.html",
                "tickets/page/1/index.html",
                "tickets/open/page/1/index.html",
                "tickets/stage/received/page/1/index.html",
                "tickets/6/index.html"
            ]
        );
        // A feedback ticket's doc page, without a docs change.
        let doc = Change {
            old_list_pages: list_pages(250),
            doc_pages: vec![1],
            ..Change::default()
        };
        assert_eq!(
            files(&pages(&s, "/", Scope::Changed(&doc))),
            ["index.html", "docs/b/index.html"]
        );
    }

    #[test]
    fn tickets_put_in_or_taken_out_move_the_newer_list_pages() {
        // Ticket 300 is new: a third page starts, the older pages get a new neighbour.
        let s = site(300);
        let new_last = Change {
            moved_from: Some(299),
            old_list_pages: 2,
            refiled_from: Some(299),
            old_counts: filtered_counts(site(299).tickets.iter().map(|t| t.stage())),
            tickets: vec![299],
            ..Change::default()
        };
        // The same on the lists it joined (Open, Received); the others stay as they were.
        assert_eq!(
            files(&pages(&s, "/", Scope::Changed(&new_last))),
            [
                "index.html",
                "tickets/index.html",
                "tickets/page/1/index.html",
                "tickets/page/2/index.html",
                "tickets/open/index.html",
                "tickets/open/page/1/index.html",
                "tickets/open/page/2/index.html",
                "tickets/stage/received/index.html",
                "tickets/stage/received/page/1/index.html",
                "tickets/stage/received/page/2/index.html",
                "tickets/300/index.html"
            ]
        );
        assert!(lists_gone(&new_last, &s).is_empty());
        // Ticket 150 of 350 taken out: its page and the newer ones; the count stays.
        let s = site(349);
        let out = Change {
            moved_from: Some(149),
            old_list_pages: 3,
            refiled_from: Some(149),
            old_counts: filtered_counts(site(350).tickets.iter().map(|t| t.stage())),
            ..Change::default()
        };
        assert_eq!(
            files(&pages(&s, "/", Scope::Changed(&out))),
            [
                "index.html",
                "tickets/index.html",
                "tickets/page/2/index.html",
                "tickets/open/index.html",
                "tickets/open/page/2/index.html",
                "tickets/stage/received/index.html",
                "tickets/stage/received/page/2/index.html"
            ]
        );
        // Down to 199 tickets from 300: the older pages are gone.
        let shrunk = Change {
            moved_from: Some(0),
            old_list_pages: 3,
            ..Change::default()
        };
        assert_eq!(
            lists_gone(&shrunk, &site(199)),
            ["tickets/page/1/index.html", "tickets/page/2/index.html"]
        );
        // The 200th Received ticket left its stage (to Closed, not in this site): the Open
        // and Received lists shrink to one page.
        let restaged = Change {
            refiled_from: Some(150),
            old_list_pages: 1,
            old_counts: {
                let mut c = filtered_counts(site(199).tickets.iter().map(|t| t.stage()));
                c[0] += 1; // Open
                c[2] += 1; // Received
                c
            },
            ..Change::default()
        };
        let mut gone = lists_gone(&restaged, &site(199));
        gone.sort();
        assert_eq!(
            gone,
            [
                "tickets/open/page/1/index.html",
                "tickets/stage/received/page/1/index.html"
            ]
        );
    }
}
