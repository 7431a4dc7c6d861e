//! Stage 3: the privacy gate. The only code that turns the normalized model into the public
//! model that the site plan, templates, feeds and the search index see.
//!
//! What it drops: private tickets, private notes, and every internal field (assignee, reporter,
//! e-mails, time spent, estimates, custom fields not configured public, related internal
//! issue). Those have no counterpart on the public types below, so no later stage can publish
//! them by mistake. What it masks: e-mail addresses and phone numbers in public text (on by
//! default). What it renders: untrusted markup into sanitised HTML (see `markup`).
//!
//! The boundary is sealed by the compiler: the public types' fields are private to this
//! module, so only the gate ([`gate`], [`gate_ticket`], [`gate_docs`]) can build one. Later
//! stages read them through accessors; the only changes they may make are the two that take
//! text out once it is no longer needed ([`PublicTicket::take_plain_text`],
//! [`PublicDoc::drop_body`]).

pub mod promises;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::markup::{render_ticket_text, Mask, Rendered};
use crate::model::intake_context::split_context;
use crate::model::workflow::{split_deadline, Deadline, Stage};
use crate::model::{Corpus, Doc, Role, Ticket};
use promises::PublicPromise;

/// The page an intake ticket was filed from, as its context lines name it (untrusted text:
/// render shows it only when it names a published doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedFrom {
    pub doc_page: String,
    pub section: Option<String>,
}

/// A ticket as the public may see it.
///
/// Only the gate ([`gate`], [`gate_ticket`]) constructs one: its fields are private to this
/// module, so no later stage can build a `PublicTicket` from a raw [`Ticket`] or edit one it
/// was handed. Later stages read it through the accessors below.
#[derive(Debug, Clone)]
pub struct PublicTicket {
    id: String,
    /// Site-relative page URL: `tickets/ID/` when listed, `t/TOKEN/` when unlisted.
    url: String,
    /// Reachable only by its link: not listed, indexed, fed or mapped.
    unlisted: bool,
    /// Subject without the deadline bracket, contacts masked.
    title: String,
    deadline: Option<Deadline>,
    description: Rendered,
    stage: Stage,
    /// Public reason for a Rejected / Won't fix outcome.
    outcome_reason: Option<String>,
    severity: Option<PublicSeverity>,
    category: Option<String>,
    tracker: Option<String>,
    opened: DateTime<Utc>,
    /// Latest of created, updated, closed and the public notes.
    updated: DateTime<Utc>,
    closed: Option<DateTime<Utc>>,
    /// Due date, or the deadline from the subject.
    due: Option<NaiveDate>,
    overdue: bool,
    target_release: Option<String>,
    fixed_in: Option<String>,
    fix_location: Option<String>,
    done_ratio: Option<u8>,
    notes: Vec<PublicNote>,
    history: Vec<PublicStageChange>,
    /// Custom fields that config names as public.
    fields: Vec<(String, String)>,
    /// Where an intake ticket was asked from: the `Documentation page:` and `Section:` lines
    /// the gate took off the top of its description (model/intake_context.rs).
    asked_from: Option<AskedFrom>,
    /// Labels that `[privacy] public_labels` allows, spelled as the config spells them.
    labels: Vec<String>,
    /// Days since opened, as of `now`.
    age_days: i64,
    /// The first-answer and resolution promises and how they stand as of `now`.
    promises: Vec<PublicPromise>,
    /// Open, with a first answer or resolution not given and past its promised time.
    past_promise: bool,
    /// When the next promise of this open ticket falls due after `now`: its pages change then
    /// without a change of its own.
    next_due: Option<DateTime<Utc>>,
    /// On a multilingual site: the language its text is written in (`site::languages` tells
    /// it after the gate); `None` otherwise.
    language: Option<String>,
}

impl PublicTicket {
    /// The language the ticket's text is written in, on a multilingual site.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// Records the language the ticket's text is written in (one of the site's).
    pub(crate) fn set_language(&mut self, code: &str) {
        self.language = Some(code.to_string());
    }

