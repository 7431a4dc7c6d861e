//! Stage 3: the privacy gate. The only code that turns the normalized model into the public
//! model that the site plan, templates, feeds and the search index see.
//!
//! What it drops: private tickets, private notes, and every internal field (assignee, reporter,
//! e-mails, time spent, estimates, custom fields not configured public, related internal
//! issue). Those have no counterpart on the public types below, so no later stage can publish
//! them by mistake. What it masks: e-mail addresses and phone numbers in public text (on by
//! default). What it renders: untrusted markup into sanitised HTML (see `markup`).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::markup::{render_ticket_text, Mask, Rendered};
use crate::model::workflow::{split_deadline, Deadline, Stage};
use crate::model::{Corpus, Doc, Role, Ticket};

/// A ticket as the public may see it. Built only by [`gate`].
#[derive(Debug, Clone)]
pub struct PublicTicket {
    pub id: String,
    /// Site-relative page URL: `tickets/ID/` when listed, `t/TOKEN/` when unlisted.
    pub url: String,
    /// Reachable only by its link: not listed, indexed, fed or mapped.
    pub unlisted: bool,
    /// Subject without the deadline bracket, contacts masked.
    pub title: String,
    pub deadline: Option<Deadline>,
    pub description: Rendered,
    pub stage: Stage,
    /// Public reason for a Rejected / Won't fix outcome.
    pub outcome_reason: Option<String>,
    pub severity: Option<PublicSeverity>,
    pub category: Option<String>,
    pub tracker: Option<String>,
    pub opened: DateTime<Utc>,
    /// Latest of created, updated, closed and the public notes.
    pub updated: DateTime<Utc>,
    pub closed: Option<DateTime<Utc>>,
    /// Due date, or the deadline from the subject.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub target_release: Option<String>,
    pub fixed_in: Option<String>,
    pub fix_location: Option<String>,
    pub done_ratio: Option<u8>,
    pub notes: Vec<PublicNote>,
    pub history: Vec<PublicStageChange>,
    /// Custom fields that config names as public.
    pub fields: Vec<(String, String)>,
    /// Days since opened, as of `now`.
    pub age_days: i64,
    /// Open longer than the severity promises.
    pub past_promise: bool,
}

/// Severity with its promise.
#[derive(Debug, Clone)]
pub struct PublicSeverity {
    pub name: String,
    pub promise: String,
    pub days: Option<u32>,
}

/// A public note. The author is shown by role only: customer names and staff names are
/// personal data on a page anyone can read.
#[derive(Debug, Clone)]
pub struct PublicNote {
    pub role: Role,
    pub at: DateTime<Utc>,
    pub body: Rendered,
}

/// A change of customer stage.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicStageChange {
    pub at: DateTime<Utc>,
    pub stage: Stage,
}

/// A published knowledge-base article (drafts never get here).
#[derive(Debug, Clone)]
pub struct PublicDoc {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub body: String,
    pub date: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    pub weight: i64,
    pub is_index: bool,
    pub source: String,
}

/// What the gate withheld and what it warns about.
#[derive(Debug, Clone, Default)]
pub struct GateReport {
    pub tickets_private: usize,
    pub notes_private: usize,
    pub tickets_refused: usize,
    /// Unlisted tickets rendered at their secret links.
    pub tickets_unlisted: usize,
    /// Unlisted tickets not rendered because no secret was set (fail closed).
    pub unlisted_without_secret: usize,
    pub drafts: usize,
    /// What the readers left out of the exports as not tickets, by reason.
    pub skipped: crate::model::Skipped,
    /// One line each, naming the ticket or doc and the fix.
    pub warnings: Vec<String>,
}

/// The public model handed to the site plan.
#[derive(Debug, Clone, Default)]
pub struct PublicSite {
    /// Listed (public) tickets: the only ones home, indexes, search, feeds and the sitemap see.
    pub tickets: Vec<PublicTicket>,
    /// Unlisted tickets: each gets its own page at its secret link and nothing else.
    pub unlisted: Vec<PublicTicket>,
    pub docs: Vec<PublicDoc>,
    pub report: GateReport,
}

