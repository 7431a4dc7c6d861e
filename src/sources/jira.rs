//! Reader for Jira (Cloud and Data Center, with Jira Service Management) issue JSON.
//!
//! Accepted shapes (each issue as the REST API returns it: `id`, `key`, `self`, `fields`,
//! and `renderedFields` / `changelog` when expanded):
//! - a search answer: `{"issues": [...]}` of Cloud's `GET /rest/api/3/search/jql` (ADF text)
//!   or Data Center's `GET /rest/api/2/search` (wiki markup text, with
//!   `expand=renderedFields` the HTML Jira renders from it);
//! - one issue (`GET /rest/api/N/issue/KEY`);
//! - the snapshot `porchlight pull jira` writes: `{"jira_snapshot": 1, "site", "api",
//!   "cursor", "issues": [...]}`, the issues scrubbed and each with all its comments;
//! - a folder of such files (see `sources::export_files`).
//!
//! Field mapping: `key` → id, `summary` → subject, `status.name` → status (mapped to a stage
//! by `[workflow.statuses]` and the built-in map), `status.statusCategory.key` `done` →
//! closed, `priority.name` → severity, `fixVersions` names → target version, `duedate`,
//! a Service Management request type (a `customfield_…` holding `requestType.name`) →
//! category, `issuetype.name` → tracker, `project.key` → project, `labels`, `created`,
//! `updated`, `resolutiondate` → closed (while the status is done), `resolution.name`.
//! Internal: reporter, assignee (display names, for `[roles] team` only), the reporter's
//! e-mail, time spent and estimated.
//!
//! Text: Atlassian Document Format (v3) is rendered by [`super::jira_adf`]; v2's wiki
//! markup is never parsed here: `renderedFields` (Jira's own HTML) is used, and without it
//! the raw text is shown as plain text (and counted). Both kinds of HTML are
//! [`Markup::Html`] and go through the ticket cleaner when pages are rendered.
//!
//! PRIVACY (each rule is marked where it acts):
//! - an issue with a `security` level is private, unless `[privacy] public_security_levels`
//!   names that level;
//! - an issue whose `security` field is missing is private too, unless the file is a `pull`
//!   snapshot or `[privacy] jira_export_has_security` says the export asked for the field.
//!   Cloud answers carry `"security": null` for an issue without a level, but Data Center
//!   leaves the field out, and so does any export made with a `fields=` list that does not
//!   name it: a missing field cannot tell "no level" from "not asked" (counted);
//! - an issue is a Service Management request when its project's `projectTypeKey` is
//!   `service_desk` or a custom field holds a `requestType` (named or not);
//! - a comment with `visibility` (restricted to a role or group) is private;
//! - a Service Management comment is private when `jsdPublic` is `false` or its
//!   `sd.public.comment` property says `internal: true`; on a Service Management request a
//!   comment that carries neither (`jsdPublic` absent, properties not fetched) cannot be told
//!   public and is private too (fail closed);
//! - worklogs are internal: never read, counted;
//! - people appear by role only: the reporter's comments are the customer's, anyone else's
//!   the team's (as the Redmine reader decides; `[roles] team` adds to it). Names in text
//!   (ADF mentions, `user-hover` links in rendered HTML, `[~user]` in wiki markup) become
//!   "@someone".

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::jira_adf::{self, AdfStats, MENTION};
use super::{lenient, normalize_newlines, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, Skipped, StatusChange, Ticket};

/// The snapshot version this reader writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;

/// The key that marks a `pull jira` snapshot.
pub(crate) const SNAPSHOT_KEY: &str = "jira_snapshot";

/// Which REST API a Jira site speaks (here, not in `pull`, because the config names it
/// and the config must not depend on `pull`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JiraApi {
    /// Jira Cloud: REST v3 (ADF text), `search/jql` with `nextPageToken`, e-mail + API token.
    Cloud,
    /// Jira Data Center / Server: REST v2 (wiki markup, rendered by Jira), `search` with
    /// `startAt`, a personal access token.
    DataCenter,
}