    /// The tracker's id, checked by [`safe_id`].
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Site-relative page URL: `tickets/ID/` when listed, `t/TOKEN/` when unlisted.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// Reachable only by its link: not listed, indexed, fed or mapped.
    pub fn unlisted(&self) -> bool {
        self.unlisted
    }
    /// Subject without the deadline bracket, contacts masked.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The work estimate and deadline from the subject, if it carried one.
    pub fn deadline(&self) -> Option<&Deadline> {
        self.deadline.as_ref()
    }
    /// The description, contacts masked, as sanitised HTML and plain text.
    pub fn description(&self) -> &Rendered {
        &self.description
    }
    /// The customer stage (after the related internal issue's rollup).
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// Public reason for a Rejected / Won't fix outcome.
    pub fn outcome_reason(&self) -> Option<&str> {
        self.outcome_reason.as_deref()
    }
    /// The severity level and its promise, when the tracker's value is a known level.
    pub fn severity(&self) -> Option<&PublicSeverity> {
        self.severity.as_ref()
    }
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }
    pub fn tracker(&self) -> Option<&str> {
        self.tracker.as_deref()
    }
    pub fn opened(&self) -> DateTime<Utc> {
        self.opened
    }
    /// Latest of created, updated, closed and the public notes.
    pub fn updated(&self) -> DateTime<Utc> {
        self.updated
    }
    /// When it closed; `None` unless the stage is a closed one.
    pub fn closed(&self) -> Option<DateTime<Utc>> {
        self.closed
    }
    /// Due date, or the deadline from the subject, or the related internal issue's.
    pub fn due(&self) -> Option<NaiveDate> {
        self.due
    }
    pub fn overdue(&self) -> bool {
        self.overdue
    }
    pub fn target_release(&self) -> Option<&str> {
        self.target_release.as_deref()
    }
    pub fn fixed_in(&self) -> Option<&str> {
        self.fixed_in.as_deref()
    }
    pub fn fix_location(&self) -> Option<&str> {
        self.fix_location.as_deref()
    }
    pub fn done_ratio(&self) -> Option<u8> {
        self.done_ratio
    }
    /// The public notes, oldest first.
    pub fn notes(&self) -> &[PublicNote] {
        &self.notes
    }
    /// The changes of customer stage, oldest first.
    pub fn history(&self) -> &[PublicStageChange] {
        &self.history
    }
    /// Custom fields that config names as public, as (name, masked value).
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }
    /// The doc page (and section anchor) an intake ticket was filed from.
    pub fn asked_from(&self) -> Option<&AskedFrom> {
        self.asked_from.as_ref()
    }
    /// Labels that `[privacy] public_labels` allows, in config order, as the config spells
    /// them.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Days since opened, as of `now`.
    pub fn age_days(&self) -> i64 {
        self.age_days
    }
    /// The first-answer and resolution promises and how they stand as of `now`.
    pub fn promises(&self) -> &[PublicPromise] {
        &self.promises
    }
    /// Open, with a first answer or resolution not given and past its promised time.
    pub fn past_promise(&self) -> bool {
        self.past_promise
    }
    /// When the next promise of this open ticket falls due after `now`.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.next_due
    }

    /// Moves the plain text of the description and of each note (in note order) out, leaving
    /// them empty: only the search index reads it, and the pages are made from the HTML, so
    /// a plain build hands it to the index instead of holding it twice (about 230 MB at
    /// 100,000 tickets). The only change a later stage may make to a gated ticket: it removes
    /// text and adds none.
    pub(crate) fn take_plain_text(&mut self) -> (String, Vec<String>) {
        // PRIVACY: the one change after the gate: text moves out, none comes in.
        let description = std::mem::take(&mut self.description.text);
        let notes = self
            .notes
            .iter_mut()
            .map(|n| std::mem::take(&mut n.body.text))
            .collect();
        (description, notes)
    }
}

/// A severity level, by name (its promises are the ticket's [`PublicTicket::promises`]).
/// Built only by the gate, from the configured levels.
#[derive(Debug, Clone)]
pub struct PublicSeverity {
    name: String,
    /// The name per language from the config, and a built-in level's message key.
    names: std::collections::BTreeMap<String, String>,
    key: Option<&'static str>,
}

impl PublicSeverity {
    /// The level's display name, as the config writes it.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The name in language `code` from the config (`names = { de = "…" }`).
    pub fn name_in(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }
    /// A built-in level's message key ("severity-severe").
    pub fn key(&self) -> Option<&'static str> {
        self.key
    }
}

/// A public note. The author is shown by role only: customer names and staff names are
/// personal data on a page anyone can read. Built only by the gate, which drops private
/// notes.
#[derive(Debug, Clone)]
pub struct PublicNote {
    role: Role,
    at: DateTime<Utc>,
    body: Rendered,
}

impl PublicNote {
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }
    /// The text, contacts masked, as sanitised HTML and plain text.
    pub fn body(&self) -> &Rendered {
        &self.body
    }
}

/// A change of customer stage. Built only by the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicStageChange {
    at: DateTime<Utc>,
    stage: Stage,
}

impl PublicStageChange {
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }
    pub fn stage(&self) -> Stage {
        self.stage
    }
}

/// A published knowledge-base article (drafts never get here). Built only by
/// [`gate_docs`]: its fields are private to this module.
#[derive(Debug, Clone)]
pub struct PublicDoc {
    slug: String,
    title: String,
    description: Option<String>,
    body: String,
    date: Option<DateTime<Utc>>,
    tags: Vec<String>,
    weight: i64,
    is_index: bool,
    source: String,
    aliases: Vec<String>,
    warnings: Vec<String>,
    folder: String,
    body_line: usize,
    nav: Option<u32>,
    language: Option<String>,
    translations: Vec<String>,
}

impl PublicDoc {
    /// The language the doc is written in, on a multilingual site.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The languages that have their own version of this doc, on a multilingual site.
    pub fn translations(&self) -> &[String] {
        &self.translations
    }

    /// Path under `docs/` ("billing/refunds"; empty for the root index).
    pub fn slug(&self) -> &str {
        &self.slug
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The Markdown source (empty after [`PublicDoc::drop_body`]).
    pub fn body(&self) -> &str {
        &self.body
    }
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.date
    }
    pub fn tags(&self) -> &[String] {
        &self.tags
    }
    /// Order within its section (lowest first).
    pub fn weight(&self) -> i64 {
        self.weight
    }
    /// An `index.md`: the page of its folder.
    pub fn is_index(&self) -> bool {
        self.is_index
    }
    /// The file it was read from, for messages.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// Old paths below `docs/` that redirect here (front matter `aliases`).
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }
    /// The folder of its source below the docs folder, as on disk ("Guide").
    pub fn folder(&self) -> &str {
        &self.folder
    }
    /// Position in the docs folder's own navigation, if it lists this doc.
    pub fn nav(&self) -> Option<u32> {
        self.nav
    }
    /// The line of the source file the body starts on.
    pub fn body_line(&self) -> usize {
        self.body_line.max(1)
    }
    /// What the reader warned about this doc (unknown front matter keys).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Frees the Markdown source once the doc's HTML is rendered (a plain build makes the
    /// pages from the HTML; 65 MB of sources at 10,000 docs). The only change a later stage
    /// may make to a gated doc: it removes text and adds none.
    pub(crate) fn drop_body(&mut self) {
        // PRIVACY: the one change after the gate: text goes, none comes in.
        self.body = String::new();
    }
}