/// Ticket ids become URL path segments: letters, digits, `.`, `_`, `-`, at most 64, not
/// starting with a dot (so neither `..` nor hidden files).
pub fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// What the gate decided for one ticket.
// One per ticket, moved once into the site: boxing the big variant would cost an allocation
// per ticket for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Gated {
    /// Private, or withheld by a label: only counted.
    Private,
    /// The id is not safe as a URL path segment: not published; the warning says so.
    Refused(String),
    /// Unlisted, but no site secret is set, so there is no unguessable link: not rendered
    /// (fail closed).
    UnlistedWithoutSecret,
    Published {
        ticket: PublicTicket,
        /// Private notes dropped.
        notes_private: usize,
        warnings: Vec<String>,
    },
}

/// The internal issue a ticket names, whose progress rolls up to it.
pub fn related_internal(t: &Ticket) -> Option<&str> {
    t.internal.related_internal.as_deref()
}

/// What `t`, as a related internal issue, may pass on (see [`Rollup`]).
pub fn rollup_of(t: &Ticket, cfg: &Config) -> Rollup {
    let (_, deadline) = split_deadline(&t.subject);
    Rollup {
        stage: cfg.workflow.stage(&t.status),
        target: t.target_version.clone(),
        due: t.due_date.or(deadline.map(|d| d.target)),
    }
}

/// Gates one ticket. `rollup` is what its related internal issue passes on, if it names one
/// that exists. [`gate`] and the watch loop's incremental rebuild both go through here.
pub fn gate_ticket(t: Ticket, cfg: &Config, now: DateTime<Utc>, rollup: Option<Rollup>) -> Gated {
    let level = cfg.visibility.level(&t);
    let withheld_by_label = t.labels.iter().any(|l| {
        cfg.privacy
            .withhold_labels
            .iter()
            .any(|w| crate::config::visibility::same_name(w, l))
    });
    if level == crate::config::visibility::Level::Private || withheld_by_label {
        // PRIVACY: private tickets (and those a withhold label marks) stop here; only their
        // count moves on.
        return Gated::Private;
    }
    if !safe_id(&t.id) {
        return Gated::Refused(format!(
            "ticket {:?}: the id is not safe as a URL path segment (letters, digits, '.', '_', '-'; at most 64); the ticket is not published",
            truncate(&t.id, 80)
        ));
    }
    let token = if level == crate::config::visibility::Level::Unlisted {
        match &cfg.visibility.secret {
            Some(secret) => Some(crate::config::visibility::token(secret, &t.id)),
            // Fail closed: without the secret there is no unguessable link.
            None => return Gated::UnlistedWithoutSecret,
        }
    } else {
        None
    };
    let (mut ticket, notes_private, warnings) = publish_ticket(t, cfg, now, rollup);
    if let Some(token) = token {
        ticket.url = format!("t/{token}/");
        ticket.unlisted = true;
    }
    Gated::Published {
        ticket,
        notes_private,
        warnings,
    }
}

/// The warning for unlisted tickets that were not rendered for want of the site secret.
pub fn unlisted_warning(count: usize, cfg: &Config) -> String {
    format!(
        "{count} unlisted ticket(s) were not rendered: set the site secret in the environment variable {} (see [visibility] in the README)",
        cfg.visibility.secret_env
    )
}

/// What the gate decided for one ticket, without the public ticket itself: the watch loop
/// keeps one per ticket to redo the counts and warnings after a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub kind: VerdictKind,
    pub notes_private: usize,
    /// This ticket's warnings (unknown status or severity, unsafe id).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
    Private,
    Refused,
    UnlistedWithoutSecret,
    Listed,
    Unlisted,
}

impl Gated {
    /// Splits off the public ticket (if any) from the verdict.
    pub fn split(self) -> (Option<PublicTicket>, Verdict) {
        let v = |kind, warnings| Verdict {
            kind,
            notes_private: 0,
            warnings,
        };
        match self {
            Gated::Private => (None, v(VerdictKind::Private, Vec::new())),
            Gated::Refused(w) => (None, v(VerdictKind::Refused, vec![w])),
            Gated::UnlistedWithoutSecret => {
                (None, v(VerdictKind::UnlistedWithoutSecret, Vec::new()))
            }
            Gated::Published {
                ticket,
                notes_private,
                warnings,
            } => {
                let kind = if ticket.unlisted {
                    VerdictKind::Unlisted
                } else {
                    VerdictKind::Listed
                };
                (
                    Some(ticket),
                    Verdict {
                        kind,
                        notes_private,
                        warnings,
                    },
                )
            }
        }
    }
}

