//! Closing the loop on "Did this answer your question? — No": finds the tickets that came from
//! that flow in the export, counts them per doc page, and reports which docs fail their readers.
//!
//! A ticket is feedback when it carries the marker (a `docs-feedback` label, or a
//! `Marker: docs-feedback` line in its description, which is what `intake` writes into every
//! body) and its description starts with a `Documentation page: docs/<slug>/` line, optionally
//! followed by `Section:` and `Search query:` lines (see docs/native-format.md).
//!
//! "+1, this affects me" (and "Still happening?") tickets are counted apart, per ticket they
//! name: they carry `Marker: affects-me` (or that label) and an `Affects ticket:` line. Older
//! ones were filed with the docs marker; the `Affects ticket:` line tells them apart, so they
//! are counted as +1s too, never as docs feedback.
//!
//! PRIVACY: the raw scan ([`scan`]) reads the normalized model, private tickets included,
//! because labels and the raw description never reach the public types. Nothing from it is
//! used until [`collect`] joins it against the gated [`PublicSite`]: only tickets the gate
//! published are counted or listed, only published doc pages are named, and only sections that
//! are real headings of those pages are kept. So the report holds doc paths, counts and public
//! ticket ids, nothing a reader of the site could not already see.
//!
//! Also here: `new/suggest.json`, the public doc titles and open public tickets that the
//! new-ticket page suggests while the customer types.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::urls::{doc_url, ticket_url};
use crate::model::workflow::Stage;
use crate::model::Ticket;
use crate::privacy::{PublicSite, PublicTicket};
use crate::render::DocRender;

/// Version of the report file layout; bump on incompatible changes.
pub const REPORT_FORMAT: u32 = 1;

/// Where the report is written in the output. It is not linked from any page.
pub const REPORT_FILE: &str = "reports/docs-feedback.json";

/// Where the new-ticket page finds its suggestions.
pub const SUGGEST_FILE: &str = "new/suggest.json";

use crate::model::intake_context::parse_header;
use crate::render::intake::AFFECTS_MARKER;

/// The doc slug a `Documentation page:` value points to: accepts `docs/a/b/`, `/docs/a/b`, the
/// page's full URL, with or without the site's base path, query or fragment. `None` when it
/// does not point under `docs/`.
pub fn doc_slug(page: &str, base_path: &str) -> Option<String> {
    let mut p = page.trim();
    if let Some(i) = p.find("://") {
        p = &p[i + 3..];
        p = &p[p.find('/')?..];
    }
    let p = p.split(['?', '#']).next().unwrap_or("");
    let p = p.strip_prefix(base_path).unwrap_or(p);
    let p = p.trim_start_matches('/');
    let rest = if p == "docs" {
        ""
    } else {
        p.strip_prefix("docs/")?
    };
    if rest.trim_matches('/').is_empty() {
        return Some(String::new());
    }
    crate::markup::slug::clean_slug(rest).ok()
}

/// One ticket of the export that looks like feedback. Crate-internal: it may describe a
/// private ticket, and only [`collect`] may use it.
#[derive(Debug, Clone)]
pub struct RawFeedback {
    id: String,
    private: bool,
    doc_page: Option<String>,
    section: Option<String>,
    /// The ticket a "+1, this affects me" names (untrusted text); such a ticket is not docs
    /// feedback.
    affects: Option<String>,
}

/// Finds feedback tickets in the export (before the privacy gate; see the module note).
pub fn scan(tickets: &[Ticket], marker: &str) -> Vec<RawFeedback> {
    // PRIVACY: reads every ticket, private ones included, and keeps of each only its id, its
    // private flag and two header lines, in a type only `collect` can read.
    tickets
        .iter()
        .filter_map(|t| {
            let h = parse_header(&t.description);
            let carries = |m: &str| {
                t.labels.iter().any(|l| l.trim().eq_ignore_ascii_case(m))
                    || h.marker
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(m))
            };
            let docs = carries(marker);
            let affects = h
                .affects
                .filter(|_| docs || carries(AFFECTS_MARKER))
                .map(|a| a.trim().trim_start_matches('#').to_string());
            (docs || affects.is_some()).then(|| RawFeedback {
                id: t.id.clone(),
                private: t.private,
                doc_page: h.doc_page,
                section: h.section,
                affects,
            })
        })
        .collect()
}

