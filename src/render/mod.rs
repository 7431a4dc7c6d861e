//! Stage 5: render the planned pages with the theme's Tera templates.
//!
//! Templates never see the model: each gets a context struct built here from the public types
//! (as Zola's `ser.rs` does), with dates already formatted so output does not depend on the
//! template engine's clock or locale. Templates are parsed once; pages render in parallel.

pub(crate) mod datefmt;
pub(crate) mod feedback;
pub(crate) mod feeds;
pub mod intake;
pub(crate) mod promise_words;
pub(crate) mod redirects;
pub(crate) mod theme;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Context as _, Result};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::config::Config;
use crate::i18n::Texts;
use crate::markup::{render_doc, DocSection, RenderedDoc, TocEntry};
use crate::model::urls::{doc_url, ticket_url};
use crate::model::workflow::Stage;
use crate::model::Role;
use crate::plan::{PageKind, PlannedPage};
use crate::privacy::promises::{Outcome, PromiseKind, PublicPromise};
use crate::privacy::{PublicSite, PublicTicket};
use crate::render::datefmt::rfc3339;
use crate::render::theme::Theme;

mod stencil;

/// How a note's author is shown: by role only, never by name (names of customers and staff
/// are personal data on a page anyone can read). Pages and feeds use the same words.
pub(crate) fn role_label(tx: &Texts, role: Role) -> &str {
    tx.get(match role {
        Role::Customer => "role-customer",
        Role::Staff => "role-staff",
        Role::Other => "role-other",
    })
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    /// The language pages are written in, for `<html lang>`.
    lang: &'a str,
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    /// Site-relative URL of the favicon.
    favicon: String,
}

#[derive(Serialize)]
struct StepCtx<'a> {
    name: &'a str,
    /// "done", "current", "skipped" (passed by without the ticket going through it) or "todo".
    state: &'static str,
}

#[derive(Serialize)]
struct CardCtx<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    stage: &'a str,
    stage_slug: &'static str,
    severity: Option<&'a str>,
    updated: String,
    updated_iso: String,
    /// The date the lists are ordered by.
    opened: String,
    opened_iso: String,
    due: Option<String>,
    overdue: bool,
    /// Open longer than its severity's promised resolution time.
    past_promise: bool,
}

/// One promise line of a ticket page.
#[derive(Serialize)]
struct PromiseCtx {
    /// "First answer:", "Résolution :" (the colon as the language writes it).
    label: String,
    /// "within 1 business hour", "at our discretion".
    words: String,
    /// "answered after 40 min", "resolved after more than 3 business days".
    took: Option<String>,
    /// Given in time: the page shows ✓ (named "kept" for screen readers).
    kept: bool,
    /// Given late, or not given and past due: "Past our target".
    late: bool,
}

fn promise_ctx(tx: &Texts, p: &PublicPromise) -> PromiseCtx {
    let (label, after) = match p.kind() {
        PromiseKind::FirstAnswer => (tx.get("promise-first-answer"), "promise-answered-after"),
        PromiseKind::Resolution => (tx.get("promise-resolution"), "promise-resolved-after"),
    };
    let took = |t, more| {
        let span = promise_words::elapsed(tx, t, more);
        Some(tx.fmt(after, &[("span", span.into())]))
    };
    let (took, kept, late) = match p.outcome() {
        Outcome::Kept(t) => (took(*t, false), true, false),
        Outcome::Missed { took: t, more_than } => (took(*t, *more_than), false, true),
        Outcome::Overdue => (None, false, true),
        Outcome::Pending | Outcome::Unmeasured => (None, false, false),
    };
    PromiseCtx {
        label: tx.fmt("promise-label", &[("label", label.into())]),
        words: promise_words::promised(tx, p.words()),
        took,
        kept,
        late,
    }
}

#[derive(Serialize)]
struct NoteCtx<'a> {
    /// Place of the note, oldest first from 1: its anchor is `note-{num}` whatever the order
    /// the page lists the notes in.
    num: usize,
    author: &'a str,
    role: &'static str,
    at: String,
    at_iso: String,
    html: &'a str,
}

#[derive(Serialize)]
struct ChangeCtx<'a> {
    stage: &'a str,
    stage_slug: &'static str,
    on: String,
    at_iso: String,
}

#[derive(Serialize)]
struct TicketCtx<'a> {
    id: &'a str,
    url: String,
    /// The language the ticket is written in, when it is not the page's (its title and text
    /// carry it as `lang`).
    lang: Option<&'a str>,
    /// Unlisted: the page gets `noindex` and no feed.
    unlisted: bool,
    title: &'a str,
    stage: &'a str,
    stage_slug: &'static str,
    stage_explanation: &'a str,
    closed: bool,
    steps: Vec<StepCtx<'a>>,
    outcome_reason: Option<&'a str>,
    severity: Option<&'a str>,
    /// "First answer: within 1 business hour — answered after 40 min ✓", one per promise.
    promises: Vec<PromiseCtx>,
    /// Open, with a first answer or resolution overdue (kept for themes that show it).
    past_promise: bool,
    age_days: i64,
    /// "15 days ago".
    age: String,
    category: Option<&'a str>,
    tracker: Option<&'a str>,
    opened: String,
    opened_iso: String,
    updated: String,
    closed_on: Option<String>,
    due: Option<String>,
    overdue: bool,
    work_left: Option<String>,
    target_release: Option<&'a str>,
    fixed_in: Option<&'a str>,
    fix_location: Option<Cow<'a, str>>,
    done_ratio: Option<u8>,
    fields: Vec<(&'a str, &'a str)>,
    /// The doc (and section) an intake ticket was filed from, when that doc is published.
    asked_from: Option<AskedFromCtx<'a>>,
    /// Labels `[privacy] public_labels` allows.
    labels: Vec<&'a str>,
    description_html: &'a str,
    /// Public notes, newest first.
    notes: Vec<NoteCtx<'a>>,
    /// The newest public note, shown at the top of the page.
    latest: Option<LatestCtx<'a>>,
    /// Whose turn it is, in plain words.
    turn: &'a str,
    /// Released or Closed: "+1, this affects me" becomes "Still happening? Tell us".
    done: bool,
    /// How long the ticket took from opening to closing ("3 days"), for closed tickets.
    took: Option<String>,
    history: Vec<ChangeCtx<'a>>,
}

