//! The customer-facing workflow: the stages a ticket moves through, how tracker statuses map to
//! them, and the severity levels with the resolution time each promises.
//!
//! The built-in status map covers the vocabularies of MantisBT, Redmine and typical helpdesk
//! flows (see docs/guide/configuration.md "Workflow"); `[workflow.statuses]` in porchlight.toml adds to it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::{Calendar, Span};

/// Where a ticket stands, as a customer sees it. The first seven are the progress steps in
/// order; `Rejected` and `WontFix` are closed outcomes shown with their public reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Stage {
    Received,
    UnderReview,
    Confirmed,
    InProgress,
    FixInTesting,
    Released,
    Closed,
    Rejected,
    WontFix,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Received,
        Stage::UnderReview,
        Stage::Confirmed,
        Stage::InProgress,
        Stage::FixInTesting,
        Stage::Released,
        Stage::Closed,
        Stage::Rejected,
        Stage::WontFix,
    ];

    /// The seven steps of the progress bar.
    pub const STEPS: [Stage; 7] = [
        Stage::Received,
        Stage::UnderReview,
        Stage::Confirmed,
        Stage::InProgress,
        Stage::FixInTesting,
        Stage::Released,
        Stage::Closed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Received => "Received",
            Stage::UnderReview => "Under review",
            Stage::Confirmed => "Confirmed",
            Stage::InProgress => "In progress",
            Stage::FixInTesting => "Fix in testing",
            Stage::Released => "Released",
            Stage::Closed => "Closed",
            Stage::Rejected => "Rejected",
            Stage::WontFix => "Won't fix",
        }
    }

    /// CSS class / URL-safe name.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::UnderReview => "under-review",
            Stage::Confirmed => "confirmed",
            Stage::InProgress => "in-progress",
            Stage::FixInTesting => "fix-in-testing",
            Stage::Released => "released",
            Stage::Closed => "closed",
            Stage::Rejected => "rejected",
            Stage::WontFix => "wont-fix",
        }
    }

    /// One sentence telling the customer what this stage means.
    pub fn explanation(self) -> &'static str {
        match self {
            Stage::Received => {
                "We have your ticket. Someone from the support team will look at it soon."
            }
            Stage::UnderReview => "We are looking into the problem and may ask you for details.",
            Stage::Confirmed => "We have confirmed the problem and planned the work.",
            Stage::InProgress => "Someone is working on a fix.",
            Stage::FixInTesting => "A fix exists and is being tested.",
            Stage::Released => "The fix has been released.",
            Stage::Closed => "This ticket is closed.",
            Stage::Rejected => "We closed this ticket without a change.",
            Stage::WontFix => "We decided not to change this.",
        }
    }

    /// Position on the progress bar (0–6); closed outcomes sit at the end.
    pub fn step(self) -> usize {
        match self {
            Stage::Rejected | Stage::WontFix => 6,
            s => s as usize,
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Closed | Stage::Rejected | Stage::WontFix)
    }

    /// Parses a stage name as written in config ("Fix in testing", "fix-in-testing").
    pub fn from_name(name: &str) -> Option<Stage> {
        let key = normalize(name).replace('-', " ");
        Stage::ALL
            .into_iter()
            .find(|s| normalize(s.name()) == key || s.slug().replace('-', " ") == key)
    }
}