impl JiraApi {
    /// Parses `cloud` / `data-center` (also `datacenter`, `server`, `dc`).
    pub fn from_name(s: &str) -> Option<JiraApi> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cloud" => Some(JiraApi::Cloud),
            "data-center" | "datacenter" | "dc" | "server" => Some(JiraApi::DataCenter),
            _ => None,
        }
    }

    /// The API for a site URL when nobody said: Atlassian hosts every Cloud site below
    /// `atlassian.net`; anything else is a self-hosted Data Center.
    pub fn for_url(url: &str) -> JiraApi {
        let host = reqwest::Url::parse(url.trim())
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        if host == "atlassian.net" || host.ends_with(".atlassian.net") {
            JiraApi::Cloud
        } else {
            JiraApi::DataCenter
        }
    }

    /// The REST API version: 3 on Cloud, 2 on Data Center.
    pub fn version(self) -> u8 {
        match self {
            JiraApi::Cloud => 3,
            JiraApi::DataCenter => 2,
        }
    }
}

/// What the config tells the Jira reader.
#[derive(Debug, Clone, Default)]
pub struct JiraOptions {
    /// `[privacy] public_security_levels`: issue security levels whose issues may be
    /// published (every other level keeps its issues private).
    pub public_security_levels: Vec<String>,
    /// `[privacy] jira_export_has_security`: the export asked for the `security` field, so an
    /// issue without it has no level (Data Center leaves the field out then). Without it,
    /// such an issue is private.
    pub export_has_security: bool,
}

/// Issues kept private because their `security` field is missing.
pub const NO_SECURITY_FIELD: &str = "Jira issues without a `security` field, kept private (export them with the field, or set [privacy] jira_export_has_security = true)";

/// Why worklogs are not read, as the summary counts them.
pub const WORKLOGS: &str = "Jira worklogs (internal)";
/// Unknown ADF nodes, whose text was kept.
pub const ADF_UNKNOWN: &str = "Jira text nodes of an unknown kind (text kept)";
/// Attachments and images inside ADF text.
pub const ADF_MEDIA: &str = "Jira attachments and images in text (not published)";
/// v2 texts without `renderedFields`, shown as plain text.
pub const WIKI_AS_PLAIN: &str =
    "Jira texts in wiki markup shown as plain text (pull with expand=renderedFields)";

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Version {
    name: Option<String>,
}

#[derive(Deserialize)]
struct StatusCategory {
    key: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    name: Option<String>,
    #[serde(rename = "statusCategory")]
    category: Option<StatusCategory>,
}

/// A user: Cloud names people by `accountId`, Data Center by `key` and `name`.
#[derive(Deserialize)]
struct User {
    #[serde(rename = "accountId")]
    account_id: Option<String>,
    key: Option<String>,
    name: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "emailAddress")]
    email: Option<String>,
    /// Cloud: "atlassian" (a licensed user), "customer" (a Service Management customer),
    /// "app". Only tells roles apart.
    #[serde(rename = "accountType")]
    account_type: Option<String>,
}

impl User {
    /// What tells one person from another (never shown).
    fn id(&self) -> Option<&str> {
        self.account_id
            .as_deref()
            .or(self.key.as_deref())
            .or(self.name.as_deref())
            .filter(|s| !s.is_empty())
    }
}

#[derive(Deserialize)]
struct Comment {
    id: Option<String>,
    author: Option<User>,
    /// ADF (v3) or wiki markup (v2).
    body: Option<Value>,
    /// Jira's HTML of the body (`expand=renderedBody` on the comment resource).
    #[serde(rename = "renderedBody")]
    rendered_body: Option<String>,
    #[serde(deserialize_with = "lenient::datetime")]
    created: DateTime<Utc>,
    visibility: Option<Value>,
    #[serde(rename = "jsdPublic")]
    jsd_public: Option<bool>,
    /// Present when the comment was fetched with `expand=properties`.
    properties: Option<Value>,
}

#[derive(Deserialize)]
struct Comments {
    #[serde(default)]
    comments: Vec<Comment>,
}

#[derive(Deserialize)]
struct Worklogs {
    #[serde(default)]
    worklogs: Vec<IgnoredAny>,
    total: Option<usize>,
}