/// The "Latest update" block at the top of a ticket page.
#[derive(Serialize)]
struct LatestCtx<'a> {
    /// Anchor number of the note (`note-{num}`).
    num: usize,
    /// Role label, never a name.
    who: &'a str,
    at: String,
    at_iso: String,
    /// The first words of the note's plain text.
    excerpt: String,
}

/// Characters of a note's plain text the "Latest update" block shows.
const EXCERPT_CHARS: usize = 220;

/// The first [`EXCERPT_CHARS`] characters of a note's text, read from its sanitised HTML
/// (the plain text has gone to the search index by now): tags dropped, the entities the
/// sanitiser writes decoded, whitespace folded, cut at a word with "…" when there is more.
/// Reads no further than it needs to.
fn excerpt(html: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_CHARS + 8);
    let (mut chars, mut in_tag, mut space) = (0usize, false, false);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        let ch = match c {
            '<' => {
                in_tag = true;
                None
            }
            '>' if in_tag => {
                in_tag = false;
                space = true;
                None
            }
            _ if in_tag => None,
            '&' => {
                let ent = [
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&amp;", '&'),
                ]
                .into_iter()
                .find(|(e, _)| rest.starts_with(e));
                match ent {
                    Some((e, d)) => {
                        step = e.len();
                        Some(d)
                    }
                    None => Some('&'),
                }
            }
            c if c.is_whitespace() => {
                space = true;
                None
            }
            c => Some(c),
        };
        rest = &rest[step..];
        let Some(ch) = ch else { continue };
        if space && !out.is_empty() {
            if chars + 1 >= EXCERPT_CHARS {
                out.push('…');
                return out;
            }
            out.push(' ');
            chars += 1;
        }
        space = false;
        if chars >= EXCERPT_CHARS {
            // Mid-word: cut back to the last space, if there is one.
            if let Some(sp) = out.rfind(' ') {
                out.truncate(sp);
            }
            out.push('…');
            return out;
        }
        out.push(ch);
        chars += 1;
    }
    out
}

/// Whose turn it is, from the stage and the role of the last public note. The team asking
/// last, before the work starts, means it waits for the customer.
pub(crate) fn whose_turn(tx: &Texts, stage: Stage, last: Option<Role>) -> &str {
    tx.get(match stage {
        Stage::Received | Stage::UnderReview if last == Some(Role::Staff) => "turn-waiting-for-you",
        Stage::Received => "turn-received",
        Stage::UnderReview => "turn-under-review",
        Stage::Confirmed => "turn-confirmed",
        Stage::InProgress => "turn-in-progress",
        Stage::FixInTesting => "turn-fix-in-testing",
        Stage::Released => "turn-released",
        Stage::Closed | Stage::Rejected | Stage::WontFix => "turn-closed",
    })
}

/// "Where the fix is", in words a customer understands: the trackers' "production" and
/// "staging" become "Available to everyone" and "Being tested"; anything else (a version,
/// say) is shown as it is.
pub(crate) fn fix_location_words<'a>(tx: &'a Texts, loc: &'a str) -> Cow<'a, str> {
    match loc.trim().to_ascii_lowercase().as_str() {
        "production" | "prod" | "live" => Cow::Borrowed(tx.get("fix-everyone")),
        "staging" | "testing" | "test" | "qa" | "preview" | "beta" => {
            Cow::Borrowed(tx.get("fix-testing"))
        }
        "git" | "development" | "dev" | "main" | "master" | "code" => {
            Cow::Borrowed(tx.get("fix-code"))
        }
        _ => Cow::Borrowed(loc),
    }
}

/// "40 minutes", "5 hours", "1 day", "12 days": a span in the largest unit that fits.
pub(crate) fn span_words(tx: &Texts, d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes().max(0);
    let (n, key) = if mins < 60 {
        (mins.max(1), "span-minutes")
    } else if mins < 48 * 60 {
        (mins / 60, "span-hours")
    } else {
        (mins / (24 * 60), "span-days")
    };
    tx.fmt(key, &[("count", n.into())])
}

#[derive(Serialize)]
struct AskedFromCtx<'a> {
    title: &'a str,
    /// Site-relative, with the section's `#anchor` when it is a heading of the doc.
    url: String,
    section: Option<&'a str>,
}

#[derive(Serialize)]
struct DocLinkCtx<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    section: String,
    /// Position of the doc in the site's docs.
    #[serde(skip)]
    index: usize,
}

/// A doc page's navigation: the pages of its section around it, and the previous and next
/// page in reading order (the docs index's order: sections, then the pages of each).
#[derive(Serialize)]
struct DocNavCtx<'s, 'a> {
    section: &'s str,
    /// The section's anchor on the docs index, where all its pages are listed.
    section_url: String,
    /// At most [`SIDEBAR_PAGES`] pages of the section, the current one among them.
    pages: Vec<SidebarPageCtx<'s, 'a>>,
    /// Pages of the section the sidebar leaves out.
    more: usize,
    prev: Option<&'s DocLinkCtx<'a>>,
    next: Option<&'s DocLinkCtx<'a>>,
}

#[derive(Serialize)]
struct SidebarPageCtx<'s, 'a> {
    link: &'s DocLinkCtx<'a>,
    current: bool,
}

/// Pages a doc's sidebar lists: a large section (hundreds of pages) would otherwise repeat
/// its whole list on each of its pages.
const SIDEBAR_PAGES: usize = 15;

#[derive(Serialize)]
struct DocSectionCtx<'a> {
    name: String,
    slug: String,
    /// Where the section's pages are listed (see [`section_url`]).
    url: String,
    docs: Vec<DocLinkCtx<'a>>,
}

/// A docs section on the home page: its first [`HOME_DOCS_PER_SECTION`] docs and the count.
#[derive(Serialize)]
struct HomeSectionCtx<'s, 'a> {
    name: &'s str,
    slug: &'s str,
    url: &'s str,
    docs: &'s [DocLinkCtx<'a>],
    count: usize,
}

/// Docs listed per section on the home page; the docs index lists them all.
const HOME_DOCS_PER_SECTION: usize = 8;

#[derive(Serialize)]
struct DocCtx<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    date: Option<String>,
    tags: &'a [String],
    section: Option<DocSectionRef>,
    toc: &'a [TocEntry],
    html: &'a str,
    /// The language the doc is written in when it is not the page's: no version in the page's
    /// language exists, and this one is shown with a note.
    lang: Option<&'a str>,
    /// The doc's versions in the site's other languages.
    translations: Vec<LangLinkCtx<'a>>,
}