/// Lower-case, single-spaced, trimmed: how status names are compared.
pub fn normalize(status: &str) -> String {
    status
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Built-in tracker status → stage map. Keys are normalized.
const DEFAULT_STATUSES: &[(&str, Stage)] = &[
    // MantisBT
    ("new", Stage::Received),
    ("feedback", Stage::UnderReview),
    ("acknowledged", Stage::UnderReview),
    ("confirmed", Stage::Confirmed),
    ("assigned", Stage::InProgress),
    ("resolved", Stage::FixInTesting),
    ("closed", Stage::Closed),
    // Redmine (New, Feedback, Resolved, Closed above)
    ("in progress", Stage::InProgress),
    ("rejected", Stage::Rejected),
    // Helpdesk flows
    ("open", Stage::Received),
    ("accepted", Stage::Confirmed),
    ("seen", Stage::UnderReview),
    ("pending evaluation", Stage::UnderReview),
    ("pending", Stage::UnderReview),
    ("evaluated", Stage::Confirmed),
    ("scheduled", Stage::Confirmed),
    ("task planned", Stage::Confirmed),
    ("testing & staging", Stage::FixInTesting),
    ("testing and staging", Stage::FixInTesting),
    ("qa testing", Stage::FixInTesting),
    ("qa", Stage::FixInTesting),
    ("customer feedback", Stage::FixInTesting),
    ("release", Stage::Released),
    ("released", Stage::Released),
    ("release & monitor", Stage::Released),
    ("done", Stage::Closed),
    ("won't fix", Stage::WontFix),
    ("wont fix", Stage::WontFix),
    ("wontfix", Stage::WontFix),
    ("not planned", Stage::WontFix),
    ("duplicate", Stage::Rejected),
    // Odoo Helpdesk: the Odoo partner's flow (../shared/domain 003: New, In Progress, Task
    // planned, Customer Feedback above; the fix is tested, then moved to production, then
    // Done) and the stages Odoo's helpdesk apps create.
    ("solution testing", Stage::FixInTesting),
    ("movetoproduction", Stage::Released),
    ("move to production", Stage::Released),
    ("solved", Stage::Closed),
    ("cancelled", Stage::Rejected),
    ("canceled", Stage::Rejected),
    // Jira's default workflows and Jira Service Management's service request workflow.
    ("to do", Stage::Received),
    ("backlog", Stage::Received),
    ("selected for development", Stage::Confirmed),
    ("in review", Stage::FixInTesting),
    ("waiting for support", Stage::UnderReview),
    ("waiting for customer", Stage::UnderReview),
    ("work in progress", Stage::InProgress),
    ("escalated", Stage::InProgress),
    // "canceled" is above (Odoo): Rejected.
    ("declined", Stage::Rejected),
];

/// One severity level and the times it promises (first answer and resolution).
#[derive(Debug, Clone)]
pub struct SeverityLevel {
    pub name: String,
    /// `names = { de = "Kritisch" }`: the name per language.
    pub names: BTreeMap<String, String>,
    /// A built-in level's message key ("severity-severe"): its name in each language.
    pub key: Option<&'static str>,
    /// The promised time of the team's first public answer.
    pub first_response: Option<Span>,
    /// The promised resolution time; `None` for "at our discretion".
    pub resolution: Option<Span>,
    /// How the resolution promise reads after "Resolution: ": "within 3 business days", the
    /// older config's own words ("within 1–3 days"), or words alone ("at our discretion").
    /// `None`: the level promises no resolution.
    pub resolution_words: Option<Promised>,
    /// Tracker priority/severity names that mean this level (compared normalized).
    pub aliases: Vec<String>,
}

/// Words of the config with a version per language (`names = { de = "Kritisch" }`): a page
/// shows its language's version, else the words as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized {
    pub text: String,
    /// Language code → the words in it.
    pub by_language: BTreeMap<String, String>,
}

impl Localized {
    /// The words in language `code`.
    pub fn get(&self, code: &str) -> &str {
        self.by_language.get(code).unwrap_or(&self.text)
    }
}

/// How a promise reads after "Resolution: ", kept as data: each language words it at render
/// time (`render::promise_ctx`), with the plural forms its Fluent file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Promised {
    /// A promised time: "within 3 business days".
    Within(Span),
    /// A promised time in the config's own words (`promise = "1–3 days"`): "within 1–3 days".
    WithinWords(Localized),
    /// The config's words without a time, shown as written.
    Words(Localized),
    /// The built-in levels' promise without a time: "at our discretion".
    Discretion,
}

impl Promised {
    /// In English, as the pages read before translations: the unit tests' reference.
    pub fn words(&self) -> String {
        match self {
            Promised::Within(s) => format!("within {}", s.words()),
            Promised::WithinWords(w) => format!("within {}", w.text),
            Promised::Words(w) => w.text.clone(),
            Promised::Discretion => "at our discretion".into(),
        }
    }
}