#[derive(Deserialize)]
struct Fields {
    summary: Option<String>,
    description: Option<Value>,
    status: Option<Status>,
    priority: Option<Named>,
    #[serde(rename = "fixVersions", default)]
    fix_versions: Vec<Version>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    duedate: Option<NaiveDate>,
    #[serde(deserialize_with = "lenient::datetime")]
    created: DateTime<Utc>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    updated: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    resolutiondate: Option<DateTime<Utc>>,
    resolution: Option<Named>,
    #[serde(default)]
    labels: Vec<String>,
    issuetype: Option<Named>,
    project: Option<Project>,
    /// `None`: the field is missing; `Some(None)`: `null`, no level.
    #[serde(default, deserialize_with = "present")]
    security: Option<Option<Named>>,
    reporter: Option<User>,
    assignee: Option<User>,
    comment: Option<Comments>,
    // PRIVACY: worklogs are internal; only counted.
    worklog: Option<Worklogs>,
    timespent: Option<f64>,
    timeoriginalestimate: Option<f64>,
}

/// A field value as the request type probe sees it: Service Management's request type field
/// (its `customfield_…` id differs per site), or anything else.
#[derive(Deserialize)]
#[serde(untagged)]
enum FieldProbe {
    Request {
        #[serde(rename = "requestType")]
        request_type: Named,
    },
    Other(IgnoredAny),
}

/// A field that may be missing or `null`, told apart: missing stays `None` (by
/// `#[serde(default)]`), `null` is `Some(None)`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// An issue as the probe reads it: only the fields, by name. A second pass over the
/// document, so the typed pass keeps exact error places (serde's `flatten` would lose them).
#[derive(Deserialize)]
struct ProbeIssue {
    fields: BTreeMap<String, FieldProbe>,
}

#[derive(Deserialize)]
struct ProbeList {
    issues: Vec<ProbeIssue>,
}

impl ProbeIssue {
    /// `Some(name)` when a custom field holds a request type, the name when it has one.
    fn request_type(self) -> Option<Option<String>> {
        self.fields
            .into_iter()
            .filter(|(k, _)| k.starts_with("customfield_"))
            .find_map(|(_, v)| match v {
                FieldProbe::Request { request_type } => Some(request_type.name),
                FieldProbe::Other(_) => None,
            })
    }
}

#[derive(Deserialize)]
struct Project {
    key: Option<String>,
    name: Option<String>,
    /// `service_desk` for a Service Management project.
    #[serde(rename = "projectTypeKey")]
    type_key: Option<String>,
}

/// The `projectTypeKey` of Service Management projects.
const SERVICE_DESK: &str = "service_desk";

#[derive(Deserialize)]
struct RenderedComment {
    id: Option<String>,
    body: Option<String>,
}

#[derive(Deserialize)]
struct RenderedComments {
    #[serde(default)]
    comments: Vec<RenderedComment>,
}

#[derive(Deserialize)]
struct RenderedFields {
    description: Option<String>,
    comment: Option<RenderedComments>,
}

#[derive(Deserialize)]
struct ChangeItem {
    field: Option<String>,
    #[serde(rename = "fromString")]
    from: Option<String>,
    #[serde(rename = "toString")]
    to: Option<String>,
}

#[derive(Deserialize)]
struct History {
    #[serde(deserialize_with = "lenient::datetime")]
    created: DateTime<Utc>,
    #[serde(default)]
    items: Vec<ChangeItem>,
}

#[derive(Deserialize)]
struct Changelog {
    #[serde(default)]
    histories: Vec<History>,
}

#[derive(Deserialize)]
struct Issue {
    key: String,
    fields: Fields,
    #[serde(rename = "renderedFields")]
    rendered: Option<RenderedFields>,
    changelog: Option<Changelog>,
}

#[derive(Deserialize)]
struct List {
    #[serde(rename = "jira_snapshot")]
    snapshot: Option<u32>,
    issues: Vec<Issue>,
}