/// A link to the same page in another language of a multilingual site: the language picker,
/// the `hreflang` links and a doc's other languages.
#[derive(Serialize)]
struct LangLinkCtx<'a> {
    code: &'a str,
    /// The language's own name for itself ("Deutsch").
    name: &'a str,
    /// Relative to the page.
    href: String,
    /// Absolute (for `hreflang`, which wants full URLs).
    abs: String,
    /// The page's own language.
    current: bool,
}

/// Links to the page at language-relative `url` in each language of the site (none on a site
/// in one language); `root` leads from the page to its language's root. The 404 page (whose
/// root is an absolute path, as it is served at any depth) links to each language's home.
fn language_links<'a>(cfg: &'a Config, root: &str, url: &str) -> Vec<LangLinkCtx<'a>> {
    if cfg.site_languages.is_empty() {
        return Vec::new();
    }
    let here = cfg.language_prefix(&cfg.language);
    let (to_site_root, url) = if root.starts_with('/') {
        (cfg.site_base_path().to_string(), "")
    } else {
        // A prefixed language's root is one folder below the site's.
        let up = if here.is_empty() { "" } else { "../" };
        (format!("{root}{up}"), url)
    };
    cfg.site_languages
        .iter()
        .map(|l| LangLinkCtx {
            code: &l.code,
            name: &l.name,
            href: format!("{to_site_root}{}{url}", l.prefix),
            abs: format!("{}{}{url}", cfg.site_base_url, l.prefix),
            current: l.code == cfg.language,
        })
        .collect()
}

#[derive(Serialize)]
struct DocSectionRef {
    name: String,
    url: String,
}

/// An open stage on the home page: its count and where its list is.
#[derive(Serialize)]
struct StageGroupCtx<'a> {
    stage: &'a str,
    stage_slug: &'static str,
    /// The stage's list (`plan::List::Stage`).
    url: String,
    /// All open tickets at this stage.
    count: usize,
}

/// One link of the filter nav on the ticket lists.
#[derive(Serialize)]
struct FilterCtx<'a> {
    name: &'a str,
    url: String,
    /// This list is the one shown (`aria-current`).
    current: bool,
}

/// The ticket list shown: what its heading and lead say.
#[derive(Serialize)]
struct ListCtx<'a> {
    /// The page heading ("Open tickets").
    title: String,
    /// The front page's lead: the count and the order, or a plain sentence when empty.
    lead: String,
    /// What the stage means, on a stage's list.
    explanation: Option<&'a str>,
}

/// The pager of a ticket list.
#[derive(Serialize)]
struct PagerCtx {
    /// The front page, which also shows the ticket count.
    front: bool,
    /// Opening dates of the page's tickets: "opened 3 October 2026 to 19 November 2026".
    span: String,
    newest: String,
    /// `None` when the list has one page.
    oldest: Option<String>,
    newer: Option<String>,
    older: Option<String>,
}

/// Filter nav names, in `plan::List::every()` order. "All closed", not "Closed": the stage
/// Closed has a link of its own in the same nav.
fn list_name(tx: &Texts, list: crate::plan::List) -> &str {
    use crate::plan::List;
    match list {
        List::All => tx.get("list-all-short"),
        List::Open => tx.get("list-open-short"),
        List::Closed => tx.get("list-closed-short"),
        List::Stage(s) => tx.stage_name(s),
    }
}

/// Heading and lead of list page `front` of `list`, holding `total` tickets.
fn list_ctx(tx: &Texts, list: crate::plan::List, total: usize) -> ListCtx<'_> {
    use crate::plan::List;
    let count = [("count", total.into())];
    let (title, lead) = match list {
        List::All => (
            tx.get("list-all").to_string(),
            tx.fmt("list-all-lead", &count),
        ),
        List::Open => (
            tx.get("list-open").to_string(),
            tx.fmt("list-open-lead", &count),
        ),
        List::Closed => (
            tx.get("list-closed").to_string(),
            tx.fmt("list-closed-lead", &count),
        ),
        List::Stage(s) => (
            tx.fmt("list-stage", &[("stage", tx.stage_name(s).into())]),
            tx.fmt("list-stage-lead", &count),
        ),
    };
    ListCtx {
        title,
        lead,
        explanation: match list {
            List::Stage(s) => Some(tx.stage_about(s)),
            _ => None,
        },
    }
}

/// "opened 3 October 2026 to 19 November 2026" (oldest to newest), or "opened on 2 November 2026".
fn opened_span(tx: &Texts, shown: &[&PublicTicket]) -> String {
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return String::new();
    };
    let (a, b) = (
        tx.date(first.opened().date_naive()),
        tx.date(last.opened().date_naive()),
    );
    if a == b {
        tx.fmt("list-opened-on", &[("date", a.into())])
    } else {
        tx.fmt("list-opened-span", &[("from", a.into()), ("to", b.into())])
    }
}

/// What the home page and the site feed sort listed tickets by, one per
/// `PublicSite::tickets` entry in the same order: a small array scanned instead of 100,000
/// scattered tickets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Recency {
    pub updated: DateTime<Utc>,
    pub stage: Stage,
}

impl Recency {
    pub(crate) fn of(t: &PublicTicket) -> Recency {
        Recency {
            updated: t.updated(),
            stage: t.stage(),
        }
    }
}

/// [`Recency`] of every listed ticket.
pub(crate) fn recency(site: &PublicSite) -> Vec<Recency> {
    site.tickets.iter().map(Recency::of).collect()
}

/// Positions of the `k` most recently updated listed tickets that pass `keep`, newest first
/// (ties: lower position first, the one opened earlier: see `privacy::list_order`). A partial sort:
/// the home page and the site feed of a 100,000-ticket site need a few dozen.
pub(crate) fn most_recent(
    rec: &[Recency],
    keep: impl Fn(&Recency) -> bool,
    k: usize,
) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..rec.len()).filter(|&i| keep(&rec[i])).collect();
    let order = |a: &usize, b: &usize| rec[*b].updated.cmp(&rec[*a].updated).then(a.cmp(b));
    if idx.len() > k {
        idx.select_nth_unstable_by(k, order);
        idx.truncate(k);
    }
    idx.sort_by(order);
    idx
}

