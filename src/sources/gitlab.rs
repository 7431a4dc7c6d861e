//! Reader for GitLab issues JSON (API v4, gitlab.com and self-managed).
//!
//! Accepted shapes:
//! - a list page (`GET /api/v4/projects/:id/issues`): an array of issues;
//! - one issue (`GET /api/v4/projects/:id/issues/:iid`): an object with `iid` and `project_id`;
//! - the snapshot `porchlight pull gitlab` writes, which adds what the list lacks:
//!
//! ```json
//! {
//!   "gitlab_snapshot": 1,
//!   "project": "group/project",
//!   "updated_after": "2026-03-04T02:14:42.000Z",
//!   "issues": [ /* issues as the API returns them */ ],
//!   "notes": { "6": [ /* GET /projects/:id/issues/6/notes */ ] },
//!   "label_events": { "6": [ /* GET /projects/:id/issues/6/resource_label_events */ ] },
//!   "state_events": { "6": [ /* GET /projects/:id/issues/6/resource_state_events */ ] }
//! }
//! ```
//!
//! Field mapping: `iid` → id, `title` → subject, `description` → description (GitLab Flavoured
//! Markdown, rendered as GitHub's: hard breaks, autolinks, task lists), `labels` → labels,
//! `state` → status "open"/"closed", or, while open, the value of a scoped workflow label
//! (`workflow::in progress` → status "in progress", so the status map applies to it and to its
//! history; the full label stays a label for `[workflow.labels]`), `milestone.title` → target
//! version, `due_date` (else `milestone.due_date`) → due date, a `severity::`/`priority::`
//! scoped label (else an incident's `severity`) → severity, `created_at`/`updated_at`/`closed_at`.
//! Internal: `author.username` → reporter, `assignee.username` → assignee.
//!
//! Private: a `confidential: true` issue (withheld by the gate and counted with the private
//! tickets); a note with `internal: true` (servers before 15.5
//! say `confidential: true`). `system: true` notes are not notes: "closed", "reopened" and
//! label changes become status history, everything else they say is dropped. Issues moved to
//! another project (`moved_to_id`) belong there now: left out and counted.
//!
//! Roles: GitLab records no relation between a note's author and the project (GitHub's
//! `author_association`), so the role is a guess made in the safe direction: the issue's
//! author is the customer, anyone else "another customer", unless `[roles] team` names their
//! username (then the team). A reply is never shown as the team's without the config saying so.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{lenient, normalize_newlines, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, StatusChange, Ticket};

#[derive(Deserialize)]
struct GlUser {
    id: Option<u64>,
    username: Option<String>,
}

/// Labels are names in list answers, objects with `with_labels_details=true`.
#[derive(Deserialize)]
#[serde(untagged)]
enum GlLabel {
    Name(String),
    Object { name: String },
}

impl GlLabel {
    fn name(self) -> String {
        match self {
            GlLabel::Name(n) | GlLabel::Object { name: n } => n,
        }
    }
}