/// A published doc page and the feedback tickets about it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageReport {
    /// Site-relative URL ("docs/billing/refunds/").
    pub page: String,
    pub title: String,
    /// Public feedback tickets about this page.
    pub count: usize,
    /// How many of them are not yet released or closed.
    pub open: usize,
    /// Their ids, in id order.
    pub tickets: Vec<String>,
    /// Heading anchor → tickets naming it (only anchors that exist on the page).
    pub sections: BTreeMap<String, usize>,
}

/// Public feedback tickets whose page is not a published doc (moved, deleted, mistyped).
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct Unmatched {
    pub count: usize,
    pub tickets: Vec<String>,
}

/// A published ticket and the public "+1, this affects me" tickets that name it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AffectedReport {
    pub ticket: String,
    pub title: String,
    /// How many public tickets say it affects them.
    pub count: usize,
    /// Their ids, in id order.
    pub tickets: Vec<String>,
}

/// The "+1, this affects me" part of the report.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct AffectsReport {
    pub marker: String,
    /// Public +1 tickets in all.
    pub count: usize,
    /// Per ticket named, most +1s first, then in the site's ticket order.
    pub tickets: Vec<AffectedReport>,
    /// Public +1 tickets naming a ticket that is not published (the id they name is not
    /// repeated: it is free text).
    pub unmatched: Unmatched,
}

/// `reports/docs-feedback.json` and `porchlight report docs`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocsReport {
    pub format: u32,
    pub marker: String,
    /// Every published doc page, most feedback first, then by URL.
    pub pages: Vec<PageReport>,
    /// Feedback without a doc page that is published (the path itself is not repeated: it is
    /// free text).
    pub unmatched: Unmatched,
    /// "+1, this affects me", counted apart from docs feedback.
    pub affected: AffectsReport,
}

/// Everything the pages of the new-ticket flow need: the intake and the feedback per doc.
#[derive(Debug, Clone)]
pub struct Flow {
    pub intake: crate::render::intake::Intake,
    pub feedback: DocsFeedback,
}

/// The feedback joined to the public site.
#[derive(Debug, Clone)]
pub struct DocsFeedback {
    /// Per doc, in `PublicSite::docs` order: indices into `PublicSite::tickets`, in id order.
    pub by_doc: Vec<Vec<usize>>,
    pub report: DocsReport,
}

