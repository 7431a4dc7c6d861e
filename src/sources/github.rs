//! Reader for GitHub issues JSON.
//!
//! Accepted shapes:
//! - a REST list page (`GET /repos/O/R/issues`): an array of issues;
//! - a search result (`GET /search/issues`): `{"total_count", "incomplete_results", "items": [...]}`;
//! - one issue (`GET /repos/O/R/issues/N`): an object with `number` and `title`;
//! - the snapshot `porchlight pull github` writes, which adds the comments the list lacks:
//!
//! ```json
//! {
//!   "github_snapshot": 1,
//!   "repository": "owner/name",
//!   "issues": [ /* issues exactly as the REST API returns them */ ],
//!   "comments": { "12": [ /* GET /repos/O/R/issues/12/comments, as returned */ ] }
//! }
//! ```
//!
//! Field mapping: `number` → id, `title` → subject, `body` → description (GitHub-flavoured
//! Markdown), labels → labels (and `severity` from a label named `severity: high`,
//! `priority/high`, `priority-high`…; a `severity` label wins over a `priority` one),
//! `state` + `state_reason` → status "open", "closed", "not planned" or "duplicate",
//! `milestone.title` → target version, `milestone.due_on` → due date (the ETA), `created_at`/`updated_at`/`closed_at`.
//! Internal: `user.login` → reporter, `assignee.login` → assignee. Pull requests are left out and
//! counted: an item is a pull request when its `pull_request` object carries a URL. Answers
//! from before about 2015 carry `"pull_request": {"html_url": null, ...}` on every plain
//! issue, so the key alone says nothing. GitHub has no private issues: a config rule (a label) can
//! withhold tickets later. Comments become notes; the role comes from the comment's
//! `author_association` (OWNER, MEMBER, COLLABORATOR: the team), else Customer for the
//! issue's author and "another customer" for anyone else. History: "open" at `created_at`, then the closing
//! at `closed_at` when closed (GitHub issues always start open; reopen events are not in the
//! REST issue object).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{lenient, normalize_newlines, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, StatusChange, Ticket};

#[derive(Deserialize)]
struct GhUser {
    login: Option<String>,
}

/// Labels are objects in API answers; plain strings are accepted too (what one writes by hand).
#[derive(Deserialize)]
#[serde(untagged)]
enum GhLabel {
    Object { name: String },
    Name(String),
}