#[derive(Deserialize)]
struct GlMilestone {
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    due_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct GlIssue {
    iid: u64,
    #[serde(default)]
    title: String,
    description: Option<String>,
    state: String,
    author: Option<GlUser>,
    assignee: Option<GlUser>,
    #[serde(default)]
    labels: Vec<GlLabel>,
    milestone: Option<GlMilestone>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    due_date: Option<NaiveDate>,
    /// PRIVACY: a confidential issue is seen by the project's members only.
    #[serde(default)]
    confidential: Option<bool>,
    /// Incidents carry a severity (`UNKNOWN`, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`).
    severity: Option<String>,
    /// Set on the original of an issue moved to another project.
    moved_to_id: Option<u64>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    closed_at: Option<DateTime<Utc>>,
    /// `https://gitlab.example.com/group/project/-/issues/6`: names the project.
    web_url: Option<String>,
}

#[derive(Deserialize)]
struct GlNote {
    id: Option<u64>,
    body: Option<String>,
    author: Option<GlUser>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    #[serde(default)]
    system: Option<bool>,
    /// GitLab 15.5 and later.
    #[serde(default)]
    internal: Option<bool>,
    /// The same flag before 15.5.
    #[serde(default)]
    confidential: Option<bool>,
}

impl GlNote {
    /// PRIVACY: an internal note (either spelling) is private.
    fn is_private(&self) -> bool {
        self.internal == Some(true) || self.confidential == Some(true)
    }
}

#[derive(Deserialize)]
struct GlLabelEvent {
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    label: Option<GlLabel>,
    action: Option<String>,
}

#[derive(Deserialize)]
struct GlStateEvent {
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    state: Option<String>,
}

#[derive(Deserialize)]
struct Snapshot {
    gitlab_snapshot: Option<u32>,
    /// The project's path (or id) the snapshot was pulled from.
    project: Option<String>,
    issues: Vec<GlIssue>,
    #[serde(default)]
    notes: BTreeMap<String, Vec<GlNote>>,
    #[serde(default)]
    label_events: BTreeMap<String, Vec<GlLabelEvent>>,
    #[serde(default)]
    state_events: BTreeMap<String, Vec<GlStateEvent>>,
}

/// The snapshot version this reader writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;

/// Why moved issues are left out.
pub const MOVED: &str = "issues moved to another project";

/// The scoped-label keys whose value is the issue's workflow stage.
const WORKFLOW_SCOPES: &[&str] = &["workflow", "status", "stage"];

/// `workflow::in progress` → ("workflow", "in progress"). GitLab scopes a label by its last
/// `::` (`a::b::c` is scope `a::b`, value `c`).
fn scoped(label: &str) -> Option<(&str, &str)> {
    let (scope, value) = label.rsplit_once("::")?;
    let (scope, value) = (scope.trim(), value.trim());
    (!scope.is_empty() && !value.is_empty()).then_some((scope, value))
}

/// The workflow value of a scoped label (`workflow::in progress` → "in progress").
pub(crate) fn workflow_value(label: &str) -> Option<&str> {
    let (scope, value) = scoped(label)?;
    WORKFLOW_SCOPES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scope))
        .then_some(value)
}

/// What a system note says about the issue's state, if anything: "closed" (also "closed via
/// merge request !12", "closed via commit abc"), "reopened", or label changes
/// ("added ~\"workflow::doing\" label", "added ~12 ~13 labels and removed ~\"a b\" label").
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SystemChange {
    Closed,
    Reopened,
    /// Labels added and removed, as named in the note (`~12` id references are kept as
    /// "12" and never match a workflow scope).
    Labels {
        added: Vec<String>,
        removed: Vec<String>,
    },
}