/// Parses Jira issue JSON held in `bytes` (any shape above); `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8], opts: &JiraOptions) -> Result<Corpus, SourceError> {
    // The top-level keys tell a list from one issue; this first pass also reports malformed
    // JSON with its line and column.
    let keys: BTreeMap<String, IgnoredAny> = parse_json(path, bytes)?;
    // A snapshot holds only issues the pull listed with their `security` field and found
    // without a level (see `pull::jira`), so a missing field there means none.
    let mut has_security = opts.export_has_security;
    let (issues, requests) = if keys.contains_key("issues") {
        let list: List = parse_json(path, bytes)?;
        has_security |= list.snapshot.is_some();
        if let Some(v) = list.snapshot.filter(|v| *v != SNAPSHOT_VERSION) {
            return Err(SourceError::Invalid {
                file: path.display().to_string(),
                place: SNAPSHOT_KEY.into(),
                msg: format!("snapshot version {v} is not supported; this Porchlight reads version {SNAPSHOT_VERSION}"),
            });
        }
        let probe: ProbeList = parse_json(path, bytes)?;
        let requests = probe
            .issues
            .into_iter()
            .map(ProbeIssue::request_type)
            .collect();
        (list.issues, requests)
    } else if keys.contains_key("key") && keys.contains_key("fields") {
        let probe: ProbeIssue = parse_json(path, bytes)?;
        (
            vec![parse_json::<Issue>(path, bytes)?],
            vec![probe.request_type()],
        )
    } else {
        return Err(SourceError::Invalid {
            file: path.display().to_string(),
            place: "the top level".into(),
            msg: "expected Jira issues: a search answer {\"issues\": [...]}, a Porchlight snapshot \
                  {\"jira_snapshot\": 1, \"issues\": [...]}, or one issue with \"key\" and \"fields\""
                .into(),
        });
    };
    let mut skipped = Skipped::new();
    let mut tickets = Vec::with_capacity(issues.len());
    for (n, (issue, request)) in issues.into_iter().zip(requests).enumerate() {
        if issue.key.trim().is_empty() {
            return Err(SourceError::Invalid {
                file: path.display().to_string(),
                place: format!("issues[{n}].key"),
                msg: "expected an issue key such as \"EX-1\", found an empty string".into(),
            });
        }
        tickets.push(ticket(issue, request, opts, has_security, &mut skipped));
    }
    Ok(Corpus {
        tickets,
        docs: Vec::new(),
        skipped,
        assets: Default::default(),
    })
}

fn count(skipped: &mut Skipped, why: &str, n: usize) {
    if n > 0 {
        *skipped.entry(why.to_string()).or_default() += n;
    }
}

/// One text field as (text, markup): Jira's rendered HTML when there is some, else ADF
/// rendered here, else wiki markup shown as plain text.
fn text_of(
    rendered: Option<String>,
    raw: Option<Value>,
    skipped: &mut Skipped,
) -> (String, Markup) {
    if let Some(html) = rendered.filter(|h| !h.trim().is_empty()) {
        return (hide_people_in_html(&html), Markup::Html);
    }
    match raw {
        Some(v @ Value::Object(_)) => {
            let (html, AdfStats { unknown, media }) = jira_adf::to_html(&v);
            count(skipped, ADF_UNKNOWN, unknown);
            count(skipped, ADF_MEDIA, media);
            (html, Markup::Html)
        }
        Some(Value::String(s)) if !s.trim().is_empty() => {
            count(skipped, WIKI_AS_PLAIN, 1);
            (hide_wiki_mentions(&normalize_newlines(s)), Markup::Plain)
        }
        _ => (String::new(), Markup::Html),
    }
}

/// PRIVACY: the people named in a text field (ADF, Jira's HTML or wiki markup), removed in
/// place: what `pull jira` does to every text it keeps.
pub(crate) fn strip_people(v: &mut Value, html: bool) {
    match v {
        Value::String(s) if html => *s = hide_people_in_html(s),
        Value::String(s) => *s = hide_wiki_mentions(s),
        v => jira_adf::strip_mentions(v),
    }
}

/// Jira's HTML links a mentioned person as `<a … class="user-hover" …>Display Name</a>`.
/// PRIVACY: the name is replaced by "@someone". A regular expression, not an HTML parser:
/// this is Jira's own renderer output, always written this one way, and anything it misses
/// still goes through the cleaner (which keeps text, so this runs first).
pub(crate) fn hide_user_links(html: &str) -> String {
    static USER_LINK: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?is)<a\s[^>]*class\s*=\s*"[^"]*\buser-hover\b[^"]*"[^>]*>.*?</a>"#)
            .expect("valid regex")
    });
    USER_LINK.replace_all(html, MENTION).into_owned()
}