/// What the gate withheld and what it warns about.
#[derive(Debug, Clone, Default)]
pub struct GateReport {
    pub tickets_private: usize,
    /// Tickets of projects `[sources] projects` does not name: withheld like private ones.
    pub tickets_other_project: usize,
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
///
/// Its lists are open to the crate (the watch loop puts freshly gated tickets in and takes
/// them out), but they can hold only values the gate built.
#[derive(Debug, Clone, Default)]
pub struct PublicSite {
    /// Listed (public) tickets: the only ones home, indexes, search, feeds and the sitemap see.
    pub(crate) tickets: Vec<PublicTicket>,
    /// Unlisted tickets: each gets its own page at its secret link and nothing else.
    pub(crate) unlisted: Vec<PublicTicket>,
    pub(crate) docs: Vec<PublicDoc>,
    pub(crate) report: GateReport,
    /// The docs folder's other files. PRIVACY: the team's own files beside its docs, none
    /// from a tracker; only those a published doc references are written (`render_docs`
    /// collects the references from gated docs only, so a draft's files stay out).
    pub(crate) assets: crate::model::DocAssets,
}

impl PublicSite {
    /// Moves everything but the docs into `to`: a multilingual build hands the one gated site
    /// from one language's part to the next, as the tickets are the same in every language
    /// and the docs are not.
    pub(crate) fn hand_over(&mut self, to: &mut PublicSite) {
        std::mem::swap(&mut self.tickets, &mut to.tickets);
        std::mem::swap(&mut self.unlisted, &mut to.unlisted);
        std::mem::swap(&mut self.report, &mut to.report);
        std::mem::swap(&mut self.assets, &mut to.assets);
    }

