//! Stage 2 of the pipeline: the one normalized model every tracker source produces.
//!
//! Everything here may be private. Nothing in this module is ever handed to a template or the
//! search index: the only way from a [`Ticket`] to something publishable is
//! `privacy::gate`, which builds the public types (which have no private fields at all).

pub(crate) mod calendar;
pub(crate) mod intake_context;
pub(crate) mod urls;
pub(crate) mod workflow;

use chrono::{DateTime, NaiveDate, Utc};

/// How a text field was written in the tracker, so it is rendered the way its author meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Markup {
    /// CommonMark with tables, strikethrough, task lists and footnotes (native format, Redmine
    /// in Markdown mode).
    #[default]
    Markdown,
    /// Markdown as GitHub (and GitLab) show issue and comment text: every line break is a
    /// break, and bare `http(s)://` and `www.` URLs are links. Log lines pasted into an issue
    /// would otherwise run together.
    GithubMarkdown,
    /// Redmine's default Textile formatting.
    Textile,
    /// Plain text (MantisBT): shown as paragraphs, line breaks kept, URLs linked.
    Plain,
    /// HTML the tracker (or a reader) made: Odoo's HTML fields, Jira's `renderedFields`, Jira
    /// Cloud's Atlassian Document Format rendered by `sources::jira_adf`. Untrusted like any
    /// ticket text: it goes through the same cleaner (`TICKET_CLEANER`) as rendered Textile.
    Html,
}

/// Who wrote a note, as far as the customer is concerned. Readers take it from what the
/// tracker records (GitHub's `author_association`); where a tracker records nothing, the
/// ticket's reporter is the customer and everyone else the team, and `[roles] team` in the
/// config names the team's accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// The person who opened the ticket.
    Customer,
    /// The support team.
    #[default]
    Staff,
    /// Someone else: neither the reporter nor the team (another affected customer).
    Other,
}

/// One ticket as read from any tracker, private parts included. `Hash` is what `watch` uses
/// to tell which tickets of a re-read export changed.
#[derive(Debug, Clone, Default, Hash)]
pub struct Ticket {
    /// The tracker's id, as text ("1234", "EX-1"). Sources must make sure it is non-empty;
    /// the plan refuses ids that are not safe as a path segment.
    pub id: String,
    pub subject: String,
    pub description: String,
    pub markup: Markup,
    /// The tracker's own status name ("Feedback", "Testing & staging"); mapped to a customer
    /// stage by `config::Workflow`.
    pub status: String,
    /// Whether the tracker itself considers the status closed, when it says so.
    pub status_closed: Option<bool>,
    /// The tracker's severity or priority name ("High", "major", "Immediate").
    pub severity: Option<String>,
    pub category: Option<String>,
    /// Tracker kind within the project ("Bug", "Support", "Feature").
    pub tracker: Option<String>,
    pub project: Option<String>,
    pub labels: Vec<String>,
    pub created: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    pub closed: Option<DateTime<Utc>>,
    /// The tracker's private flag (Redmine `is_private`, Mantis `view_state` private, …).
    pub private: bool,
    /// Target version / milestone.
    pub target_version: Option<String>,
    /// Version the fix shipped in (Mantis `fixed_in_version`).
    pub fixed_in_version: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// Where the fix is, in the customer's words: "git", "staging", "production", "v4.2".
    pub fix_location: Option<String>,
    /// Percent done, 0–100.
    pub done_ratio: Option<u8>,
    /// Public reason given when the ticket was rejected or will not be fixed.
    pub resolution: Option<String>,
    pub notes: Vec<Note>,
    /// Status changes in time order.
    pub history: Vec<StatusChange>,
    /// Fields that exist only inside the support team. Never public.
    pub internal: Internal,
}

/// A comment / journal entry on a ticket.
#[derive(Debug, Clone, Default, Hash)]
pub struct Note {
    pub id: Option<String>,
    /// Display name of the author.
    pub author: String,
    pub role: Role,
    pub created: DateTime<Utc>,
    pub text: String,
    pub markup: Markup,
    pub private: bool,
    /// Author's e-mail: internal.
    pub author_email: Option<String>,
}

/// A status change: `from` is `None` for the initial status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub from: Option<String>,
    pub to: String,
}

/// Fields that stay inside the team. The public types have no counterpart for any of them.
#[derive(Debug, Clone, Default)]
pub struct Internal {
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub reporter_email: Option<String>,
    pub time_spent_hours: Option<f64>,
    pub estimated_hours: Option<f64>,
    /// Custom fields by name, with their values. Internal unless config makes one public.
    pub custom_fields: Vec<(String, String)>,
    /// An internal issue (the developers' copy) this customer ticket is related to.
    pub related_internal: Option<String>,
}