/// Jira's rendered HTML without people: mention links ([`hide_user_links`]), a mention Jira
/// could not resolve and left as wiki text (`[~jdoe]`), and links to attachments (their file
/// names are often a person's, and attachments are never published; ADF media are dropped
/// alike): an attachment link keeps only the words "an attachment".
pub(crate) fn hide_people_in_html(html: &str) -> String {
    static ATTACHMENT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?is)<a\s[^>]*href\s*=\s*["'][^"']*/secure/attachment/[^>]*>.*?</a>"#)
            .expect("valid regex")
    });
    let html = hide_wiki_mentions(&hide_user_links(html));
    ATTACHMENT.replace_all(&html, "an attachment").into_owned()
}

/// Wiki markup mentions: `[~username]`, `[~accountid:5b10…]`. PRIVACY: never the name.
pub(crate) fn hide_wiki_mentions(text: &str) -> String {
    static MENTION_RE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\[~[^\]\n]*\]").expect("valid regex"));
    MENTION_RE.replace_all(text, MENTION).into_owned()
}

/// What a comment records about who may read it. The reader and `pull jira` decide by
/// [`Publicity::private`] alike.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Publicity {
    /// `visibility` is set (a role or a group).
    pub restricted: bool,
    /// Service Management's `jsdPublic`.
    pub jsd_public: Option<bool>,
    /// The `sd.public.comment` property says `internal: true` (or `"true"`).
    pub internal_property: bool,
    /// The comment's properties were fetched (`expand=properties`), so a missing
    /// `sd.public.comment` means "not internal".
    pub properties_known: bool,
}

impl Publicity {
    /// The facts of a comment as JSON (an API answer or a snapshot).
    pub(crate) fn of(c: &Value) -> Publicity {
        Publicity::from_parts(
            c.get("visibility"),
            c.get("jsdPublic").and_then(Value::as_bool),
            c.get("properties"),
        )
    }

    /// The facts from a comment's `visibility`, `jsdPublic` and `properties`.
    pub(crate) fn from_parts(
        visibility: Option<&Value>,
        jsd_public: Option<bool>,
        properties: Option<&Value>,
    ) -> Publicity {
        let properties = properties.and_then(Value::as_array);
        Publicity {
            restricted: visibility.is_some_and(|v| !v.is_null()),
            jsd_public,
            internal_property: properties.into_iter().flatten().any(|p| {
                p.get("key").and_then(Value::as_str) == Some("sd.public.comment")
                    && p.pointer("/value/internal").is_some_and(|i| {
                        i.as_bool() == Some(true)
                            || i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
                    })
            }),
            properties_known: properties.is_some(),
        }
    }

    /// Whether the comment is private (see the module comment). `service_desk`: the issue
    /// is a Service Management request.
    pub(crate) fn private(self, service_desk: bool) -> bool {
        // PRIVACY: a comment restricted to a role or group is private.
        if self.restricted {
            return true;
        }
        // PRIVACY: Service Management's own flag, and its comment property.
        if self.jsd_public == Some(false) || self.internal_property {
            return true;
        }
        // PRIVACY: on a request, a comment whose publicity is not recorded at all is not
        // taken for public.
        service_desk && self.jsd_public.is_none() && !self.properties_known
    }
}

/// The custom field holding a Service Management request type (its id differs per site),
/// as (field id, request type).
pub(crate) fn request_type_field(
    fields: &serde_json::Map<String, Value>,
) -> Option<(&String, &Value)> {
    fields
        .iter()
        .filter(|(k, _)| k.starts_with("customfield_"))
        .find_map(|(k, v)| {
            v.get("requestType")
                .filter(|r| r.is_object())
                .map(|r| (k, r))
        })
}

/// Whether an issue's fields show a Service Management request (see the module comment).
pub(crate) fn is_service_desk(fields: &serde_json::Map<String, Value>) -> bool {
    fields
        .get("project")
        .and_then(|p| p.get("projectTypeKey"))
        .and_then(Value::as_str)
        == Some(SERVICE_DESK)
        || request_type_field(fields).is_some()
}