    /// The docs folder's files that docs may reference.
    pub fn assets(&self) -> &crate::model::DocAssets {
        &self.assets
    }
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
    /// Of a project `[sources] projects` does not name: withheld and counted.
    OtherProject,
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

/// The ids of the tickets the site lists: what `#123` in ticket text may link to. A ticket
/// that is private, withheld, of another project, unlisted or refused is not in it, so a
/// reference to it stays plain text.
#[derive(Debug, Clone, Default)]
pub struct TicketRefs(std::collections::HashSet<String>);

impl TicketRefs {
    /// The listed tickets of `tickets`.
    pub fn of<'t>(tickets: impl Iterator<Item = &'t Ticket>, cfg: &Config) -> TicketRefs {
        TicketRefs(
            tickets
                .filter(|t| listed_by_rules(t, cfg))
                .map(|t| t.id.clone())
                .collect(),
        )
    }
    pub fn contains(&self, id: &str) -> bool {
        self.0.contains(id)
    }
    /// Records that `t` is (or, when `None`, `id` no longer is) in the input; says whether
    /// that changed whether `id` is listed.
    pub fn update(&mut self, id: &str, t: Option<&Ticket>, cfg: &Config) -> bool {
        let now = t.is_some_and(|t| listed_by_rules(t, cfg));
        if now {
            self.0.insert(id.to_string())
        } else {
            self.0.remove(id)
        }
    }
}

/// Whether ticket id `id` is one of the folders beside the ticket pages (`tickets/page/`,
/// `tickets/open/`, ...): its page would be written over a list page. In any case: on a
/// case-insensitive file system (macOS, Windows) `tickets/Open/` is `tickets/open/`.
pub fn clashes_with_a_list(id: &str) -> bool {
    crate::model::urls::TICKET_FOLDERS
        .iter()
        .any(|f| f.eq_ignore_ascii_case(id))
}

/// Whether the gate lists `t` (public level, no withhold label, a published project, a safe
/// id): decided from the rules alone, before any text is rendered.
pub fn listed_by_rules(t: &Ticket, cfg: &Config) -> bool {
    cfg.visibility.level(t) == crate::config::visibility::Level::Public
        && !withheld_by_label(t, cfg)
        && of_published_project(t, cfg)
        && safe_id(&t.id)
        && !clashes_with_a_list(&t.id)
}

fn withheld_by_label(t: &Ticket, cfg: &Config) -> bool {
    t.labels.iter().any(|l| {
        cfg.privacy
            .withhold_labels
            .iter()
            .any(|w| crate::model::same_name(w, l))
    })
}

/// Gates one ticket. `rollup` is what its related internal issue passes on, if it names one
/// that exists; `refs` are the listed tickets its `#123` references may link to. [`gate`] and
/// the watch loop's incremental rebuild both go through here.
pub fn gate_ticket(
    t: Ticket,
    cfg: &Config,
    now: DateTime<Utc>,
    rollup: Option<Rollup>,
    refs: &TicketRefs,
) -> Gated {
    let level = cfg.visibility.level(&t);
    let withheld_by_label = withheld_by_label(&t, cfg);
    if level == crate::config::visibility::Level::Private || withheld_by_label {
        // PRIVACY: private tickets (and those a withhold label marks) stop here; only their
        // count moves on.
        return Gated::Private;
    }
    if !of_published_project(&t, cfg) {
        // PRIVACY: an issue of another project (an internal subproject listed under its
        // parent, say) is withheld like a private one; only its count moves on.
        return Gated::OtherProject;
    }
    if !safe_id(&t.id) {
        return Gated::Refused(format!(
            "ticket {:?}: the id is not safe as a URL path segment (letters, digits, '.', '_', '-'; at most 64); the ticket is not published",
            truncate(&t.id, 80)
        ));
    }
    if clashes_with_a_list(&t.id) {
        return Gated::Refused(format!(
            "ticket {:?}: the id is the name of a ticket list folder ({}), so its page would replace that list; the ticket is not published",
            t.id,
            crate::model::urls::TICKET_FOLDERS.join(", ")
        ));
    }
    let token = if level == crate::config::visibility::Level::Unlisted {
        match &cfg.visibility.secret {
            Some(secret) => Some(crate::config::visibility::token(secret, &t.id)),
            // PRIVACY: fail closed: without the secret there is no unguessable link.
            None => return Gated::UnlistedWithoutSecret,
        }
    } else {
        None
    };
    let (mut ticket, notes_private, warnings) = publish_ticket(t, cfg, now, rollup, refs);
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

/// Whether `t` belongs to a project `[sources] projects` names (always, when it names none;
/// [`check_projects`] refuses exports of several projects then). A ticket without a project
/// is not of a named one (fail closed).
pub fn of_published_project(t: &Ticket, cfg: &Config) -> bool {
    cfg.projects.is_empty()
        || t.project
            .as_deref()
            .is_some_and(|p| cfg.projects.iter().any(|n| crate::model::same_name(n, p)))
}

/// Refuses exports that hold issues of several projects when `[sources] projects` names
/// none: publishing them all would publish an internal project beside the support one (a
/// Redmine lists a non-public subproject's issues under its parent). The error lists each
/// project with its count of issues, largest first.
pub fn check_projects<'t>(
    tickets: impl Iterator<Item = &'t Ticket>,
    cfg: &Config,
) -> anyhow::Result<()> {
    check_project_names(tickets.map(|t| t.project.as_deref()), cfg)
}

/// [`check_projects`] on the tickets' project names (the watch loop keeps names, not tickets).
pub fn check_project_names<'t>(
    projects: impl Iterator<Item = Option<&'t str>>,
    cfg: &Config,
) -> anyhow::Result<()> {
    if !cfg.projects.is_empty() {
        return Ok(());
    }
    // Spellings that `same_name` takes for one project are one project.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for p in projects.flatten() {
        match seen.iter_mut().find(|(n, _)| crate::model::same_name(n, p)) {
            Some((_, c)) => *c += 1,
            None => seen.push((p, 1)),
        }
    }
    if seen.len() < 2 {
        return Ok(());
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let list = seen
        .iter()
        .map(|(n, c)| format!("{n:?} ({c})"))
        .collect::<Vec<_>>()
        .join(", ");
    anyhow::bail!(
        "{}: the ticket exports hold issues of {} projects: {list}; name the project(s) to publish in [sources], e.g. projects = [{:?}] (issues of the others are withheld)",
        cfg.path.display(),
        seen.len(),
        seen[0].0
    )
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
    /// What the site-wide checks need of this ticket, so the build and the watch loop's
    /// report (both made by [`report_from`]) say the same.
    pub facts: Facts,
}

/// Per-ticket input of the site-wide warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The privacy rules this ticket matches: `[[visibility.rules]]` by position, then the
    /// `[privacy] withhold_labels` entries after them, then the `[sources] projects` entries.
    pub rules: Vec<u16>,
    /// Its text looks written in another markup than it is rendered in.
    pub misread: Option<crate::model::Markup>,
}

/// The [`Facts`] of one ticket.
fn facts(t: &Ticket, cfg: &Config) -> Facts {
    use crate::markup::detect::{markdown_markers, textile_markers};
    use crate::model::Markup;
    let mut rules: Vec<u16> = Vec::new();
    for (i, r) in cfg.visibility.rules.iter().enumerate() {
        if r.matches(t) {
            rules.push(i as u16);
        }
    }
    let offset = cfg.visibility.rules.len();
    for (j, w) in cfg.privacy.withhold_labels.iter().enumerate() {
        if t.labels.iter().any(|l| crate::model::same_name(w, l)) {
            rules.push((offset + j) as u16);
        }
    }
    let offset = offset + cfg.privacy.withhold_labels.len();
    if let Some(p) = &t.project {
        for (k, n) in cfg.projects.iter().enumerate() {
            if crate::model::same_name(n, p) {
                rules.push((offset + k) as u16);
            }
        }
    }
    // Every public ticket's text is scanned once for markers (`markup::detect`, one pass per
    // text, a second only when the first found some). Measured with `perf` on the 100,000-
    // ticket bench build: `textile_markers` 1.4% of the samples (self 1.0%), the Markdown
    // count too rare to show; under the 2% that would call for a cap, so it stays whole.
    let looks = |f: fn(&str) -> usize| {
        f(&t.description) + t.notes.iter().map(|n| f(&n.text)).sum::<usize>() >= 2
    };
    let misread = match t.markup {
        _ if t.private => None,
        Markup::Markdown | Markup::GithubMarkdown
            if looks(textile_markers) && !looks(markdown_markers) =>
        {
            Some(Markup::Textile)
        }
        Markup::Textile if looks(markdown_markers) && !looks(textile_markers) => {
            Some(Markup::Markdown)
        }
        _ => None,
    };
    Facts { rules, misread }
}