/// A ticket category's promises (`[[promises.categories]]`): each replaces its severity
/// level's when given.
#[derive(Debug, Clone)]
pub struct CategoryPromise {
    /// The tracker's category name, compared as config rules are.
    pub name: String,
    pub first_response: Option<Span>,
    pub resolution: Option<Span>,
}

/// "N business days" as the built-in tables write it.
fn span(text: &str) -> Option<Span> {
    Some(Span::parse(text).expect("built-in promise"))
}

fn default_levels() -> Vec<SeverityLevel> {
    let level = |name: &str, first: &str, resolution: Option<&str>, aliases: &[&str]| {
        let resolution = resolution.and_then(span);
        SeverityLevel {
            key: Some(match name {
                "Severe" => "severity-severe",
                "High" => "severity-high",
                "Medium" => "severity-medium",
                "Low" => "severity-low",
                _ => "severity-enhancement",
            }),
            names: BTreeMap::new(),
            name: name.into(),
            first_response: span(first),
            resolution,
            resolution_words: Some(match resolution {
                Some(s) => Promised::Within(s),
                None => Promised::Discretion,
            }),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    };
    // Redmine priorities (Low, Normal, High, Urgent, Immediate) and MantisBT severities
    // (feature, trivial, text, tweak, minor, major, crash, block) fold into the five levels.
    // Resolution: the upper bound of the severity flow's "expected resolution time"
    // (../shared/domain 004: Severe 1 day, High 1-3, Medium 3-4, Low 5-10 days), counted in
    // business days. First answer: the Odoo partner's "between 1 business hour and 3
    // business days" (domain 003): 1 business hour for the most severe, 3 business days else.
    vec![
        level(
            "Severe",
            "1 business hour",
            Some("1 business day"),
            &[
                "immediate",
                "urgent",
                "critical",
                "blocker",
                "block",
                "crash",
                // Jira's top priority.
                "highest",
            ],
        ),
        level(
            "High",
            "3 business days",
            Some("3 business days"),
            &["major"],
        ),
        level(
            "Medium",
            "3 business days",
            Some("4 business days"),
            &["normal", "minor"],
        ),
        level(
            "Low",
            "3 business days",
            Some("10 business days"),
            &["trivial", "text", "tweak", "lowest"],
        ),
        level(
            "Enhancement",
            "3 business days",
            None,
            &["feature", "wish", "feature request"],
        ),
    ]
}

/// The categories of the Odoo partner's intake (../shared/domain 003), as the new-ticket page
/// offers them: an urgent issue is answered within 1 business hour, the others within 3
/// business days.
fn default_categories() -> Vec<CategoryPromise> {
    let cat = |name: &str, first: &str| CategoryPromise {
        name: name.into(),
        first_response: span(first),
        resolution: None,
    };
    vec![
        cat("Urgent issue", "1 business hour"),
        cat("Question", "3 business days"),
        cat("Server issue", "3 business days"),
        cat("Issue with an error", "3 business days"),
        cat("Issue without an error", "3 business days"),
    ]
}

/// Status map plus severity levels.
#[derive(Debug, Clone)]
pub struct Workflow {
    statuses: BTreeMap<String, Stage>,
    pub levels: Vec<SeverityLevel>,
    /// `[[promises.categories]]`: promises by ticket category, over the level's.
    pub categories: Vec<CategoryPromise>,
    /// `[calendar]`: the business time promises are counted in.
    pub calendar: Calendar,
    /// `[workflow.labels]`: label → stage, compared as config rules are.
    labels: Vec<(String, Stage)>,
    /// The names a category of the new-ticket page goes by in every language (as
    /// [`name_key`]) → its own name, the one `categories` know it by: a German customer
    /// files an urgent issue as "Dringendes Problem", which keeps the promises of "Urgent
    /// issue". Filled in when the site's words are loaded (`site::load_front`).
    pub category_aliases: BTreeMap<String, String>,
}

/// A name as [`Workflow::category_aliases`] keys it: words separated by single spaces,
/// Unicode-normalised (NFC) and lowercased, so spelling a name as a tracker does not miss it.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    normalize(name).nfc().collect()
}