/// The rendered docs, kept for the search index.
#[derive(Clone)]
pub(crate) struct DocRender {
    pub rendered: RenderedDoc,
}

/// Section name for a doc: its first folder, title-cased ("getting-started" → "Getting started").
fn section_of(slug: &str) -> Option<(String, String)> {
    let (first, _) = slug.split_once('/')?;
    let mut name = first.replace(['-', '_'], " ");
    if let Some(c) = name.get(0..1) {
        name.replace_range(0..1, &c.to_uppercase());
    }
    Some((name, first.to_string()))
}

fn card<'a>(tx: &'a Texts, t: &'a PublicTicket) -> CardCtx<'a> {
    CardCtx {
        id: t.id(),
        url: ticket_url(t.id()),
        title: t.title(),
        stage: tx.stage_name(t.stage()),
        stage_slug: t.stage().slug(),
        severity: t.severity().map(|s| promise_words::severity(tx, s)),
        updated: tx.date(t.updated().date_naive()),
        updated_iso: rfc3339(t.updated()),
        opened: tx.date(t.opened().date_naive()),
        opened_iso: rfc3339(t.opened()),
        due: t.due().map(|d| tx.date(d)),
        overdue: t.overdue(),
        past_promise: t.past_promise(),
    }
}

/// The progress bar: Received → … → Closed, with a closing decision (Rejected, Won't fix)
/// in the last place, named as itself. A step before the current one is "done" only if the
/// ticket went through it: with a public history, a step it never reached is "skipped" (a
/// Released ticket that went straight from Received to Released does not tick "In progress",
/// and a Won't fix ticket never ticks "Fix in testing" or "Released"). Without any history
/// the tracker told us nothing about the way, and the steps before are shown as done.
fn progress_steps<'a>(tx: &'a Texts, t: &PublicTicket) -> Vec<StepCtx<'a>> {
    let current = t.stage().step();
    let reached = |step: usize| {
        step == 0 || t.history().is_empty() || t.history().iter().any(|h| h.stage().step() == step)
    };
    Stage::STEPS
        .iter()
        .map(|s| StepCtx {
            name: if t.stage().is_closed() && s.step() == 6 {
                tx.stage_name(t.stage())
            } else {
                tx.stage_name(*s)
            },
            state: if s.step() == current {
                if t.stage() == Stage::Closed {
                    "done"
                } else {
                    "current"
                }
            } else if s.step() < current {
                if reached(s.step()) {
                    "done"
                } else {
                    "skipped"
                }
            } else {
                "todo"
            },
        })
        .collect()
}

fn ticket_ctx<'a>(tx: &'a Texts, t: &'a PublicTicket) -> TicketCtx<'a> {
    let steps = progress_steps(tx, t);
    TicketCtx {
        id: t.id(),
        url: t.url().to_string(),
        lang: t.language().filter(|l| *l != tx.code()),
        unlisted: t.unlisted(),
        title: t.title(),
        stage: tx.stage_name(t.stage()),
        stage_slug: t.stage().slug(),
        stage_explanation: tx.stage_about(t.stage()),
        closed: t.stage().is_closed(),
        steps,
        outcome_reason: t.outcome_reason(),
        severity: t.severity().map(|s| promise_words::severity(tx, s)),
        promises: t.promises().iter().map(|p| promise_ctx(tx, p)).collect(),
        past_promise: t.past_promise(),
        age_days: t.age_days(),
        age: tx.fmt("age-days-ago", &[("count", t.age_days().into())]),
        category: t.category().map(|c| tx.category(c)),
        tracker: t.tracker(),
        labels: t.labels().iter().map(String::as_str).collect(),
        opened: tx.date(t.opened().date_naive()),
        opened_iso: rfc3339(t.opened()),
        updated: tx.date(t.updated().date_naive()),
        closed_on: t.closed().map(|c| tx.date(c.date_naive())),
        due: t.due().map(|d| tx.date(d)),
        overdue: t.overdue(),
        work_left: t.deadline().map(|d| {
            tx.fmt(
                "ticket-work-left",
                &[
                    ("work", d.work_left.to_string().into()),
                    ("date", tx.date(d.target).into()),
                ],
            )
        }),
        target_release: t.target_release(),
        fixed_in: t.fixed_in(),
        fix_location: t.fix_location().map(|l| fix_location_words(tx, l)),
        done_ratio: t.done_ratio(),
        fields: t
            .fields()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        asked_from: None,
        description_html: &t.description().html,
        latest: t.notes().last().map(|n| LatestCtx {
            num: t.notes().len(),
            who: role_label(tx, n.role()),
            at: tx.date_time(n.at()),
            at_iso: rfc3339(n.at()),
            excerpt: excerpt(&n.body().html),
        }),
        turn: whose_turn(tx, t.stage(), t.notes().last().map(|n| n.role())),
        done: matches!(t.stage(), Stage::Released | Stage::Closed),
        took: t
            .closed()
            .filter(|_| t.stage().is_closed())
            .map(|c| span_words(tx, c - t.opened())),
        notes: t
            .notes()
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| NoteCtx {
                num: i + 1,
                author: role_label(tx, n.role()),
                role: match n.role() {
                    Role::Customer => "customer",
                    Role::Staff => "staff",
                    Role::Other => "other",
                },
                at: tx.date_time(n.at()),
                at_iso: rfc3339(n.at()),
                html: &n.body().html,
            })
            .collect(),
        history: t
            .history()
            .iter()
            .map(|h| ChangeCtx {
                stage: tx.stage_name(h.stage()),
                stage_slug: h.stage().slug(),
                on: tx.date(h.at().date_naive()),
                at_iso: rfc3339(h.at()),
            })
            .collect(),
    }
}

/// Renders every doc's Markdown once (the HTML depends on the page depth only through `root`,
/// which is fixed per doc).
pub(crate) fn render_docs(site: &PublicSite) -> Vec<DocRender> {
    let known: BTreeSet<String> = site.docs.iter().map(|d| d.slug().to_string()).collect();
    site.docs
        .par_iter()
        .map(|d| {
            let root = crate::model::urls::root_for(&doc_url(d.slug()));
            DocRender {
                rendered: render_doc(
                    d.body(),
                    d.slug(),
                    d.is_index(),
                    &root,
                    &known,
                    &crate::markup::assets::DocFiles {
                        assets: site.assets(),
                        folder: d.folder(),
                    },
                ),
            }
        })
        .collect()
}