/// Gates one ticket and says what the gate decided, with the ticket's [`Facts`]: what the
/// build and the watch loop call for each ticket.
pub fn gate_one(
    t: Ticket,
    cfg: &Config,
    now: DateTime<Utc>,
    rollup: Option<Rollup>,
    refs: &TicketRefs,
) -> (Option<PublicTicket>, Verdict) {
    let f = facts(&t, cfg);
    let (p, mut v) = gate_ticket(t, cfg, now, rollup, refs).split();
    v.facts = f;
    (p, v)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
    Private,
    OtherProject,
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
            facts: Facts::default(),
        };
        match self {
            Gated::Private => (None, v(VerdictKind::Private, Vec::new())),
            Gated::OtherProject => (None, v(VerdictKind::OtherProject, Vec::new())),
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
                        facts: Facts::default(),
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
    let all: Vec<&Verdict> = verdicts.collect();
    for &v in &all {
        read += 1;
        if matches!(v.kind, VerdictKind::Listed | VerdictKind::Unlisted) {
            published += 1;
        }
        match v.kind {
            VerdictKind::Private => report.tickets_private += 1,
            VerdictKind::OtherProject => report.tickets_other_project += 1,
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
    report.warnings.extend(unmatched_rules(&all, cfg));
    report.warnings.extend(markup_warnings(&all, cfg));
    report
}

/// A build that reads tickets and publishes none is almost always a mistake (a rule that
/// withholds everything, the wrong export), never what a team wants to deploy in silence.
fn nothing_published_warning(report: &GateReport, read: usize, cfg: &Config) -> String {
    format!(
        "no ticket was published although the export(s) held {read}: {} private, {} of other projects, {} refused, {} unlisted without a secret. Check [sources] and the [visibility] and [privacy] rules in {}",
        report.tickets_private,
        report.tickets_other_project,
        report.tickets_refused,
        report.unlisted_without_secret,
        cfg.path.display()
    )
}

/// Builds the public model. Listed tickets come out in list order ([`list_order`]: by opening
/// date, then id), unlisted ones by id, docs by slug, so output does not depend on input order.
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
    // PRIVACY: what an internal (usually private) issue may pass to the customer ticket that
    // names it: its stage, target release and ETA. Nothing else of it is kept.
    let rollups: std::collections::HashMap<String, Rollup> = corpus
        .tickets
        .iter()
        .map(|t| (t.id.clone(), rollup_of(t, cfg)))
        .collect();
    let refs = TicketRefs::of(corpus.tickets.iter(), cfg);
    // In parallel: rendering ticket text is where most of the build's CPU time goes.
    use rayon::prelude::*;
    let gated: Vec<(Option<PublicTicket>, Verdict)> = corpus
        .tickets
        .into_par_iter()
        .map(|t| {
            let rollup = related_internal(&t).and_then(|r| rollups.get(r)).cloned();
            gate_one(t, cfg, now, rollup, &refs)
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
    // Docs left out as translations are no sign that the tickets went missing.
    let not_tickets = skipped
        .iter()
        .any(|(why, n)| *n > 0 && why != crate::sources::docs::OTHER_LANGUAGES);
    if verdicts.is_empty() && not_tickets {
        // An export of nothing but pull requests (or other non-tickets) publishes nothing.
        site.report.warnings.push(format!(
            "no ticket was published: the export(s) held only items that are not tickets ({}); check [sources] in {}",
            skipped_text(&skipped),
            cfg.path.display()
        ));
    }
    site.report.skipped = skipped;
    site.tickets
        .sort_by(|a, b| list_order(a.opened, &a.id, b.opened, &b.id));
    site.unlisted.sort_by(|a, b| id_order(&a.id, &b.id));
    (site.docs, site.report.drafts) = gate_docs(corpus.docs);
    site.assets = corpus.assets;
    (site, verdicts)
}

/// A warning for each privacy or visibility rule that matches no ticket of the input (a typo
/// in a rule meant to hide something must be visible; `--strict` fails on it), from the
/// tickets' [`Facts`]. Nothing is checked on an empty input.
fn unmatched_rules(verdicts: &[&Verdict], cfg: &Config) -> Vec<String> {
    if verdicts.is_empty() {
        return Vec::new();
    }
    let used: BTreeSet<u16> = verdicts
        .iter()
        .flat_map(|v| v.facts.rules.iter().copied())
        .collect();
    let mut rules = Vec::new();
    for (i, r) in cfg.visibility.rules.iter().enumerate() {
        if !used.contains(&(i as u16)) {
            rules.push(format!(
                "[[visibility.rules]] number {} ({})",
                i + 1,
                r.describe()
            ));
        }
    }
    let offset = cfg.visibility.rules.len();
    for (j, w) in cfg.privacy.withhold_labels.iter().enumerate() {
        if !used.contains(&((offset + j) as u16)) {
            rules.push(format!("[privacy] withhold_labels entry {w:?}"));
        }
    }
    let offset = offset + cfg.privacy.withhold_labels.len();
    for (k, n) in cfg.projects.iter().enumerate() {
        if !used.contains(&((offset + k) as u16)) {
            rules.push(format!("[sources] projects entry {n:?}"));
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

/// A warning when tickets' text looks written in another markup than it is rendered in
/// (Redmine's API does not say which text formatting the server uses, and its default is
/// Textile): customers would see raw `h1.` or `##` on the pages and in search excerpts.
fn markup_warnings(verdicts: &[&Verdict], cfg: &Config) -> Vec<String> {
    use crate::model::Markup;
    let count = |m| {
        verdicts
            .iter()
            .filter(|v| v.facts.misread == Some(m))
            .count()
    };
    let (as_markdown, as_textile) = (count(Markup::Textile), count(Markup::Markdown));
    let mut out = Vec::new();
    if as_markdown > 0 {
        out.push(format!(
            "{as_markdown} ticket(s) are rendered as Markdown but look like Textile (h1. headings, @code@, \"text\":url); Redmine's default text formatting is Textile: set [sources] redmine_markup = \"textile\" in {}",
            cfg.path.display()
        ));
    }
    if as_textile > 0 {
        out.push(format!(
            "{as_textile} ticket(s) are rendered as Textile but look like Markdown (## headings, ``` code, [text](url)); set [sources] redmine_markup = \"markdown\" in {}",
            cfg.path.display()
        ));
    }
    out
}

/// "23 pull requests, 2 …": the skipped counts as one phrase.
pub fn skipped_text(skipped: &crate::model::Skipped) -> String {
    skipped
        .iter()
        .map(|(why, n)| format!("{n} {why}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The order of `PublicSite::tickets`, which every ticket list shows reversed (newest first):
/// by opening date, ties by [`id_order`]. Ids alone would not do: a tracker's text ids
/// ("HD-311", opened in October) sort after every number (#4125, opened in November). Decided
/// once here; the lists, the home page and the watch loop's binary search all use it.
pub fn list_order(
    a_opened: DateTime<Utc>,
    a_id: &str,
    b_opened: DateTime<Utc>,
    b_id: &str,
) -> std::cmp::Ordering {
    a_opened.cmp(&b_opened).then_with(|| id_order(a_id, b_id))
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
    refs: &TicketRefs,
) -> (PublicTicket, usize, Vec<String>) {
    // `#123` links to ticket 123 when the site lists it (see `markup::refs`).
    let render = |src: &str, markup| {
        let mut r = render_ticket_text(src, markup, masking_of(cfg));
        if let Some(html) = crate::markup::refs::link_references(&r.html, &|id| refs.contains(id)) {
            r.html = html;
        }
        r
    };
    let mut warnings = Vec::new();
    let p = &cfg.privacy;
    // PRIVACY: contacts are masked in every public text field. Ticket text is masked as it is
    // rendered (text and code, never markup or link targets); plain fields as text.
    let masking = masking_of(cfg);
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
    // Labels carry the stage where the status is only open/closed: the furthest stage a
    // label names moves an open ticket forward. A closed status always wins.
    if let Some(by_label) = wf.label_stage(&t.labels) {
        if !stage.is_closed() && !by_label.is_closed() && by_label > stage {
            stage = by_label;
        }
    }
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

    // A bare label that names a level or an alias (`critical`) counts as the severity when
    // the tracker gives none.
    let severity_name = t
        .severity
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| wf.severity_label(&t.labels).map(str::to_string));
    let severity = match &severity_name {
        None => None,
        Some(name) if name.trim().is_empty() => None,
        Some(name) => match wf.severity(name) {
            Some(l) => Some((
                l,
                PublicSeverity {
                    name: l.name.clone(),
                    names: l.names.clone(),
                    key: l.key,
                },
            )),
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
        // PRIVACY: the author is kept by role only: no name, no e-mail.
        .map(|n| PublicNote {
            // PRIVACY: the author's name is read to decide the role only; it never leaves.
            role: if cfg
                .team_accounts
                .iter()
                .any(|a| crate::model::same_name(a, &n.author))
            {
                Role::Staff
            } else {
                n.role
            },
            at: n.created,
            body: render(&n.text, n.markup),
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
    // Calendar days: the age moves with the date of `now` only. (The promises below move to
    // the second; `next_due` tells watch when.)
    let age_days = (today - t.created.date_naive()).num_days().max(0);
    // Promises are judged to the second of `now` (privacy/promises.rs), from public facts
    // only: the public notes and the public history.
    let closed = if stage.is_closed() {
        t.closed.or(Some(updated))
    } else {
        None
    };
    let judged = promises::judge(
        &wf.calendar,
        severity.as_ref().map(|(l, _)| *l),
        t.category.as_deref().and_then(|c| wf.category(c)),
        &promises::Facts {
            opened: t.created,
            stage,
            closed,
            updated,
            history: &history,
            notes: &notes,
        },
        now,
    );
    let severity = severity.map(|(_, s)| s);
    let fields = t
        .internal
        .custom_fields
        .iter()
        // PRIVACY: custom fields are internal unless config lists them by name.
        .filter(|(k, _)| p.public_custom_fields.iter().any(|f| f == k))
        .map(|(k, v)| (k.clone(), mask(v)))
        .collect();
    // The intake's context lines are not the customer's text: shown as one "Asked from" line
    // and kept out of the description (and so out of the search index and excerpts).
    let (asked_from, description) = match split_context(&t.description) {
        Some((h, rest)) => (
            h.doc_page.map(|d| AskedFrom {
                doc_page: mask(&d),
                section: h.section.map(|s| mask(&s)),
            }),
            rest,
        ),
        None => (None, t.description.as_str()),
    };
    // PRIVACY: labels can be internal ("escalated", a customer's name): only those the config
    // allows are kept, in its spelling and order.
    let labels = p
        .public_labels
        .iter()
        .filter(|w| t.labels.iter().any(|l| crate::model::same_name(w, l)))
        .cloned()
        .collect();
    // PRIVACY: built field by field from what is public: nothing of `t.internal` (assignee,
    // reporter, e-mails, hours, the related issue), no label the config does not allow, no
    // project, no note authors.
    let public = PublicTicket {
        title: mask(&subject),
        deadline,
        description: render(description, t.markup),
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
        closed,
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
        asked_from,
        labels,
        age_days,
        promises: judged.promises,
        past_promise: judged.past,
        next_due: judged.next_due,
        url: crate::model::urls::ticket_url(&t.id),
        unlisted: false,
        id: t.id,
        language: None,
    };
    (public, private_notes, warnings)
}

/// The contact masking `[privacy]` asks for.
fn masking_of(cfg: &Config) -> Mask {
    Mask {
        emails: cfg.privacy.mask_emails,
        phones: cfg.privacy.mask_phones,
    }
}

/// Gates the docs: the published ones sorted by slug, and how many drafts were withheld.
/// [`gate`] and the watch loop's re-read of the docs both go through here.
pub fn gate_docs(docs: Vec<Doc>) -> (Vec<PublicDoc>, usize) {
    let mut public = Vec::with_capacity(docs.len());
    let mut drafts = 0;
    for d in docs {
        // PRIVACY: drafts are counted and never published.
        if d.draft {
            drafts += 1;
            continue;
        }
        public.push(publish_doc(d));
    }
    public.sort_by(|a, b| a.slug.cmp(&b.slug));
    (public, drafts)
}

fn publish_doc(d: Doc) -> PublicDoc {
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
        aliases: d.aliases,
        warnings: d.warnings,
        folder: d.folder,
        body_line: d.body_line,
        nav: d.nav,
        language: d.language,
        translations: d.translations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Internal, Markup, Note};

    fn config(extra: &str) -> Config {
        let text = format!("title = \"T\"\nbase_url = \"https://s.example/\"\n{extra}");
        Config::parse(std::path::Path::new("porchlight.toml"), &text).unwrap()
    }

    /// The seal: every field of the public types is private to this module, so only the gate
    /// can build one (or edit one after it was built). A `pub` field would let any stage make
    /// a public ticket out of raw data without passing the gate.
    #[test]
    fn public_types_have_no_field_outside_the_gate() {
        let src = concat!(include_str!("mod.rs"), include_str!("promises.rs"));
        for name in [
            "PublicTicket",
            "PublicSeverity",
            "PublicNote",
            "PublicStageChange",
            "PublicDoc",
            "PublicPromise",
        ] {
            let head = format!("pub struct {name} {{\n");
            let start = src
                .find(&head)
                .unwrap_or_else(|| panic!("{name} not found"))
                + head.len();
            let body = &src[start..start + src[start..].find("\n}\n").unwrap()];
            let fields: Vec<&str> = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .collect();
            assert!(!fields.is_empty(), "{name}: {fields:?}");
            for f in fields {
                assert!(
                    !f.starts_with("pub"),
                    "{name}: field `{f}` is visible outside the privacy module; only the gate may build a {name}"
                );
            }
        }
    }

    /// What the accessors show is what the gate made of the raw ticket: private parts gone,
    /// contacts masked, and nothing of the internal record.
    #[test]
    fn the_gate_is_the_constructor() {
        let cfg = config("[privacy]\npublic_custom_fields = [\"Product\"]\n");
        let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
        let created: DateTime<Utc> = "2026-11-01T09:00:00Z".parse().unwrap();
        let note = |text: &str, private: bool, hours: i64| Note {
            author: "Jane Staffer".into(),
            author_email: Some("jane@corp.example".into()),
            role: Role::Staff,
            created: created + chrono::Duration::hours(hours),
            text: text.into(),
            markup: Markup::Markdown,
            private,
            ..Default::default()
        };
        let public = Ticket {
            id: "12".into(),
            subject: "Export fails for bob@customer.example".into(),
            description: "It *fails*.".into(),
            markup: Markup::Markdown,
            status: "New".into(),
            created,
            notes: vec![
                note("Internal: blame the cache", true, 1),
                note("We are on it.", false, 2),
            ],
            internal: Internal {
                assignee: Some("Jane Staffer".into()),
                custom_fields: vec![
                    ("Product".into(), "Exporter".into()),
                    ("Cost centre".into(), "CC-7".into()),
                ],
                ..Default::default()
            },
            ..Default::default()
        };
        let private = Ticket {
            id: "13".into(),
            subject: "Private".into(),
            private: true,
            created,
            ..Default::default()
        };
        let docs = vec![
            Doc {
                slug: "a".into(),
                title: "A".into(),
                body: "Body".into(),
                source: "content/docs/a.md".into(),
                ..Default::default()
            },
            Doc {
                slug: "draft".into(),
                draft: true,
                ..Default::default()
            },
        ];
        let site = gate(
            Corpus {
                tickets: vec![private, public],
                docs,
                skipped: Default::default(),
                assets: Default::default(),
            },
            &cfg,
            now,
        );
        assert_eq!(site.report.tickets_private, 1);
        assert_eq!(site.report.notes_private, 1);
        assert_eq!(site.report.drafts, 1);
        assert!(site.unlisted.is_empty());
        let [t] = &site.tickets[..] else {
            panic!("{:?}", site.tickets)
        };
        assert_eq!(t.id(), "12");
        assert_eq!(t.url(), "tickets/12/");
        assert!(!t.unlisted());
        assert_eq!(t.title(), "Export fails for [e-mail hidden]");
        assert_eq!(t.description().html, "<p>It <em>fails</em>.</p>\n");
        assert_eq!(t.stage(), Stage::Received);
        assert_eq!(
            t.fields(),
            [("Product".to_string(), "Exporter".to_string())]
        );
        let [n] = t.notes() else {
            panic!("{:?}", t.notes())
        };
        assert_eq!(n.body().text.trim(), "We are on it.");
        assert_eq!(n.role(), Role::Staff);
        assert_eq!(t.updated(), created + chrono::Duration::hours(2));
        let dump = format!("{t:?}");
        for secret in ["Jane", "corp.example", "blame the cache", "CC-7", "bob@"] {
            assert!(
                !dump.contains(secret),
                "{secret} reached the public ticket: {dump}"
            );
        }
        let [d] = &site.docs[..] else {
            panic!("{:?}", site.docs)
        };
        assert_eq!((d.slug(), d.title(), d.body()), ("a", "A", "Body"));
        assert!(!d.is_index());
    }

    /// The two narrow changes later stages may make remove text and nothing else.
    #[test]
    fn later_stages_may_only_take_text_out() {
        let cfg = config("");
        let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
        let ticket = Ticket {
            id: "1".into(),
            subject: "S".into(),
            description: "Plain words".into(),
            status: "New".into(),
            created: now,
            notes: vec![Note {
                text: "A note".into(),
                created: now,
                ..Default::default()
            }],
            ..Default::default()
        };
        let doc = Doc {
            slug: "guide/index".into(),
            title: "Guide".into(),
            body: "# Guide".into(),
            source: "content/docs/guide/index.md".into(),
            ..Default::default()
        };
        let mut site = gate(
            Corpus {
                tickets: vec![ticket],
                docs: vec![doc],
                skipped: Default::default(),
                assets: Default::default(),
            },
            &cfg,
            now,
        );
        let t = &mut site.tickets[0];
        let html = t.description().html.clone();
        let (description, notes) = t.take_plain_text();
        assert_eq!(description.trim(), "Plain words");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].trim(), "A note");
        assert_eq!(t.description().text, "");
        assert_eq!(t.notes()[0].body().text, "");
        assert_eq!(t.description().html, html);
        let d = &mut site.docs[0];
        assert!(d.is_index());
        d.drop_body();
        assert_eq!((d.body(), d.title()), ("", "Guide"));
    }

    /// Through the gate: every public text field is masked, and none is corrupted.
    #[test]
    fn the_gate_masks_every_public_text_field() {
        let cfg = crate::config::Config::parse(
            std::path::Path::new("porchlight.toml"),
            "[privacy]\npublic_custom_fields = [\"Contact\", \"Server\"]\n",
        )
        .unwrap();
        use chrono::TimeZone;
        const REL: &str = "nofollow noopener noreferrer ugc";
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        let t = Ticket {
            id: "7".into(),
            subject: "Timeout on 000.000.000.000, call 030 1234567".into(),
            description: "See [notes](https://example.com/2013/08/27/5152564/), r=0.000000000, mail jane@example.org".into(),
            markup: Markup::Markdown,
            status: "Closed".into(),
            status_closed: Some(true),
            created: at,
            closed: Some(at),
            resolution: Some("Customer at +49 (0)30 1234567 confirmed v2.3.4".into()),
            notes: vec![Note {
                text: "```\nuser=jane@example.org ip=10.0.0.1\n```".into(),
                created: at,
                ..Note::default()
            }],
            internal: crate::model::Internal {
                custom_fields: vec![
                    ("Contact".into(), "jane@example.org".into()),
                    ("Server".into(), "192.168.0.1".into()),
                ],
                ..Default::default()
            },
            ..Ticket::default()
        };
        let Gated::Published { ticket, .. } =
            gate_ticket(t, &cfg, at, None, &TicketRefs::default())
        else {
            panic!("not published");
        };
        assert_eq!(
            ticket.title,
            "Timeout on 000.000.000.000, call [phone hidden]"
        );
        assert_eq!(
            ticket.description.html,
            format!("<p>See <a href=\"https://example.com/2013/08/27/5152564/\" rel=\"{REL}\">notes</a>, r=0.000000000, mail [e-mail hidden]</p>\n")
        );
        assert_eq!(
            ticket.description.text,
            "See notes, r=0.000000000, mail [e-mail hidden]"
        );
        assert_eq!(
            ticket.outcome_reason.as_deref(),
            Some("Customer at [phone hidden] confirmed v2.3.4")
        );
        assert_eq!(
            ticket.notes[0].body.html,
            "<pre><code>user=[e-mail hidden] ip=10.0.0.1\n</code></pre>\n"
        );
        assert_eq!(
            ticket.fields,
            vec![
                ("Contact".to_string(), "[e-mail hidden]".to_string()),
                ("Server".to_string(), "192.168.0.1".to_string())
            ]
        );
    }
}