/// By hand only because `f64` has no `Hash`: the hours are hashed by their bits.
impl std::hash::Hash for Internal {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.assignee.hash(h);
        self.reporter.hash(h);
        self.reporter_email.hash(h);
        self.time_spent_hours.map(f64::to_bits).hash(h);
        self.estimated_hours.map(f64::to_bits).hash(h);
        self.custom_fields.hash(h);
        self.related_internal.hash(h);
    }
}

/// A knowledge-base article, from a Markdown file or from the export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// URL path below `docs/`, without slashes at either end: "billing/refunds".
    pub slug: String,
    pub title: String,
    /// One-line summary for listings and search (front matter `description`).
    pub description: Option<String>,
    pub body: String,
    pub date: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    /// Order in listings (lower first); ties by title.
    pub weight: i64,
    /// `draft = true` docs are never published.
    pub draft: bool,
    /// Where it came from, for error messages ("content/docs/billing/refunds.md").
    pub source: String,
    /// Old URLs below `docs/` ("old/path") that redirect to this doc (front matter `aliases`).
    pub aliases: Vec<String>,
    /// The folder of its source below the docs folder, as written on disk ("Guide"): relative
    /// references to files resolve from here.
    pub folder: String,
    /// Position in the docs folder's own navigation (mdBook `SUMMARY.md`, `mkdocs.yml` `nav:`,
    /// a wiki's `_Sidebar.md`); docs it does not list come after, by weight and title.
    pub nav: Option<u32>,
    /// The line of the source file the body starts on (after the front matter), for messages.
    pub body_line: usize,
    /// What the reader noticed without failing (an unknown front matter key), one line each,
    /// naming the file.
    pub warnings: Vec<String>,
    /// On a multilingual site: the language the doc is written in (from its path, see
    /// `sources::docs::doc_language`); `None` on a site in one language.
    pub language: Option<String>,
    /// On a multilingual site: the languages that have their own version of this doc (same
    /// slug), in the site's order.
    pub translations: Vec<String>,
}

/// Everything the sources produced for one build.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub tickets: Vec<Ticket>,
    pub docs: Vec<Doc>,
    /// Items of the export that are not tickets, by why they were left out ("pull requests"):
    /// nothing is dropped without a count in the summary.
    pub skipped: Skipped,
    /// The files of the docs folder that are not Markdown, which docs may reference.
    pub assets: DocAssets,
}

/// The files of the docs folder that are not Markdown (images, PDFs, videos, attachments).
/// Only those a published doc references are published, at the same path below `docs/`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocAssets {
    /// By path below `docs/` ("guide/img/settings.png"): the file, and an image's size.
    pub files: std::collections::BTreeMap<String, AssetFile>,
    /// Symbolic links below the docs folder, by the same kind of path: never followed, so a
    /// reference to one (or to a file below a linked folder) is refused.
    pub links: std::collections::BTreeSet<String>,
}

/// One file of the docs folder.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetFile {
    pub path: std::path::PathBuf,
    /// Width and height in pixels, read from an image's header.
    pub size: Option<(u32, u32)>,
}

impl DocAssets {
    /// Adds another folder's files below `prefix` ("wiki/").
    pub fn extend_under(&mut self, prefix: &str, other: DocAssets) {
        for (k, v) in other.files {
            self.files.insert(format!("{prefix}{k}"), v);
        }
        for k in other.links {
            self.links.insert(format!("{prefix}{k}"));
        }
    }
}

/// Whether two names from a rule and a ticket are the same: compared after trimming, Unicode
/// normalisation (NFC) and Unicode case folding. A real GitHub label was `"codeblocks "`, with
/// a trailing space, and a rule for `codeblocks` withheld none of its 14 tickets: a privacy
/// rule must not fail open on spelling the team cannot see.
pub fn same_name(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let a: String = a.nfc().collect();
    let b: String = b.nfc().collect();
    unicase::UniCase::new(a) == unicase::UniCase::new(b)
}

/// Counts of what a reader left out, by reason.
pub type Skipped = std::collections::BTreeMap<String, usize>;

impl Corpus {
    /// Adds another part (one export file) to this corpus.
    pub fn extend(&mut self, part: Corpus) {
        self.tickets.extend(part.tickets);
        self.docs.extend(part.docs);
        self.assets.extend_under("", part.assets);
        for (why, n) in part.skipped {
            *self.skipped.entry(why).or_default() += n;
        }
    }
}