#[derive(Deserialize)]
struct GhMilestone {
    title: Option<String>,
    /// The milestone's due date: the ticket's ETA, as issues have none of their own.
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    due_on: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct GhIssue {
    number: u64,
    #[serde(default)]
    title: String,
    body: Option<String>,
    user: Option<GhUser>,
    #[serde(default)]
    labels: Vec<GhLabel>,
    state: String,
    state_reason: Option<String>,
    assignee: Option<GhUser>,
    milestone: Option<GhMilestone>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    closed_at: Option<DateTime<Utc>>,
    /// On pull requests (with URLs), and on every issue of old answers (all URLs null).
    pull_request: Option<serde_json::Value>,
    /// `https://api.github.com/repos/OWNER/NAME`: the repository the issue is in now.
    repository_url: Option<String>,
    /// `https://github.com/OWNER/NAME/issues/N`.
    html_url: Option<String>,
}

#[derive(Deserialize)]
struct GhComment {
    id: Option<u64>,
    user: Option<GhUser>,
    author_association: Option<String>,
    body: Option<String>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Snapshot {
    github_snapshot: Option<u32>,
    /// `owner/name`: the repository the snapshot was pulled from.
    repository: Option<String>,
    #[serde(alias = "items")]
    issues: Vec<GhIssue>,
    #[serde(default)]
    comments: BTreeMap<String, Vec<GhComment>>,
}

/// Whether GitHub's `author_association` names the repository's team: its owner, a member of
/// the owning organisation, or a collaborator. CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR,
/// FIRST_TIMER, MANNEQUIN and NONE are not the team.
pub fn team_association(a: &str) -> bool {
    matches!(
        a.trim().to_ascii_uppercase().as_str(),
        "OWNER" | "MEMBER" | "COLLABORATOR"
    )
}

/// A comment's role: the team by its association first (a maintainer who opened the issue
/// answers as the team), then the issue's author, then anyone else. Without an association
/// (answers or hand-written files that lack it) the old rule stands: the issue's author is
/// the customer, everyone else the team.
fn comment_role(association: Option<&str>, by_issue_author: bool) -> Role {
    match association {
        Some(a) if team_association(a) => Role::Staff,
        _ if by_issue_author => Role::Customer,
        Some(_) => Role::Other,
        None => Role::Staff,
    }
}

/// Why pull requests are not tickets, as the summary counts them.
pub const PULL_REQUESTS: &str = "pull requests";

/// Why issues of another repository are left out (see [`repository_of`]).
pub const OTHER_REPOSITORY: &str = "issues of another repository (transferred)";

fn repository_of(i: &GhIssue) -> Option<String> {
    repository_in(i.repository_url.as_deref(), i.html_url.as_deref())
}

/// The `owner/name` an issue's URLs place it in: `repository_url`
/// (`…/repos/OWNER/NAME`), else `html_url` (`https://github.com/OWNER/NAME/issues/N`).
pub(crate) fn repository_in(
    repository_url: Option<&str>,
    html_url: Option<&str>,
) -> Option<String> {
    if let Some(u) = repository_url {
        let (_, rest) = u.split_once("/repos/")?;
        let mut parts = rest.trim_end_matches('/').split('/');
        let (owner, name) = (parts.next()?, parts.next()?);
        return (!owner.is_empty() && !name.is_empty()).then(|| format!("{owner}/{name}"));
    }
    let u = html_url?;
    let rest = u.split_once("://").map_or(u, |(_, r)| r);
    let mut parts = rest.split('/').skip(1);
    let (owner, name) = (parts.next()?, parts.next()?);
    (!owner.is_empty() && !name.is_empty()).then(|| format!("{owner}/{name}"))
}

/// Whether an item's `pull_request` value marks a real pull request: an object with at least
/// one non-null URL (`url`, `html_url`, `diff_url`, `patch_url`). Old answers put an object of
/// null URLs on every plain issue; taking the key alone for a pull request dropped real
/// issues (a 1,600-item list published 23 tickets).
pub fn is_pull_request(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m
            .values()
            .any(|u| u.as_str().is_some_and(|s| !s.is_empty())),
        serde_json::Value::Null => false,
        // Anything else non-null is not a shape GitHub writes; count it as a pull request
        // rather than publish an item we cannot read.
        _ => true,
    }
}

/// The snapshot version this reader writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;

/// Parses GitHub issues JSON held in `bytes` (any shape above); `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let first = super::first_char(bytes);
    let mut repository: Option<String> = None;
    let (issues, mut comments) = match first {
        Some('[') => (parse_json::<Vec<GhIssue>>(path, bytes)?, BTreeMap::new()),
        _ => {
            // The top-level keys tell an issue from a wrapper; this first pass also reports
            // malformed JSON with its line and column.
            let keys: BTreeMap<String, IgnoredAny> = parse_json(path, bytes)?;
            if keys.contains_key("issues") || keys.contains_key("items") {
                let snap: Snapshot = parse_json(path, bytes)?;
                super::check_snapshot_version(
                    path,
                    "github_snapshot",
                    snap.github_snapshot,
                    SNAPSHOT_VERSION,
                )?;
                repository = snap.repository.filter(|r| !r.trim().is_empty());
                (snap.issues, snap.comments)
            } else if keys.contains_key("number") {
                (vec![parse_json::<GhIssue>(path, bytes)?], BTreeMap::new())
            } else {
                return Err(SourceError::Invalid {
                    file: path.display().to_string(),
                    place: "the top level".into(),
                    msg: "expected GitHub issues: an array, {\"items\": [...]}, a Porchlight snapshot \
                          {\"github_snapshot\": 1, \"issues\": [...]}, or one issue with \"number\""
                        .into(),
                });
            }
        }
    };
    let mut skipped = crate::model::Skipped::new();
    let mut tickets = Vec::with_capacity(issues.len());
    for i in issues {
        if i.pull_request.as_ref().is_some_and(is_pull_request) {
            *skipped.entry(PULL_REQUESTS.to_string()).or_default() += 1;
            continue;
        }
        let at = repository_of(&i);
        if let (Some(want), Some(at)) = (&repository, &at) {
            if !want.trim().eq_ignore_ascii_case(at) {
                // PRIVACY: an issue transferred to another repository (a private one, say)
                // belongs there now: withheld and counted.
                *skipped.entry(OTHER_REPOSITORY.to_string()).or_default() += 1;
                continue;
            }
        }
        let c = comments.remove(&i.number.to_string()).unwrap_or_default();
        let mut t = ticket(i, c);
        t.project = at.or_else(|| repository.clone());
        tickets.push(t);
    }
    Ok(Corpus {
        tickets,
        docs: Vec::new(),
        skipped,
        assets: Default::default(),
    })
}