/// Reads a system note's body (see [`SystemChange`]); `None` for every other system note
/// ("assigned to @x", "changed the description", "mentioned in …"), which the site never shows.
pub(crate) fn system_change(body: &str) -> Option<SystemChange> {
    let b = body.trim();
    let first = b.split_whitespace().next().unwrap_or("");
    match first {
        "closed" => return Some(SystemChange::Closed),
        "reopened" => return Some(SystemChange::Reopened),
        _ => {}
    }
    if !(b.starts_with("added ~") || b.starts_with("removed ~")) {
        return None;
    }
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut adding = true;
    let mut rest = b;
    // Hand-written: the grammar is GitLab's own (`~name`, `~"two words"`, `~123`) and no
    // crate parses label references out of a sentence.
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("added ") {
            adding = true;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("removed ") {
            adding = false;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('~') {
            let (name, after) = if let Some(q) = r.strip_prefix('"') {
                match q.split_once('"') {
                    Some((n, a)) => (n, a),
                    None => (q, ""),
                }
            } else {
                let end = r.find(char::is_whitespace).unwrap_or(r.len());
                (&r[..end], &r[end..])
            };
            if !name.is_empty() {
                if adding {
                    added.push(name.to_string());
                } else {
                    removed.push(name.to_string());
                }
            }
            rest = after.trim_start();
            continue;
        }
        // A word between references ("label", "labels", "and").
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    (!added.is_empty() || !removed.is_empty()).then_some(SystemChange::Labels { added, removed })
}

/// Parses GitLab issues JSON held in `bytes` (any shape above); `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let snap = match super::first_char(bytes) {
        Some('[') => Snapshot {
            gitlab_snapshot: None,
            project: None,
            issues: parse_json(path, bytes)?,
            notes: BTreeMap::new(),
            label_events: BTreeMap::new(),
            state_events: BTreeMap::new(),
        },
        _ => {
            // The top-level keys tell an issue from a snapshot; this first pass also reports
            // malformed JSON with its line and column.
            let keys: BTreeMap<String, IgnoredAny> = parse_json(path, bytes)?;
            if keys.contains_key("issues") {
                let snap: Snapshot = parse_json(path, bytes)?;
                super::check_snapshot_version(
                    path,
                    "gitlab_snapshot",
                    snap.gitlab_snapshot,
                    SNAPSHOT_VERSION,
                )?;
                snap
            } else if keys.contains_key("iid") {
                Snapshot {
                    gitlab_snapshot: None,
                    project: None,
                    issues: vec![parse_json(path, bytes)?],
                    notes: BTreeMap::new(),
                    label_events: BTreeMap::new(),
                    state_events: BTreeMap::new(),
                }
            } else {
                return Err(SourceError::Invalid {
                    file: path.display().to_string(),
                    place: "the top level".into(),
                    msg: "expected GitLab issues: an array, a Porchlight snapshot \
                          {\"gitlab_snapshot\": 1, \"issues\": [...]}, or one issue with \"iid\""
                        .into(),
                });
            }
        }
    };
    let Snapshot {
        project,
        issues,
        mut notes,
        mut label_events,
        mut state_events,
        ..
    } = snap;
    let project = project.filter(|p| !p.trim().is_empty());
    let mut skipped = crate::model::Skipped::new();
    let mut tickets = Vec::with_capacity(issues.len());
    for i in issues {
        let key = i.iid.to_string();
        let n = notes.remove(&key).unwrap_or_default();
        let l = label_events.remove(&key).unwrap_or_default();
        let s = state_events.remove(&key).unwrap_or_default();
        if i.moved_to_id.is_some() {
            *skipped.entry(MOVED.to_string()).or_default() += 1;
            continue;
        }
        let at = i.web_url.as_deref().and_then(project_of);
        let mut t = ticket(i, n, l, s);
        t.project = at.or_else(|| project.clone());
        tickets.push(t);
    }
    Ok(Corpus {
        tickets,
        skipped,
        ..Corpus::default()
    })
}

/// The project path in an issue's `web_url`: `https://host/group/sub/project/-/issues/6` (and
/// the older `…/project/issues/6`) → "group/sub/project".
pub(crate) fn project_of(web_url: &str) -> Option<String> {
    let rest = web_url.split_once("://").map_or(web_url, |(_, r)| r);
    let (_, path) = rest.split_once('/')?;
    let p = path
        .rsplit_once("/-/issues/")
        .or_else(|| path.rsplit_once("/issues/"))?
        .0;
    (!p.is_empty()).then(|| p.to_string())
}

/// `severity::high`, `priority::1` → the value, for the first of each kind.
fn severity_of(labels: &[String], incident: Option<&str>) -> Option<String> {
    let find = |kind: &str| {
        labels.iter().find_map(|l| {
            scoped(l)
                .filter(|(s, _)| s.eq_ignore_ascii_case(kind))
                .map(|(_, v)| v.to_string())
        })
    };
    find("severity").or_else(|| find("priority")).or_else(|| {
        incident
            .filter(|s| !s.trim().is_empty() && !s.eq_ignore_ascii_case("unknown"))
            .map(|s| s.to_ascii_lowercase())
    })
}

/// One thing that moved the issue: its state or its workflow label.
enum Event {
    Open(bool),
    /// A workflow label added (its value).
    Set(String),
    /// A workflow label removed: it only clears the stage when it is still the current one,
    /// so a swap recorded as "add new, remove old" at one instant keeps the new one.
    Unset(String),
}

