//! Reader for Porchlight's native JSON export format (documented in `docs/native-format.md`).
//!
//! Unknown keys are refused rather than ignored: a misspelt `"privat": true` must never turn a
//! private ticket public by being silently dropped.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{parse_json, SourceError};
use crate::model::{Corpus, Doc, Internal, Markup, Note, Role, StatusChange, Ticket};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Export {
    /// Format version; only 1 exists.
    porchlight: u32,
    #[serde(default)]
    tickets: Vec<NTicket>,
    #[serde(default)]
    docs: Vec<NDoc>,
}

/// Ticket ids may be written as numbers or strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Num(u64),
    Text(String),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Num(n) => n.to_string(),
            Id::Text(s) => s,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum NMarkup {
    Markdown,
    Textile,
    Plain,
}

impl From<NMarkup> for Markup {
    fn from(m: NMarkup) -> Markup {
        match m {
            NMarkup::Markdown => Markup::Markdown,
            NMarkup::Textile => Markup::Textile,
            NMarkup::Plain => Markup::Plain,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NTicket {
    id: Id,
    subject: String,
    #[serde(default)]
    description: String,
    markup: Option<NMarkup>,
    status: String,
    status_closed: Option<bool>,
    severity: Option<String>,
    category: Option<String>,
    tracker: Option<String>,
    project: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    created: DateTime<Utc>,
    updated: Option<DateTime<Utc>>,
    closed: Option<DateTime<Utc>>,
    #[serde(default)]
    private: bool,
    target_version: Option<String>,
    fixed_in_version: Option<String>,
    due_date: Option<NaiveDate>,
    fix_location: Option<String>,
    done_ratio: Option<u8>,
    resolution: Option<String>,
    // Internal fields: read so that exports can carry them, never published.
    assignee: Option<String>,
    reporter: Option<String>,
    reporter_email: Option<String>,
    time_spent_hours: Option<f64>,
    estimated_hours: Option<f64>,
    #[serde(default)]
    custom_fields: serde_json::Map<String, serde_json::Value>,
    related_internal: Option<String>,
    #[serde(default)]
    notes: Vec<NNote>,
    #[serde(default)]
    history: Vec<NChange>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum NRole {
    Customer,
    Staff,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NNote {
    id: Option<Id>,
    author: String,
    role: NRole,
    created: DateTime<Utc>,
    text: String,
    markup: Option<NMarkup>,
    #[serde(default)]
    private: bool,
    author_email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NChange {
    at: DateTime<Utc>,
    from: Option<String>,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NDoc {
    slug: String,
    title: String,
    description: Option<String>,
    body: String,
    date: Option<DateTime<Utc>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
}

/// Parses a native export held in `bytes`; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let export: Export = parse_json(path, bytes)?;
    if export.porchlight != 1 {
        return Err(SourceError::Invalid {
            file: path.display().to_string(),
            place: "porchlight".into(),
            msg: format!(
                "format version {} is not supported; this Porchlight reads version 1",
                export.porchlight
            ),
        });
    }
    let tickets = export.tickets.into_iter().map(ticket).collect();
    let docs = export
        .docs
        .into_iter()
        .map(|d| Doc {
            source: format!("{} (docs: {})", path.display(), d.slug),
            slug: d.slug.trim_matches('/').to_string(),
            title: d.title,
            description: d.description,
            body: d.body,
            date: d.date,
            tags: d.tags,
            weight: d.weight,
            draft: d.draft,
            ..Doc::default()
        })
        .collect();
    Ok(Corpus {
        tickets,
        docs,
        skipped: Default::default(),
        assets: Default::default(),
    })
}

fn ticket(t: NTicket) -> Ticket {
    let markup: Markup = t.markup.map(Into::into).unwrap_or_default();
    Ticket {
        id: t.id.into_string(),
        subject: t.subject,
        description: t.description,
        markup,
        status: t.status,
        status_closed: t.status_closed,
        severity: t.severity,
        category: t.category,
        tracker: t.tracker,
        project: t.project,
        labels: t.labels,
        created: t.created,
        updated: t.updated,
        closed: t.closed,
        private: t.private,
        target_version: t.target_version,
        fixed_in_version: t.fixed_in_version,
        due_date: t.due_date,
        fix_location: t.fix_location,
        done_ratio: t.done_ratio.map(|d| d.min(100)),
        resolution: t.resolution,
        notes: t
            .notes
            .into_iter()
            .map(|n| Note {
                id: n.id.map(Id::into_string),
                author: n.author,
                role: match n.role {
                    NRole::Customer => Role::Customer,
                    NRole::Staff => Role::Staff,
                },
                created: n.created,
                text: n.text,
                markup: n.markup.map(Into::into).unwrap_or(markup),
                private: n.private,
                author_email: n.author_email,
            })
            .collect(),
        history: t
            .history
            .into_iter()
            .map(|c| StatusChange {
                at: c.at,
                from: c.from,
                to: c.to,
            })
            .collect(),
        internal: Internal {
            assignee: t.assignee,
            reporter: t.reporter,
            reporter_email: t.reporter_email,
            time_spent_hours: t.time_spent_hours,
            estimated_hours: t.estimated_hours,
            custom_fields: t
                .custom_fields
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, v)
                })
                .collect(),
            related_internal: t.related_internal,
        },
    }
}