/// Joins the raw scan to the public site. Only published tickets and pages go on.
pub fn collect(
    raw: &[RawFeedback],
    site: &PublicSite,
    docs: &[DocRender],
    base_path: &str,
    marker: &str,
) -> DocsFeedback {
    let ticket_index: HashMap<&str, usize> = site
        .tickets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id(), i))
        .collect();
    let doc_index: HashMap<&str, usize> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug(), i))
        .collect();
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); site.docs.len()];
    let mut sections: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); site.docs.len()];
    let mut unmatched: Vec<usize> = Vec::new();
    // Affected ticket index → the +1 tickets naming it.
    let mut affected: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut affects_unmatched: Vec<usize> = Vec::new();
    let mut affects_count = 0;
    for r in raw {
        // PRIVACY: a ticket counts only if the gate published it.
        if r.private {
            continue;
        }
        let Some(&ti) = ticket_index.get(r.id.as_str()) else {
            continue;
        };
        if let Some(a) = &r.affects {
            affects_count += 1;
            // PRIVACY: only a ticket the gate published is named; the free text is not kept.
            match ticket_index.get(a.as_str()) {
                Some(&ai) => affected.entry(ai).or_default().push(ti),
                None => affects_unmatched.push(ti),
            }
            continue;
        }
        let doc = r
            .doc_page
            .as_deref()
            .and_then(|p| doc_slug(p, base_path))
            .and_then(|s| doc_index.get(s.as_str()).copied());
        let Some(di) = doc else {
            // Feedback from the search page has no doc page; only a named page that is not
            // published is "unmatched".
            // PRIVACY: by its public ticket only; the free-text path is not kept.
            if r.doc_page.is_some() {
                unmatched.push(ti);
            }
            continue;
        };
        if !by_doc[di].contains(&ti) {
            by_doc[di].push(ti);
            if let Some(sec) = r.section.as_deref() {
                let sec = sec.trim().trim_start_matches('#');
                // PRIVACY: only anchors that exist on the page, never free text.
                if let Some(e) = docs
                    .get(di)
                    .and_then(|d| d.rendered.toc.iter().find(|e| e.id == sec))
                {
                    *sections[di].entry(e.id.clone()).or_default() += 1;
                }
            }
        }
    }
    for list in &mut by_doc {
        list.sort_unstable();
    }
    unmatched.sort_unstable();
    unmatched.dedup();
    let mut pages: Vec<PageReport> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| PageReport {
            page: doc_url(d.slug()),
            title: d.title().to_string(),
            count: by_doc[i].len(),
            open: by_doc[i]
                .iter()
                .filter(|&&t| site.tickets[t].stage() < Stage::Released)
                .count(),
            tickets: by_doc[i]
                .iter()
                .map(|&t| site.tickets[t].id().to_string())
                .collect(),
            sections: std::mem::take(&mut sections[i]),
        })
        .collect();
    pages.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.page.cmp(&b.page)));
    let ids = |list: &[usize]| -> Vec<String> {
        let mut l = list.to_vec();
        l.sort_unstable();
        l.dedup();
        l.iter()
            .map(|&t| site.tickets[t].id().to_string())
            .collect()
    };
    let mut affected_list: Vec<AffectedReport> = affected
        .iter()
        .map(|(&ai, list)| {
            let tickets = ids(list);
            AffectedReport {
                ticket: site.tickets[ai].id().to_string(),
                title: site.tickets[ai].title().to_string(),
                count: tickets.len(),
                tickets,
            }
        })
        .collect();
    // Stable: equal counts keep the site's ticket order.
    affected_list.sort_by_key(|a| std::cmp::Reverse(a.count));
    let affects_unmatched = ids(&affects_unmatched);
    DocsFeedback {
        by_doc,
        report: DocsReport {
            format: REPORT_FORMAT,
            marker: marker.to_string(),
            pages,
            unmatched: Unmatched {
                count: unmatched.len(),
                tickets: unmatched
                    .iter()
                    .map(|&t| site.tickets[t].id().to_string())
                    .collect(),
            },
            affected: AffectsReport {
                marker: AFFECTS_MARKER.to_string(),
                count: affects_count,
                tickets: affected_list,
                unmatched: Unmatched {
                    count: affects_unmatched.len(),
                    tickets: affects_unmatched,
                },
            },
        },
    }
}

/// The report as pretty JSON with a final newline (deterministic: all maps are ordered).
pub fn report_json(r: &DocsReport) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(r).unwrap_or_default();
    v.push(b'\n');
    v
}

/// The report as a table for the terminal: doc pages by how often readers filed a ticket.
pub fn report_text(r: &DocsReport) -> String {
    let mut out = String::new();
    let total: usize = r.pages.iter().map(|p| p.count).sum();
    out.push_str(&format!(
        "Documentation feedback: {total} public ticket(s) marked {:?} about {} of {} doc page(s)\n\n",
        r.marker,
        r.pages.iter().filter(|p| p.count > 0).count(),
        r.pages.len()
    ));
    out.push_str(&format!("{:>7} {:>6}  {}\n", "tickets", "open", "page"));
    for p in &r.pages {
        out.push_str(&format!(
            "{:>7} {:>6}  {}  ({})",
            p.count, p.open, p.page, p.title
        ));
        if !p.tickets.is_empty() {
            out.push_str(&format!("  #{}", p.tickets.join(" #")));
        }
        out.push('\n');
        for (s, n) in &p.sections {
            out.push_str(&format!("{:>7} {:>6}    #{s}\n", n, ""));
        }
    }
    if r.unmatched.count > 0 {
        out.push_str(&format!(
            "\n{} ticket(s) name a doc page that is not published: #{}\n",
            r.unmatched.count,
            r.unmatched.tickets.join(" #")
        ));
    }
    let a = &r.affected;
    out.push_str(&format!(
        "\n+1, this affects me: {} public ticket(s) marked {:?} about {} ticket(s)\n",
        a.count,
        a.marker,
        a.tickets.len()
    ));
    if !a.tickets.is_empty() {
        out.push_str(&format!("\n{:>7}  {}\n", "+1s", "ticket"));
    }
    for t in &a.tickets {
        out.push_str(&format!(
            "{:>7}  #{} ({})  #{}\n",
            t.count,
            t.ticket,
            t.title,
            t.tickets.join(" #")
        ));
    }
    if a.unmatched.count > 0 {
        out.push_str(&format!(
            "\n{} +1 ticket(s) name a ticket that is not published: #{}\n",
            a.unmatched.count,
            a.unmatched.tickets.join(" #")
        ));
    }
    out
}