/// Renders one planned page at a time, so the build can write each page as soon as it is
/// rendered instead of holding the whole site in memory (see `output::write_site_with`).
pub(crate) struct PageRenderer<'a> {
    tera: &'a Tera,
    cfg: &'a Config,
    /// The words of the site's language.
    texts: &'a Texts,
    site_ctx: SiteCtx<'a>,
    site: &'a PublicSite,
    docs: &'a [DocRender],
    doc_sections: Vec<DocSectionCtx<'a>>,
    /// The path part of `base_url`, for reading intake lines that carry a full URL.
    base_path: &'a str,
    /// Per doc (by position in the site): its section and place in `doc_sections`.
    doc_places: Vec<(usize, usize)>,
    flow: &'a crate::render::feedback::Flow,
    recency: Cow<'a, [Recency]>,
    /// Positions of the tickets on each filtered list (`plan::List::every()` order without
    /// `All`), from `recency` once rather than per list page.
    lists: Vec<Vec<usize>>,
    /// `0..tickets`: the all-tickets list.
    all: Vec<usize>,
    /// Ticket pages (nine in ten pages) are filled in from stencils of `ticket.html`.
    ticket_stencils: stencil::Stencils,
}

impl<'a> PageRenderer<'a> {
    /// A renderer that works out the tickets' [`Recency`] itself (the tests' sites).
    #[cfg(test)]
    pub(crate) fn new(
        tera: &'a Tera,
        texts: &'a Texts,
        cfg: &'a Config,
        site: &'a PublicSite,
        docs: &'a [DocRender],
        flow: &'a crate::render::feedback::Flow,
    ) -> Self {
        Self::make(
            tera,
            texts,
            cfg,
            site,
            docs,
            flow,
            Cow::Owned(recency(site)),
        )
    }

    /// [`PageRenderer::new`] with the tickets' [`Recency`] already at hand (the watch loop
    /// keeps it up to date instead of scanning every ticket again).
    pub(crate) fn with_recency(
        tera: &'a Tera,
        texts: &'a Texts,
        cfg: &'a Config,
        site: &'a PublicSite,
        docs: &'a [DocRender],
        flow: &'a crate::render::feedback::Flow,
        rec: &'a [Recency],
    ) -> Self {
        Self::make(tera, texts, cfg, site, docs, flow, Cow::Borrowed(rec))
    }

    fn make(
        tera: &'a Tera,
        texts: &'a Texts,
        cfg: &'a Config,
        site: &'a PublicSite,
        docs: &'a [DocRender],
        flow: &'a crate::render::feedback::Flow,
        recency: Cow<'a, [Recency]>,
    ) -> Self {
        let doc_sections = docs_by_section(site);
        let mut doc_places = vec![(0, 0); site.docs.len()];
        for (si, sec) in doc_sections.iter().enumerate() {
            for (pi, d) in sec.docs.iter().enumerate() {
                doc_places[d.index] = (si, pi);
            }
        }
        let lists = crate::plan::List::every()
            .skip(1)
            .map(|l| {
                (0..recency.len())
                    .filter(|&i| l.keeps(recency[i].stage))
                    .collect()
            })
            .collect();
        PageRenderer {
            texts,
            cfg,
            lists,
            all: (0..recency.len()).collect(),
            tera,
            site_ctx: SiteCtx {
                lang: texts.code(),
                title: &cfg.title,
                description: &cfg.description,
                base_url: &cfg.base_url,
                favicon: cfg.favicon_url(),
            },
            base_path: cfg.base_path(),
            site,
            docs,
            doc_sections,
            doc_places,
            flow,
            recency,
            ticket_stencils: stencil::Stencils::new(
                tera,
                "ticket.html",
                crate::markup::push_escaped,
            ),
        }
    }

    /// Positions in the site of the tickets on `list`, oldest first.
    fn members(&self, list: crate::plan::List) -> &[usize] {
        match crate::plan::List::every().position(|l| l == list) {
            Some(0) | None => &self.all,
            Some(k) => &self.lists[k - 1],
        }
    }

    /// The page's bytes.
    pub(crate) fn render(&self, p: &PlannedPage) -> Result<Vec<u8>> {
        render_page(self, p)
            .with_context(|| format!("rendering {}", p.file))
            .map(String::into_bytes)
    }
}

/// The docs by section, in reading order. Pages: the docs folder's own navigation first
/// (mdBook, MkDocs, wiki sidebar), then `weight`, then title. Sections: "General" (docs at
/// the top level) first, then by the first page the navigation lists in them, then by folder.
fn docs_by_section(site: &PublicSite) -> Vec<DocSectionCtx<'_>> {
    let mut groups: BTreeMap<String, DocSectionCtx> = BTreeMap::new();
    let mut first_nav: BTreeMap<String, u32> = BTreeMap::new();
    let mut order: Vec<usize> = (0..site.docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.docs[a], &site.docs[b]);
        let nav = |d: &crate::privacy::PublicDoc| d.nav().unwrap_or(u32::MAX);
        nav(x)
            .cmp(&nav(y))
            .then_with(|| x.weight().cmp(&y.weight()))
            .then_with(|| x.title().cmp(y.title()))
            .then_with(|| x.slug().cmp(y.slug()))
    });
    for i in order {
        let d = &site.docs[i];
        let (name, slug) =
            section_of(d.slug()).unwrap_or_else(|| ("General".into(), String::new()));
        if let Some(n) = d.nav() {
            let e = first_nav.entry(slug.clone()).or_insert(n);
            *e = (*e).min(n);
        }
        let g = groups.entry(slug.clone()).or_insert_with(|| DocSectionCtx {
            name: name.clone(),
            slug,
            url: String::new(),
            docs: Vec::new(),
        });
        g.docs.push(DocLinkCtx {
            title: d.title(),
            url: doc_url(d.slug()),
            description: d.description(),
            section: name,
            index: i,
        });
    }
    let mut sections: Vec<DocSectionCtx> = groups.into_values().collect();
    // Stable: without a navigation file the order stays "General", then by folder.
    sections.sort_by_key(|s| {
        (
            !s.slug.is_empty(),
            first_nav.get(&s.slug).copied().unwrap_or(u32::MAX),
        )
    });
    let urls: Vec<String> = (0..sections.len())
        .map(|si| section_url(&sections, si))
        .collect();
    for (s, url) in sections.iter_mut().zip(urls) {
        s.url = url;
    }
    sections
}