/// The gate's counts and warnings from every ticket's verdict, in corpus order (docs are
/// counted separately).
pub fn report_from<'v>(verdicts: impl Iterator<Item = &'v Verdict>, cfg: &Config) -> GateReport {
    let mut report = GateReport::default();
    let (mut read, mut published) = (0usize, 0usize);
    for v in verdicts {
        read += 1;
        if matches!(v.kind, VerdictKind::Listed | VerdictKind::Unlisted) {
            published += 1;
        }
        match v.kind {
            VerdictKind::Private => report.tickets_private += 1,
            VerdictKind::Refused => report.tickets_refused += 1,
            VerdictKind::UnlistedWithoutSecret => report.unlisted_without_secret += 1,
            VerdictKind::Unlisted => report.tickets_unlisted += 1,
            VerdictKind::Listed => {}
        }
        report.notes_private += v.notes_private;
        report.warnings.extend(v.warnings.iter().cloned());
    }
    if report.unlisted_without_secret > 0 {
        let w = unlisted_warning(report.unlisted_without_secret, cfg);
        report.warnings.push(w);
    }
    if read > 0 && published == 0 {
        report
            .warnings
            .push(nothing_published_warning(&report, read, cfg));
    }
    report
}

/// A build that reads tickets and publishes none is almost always a mistake (a rule that
/// withholds everything, the wrong export), never what a team wants to deploy in silence.
fn nothing_published_warning(report: &GateReport, read: usize, cfg: &Config) -> String {
    format!(
        "no ticket was published although the export(s) held {read}: {} private, {} refused, {} unlisted without a secret. Check [sources] and the [visibility] and [privacy] rules in {}",
        report.tickets_private,
        report.tickets_refused,
        report.unlisted_without_secret,
        cfg.path.display()
    )
}

/// Builds the public model. Tickets come out sorted by id (numerically where ids are numbers),
/// docs by slug, so output does not depend on input order.
pub fn gate(corpus: Corpus, cfg: &Config, now: DateTime<Utc>) -> PublicSite {
    gate_with_verdicts(corpus, cfg, now).0
}

/// [`gate`], and each ticket's [`Verdict`] in corpus order.
pub fn gate_with_verdicts(
    corpus: Corpus,
    cfg: &Config,
    now: DateTime<Utc>,
) -> (PublicSite, Vec<Verdict>) {
    let skipped = corpus.skipped;
    let unmatched = unmatched_rules(&corpus.tickets, cfg);
    // PRIVACY: what an internal (usually private) issue may pass to the customer ticket that
    // names it: its stage, target release and ETA. Nothing else of it is kept.
    let rollups: std::collections::HashMap<String, Rollup> = corpus
        .tickets
        .iter()
        .map(|t| (t.id.clone(), rollup_of(t, cfg)))
        .collect();
    // In parallel: rendering ticket text is where most of the build's CPU time goes.
    use rayon::prelude::*;
    let gated: Vec<(Option<PublicTicket>, Verdict)> = corpus
        .tickets
        .into_par_iter()
        .map(|t| {
            let rollup = related_internal(&t).and_then(|r| rollups.get(r)).cloned();
            gate_ticket(t, cfg, now, rollup).split()
        })
        .collect();
    drop(rollups);
    let mut site = PublicSite::default();
    let mut verdicts = Vec::with_capacity(gated.len());
    for (t, v) in gated {
        match t {
            Some(t) if t.unlisted => site.unlisted.push(t),
            Some(t) => site.tickets.push(t),
            None => {}
        }
        verdicts.push(v);
    }
    site.report = report_from(verdicts.iter(), cfg);
    if verdicts.is_empty() && skipped.values().sum::<usize>() > 0 {
        // An export of nothing but pull requests (or other non-tickets) publishes nothing.
        site.report.warnings.push(format!(
            "no ticket was published: the export(s) held only items that are not tickets ({}); check [sources] in {}",
            skipped_text(&skipped),
            cfg.path.display()
        ));
    }
    site.report.skipped = skipped;
    site.report.warnings.extend(unmatched);
    site.tickets.sort_by(|a, b| id_order(&a.id, &b.id));
    site.unlisted.sort_by(|a, b| id_order(&a.id, &b.id));
    let mut docs = Vec::with_capacity(corpus.docs.len());
    for d in corpus.docs {
        if d.draft {
            site.report.drafts += 1;
            continue;
        }
        docs.push(publish_doc(d));
    }
    docs.sort_by(|a, b| a.slug.cmp(&b.slug));
    site.docs = docs;
    (site, verdicts)
}