#[derive(Serialize)]
struct SuggestDoc<'a> {
    /// Title.
    t: &'a str,
    /// Site-relative URL.
    u: String,
    /// Description, or "".
    d: &'a str,
    /// Headings on the page, for matching and for naming the section the reader came from.
    h: Vec<&'a str>,
    /// The headings' anchors, in the same order: the new-ticket page gets an anchor in its
    /// URL and shows the heading's text.
    a: Vec<&'a str>,
}

#[derive(Serialize)]
struct SuggestTicket<'a> {
    id: &'a str,
    t: &'a str,
    u: String,
    /// Customer-facing stage.
    s: &'static str,
}

/// `new/suggest.json`: public doc titles and headings, and the open public tickets (the
/// ones a customer could still say "this is my problem too" about). Built only from the
/// public model: `{"docs": [...], "tickets": [...]}`, assembled from the parts below so the
/// watch loop can keep each ticket's part and redo only changed ones.
pub fn suggest_json(site: &PublicSite, docs: &[DocRender]) -> Vec<u8> {
    let tickets: Vec<String> = site.tickets.iter().filter_map(suggest_ticket).collect();
    suggest_assemble(
        &suggest_docs(site, docs),
        tickets.iter().map(String::as_str),
    )
}

/// The `docs` array of `suggest.json`.
pub fn suggest_docs(site: &PublicSite, docs: &[DocRender]) -> String {
    let list: Vec<SuggestDoc> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let toc = docs
                .get(i)
                .map(|r| r.rendered.toc.as_slice())
                .unwrap_or(&[]);
            SuggestDoc {
                t: d.title(),
                u: doc_url(d.slug()),
                d: d.description().unwrap_or(""),
                h: toc.iter().map(|e| e.title.as_str()).collect(),
                a: toc.iter().map(|e| e.id.as_str()).collect(),
            }
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// One ticket's entry in `suggest.json`, or `None` when it is not open.
pub fn suggest_ticket(t: &PublicTicket) -> Option<String> {
    (t.stage() < Stage::Released).then(|| {
        serde_json::to_string(&SuggestTicket {
            id: t.id(),
            t: t.title(),
            u: ticket_url(t.id()),
            s: t.stage().name(),
        })
        .unwrap_or_default()
    })
}

/// `suggest.json` from its parts.
pub fn suggest_assemble<'a>(docs: &str, tickets: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() + 64);
    out.extend_from_slice(b"{\"docs\":");
    out.extend_from_slice(docs.as_bytes());
    out.extend_from_slice(b",\"tickets\":[");
    for (i, t) in tickets.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(t.as_bytes());
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::intake_context::Header;

    #[test]
    fn feedback_header_reads_the_first_block_only() {
        let h = parse_header(
            "\r\nDocumentation page: docs/billing/refunds/\r\nSection: card-payments\r\nSearch query: refund card\r\nMarker: docs-feedback\r\n\r\nSection: not-this\n",
        );
        assert_eq!(h.doc_page.as_deref(), Some("docs/billing/refunds/"));
        assert_eq!(h.section.as_deref(), Some("card-payments"));
        assert_eq!(h.query.as_deref(), Some("refund card"));
        assert_eq!(h.marker.as_deref(), Some("docs-feedback"));
        assert_eq!(
            parse_header("Just text.\n\nDocumentation page: docs/x/"),
            Header::default()
        );
    }

    #[test]
    fn feedback_doc_slug_accepts_paths_and_urls() {
        for p in [
            "docs/billing/refunds/",
            "/docs/billing/refunds",
            "https://support.example.com/help/docs/billing/refunds/#card-payments",
            "/help/docs/billing/refunds/?q=x",
        ] {
            assert_eq!(
                doc_slug(p, "/help/").as_deref(),
                Some("billing/refunds"),
                "{p}"
            );
        }
        assert_eq!(doc_slug("docs/", "/").as_deref(), Some(""));
        assert_eq!(doc_slug("tickets/4/", "/"), None);
        assert_eq!(doc_slug("docs/../etc", "/"), None);
        assert_eq!(doc_slug("https://x", "/"), None);
    }
}