/// Where a section's pages are listed: its part of the docs index; when a root `index.md`
/// takes the docs index's place, the section's first page.
fn section_url(sections: &[DocSectionCtx<'_>], si: usize) -> String {
    let root_doc = sections
        .first()
        .is_some_and(|s| s.slug.is_empty() && s.docs.iter().any(|d| d.url == "docs/"));
    let sec = &sections[si];
    match (root_doc, sec.slug.is_empty()) {
        (false, false) => format!("docs/#{}", sec.slug),
        (false, true) => "docs/".to_string(),
        (true, _) => sec
            .docs
            .first()
            .map_or_else(|| "docs/".to_string(), |d| d.url.clone()),
    }
}

/// A doc page's sidebar and previous / next links.
fn doc_nav<'s, 'a>(
    sections: &'s [DocSectionCtx<'a>],
    (si, pi): (usize, usize),
) -> DocNavCtx<'s, 'a> {
    let sec = &sections[si];
    let start = pi
        .saturating_sub(SIDEBAR_PAGES / 2)
        .min(sec.docs.len().saturating_sub(SIDEBAR_PAGES));
    let end = (start + SIDEBAR_PAGES).min(sec.docs.len());
    let prev = if pi > 0 {
        sec.docs.get(pi - 1)
    } else {
        sections[..si].iter().rev().find_map(|s| s.docs.last())
    };
    let next = sec
        .docs
        .get(pi + 1)
        .or_else(|| sections[si + 1..].iter().find_map(|s| s.docs.first()));
    DocNavCtx {
        section: &sec.name,
        section_url: sec.url.clone(),
        pages: sec.docs[start..end]
            .iter()
            .enumerate()
            .map(|(k, link)| SidebarPageCtx {
                link,
                current: start + k == pi,
            })
            .collect(),
        more: sec.docs.len() - (end - start),
        prev,
        next,
    }
}

/// The ticket a ticket page (listed or at its secret link) shows.
fn page_ticket(site: &PublicSite, kind: PageKind) -> Option<&PublicTicket> {
    match kind {
        PageKind::Ticket(i) => Some(&site.tickets[i]),
        PageKind::Unlisted(i) => Some(&site.unlisted[i]),
        _ => None,
    }
}

/// "+1, this affects me" on a ticket page: through the same intake as the new-ticket page.
/// On Released and Closed tickets it becomes "Still happening? Tell us", which files a new
/// ticket that names this one.
fn plus_one_ctx(r: &PageRenderer, t: &PublicTicket) -> Option<crate::render::intake::SubmitCtx> {
    let page_url = format!("{}{}", r.site_ctx.base_url, t.url());
    if matches!(t.stage(), Stage::Released | Stage::Closed) {
        r.flow.intake.still_happening_ctx(
            t.id(),
            t.title(),
            r.texts.stage_name(t.stage()),
            &page_url,
            r.texts,
        )
    } else {
        r.flow
            .intake
            .plus_one_ctx(t.id(), t.title(), &page_url, r.texts)
    }
}

fn render_page(r: &PageRenderer, p: &PlannedPage) -> Result<String> {
    let (tera, site_ctx, site, docs, flow) = (r.tera, &r.site_ctx, r.site, r.docs, r.flow);
    let (tx, cfg) = (r.texts, r.cfg);
    let doc_sections = &r.doc_sections[..];
    let doc_places = &r.doc_places[..];
    if let Some(t) = page_ticket(site, p.kind) {
        return ticket_page(r, p, t);
    }
    let mut ctx = tera::Context::new();
    ctx.insert("site", site_ctx);
    ctx.insert("root", &p.root);
    ctx.insert("url", &p.url);
    ctx.insert("languages", &language_links(r.cfg, &p.root, &p.url));
    let template = match p.kind {
        PageKind::Home => {
            let rec = &r.recency[..];
            let groups: Vec<StageGroupCtx> = Stage::STEPS[..5]
                .iter()
                .map(|s| StageGroupCtx {
                    stage: r.texts.stage_name(*s),
                    stage_slug: s.slug(),
                    url: crate::plan::List::Stage(*s).base(),
                    count: rec.iter().filter(|r| r.stage == *s).count(),
                })
                .collect();
            let recent: Vec<CardCtx> = most_recent(
                rec,
                |r| crate::plan::is_open(r.stage),
                crate::plan::HOME_RECENT,
            )
            .into_iter()
            .map(|i| card(r.texts, &site.tickets[i]))
            .collect();
            ctx.insert("recent", &recent);
            let released: Vec<CardCtx> = most_recent(
                rec,
                |r| matches!(r.stage, Stage::Released | Stage::Closed),
                10,
            )
            .into_iter()
            .map(|i| card(r.texts, &site.tickets[i]))
            .collect();
            let open_count: usize = groups.iter().map(|g| g.count).sum();
            ctx.insert("groups", &groups);
            ctx.insert("open_count", &open_count);
            ctx.insert("released", &released);
            let sections: Vec<HomeSectionCtx> = doc_sections
                .iter()
                .map(|s| HomeSectionCtx {
                    name: &s.name,
                    slug: &s.slug,
                    url: &s.url,
                    docs: &s.docs[..s.docs.len().min(HOME_DOCS_PER_SECTION)],
                    count: s.docs.len(),
                })
                .collect();
            ctx.insert("doc_sections", &sections);
            "home.html"
        }
        PageKind::TicketsIndex(list, p) => {
            use crate::plan::{list_pages, list_range, List};
            let members = r.members(list);
            let total = members.len();
            let pages = list_pages(total);
            let shown: Vec<&PublicTicket> = members[list_range(p, total)]
                .iter()
                .map(|&i| &site.tickets[i])
                .collect();
            let cards: Vec<CardCtx> = shown.iter().rev().map(|t| card(r.texts, t)).collect();
            ctx.insert("tickets", &cards);
            ctx.insert("list", &list_ctx(r.texts, list, total));
            let filters: Vec<FilterCtx> = List::every()
                .map(|l| FilterCtx {
                    name: list_name(r.texts, l),
                    url: l.base(),
                    current: l == list,
                })
                .collect();
            ctx.insert("filters", &filters);
            // Links that do not depend on the ticket count, so older pages stay as they are
            // while tickets are added (see `plan::list_pages`).
            let newer = match p {
                0 => None,
                p if p + 1 < pages => Some(list.url(p + 1)),
                _ => Some(list.url(0)),
            };
            let older = match p {
                0 => (pages > 1).then(|| list.url(pages - 1)),
                1 => None,
                p => Some(list.url(p - 1)),
            };
            ctx.insert(
                "pager",
                &PagerCtx {
                    front: p == 0,
                    span: opened_span(r.texts, &shown),
                    newest: list.url(0),
                    oldest: (pages > 1).then(|| list.url(1)),
                    newer,
                    older,
                },
            );
            "tickets.html"
        }
        PageKind::FindTicket => "find.html",
        PageKind::Ticket(_) | PageKind::Unlisted(_) => unreachable!("rendered by ticket_page"),
        PageKind::DocsIndex => {
            ctx.insert("doc_sections", doc_sections);
            "docs_index.html"
        }
        PageKind::Doc(i) => {
            let d = &site.docs[i];
            let r = &docs[i].rendered;
            let doc = DocCtx {
                title: d.title(),
                url: doc_url(d.slug()),
                description: d.description(),
                date: d.date().map(|t| tx.date(t.date_naive())),
                tags: d.tags(),
                section: section_of(d.slug()).map(|(name, _)| DocSectionRef {
                    name,
                    url: doc_sections[doc_places[i].0].url.clone(),
                }),
                toc: &r.toc,
                html: &r.html,
                lang: d.language().filter(|l| *l != tx.code()),
                translations: language_links(cfg, &p.root, &p.url)
                    .into_iter()
                    .filter(|l| !l.current && d.translations().iter().any(|t| t == l.code))
                    .collect(),
            };
            ctx.insert("doc", &doc);
            ctx.insert("doc_nav", &doc_nav(doc_sections, doc_places[i]));
            ctx.insert("feedback", &flow.intake.widget_ctx(&doc_url(d.slug())));
            // Only pages with the feedback widget or form load feedback.js.
            ctx.insert("feedback_js", &true);
            // Public feedback tickets about this page (feedback::collect keeps only published
            // tickets).
            let about: Vec<CardCtx> = flow
                .feedback
                .by_doc
                .get(i)
                .map(|ts| ts.iter().map(|&t| card(tx, &site.tickets[t])).collect())
                .unwrap_or_default();
            ctx.insert("doc_tickets", &about);
            "doc.html"
        }
        PageKind::Search => {
            let all: Vec<&DocLinkCtx> = doc_sections.iter().flat_map(|s| s.docs.iter()).collect();
            ctx.insert("docs", &all);
            ctx.insert("doc_sections", doc_sections);
            // feedback.js adds "Did this answer your question?" next to the "Ask us" hook.
            ctx.insert("feedback_js", &true);
            "search.html"
        }
        PageKind::NewTicket => {
            ctx.insert("intake", &flow.intake.new_ticket_ctx(site_ctx.base_url, tx));
            ctx.insert("feedback_js", &true);
            "new.html"
        }
        PageKind::NotFound => "404.html",
    };
    tera.render(template, &ctx)
        .map_err(|e| anyhow!(tera_chain(&e)).context(format!("template {template}")))
}