/// `severity: high`, `Priority/High`, `priority-high`, `severity=low` → ("severity", "high"),
/// keeping the label's own spelling of the value.
fn label_kind(label: &str) -> Option<(&'static str, String)> {
    let t = label.trim();
    for kind in ["severity", "priority"] {
        // ASCII lower-casing keeps byte offsets, so `t` can be sliced where `kind` ends.
        if t.len() > kind.len()
            && t.is_char_boundary(kind.len())
            && t[..kind.len()].eq_ignore_ascii_case(kind)
        {
            let rest = t[kind.len()..].trim_start();
            if let Some(value) = rest.strip_prefix([':', '/', '-', '=', '_']) {
                let value = value.trim();
                if !value.is_empty() {
                    return Some((kind, value.to_string()));
                }
            }
        }
    }
    None
}

fn ticket(i: GhIssue, comments: Vec<GhComment>) -> Ticket {
    let labels: Vec<String> = i
        .labels
        .into_iter()
        .map(|l| match l {
            GhLabel::Object { name } | GhLabel::Name(name) => name,
        })
        .collect();
    let mut severity = None;
    let mut priority = None;
    for l in &labels {
        match label_kind(l) {
            Some(("severity", v)) if severity.is_none() => severity = Some(v),
            Some(("priority", v)) if priority.is_none() => priority = Some(v),
            _ => {}
        }
    }
    let closed_now = i.state.eq_ignore_ascii_case("closed");
    let status = if closed_now {
        match i.state_reason.as_deref() {
            Some("not_planned") => "not planned",
            Some("duplicate") => "duplicate",
            _ => "closed",
        }
    } else {
        "open"
    }
    .to_string();
    let author = i.user.and_then(|u| u.login);
    let notes = comments
        .into_iter()
        .filter_map(|c| {
            let text = c.body.filter(|b| !b.trim().is_empty())?;
            let login = c.user.and_then(|u| u.login);
            let role = comment_role(
                c.author_association.as_deref(),
                login.is_some() && login == author,
            );
            Some(Note {
                id: c.id.map(|n| n.to_string()),
                author: login.unwrap_or_default(),
                role,
                created: c.created_at,
                text: normalize_newlines(text),
                markup: Markup::GithubMarkdown,
                private: false,
                author_email: None,
            })
        })
        .collect();
    let mut history = vec![StatusChange {
        at: i.created_at,
        from: None,
        to: "open".into(),
    }];
    let closed = if closed_now { i.closed_at } else { None };
    if let Some(at) = closed {
        history.push(StatusChange {
            at,
            from: Some("open".into()),
            to: status.clone(),
        });
    }
    Ticket {
        id: i.number.to_string(),
        subject: i.title,
        description: normalize_newlines(i.body.unwrap_or_default()),
        markup: Markup::GithubMarkdown,
        status,
        status_closed: Some(closed_now),
        severity: severity.or(priority),
        category: None,
        tracker: None,
        project: None,
        labels,
        created: i.created_at,
        updated: i.updated_at,
        closed,
        // PRIVACY: GitHub has no private issues; `[privacy] withhold_labels` withholds one at
        // the gate.
        private: false,
        due_date: i
            .milestone
            .as_ref()
            .and_then(|m| m.due_on)
            .map(|d| d.date_naive()),
        target_version: i.milestone.and_then(|m| m.title),
        fixed_in_version: None,
        fix_location: None,
        done_ratio: None,
        resolution: None,
        notes,
        history,
        internal: Internal {
            assignee: i.assignee.and_then(|u| u.login),
            reporter: author,
            ..Internal::default()
        },
    }
}