fn ticket(
    i: GlIssue,
    notes: Vec<GlNote>,
    label_events: Vec<GlLabelEvent>,
    state_events: Vec<GlStateEvent>,
) -> Ticket {
    let labels: Vec<String> = i.labels.into_iter().map(GlLabel::name).collect();
    let closed_now = i.state.eq_ignore_ascii_case("closed");
    let workflow_now = labels.iter().find_map(|l| workflow_value(l));
    let status = if closed_now {
        "closed".to_string()
    } else {
        workflow_now.unwrap_or("open").to_string()
    };
    let author = i.author.as_ref().and_then(|u| u.username.clone());
    let author_id = i.author.as_ref().and_then(|u| u.id);

    // History from every record of a change: system notes (older servers), state and label
    // events (newer ones). Both may say the same thing; consecutive equal stages collapse.
    let mut events: Vec<(DateTime<Utc>, Event)> = Vec::new();
    let mut public_notes = Vec::new();
    for n in notes {
        if n.system == Some(true) {
            // PRIVACY: a system note is never shown; what it says about state and workflow
            // labels becomes history. An internal system note says nothing at all.
            if n.is_private() {
                continue;
            }
            match n.body.as_deref().and_then(system_change) {
                Some(SystemChange::Closed) => events.push((n.created_at, Event::Open(false))),
                Some(SystemChange::Reopened) => events.push((n.created_at, Event::Open(true))),
                Some(SystemChange::Labels { added, removed }) => {
                    for l in removed.iter().filter_map(|l| workflow_value(l)) {
                        events.push((n.created_at, Event::Unset(l.to_string())));
                    }
                    for l in added.iter().filter_map(|l| workflow_value(l)) {
                        events.push((n.created_at, Event::Set(l.to_string())));
                    }
                }
                None => {}
            }
            continue;
        }
        let Some(text) = n.body.clone().filter(|b| !b.trim().is_empty()) else {
            continue;
        };
        let by = n.author.as_ref();
        let by_issue_author = match (by.and_then(|u| u.id), author_id) {
            (Some(a), Some(b)) => a == b,
            _ => {
                let login = by.and_then(|u| u.username.as_deref());
                login.is_some() && login == author.as_deref()
            }
        };
        public_notes.push(Note {
            id: n.id.map(|x| x.to_string()),
            author: by.and_then(|u| u.username.clone()).unwrap_or_default(),
            // A guess, made in the safe direction (see the module comment); `[roles] team`
            // turns a username into the team at the gate.
            role: if by_issue_author {
                Role::Customer
            } else {
                Role::Other
            },
            created: n.created_at,
            text: normalize_newlines(hide_mentions(&text)),
            markup: Markup::GithubMarkdown,
            private: n.is_private(),
            author_email: None,
        });
    }
    for e in state_events {
        match e.state.as_deref() {
            Some("closed") => events.push((e.created_at, Event::Open(false))),
            Some("reopened") | Some("opened") => events.push((e.created_at, Event::Open(true))),
            _ => {}
        }
    }
    for e in label_events {
        let Some(name) = e.label.map(GlLabel::name) else {
            continue;
        };
        let Some(value) = workflow_value(&name).map(str::to_string) else {
            continue;
        };
        match e.action.as_deref() {
            Some("add") => events.push((e.created_at, Event::Set(value))),
            Some("remove") => events.push((e.created_at, Event::Unset(value))),
            _ => {}
        }
    }
    events.sort_by_key(|(at, _)| *at);
    let mut history = vec![StatusChange {
        at: i.created_at,
        from: None,
        to: "open".into(),
    }];
    let mut open = true;
    let mut workflow: Option<String> = None;
    let mut events = events.into_iter().peekable();
    while let Some((at, e)) = events.next() {
        match e {
            Event::Open(o) => open = o,
            Event::Set(w) => workflow = Some(w),
            Event::Unset(w) => {
                if workflow.as_deref() == Some(w.as_str()) {
                    workflow = None;
                }
            }
        }
        // Everything at one instant (a label swap is an add and a remove; a system note and
        // an event may record the same change) is one change.
        if events.peek().is_some_and(|(next, _)| *next == at) {
            continue;
        }
        let to = if open {
            workflow.clone().unwrap_or_else(|| "open".into())
        } else {
            "closed".into()
        };
        let from = history.last().map(|h| h.to.clone());
        if from.as_deref() != Some(to.as_str()) {
            history.push(StatusChange { at, from, to });
        }
    }
    let closed = if closed_now { i.closed_at } else { None };
    if let Some(at) = closed {
        if history.last().map(|h| h.to.as_str()) != Some("closed") {
            let from = history.last().map(|h| h.to.clone());
            history.push(StatusChange {
                at,
                from,
                to: "closed".into(),
            });
        }
    }
    let severity = severity_of(&labels, i.severity.as_deref());
    Ticket {
        id: i.iid.to_string(),
        subject: i.title,
        description: normalize_newlines(hide_mentions(&i.description.unwrap_or_default())),
        markup: Markup::GithubMarkdown,
        status,
        status_closed: Some(closed_now),
        severity,
        labels,
        created: i.created_at,
        updated: i.updated_at,
        closed,
        // PRIVACY: a confidential issue is private: the gate withholds it whole, its notes
        // with it, and counts it with the private tickets.
        private: i.confidential == Some(true),
        due_date: i
            .due_date
            .or_else(|| i.milestone.as_ref().and_then(|m| m.due_date)),
        target_version: i.milestone.and_then(|m| m.title),
        notes: public_notes,
        history,
        internal: Internal {
            assignee: i.assignee.and_then(|u| u.username),
            reporter: author,
            ..Internal::default()
        },
        ..Ticket::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_notes_that_move_the_issue_are_read() {
        assert_eq!(system_change("closed"), Some(SystemChange::Closed));
        assert_eq!(
            system_change("closed via merge request !12"),
            Some(SystemChange::Closed)
        );
        assert_eq!(system_change("reopened"), Some(SystemChange::Reopened));
        assert_eq!(
            system_change("added ~\"workflow::in progress\" ~12 labels and removed ~\"workflow::triage\" label"),
            Some(SystemChange::Labels {
                added: vec!["workflow::in progress".into(), "12".into()],
                removed: vec!["workflow::triage".into()],
            })
        );
        assert_eq!(
            system_change("removed ~bug label"),
            Some(SystemChange::Labels {
                added: vec![],
                removed: vec!["bug".into()]
            })
        );
        for other in [
            "assigned to @alice",
            "changed the description",
            "mentioned in issue #4",
            "closedish",
            "",
        ] {
            assert_eq!(system_change(other), None, "{other}");
        }
    }

    #[test]
    fn scoped_labels_and_projects() {
        assert_eq!(workflow_value("workflow::in progress"), Some("in progress"));
        assert_eq!(workflow_value("Workflow::Done"), Some("Done"));
        assert_eq!(workflow_value("priority::1"), None);
        assert_eq!(workflow_value("workflow"), None);
        assert_eq!(
            project_of("https://gitlab.example.com/g/sub/p/-/issues/6").as_deref(),
            Some("g/sub/p")
        );
        assert_eq!(
            project_of("http://gitlab.example.com/my-group/my-project/issues/6").as_deref(),
            Some("my-group/my-project")
        );
        assert_eq!(project_of("https://gitlab.com/"), None);
    }
}

/// GitLab text names people as `@username` ("cc @jane.doe"); on a self-managed GitLab those
/// are the staff's accounts, often their names. PRIVACY: each becomes "@someone" (as Jira's
/// and Odoo's mentions do). An `@` right after a letter, digit or dot is part of an e-mail
/// address and left to masking. Code spans are not told apart: a mention-like word in code
/// is replaced too, which loses nothing a customer needs.
pub(crate) fn hide_mentions(text: &str) -> String {
    static MENTION_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(^|[^\w.@/])@[A-Za-z0-9_][A-Za-z0-9_.-]*").expect("valid regex")
    });
    if !text.contains('@') {
        return text.to_string();
    }
    MENTION_RE
        .replace_all(text, |c: &regex::Captures| {
            format!("{}{}", &c[1], super::MENTION)
        })
        .into_owned()
}

#[cfg(test)]
mod mention_tests {
    use super::hide_mentions;

    #[test]
    fn usernames_become_someone_and_e_mails_stay_for_masking() {
        assert_eq!(
            hide_mentions("cc @jane.doe and @ops-team: see mail to support@acme.example"),
            "cc @someone and @someone: see mail to support@acme.example"
        );
        assert_eq!(hide_mentions("@bob wrote"), "@someone wrote");
        assert_eq!(hide_mentions("no mention"), "no mention");
    }
}