/// What `ticket.html` is rendered with.
#[derive(Serialize)]
struct TicketPageCtx<'a> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    url: &'a str,
    languages: Vec<LangLinkCtx<'a>>,
    ticket: TicketCtx<'a>,
    plus_one: Option<crate::render::intake::SubmitCtx>,
}

fn ticket_page_ctx<'a>(
    r: &'a PageRenderer,
    p: &'a PlannedPage,
    t: &'a PublicTicket,
) -> TicketPageCtx<'a> {
    TicketPageCtx {
        site: &r.site_ctx,
        root: &p.root,
        url: &p.url,
        languages: language_links(r.cfg, &p.root, &p.url),
        ticket: TicketCtx {
            asked_from: asked_from_ctx(r, t),
            ..ticket_ctx(r.texts, t)
        },
        plus_one: plus_one_ctx(r, t),
    }
}

/// "Asked from: Doc › Section" for an intake ticket, only when its `Documentation page:`
/// names a published doc (and the section only when it is one of that doc's headings): the
/// lines are the customer's untrusted text.
fn asked_from_ctx<'a>(r: &'a PageRenderer, t: &PublicTicket) -> Option<AskedFromCtx<'a>> {
    let a = t.asked_from()?;
    let slug = crate::render::feedback::doc_slug(&a.doc_page, r.base_path)?;
    let i = r.site.docs.iter().position(|d| d.slug() == slug)?;
    let heading = a.section.as_deref().and_then(|s| {
        r.docs[i]
            .rendered
            .toc
            .iter()
            .find(|h| h.id == s.trim_start_matches('#'))
    });
    let mut url = doc_url(&slug);
    if let Some(h) = heading {
        url.push('#');
        url.push_str(&h.id);
    }
    Some(AskedFromCtx {
        title: r.site.docs[i].title(),
        url,
        section: heading.map(|h| h.title.as_str()),
    })
}

/// A ticket page, filled in from a stencil of the theme's `ticket.html` (see [`stencil`]).
fn ticket_page(r: &PageRenderer, p: &PlannedPage, t: &PublicTicket) -> Result<String> {
    r.ticket_stencils
        .render(r.tera, &ticket_page_ctx(r, p, t))
        .map_err(|e| anyhow!(tera_chain(&e)).context("template ticket.html"))
}

/// Tera's error with all its causes on one line (its top-level message alone is often vague).
pub(crate) fn tera_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Tera's own escaper also encodes `/`, which is not needed in element content or quoted
/// attributes and makes every URL unreadable; this one encodes `& < > " '`.
fn escape_for_tera(s: &str) -> String {
    crate::markup::escape_html(s).into_owned()
}

/// `trans(key="…", name=value…)` in templates: message `key` of the site's language
/// ([`crate::i18n`]). Messages are trusted text (theme and config), printed as they are;
/// string values are escaped before they go in, since templates pass ticket text too.
struct Trans(std::sync::Arc<crate::i18n::Texts>);