impl Workflow {
    /// `extra` statuses override the built-in map; `levels` replace the built-in levels.
    pub fn new(extra: BTreeMap<String, Stage>, levels: Option<Vec<SeverityLevel>>) -> Workflow {
        let mut statuses: BTreeMap<String, Stage> = DEFAULT_STATUSES
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        for (k, v) in extra {
            statuses.insert(normalize(&k), v);
        }
        Workflow {
            statuses,
            levels: levels.unwrap_or_else(default_levels),
            categories: default_categories(),
            calendar: Calendar::default(),
            labels: Vec::new(),
            category_aliases: BTreeMap::new(),
        }
    }

    /// The same workflow with `[calendar]` and, when given, `[[promises.categories]]`.
    pub fn with_promises(
        mut self,
        calendar: Calendar,
        categories: Option<Vec<CategoryPromise>>,
    ) -> Workflow {
        self.calendar = calendar;
        if let Some(c) = categories {
            self.categories = c;
        }
        self
    }

    /// The promises of a tracker category, compared as config rules are, under any of its
    /// names ([`Workflow::category_aliases`]).
    pub fn category(&self, name: &str) -> Option<&CategoryPromise> {
        let name = self.category_name(name);
        self.categories
            .iter()
            .find(|c| super::same_name(&c.name, name))
    }

    /// The category's own name for a name it goes by in some language; other names as they are.
    pub fn category_name<'s>(&'s self, name: &'s str) -> &'s str {
        if self.category_aliases.is_empty() {
            return name;
        }
        self.category_aliases
            .get(&name_key(name))
            .map_or(name, String::as_str)
    }

    /// The stage for a tracker status, or `None` when the map does not know it.
    pub fn stage(&self, status: &str) -> Option<Stage> {
        self.statuses.get(&normalize(status)).copied()
    }

    /// The same workflow with a `[workflow.labels]` map.
    pub fn with_labels(mut self, labels: Vec<(String, Stage)>) -> Workflow {
        self.labels = labels;
        self
    }

    /// The furthest stage the ticket's labels name, if any (`[workflow.labels]`).
    pub fn label_stage<'a>(&self, labels: impl IntoIterator<Item = &'a String>) -> Option<Stage> {
        let labels: Vec<&String> = labels.into_iter().collect();
        self.labels
            .iter()
            .filter(|(l, _)| labels.iter().any(|x| super::same_name(x, l)))
            .map(|(_, s)| *s)
            .max()
    }

    /// The first label that names a severity level or one of its aliases (`critical`).
    pub fn severity_label<'a>(
        &self,
        labels: impl IntoIterator<Item = &'a String>,
    ) -> Option<&'a str> {
        labels
            .into_iter()
            .map(String::as_str)
            .find(|l| self.severity(l).is_some())
    }

    /// The severity level a tracker priority/severity name means.
    pub fn severity(&self, name: &str) -> Option<&SeverityLevel> {
        let key = normalize(name);
        self.levels
            .iter()
            .find(|l| normalize(&l.name) == key || l.aliases.iter().any(|a| normalize(a) == key))
    }
}

/// A work estimate and deadline carried in a subject as `[4h, 14.3.2034]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// "4 h", "2 days", "30 min".
    pub work_left: String,
    pub target: NaiveDate,
}

/// Finds and removes a `[amount unit, d.m.yyyy]` bracket from a subject. Returns the subject
/// without it and the parsed deadline. A bracket that does not parse is left in place.
pub fn split_deadline(subject: &str) -> (String, Option<Deadline>) {
    // Hand-written rather than a regex: the grammar is tiny and this runs on every subject.
    let Some(open) = subject.rfind('[') else {
        return (subject.to_string(), None);
    };
    let Some(close_rel) = subject[open..].find(']') else {
        return (subject.to_string(), None);
    };
    let inner = &subject[open + 1..open + close_rel];
    let Some((work, date)) = inner.split_once(',') else {
        return (subject.to_string(), None);
    };
    let (Some(work_left), Some(target)) = (parse_work(work.trim()), parse_dmy(date.trim())) else {
        return (subject.to_string(), None);
    };
    let mut rest = String::with_capacity(subject.len());
    rest.push_str(subject[..open].trim_end());
    let after = subject[open + close_rel + 1..].trim_start();
    if !after.is_empty() && !rest.is_empty() {
        rest.push(' ');
    }
    rest.push_str(after);
    (
        rest.trim().to_string(),
        Some(Deadline { work_left, target }),
    )
}