fn ticket(
    i: Issue,
    request: Option<Option<String>>,
    opts: &JiraOptions,
    has_security: bool,
    skipped: &mut Skipped,
) -> Ticket {
    let f = i.fields;
    let status = f
        .status
        .as_ref()
        .and_then(|s| s.name.clone())
        .unwrap_or_default();
    let category = f
        .status
        .as_ref()
        .and_then(|s| s.category.as_ref())
        .and_then(|c| c.key.as_deref());
    let status_closed = match category {
        Some("done") => Some(true),
        Some("new") | Some("indeterminate") => Some(false),
        _ => None,
    };
    let service_desk = request.is_some()
        || f.project.as_ref().and_then(|p| p.type_key.as_deref()) == Some(SERVICE_DESK);
    let private = match &f.security {
        // PRIVACY: a security level makes the issue private unless the config names it
        // public.
        Some(Some(s)) => {
            let level = s.name.as_deref().unwrap_or("");
            !opts
                .public_security_levels
                .iter()
                .any(|p| !level.trim().is_empty() && crate::model::same_name(p, level))
        }
        Some(None) => false,
        None if has_security => false,
        // PRIVACY: no field cannot tell "no level" from "not asked for": private.
        None => {
            count(skipped, NO_SECURITY_FIELD, 1);
            true
        }
    };
    // PRIVACY: worklogs are never read, only counted.
    if let Some(w) = &f.worklog {
        count(
            skipped,
            WORKLOGS,
            w.total.unwrap_or(0).max(w.worklogs.len()),
        );
    }
    let (mut rendered_description, mut rendered_comments) = (None, BTreeMap::new());
    if let Some(r) = i.rendered {
        rendered_description = r.description;
        for c in r.comment.map(|c| c.comments).unwrap_or_default() {
            if let (Some(id), Some(body)) = (c.id, c.body) {
                rendered_comments.insert(id, body);
            }
        }
    }
    let (description, markup) = text_of(rendered_description, f.description, skipped);
    let reporter_id = f.reporter.as_ref().and_then(|u| u.id()).map(str::to_string);
    let mut notes = Vec::new();
    for c in f.comment.map(|c| c.comments).unwrap_or_default() {
        let private =
            Publicity::from_parts(c.visibility.as_ref(), c.jsd_public, c.properties.as_ref())
                .private(service_desk);
        let rendered = c
            .rendered_body
            .clone()
            .or_else(|| c.id.as_ref().and_then(|id| rendered_comments.remove(id)));
        let (text, markup) = text_of(rendered, c.body, skipped);
        let author_id = c.author.as_ref().and_then(|u| u.id());
        let role = if author_id.is_some() && author_id == reporter_id.as_deref() {
            Role::Customer
        } else if c
            .author
            .as_ref()
            .is_some_and(|u| u.account_type.as_deref() == Some("customer"))
        {
            // Jira Cloud marks Service Management customers' accounts: another customer on
            // the request, never the team (nor its first answer).
            Role::Other
        } else {
            Role::Staff
        };
        notes.push(Note {
            id: c.id,
            // Internal: read by the gate for `[roles] team` only, never shown.
            author: c
                .author
                .as_ref()
                .and_then(|u| u.display_name.clone())
                .unwrap_or_default(),
            role,
            created: c.created,
            text,
            markup,
            private,
            author_email: c.author.and_then(|u| u.email),
        });
    }
    notes.sort_by_key(|n| n.created);

    let mut changes: Vec<(DateTime<Utc>, Option<String>, Option<String>)> = Vec::new();
    let mut histories = i.changelog.map(|c| c.histories).unwrap_or_default();
    histories.sort_by_key(|h| h.created);
    for h in histories {
        for item in h.items {
            if item
                .field
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("status"))
            {
                changes.push((h.created, item.from, item.to));
            }
        }
    }
    let first = changes
        .first()
        .and_then(|c| c.1.clone())
        .unwrap_or_else(|| status.clone());
    let mut history = vec![StatusChange {
        at: f.created,
        from: None,
        to: first.clone(),
    }];
    let mut last = first;
    for (at, _, to) in changes {
        let Some(to) = to.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        history.push(StatusChange {
            at,
            from: Some(last.clone()),
            to: to.clone(),
        });
        last = to;
    }

    let closed_now = status_closed == Some(true);
    let versions: Vec<String> = f.fix_versions.into_iter().filter_map(|v| v.name).collect();
    let hours = |secs: Option<f64>| secs.map(|s| s / 3600.0);
    Ticket {
        id: i.key.trim().to_string(),
        subject: f.summary.unwrap_or_default(),
        description,
        markup,
        status,
        status_closed,
        severity: f.priority.and_then(|p| p.name),
        category: request.flatten(),
        tracker: f.issuetype.and_then(|t| t.name),
        project: f.project.and_then(|p| p.key.or(p.name)),
        labels: f.labels,
        created: f.created,
        updated: f.updated,
        closed: if closed_now { f.resolutiondate } else { None },
        private,
        target_version: (!versions.is_empty()).then(|| versions.join(", ")),
        fixed_in_version: None,
        due_date: f.duedate,
        fix_location: None,
        done_ratio: None,
        resolution: if closed_now {
            f.resolution.and_then(|r| r.name)
        } else {
            None
        },
        notes,
        history,
        internal: Internal {
            assignee: f.assignee.and_then(|u| u.display_name),
            reporter_email: f.reporter.as_ref().and_then(|u| u.email.clone()),
            reporter: f.reporter.and_then(|u| u.display_name),
            time_spent_hours: hours(f.timespent),
            estimated_hours: hours(f.timeoriginalestimate),
            ..Internal::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_links_and_wiki_mentions_lose_the_name() {
        let html = r#"<p>Thanks <a href="https://jira.example.com/secure/ViewProfile.jspa?name=fred" class="user-hover" rel="fred" id="user_fred">Fred F. User</a>, done.</p>"#;
        assert_eq!(hide_user_links(html), "<p>Thanks @someone, done.</p>");
        assert_eq!(
            hide_wiki_mentions("ping [~fred] and [~accountid:5b10ac8d82e05b22cc7d4ef5]"),
            "ping @someone and @someone"
        );
    }
}

#[cfg(test)]
mod people_tests {
    use super::hide_people_in_html;

    #[test]
    fn rendered_html_loses_mentions_and_attachment_names() {
        let html = r#"<p>Ask <a href="/secure/ViewProfile.jspa?name=jdoe" class="user-hover" rel="jdoe">Jane Doe</a> or [~mmax]; see <a href="https://jira.example.com/secure/attachment/10001/jane-doe-payslip.pdf" title="jane-doe-payslip.pdf">jane-doe-payslip.pdf</a> and <a href="https://example.com/">docs</a>.</p>"#;
        assert_eq!(
            hide_people_in_html(html),
            r#"<p>Ask @someone or @someone; see an attachment and <a href="https://example.com/">docs</a>.</p>"#
        );
    }
}

#[cfg(test)]
mod role_tests {
    use super::*;

    /// A Service Management request with a reply from its reporter, from another customer
    /// (Cloud `accountType: "customer"`) and from an agent.
    #[test]
    fn other_customers_on_a_request_are_not_the_team() {
        let person = |id: &str, kind: &str| serde_json::json!({"accountId": id, "displayName": format!("NAME-{id}"), "accountType": kind});
        let comment = |n: u32, who: serde_json::Value| {
            serde_json::json!({"id": n.to_string(), "author": who, "jsdPublic": true,
                "body": "Hello", "created": "2026-11-02T10:00:00.000+0000"})
        };
        let issue = serde_json::json!({"issues": [{
            "key": "HELP-1", "self": "https://x.atlassian.net/rest/api/2/issue/1",
            "fields": {
                "summary": "S", "created": "2026-11-02T09:00:00.000+0000",
                "status": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}},
                "reporter": person("r", "customer"),
                "customfield_10010": {"requestType": {"name": "Get help"}},
                "comment": {"comments": [
                    comment(1, person("r", "customer")),
                    comment(2, person("c2", "customer")),
                    comment(3, person("a", "atlassian")),
                ]}
            }
        }]});
        let bytes = serde_json::to_vec(&issue).unwrap();
        let corpus = parse(Path::new("x.json"), &bytes, &JiraOptions::default()).unwrap();
        let roles: Vec<Role> = corpus.tickets[0].notes.iter().map(|n| n.role).collect();
        assert_eq!(roles, [Role::Customer, Role::Other, Role::Staff]);
    }
}