impl tera::Function for Trans {
    fn call(
        &self,
        args: &std::collections::HashMap<String, serde_json::Value>,
    ) -> tera::Result<serde_json::Value> {
        use crate::i18n::Arg;
        use serde_json::Value;
        let key = match args.get("key") {
            Some(Value::String(k)) => k,
            _ => return Err("trans: give the message as key=\"name\"".into()),
        };
        // A theme's typo must not print a key name on every page: the page fails, naming
        // the template (Tera adds it) and the key.
        if !self.0.has(key) {
            let code = self.0.code();
            let files = if code == crate::i18n::REFERENCE {
                "i18n/en.ftl".to_string()
            } else {
                format!("i18n/{code}.ftl nor in i18n/en.ftl")
            };
            return Err(format!("trans: no message {key:?} in {files}").into());
        }
        let mut names: Vec<&String> = args.keys().filter(|k| *k != "key").collect();
        names.sort();
        let values: Vec<(&str, Arg)> = names
            .into_iter()
            .map(|n| {
                let v = match &args[n] {
                    Value::Number(x) => match x.as_i64() {
                        Some(i) => Arg::Num(i),
                        None => Arg::Str(x.to_string().into()),
                    },
                    Value::String(t) => Arg::Str(crate::markup::escape_html(t).into_owned().into()),
                    other => Arg::Str(
                        crate::markup::escape_html(&other.to_string())
                            .into_owned()
                            .into(),
                    ),
                };
                (n.as_str(), v)
            })
            .collect();
        Ok(Value::String(self.0.fmt(key, &values)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `script_strings()` in base.html: the browser scripts' words as a JSON data block, empty on
/// a page whose words are the scripts' own English ([`crate::i18n::script`]). Trusted: built
/// from the theme's and the config's messages, with `<` written `\u003c`.
struct ScriptStrings(String);

impl tera::Function for ScriptStrings {
    fn call(
        &self,
        _: &std::collections::HashMap<String, serde_json::Value>,
    ) -> tera::Result<serde_json::Value> {
        Ok(serde_json::Value::String(self.0.clone()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The built-in theme's messages in language `code`, without a config or theme folder: for
/// callers outside a site build (tests of intake links, tools).
pub fn builtin_texts(code: &str) -> Result<Texts> {
    let theme = Theme::load(std::path::Path::new("/nonexistent-porchlight"), "default")?;
    Ok(Texts::load(&theme, code, None, "porchlight.toml")?.0)
}

/// Parses all templates of the theme once, with `trans()` speaking `texts`' language.
pub(crate) fn load_templates(
    theme: &Theme,
    texts: &std::sync::Arc<crate::i18n::Texts>,
) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_for_tera);
    tera.register_function("trans", Trans(texts.clone()));
    tera.register_function(
        "script_strings",
        ScriptStrings(texts.script_block().to_string()),
    );
    let templates: Vec<(String, String)> = theme
        .templates()
        .map(|(name, bytes)| {
            String::from_utf8(bytes.to_vec())
                .map(|s| (name.to_string(), s))
                .map_err(|_| anyhow!("theme {}: template {name} is not UTF-8", theme.name))
        })
        .collect::<Result<_>>()?;
    tera.add_raw_templates(templates)
        .map_err(|e| anyhow!("theme {}: {}", theme.name, tera_chain(&e)))?;
    for required in [
        "base.html",
        "home.html",
        "ticket.html",
        "tickets.html",
        "doc.html",
        "docs_index.html",
        "search.html",
        "new.html",
        "find.html",
        "404.html",
    ] {
        if !tera.get_template_names().any(|n| n == required) {
            return Err(anyhow!(
                "theme {}: template {required} is missing",
                theme.name
            ));
        }
    }
    Ok(tera)
}

/// Search sections of a ticket page: description, then each public note, with their plain
/// texts given (description, then one per note).
pub(crate) fn ticket_sections_with(
    tx: &Texts,
    t: &PublicTicket,
    description: String,
    notes: Vec<String>,
) -> Vec<DocSection> {
    let mut s = vec![DocSection {
        heading: None,
        anchor: None,
        text: description,
    }];
    for (i, (n, text)) in t.notes().iter().zip(notes).enumerate() {
        s.push(DocSection {
            heading: Some(tx.fmt(
                "search-update-of",
                &[("date", tx.date(n.at().date_naive()).into())],
            )),
            anchor: Some(format!("note-{}", i + 1)),
            text,
        });
    }
    s
}

#[cfg(test)]
mod what_now_tests {
    use super::*;

    #[test]
    fn excerpt_drops_tags_decodes_entities_and_cuts_at_a_word() {
        assert_eq!(
            excerpt("<p>Hi Martina,</p>\n<p>use <strong>Settings &amp; Taxes</strong> &lt;here&gt;.</p>"),
            "Hi Martina, use Settings & Taxes <here>."
        );
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let e = excerpt(&long);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1, "{e}");
        let one = format!("<p>{}</p>", "x".repeat(500));
        assert_eq!(excerpt(&one).chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(excerpt(""), "");
    }

    #[test]
    fn whose_turn_follows_stage_and_last_role() {
        let tx = crate::render::theme::test_texts("en");
        assert_eq!(
            whose_turn(&tx, Stage::UnderReview, Some(Role::Staff)),
            "We are waiting for your answer."
        );
        assert_eq!(
            whose_turn(&tx, Stage::UnderReview, Some(Role::Customer)),
            "We are looking into it."
        );
        assert_eq!(
            whose_turn(&tx, Stage::InProgress, Some(Role::Staff)),
            "We are working on it."
        );
        assert_eq!(
            whose_turn(&tx, Stage::Received, None),
            "We have your ticket and will look at it soon."
        );
    }

    #[test]
    fn fix_location_and_spans_in_plain_words() {
        let tx = crate::render::theme::test_texts("en");
        assert_eq!(
            fix_location_words(&tx, "production"),
            "Available to everyone"
        );
        assert_eq!(fix_location_words(&tx, "Staging"), "Being tested");
        assert_eq!(fix_location_words(&tx, "v4.11.4"), "v4.11.4");
        let d = chrono::TimeDelta::minutes;
        assert_eq!(span_words(&tx, d(40)), "40 minutes");
        assert_eq!(span_words(&tx, d(61)), "1 hour");
        assert_eq!(span_words(&tx, d(20 * 60 + 10)), "20 hours");
        assert_eq!(span_words(&tx, d(15 * 24 * 60)), "15 days");
        let de = crate::render::theme::test_texts("de");
        assert_eq!(span_words(&de, d(15 * 24 * 60)), "15 Tage");
        assert_eq!(span_words(&de, d(1)), "1 Minute");
        assert_eq!(fix_location_words(&de, "production"), "Für alle verfügbar");
    }
}