fn parse_work(s: &str) -> Option<String> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (num, unit) = s.split_at(split);
    let num = num.replace(',', ".");
    let value: f64 = num.parse().ok()?;
    if !(0.0..100_000.0).contains(&value) {
        return None;
    }
    let unit = match unit.trim().to_lowercase().as_str() {
        "h" | "hr" | "hrs" | "hour" | "hours" | "std" => "h",
        "min" | "m" | "mins" | "minutes" => "min",
        "d" | "day" | "days" | "t" => {
            return Some(format!(
                "{num} {}",
                if value == 1.0 { "day" } else { "days" }
            ));
        }
        "w" | "wk" | "week" | "weeks" => {
            return Some(format!(
                "{num} {}",
                if value == 1.0 { "week" } else { "weeks" }
            ));
        }
        _ => return None,
    };
    Some(format!("{num} {unit}"))
}

/// `14.3.2034` → 2034-03-14.
fn parse_dmy(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('.');
    let d: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    let y: i32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_named_in_the_brief_maps() {
        let w = Workflow::new(BTreeMap::new(), None);
        for s in [
            "new",
            "feedback",
            "acknowledged",
            "confirmed",
            "assigned",
            "resolved",
            "closed",
            "New",
            "In Progress",
            "Resolved",
            "Feedback",
            "Closed",
            "Rejected",
            "Accepted",
            "Seen",
            "Pending evaluation",
            "Evaluated",
            "Scheduled",
            "Task planned",
            "Testing & staging",
            "QA testing",
            "Customer feedback",
            "Release",
            "Done",
            // The Odoo partner's flow (../shared/domain 003).
            "Solution testing",
            "MoveToProduction",
        ] {
            assert!(w.stage(s).is_some(), "{s} is not mapped");
        }
        assert_eq!(w.stage("  In   progress "), Some(Stage::InProgress));
        assert_eq!(w.stage("Parked"), None);
    }

    #[test]
    fn severities_fold_tracker_names() {
        let w = Workflow::new(BTreeMap::new(), None);
        assert_eq!(w.severity("Immediate").unwrap().name, "Severe");
        let high = w.severity("high").unwrap();
        assert_eq!(
            high.resolution_words
                .as_ref()
                .map(Promised::words)
                .as_deref(),
            Some("within 3 business days")
        );
        assert_eq!(high.first_response.unwrap().words(), "3 business days");
        assert_eq!(w.severity("Normal").unwrap().name, "Medium");
        let wish = w.severity("feature").unwrap();
        assert_eq!(wish.resolution, None);
        assert_eq!(wish.resolution_words, Some(Promised::Discretion));
        assert_eq!(
            w.category(" urgent ISSUE")
                .unwrap()
                .first_response
                .unwrap()
                .words(),
            "1 business hour"
        );
        assert!(w.severity("whenever").is_none());
    }

    #[test]
    fn deadline_bracket_is_parsed_and_removed() {
        let (s, d) = split_deadline("Invoice export times out [4h, 14.3.2034]");
        assert_eq!(s, "Invoice export times out");
        let d = d.unwrap();
        assert_eq!(d.work_left, "4 h");
        assert_eq!(d.target, NaiveDate::from_ymd_opt(2034, 3, 14).unwrap());
        let (s, d) = split_deadline("[2d, 28.11.2026] Login loop");
        assert_eq!(
            (s.as_str(), d.unwrap().work_left.as_str()),
            ("Login loop", "2 days")
        );
        let (s, d) = split_deadline("Array [1, 2] bug");
        assert_eq!((s.as_str(), d), ("Array [1, 2] bug", None));
        let (_, d) = split_deadline("x [4h, 31.2.2034]");
        assert_eq!(d, None, "31 February is not a date");
    }
}