/// A warning for each privacy or visibility rule that matches no ticket of the input (a typo
/// in a rule meant to hide something must be visible; `--strict` fails on it). Nothing is
/// checked on an empty input.
fn unmatched_rules(tickets: &[Ticket], cfg: &Config) -> Vec<String> {
    if tickets.is_empty() {
        return Vec::new();
    }
    let mut rules = cfg.visibility.unmatched_rules(tickets);
    for w in &cfg.privacy.withhold_labels {
        let used = tickets.iter().any(|t| {
            t.labels
                .iter()
                .any(|l| crate::config::visibility::same_name(w, l))
        });
        if !used {
            rules.push(format!("[privacy] withhold_labels entry {w:?}"));
        }
    }
    rules
        .into_iter()
        .map(|r| {
            format!(
                "{r} matches no ticket of the input; check its spelling in {}",
                cfg.path.display()
            )
        })
        .collect()
}

/// "23 pull requests, 2 …": the skipped counts as one phrase.
pub fn skipped_text(skipped: &crate::model::Skipped) -> String {
    skipped
        .iter()
        .map(|(why, n)| format!("{n} {why}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Numeric ids in numeric order, then text ids. A total order on distinct ids: "7" and "007"
/// are the same number but different tickets, so the text decides (the watch loop finds
/// tickets by binary search in this order).
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.cmp(b),
    }
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// What a related internal issue contributes to a customer ticket: its stage, target release
/// and ETA. Nothing else of it (text, notes, id) is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    stage: Option<Stage>,
    target: Option<String>,
    due: Option<NaiveDate>,
}

fn publish_ticket(
    t: Ticket,
    cfg: &Config,
    now: DateTime<Utc>,
    rollup: Option<Rollup>,
) -> (PublicTicket, usize, Vec<String>) {
    let mut warnings = Vec::new();
    let p = &cfg.privacy;
    // PRIVACY: contacts are masked in every public text field. Ticket text is masked as it is
    // rendered (text and code, never markup or link targets); plain fields as text.
    let masking = Mask {
        emails: p.mask_emails,
        phones: p.mask_phones,
    };
    let mask = |s: &str| masking.text(s).into_owned();
    let wf = &cfg.workflow;
    let mut unknown: BTreeSet<String> = BTreeSet::new();
    let mut stage_of = |status: &str, closed_flag: Option<bool>| -> Stage {
        match wf.stage(status) {
            Some(s) => s,
            None => {
                unknown.insert(status.to_string());
                // A status the tracker itself calls closed must not look open to customers.
                if closed_flag == Some(true) {
                    Stage::Closed
                } else {
                    Stage::UnderReview
                }
            }
        }
    };
    let mut stage = stage_of(&t.status, t.status_closed);
    // The developers' internal copy moves ahead of the support ticket: its progress shows on
    // the customer's page. Closing decisions stay with support, so an internal Closed,
    // Rejected or Won't fix does not close the customer's ticket.
    if let Some(internal) = rollup.as_ref().and_then(|r| r.stage) {
        if !internal.is_closed() && !stage.is_closed() && internal > stage {
            stage = internal;
        }
    }

    let mut history: Vec<PublicStageChange> = Vec::new();
    for c in &t.history {
        let s = stage_of(
            &c.to,
            if c.to == t.status {
                t.status_closed
            } else {
                None
            },
        );
        if history.last().map(|h| h.stage) != Some(s) {
            history.push(PublicStageChange { at: c.at, stage: s });
        }
    }
    for status in unknown {
        warnings.push(format!(
            "ticket {}: status {:?} is not in the workflow map; shown as \"Under review\". Add it under [workflow.statuses] in porchlight.toml, e.g. {:?} = \"In progress\"",
            t.id, status, status
        ));
    }

    let severity = match &t.severity {
        None => None,
        Some(name) if name.trim().is_empty() => None,
        Some(name) => match wf.severity(name) {
            Some(l) => Some(PublicSeverity {
                name: l.name.clone(),
                promise: l.promise.clone(),
                days: l.days,
            }),
            None => {
                warnings.push(format!(
                    "ticket {}: severity {:?} is not a known level; shown without a promise. Add it to the aliases of a level under [[severity.levels]] in porchlight.toml",
                    t.id, name
                ));
                None
            }
        },
    };

    let (subject, deadline) = split_deadline(&t.subject);
    let notes_total = t.notes.len();
    let mut notes: Vec<PublicNote> = t
        .notes
        .iter()
        // PRIVACY: private notes are dropped here and never rendered.
        .filter(|n| !n.private && !n.text.trim().is_empty())
        .map(|n| PublicNote {
            // PRIVACY: the author's name is read to decide the role only; it never leaves.
            role: if cfg
                .team_accounts
                .iter()
                .any(|a| crate::config::visibility::same_name(a, &n.author))
            {
                Role::Staff
            } else {
                n.role
            },
            at: n.created,
            body: render_ticket_text(&n.text, n.markup, masking),
        })
        .collect();
    let private_notes = t.notes.iter().filter(|n| n.private).count();
    debug_assert!(notes.len() + private_notes <= notes_total);
    notes.sort_by_key(|n| n.at);

    // PRIVACY: the tracker's own "updated" time is not used. It moves with every change,
    // a private note's included, so a feed's <updated>, a list's date or the sitemap's
    // <lastmod> would tell the public when the team wrote something they cannot see. The
    // site's date is the latest PUBLIC change: opened, a public note, a change of customer
    // stage (the public history), the close of a closed ticket. A change of a public field without a note or a status change has no
    // time of its own in the exports, so it does not move the date (fail closed).
    let mut updated = t.created;
    if let Some(c) = t.closed.filter(|_| stage.is_closed()) {
        updated = updated.max(c);
    }
    if let Some(n) = notes.last() {
        updated = updated.max(n.at);
    }
    if let Some(h) = history.iter().map(|h| h.at).max() {
        updated = updated.max(h);
    }
    let due = t
        .due_date
        .or(deadline.as_ref().map(|d| d.target))
        .or(rollup.as_ref().and_then(|r| r.due));
    let today = now.date_naive();
    let resolved = stage >= Stage::Released;
    let overdue = !resolved && due.is_some_and(|d| d < today);
    // Calendar days, so the page depends on the date of `now` only: two builds on one day
    // give the same bytes, and `watch` can keep pages for the rest of the day.
    let age_days = (today - t.created.date_naive()).num_days().max(0);
    let past_promise = !resolved
        && severity
            .as_ref()
            .and_then(|s| s.days)
            .is_some_and(|d| age_days > i64::from(d));
    let fields = t
        .internal
        .custom_fields
        .iter()
        // PRIVACY: custom fields are internal unless config lists them by name.
        .filter(|(k, _)| p.public_custom_fields.iter().any(|f| f == k))
        .map(|(k, v)| (k.clone(), mask(v)))
        .collect();
    let public = PublicTicket {
        title: mask(&subject),
        deadline,
        description: render_ticket_text(&t.description, t.markup, masking),
        stage,
        outcome_reason: t
            .resolution
            .as_deref()
            .filter(|_| matches!(stage, Stage::Rejected | Stage::WontFix | Stage::Closed))
            .map(mask),
        severity,
        category: t.category.clone(),
        tracker: t.tracker.clone(),
        opened: t.created,
        updated,
        closed: if stage.is_closed() {
            t.closed.or(Some(updated))
        } else {
            None
        },
        due,
        overdue,
        target_release: t
            .target_version
            .clone()
            .or_else(|| rollup.as_ref().and_then(|r| r.target.clone())),
        fixed_in: t.fixed_in_version.clone(),
        fix_location: t.fix_location.clone(),
        done_ratio: t.done_ratio,
        notes,
        history,
        fields,
        age_days,
        past_promise,
        url: crate::model::urls::ticket_url(&t.id),
        unlisted: false,
        id: t.id,
    };
    (public, private_notes, warnings)
}

pub fn publish_doc(d: Doc) -> PublicDoc {
    let is_index = d.source.ends_with("index.md");
    PublicDoc {
        slug: d.slug,
        title: d.title,
        description: d.description,
        body: d.body,
        date: d.date,
        tags: d.tags,
        weight: d.weight,
        is_index,
        source: d.source,
    }
}
