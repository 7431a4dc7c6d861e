//! `pull jira`: Jira Cloud or Data Center (with Service Management) → the snapshot
//! `sources::jira` reads: `{"jira_snapshot": 1, "site", "api", "cursor", "issues": [...]}`.
//!
//! Steps:
//! 1. `GET /rest/api/{3|2}/myself`: the key is checked before anything is trusted (a 401 or
//!    403 names the variable, never the key).
//! 2. The list pass: every issue the JQL selects, with only `updated` and `security`, to know
//!    which issues are visible now (deleted, moved and newly secured ones leave the snapshot).
//!    Cloud pages `GET /rest/api/3/search/jql` with `nextPageToken`; Data Center pages
//!    `GET /rest/api/2/search` with `startAt`.
//! 3. The changed issues in full: the same search with `AND updated >= "…"` (the snapshot's
//!    cursor, less a day; everything on the first pull), all fields but worklogs and
//!    comments, `expand=changelog` (and `renderedFields` on Data Center).
//! 4. Their comments: `GET /rest/api/N/issue/KEY/comment?expand=properties` (and
//!    `renderedBody` on Data Center), paged by `startAt`: the search cuts comments short and
//!    never carries Service Management's `sd.public.comment` property.
//! 5. Scrub (issues with a security level not named public, private comments, worklogs,
//!    names and e-mails of people, every field the reader does not map), merge, write
//!    atomically.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use serde_json::{json, Value};

use super::http::{Api, HttpError};
use super::scrub::keep_keys;
use super::{parallel_map, read_previous, write_atomic, Progress, PullOptions, PullSummary};
pub use crate::sources::jira::JiraApi;
use crate::sources::jira::{
    is_service_desk, request_type_field, strip_people, Publicity, SNAPSHOT_KEY, SNAPSHOT_VERSION,
};

/// What `pull jira` needs beyond the common options.
#[derive(Debug, Clone, Default)]
pub struct JiraPull {
    /// `None`: from the URL ([`JiraApi::for_url`]).
    pub api: Option<JiraApi>,
    /// The JQL that selects the issues; default `project = "PROJECT"`.
    pub jql: Option<String>,
    /// Cloud: the environment variable holding the account's e-mail (Basic auth with the
    /// API token in `key_env`).
    pub email_env: Option<String>,
    /// Security levels whose issues may be published (`[privacy] public_security_levels`).
    pub public_security_levels: Vec<String>,
}

/// Issues per search page (both APIs cap it at 100 for full issues).
const PAGE: usize = 100;

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let j = &opts.jira;
    let api_kind = j.api.unwrap_or_else(|| JiraApi::for_url(&opts.url));
    let v = api_kind.version();
    let auth = match api_kind {
        JiraApi::Cloud => {
            let Some(email_env) = j.email_env.as_deref() else {
                bail!("Jira Cloud signs in with an e-mail and an API token: name the variable holding the e-mail with --email-env (or email_env in [pull])");
            };
            let email = super::read_key(email_env)?;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{email}:{key}"));
            format!("Basic {pair}")
        }
        JiraApi::DataCenter => format!("Bearer {key}"),
    };
    let api = Api::new(
        &opts.url,
        Some(("authorization", auth)),
        &opts.key_env,
        opts.retry.clone(),
    )?;
    let mut summary = PullSummary::default();

    // 1. The key.
    let myself = api.get_json(
        &format!("rest/api/{v}/myself"),
        &format!(
            "no Jira REST API v{v} there: is --url the site's root, and is it Jira {}?",
            if v == 3 { "Cloud" } else { "Data Center" }
        ),
    )?;
    if !myself.body.is_object() {
        bail!("{}rest/api/{v}/myself: expected a user object", api.base());
    }

    let jql = match &j.jql {
        Some(q) if !q.trim().is_empty() => q.trim().to_string(),
        _ => format!("project = {}", jql_string(&opts.project)),
    };
    if jql.to_ascii_lowercase().contains("order by") {
        bail!("the JQL {jql:?} has an ORDER BY; leave it out (the pull orders by key itself)");
    }

    // Previous snapshot.
    let mut old: BTreeMap<String, Value> = BTreeMap::new();
    let mut cursor: Option<String> = None;
    if let Some(prev) = read_previous(opts)? {
        if prev.get(SNAPSHOT_KEY).is_none() {
            bail!(
                "{} is not a Jira snapshot (use --full to replace it)",
                opts.out.display()
            );
        }
        for i in prev["issues"].as_array().into_iter().flatten() {
            if let Some(k) = i["key"].as_str() {
                old.insert(k.to_string(), i.clone());
            }
        }
        cursor = prev["cursor"].as_str().map(str::to_string);
        summary.incremental = true;
    }

    // 2. The list pass.
    let progress = Progress::new(opts.progress, "listing issues");
    let listed = search(
        &api,
        api_kind,
        &format!("{jql} ORDER BY key ASC"),
        "updated,security",
        None,
        &progress,
    )?;
    progress.finish();
    let mut visible: BTreeMap<String, Value> = BTreeMap::new();
    for i in listed {
        let key = issue_key(&api, &i)?;
        if secured(&i, &j.public_security_levels) {
            // PRIVACY: a security level the config does not name public: left out, never
            // fetched.
            summary.private_issues_dropped += 1;
            continue;
        }
        visible.insert(key, i);
    }

    // 3. The changed issues in full.
    let since = cursor
        .as_deref()
        .and_then(crate::sources::parse_datetime)
        // JQL compares minutes in the time zone of the key's user, which the pull does not
        // know: a day of overlap fetches a few issues again but never misses one.
        .map(|t| {
            (t - chrono::Duration::days(1))
                .format("%Y/%m/%d %H:%M")
                .to_string()
        });
    let changed_jql = match &since {
        Some(s) => format!("({jql}) AND updated >= \"{s}\" ORDER BY key ASC"),
        None => format!("{jql} ORDER BY key ASC"),
    };
    let expand = match api_kind {
        JiraApi::Cloud => "changelog",
        JiraApi::DataCenter => "renderedFields,changelog",
    };
    let progress = Progress::new(opts.progress, "fetching changed issues");
    let changed = search(
        &api,
        api_kind,
        &changed_jql,
        "*all,-comment,-worklog",
        Some(expand),
        &progress,
    )?;
    progress.finish();
    let mut fetched: Vec<(String, Value)> = Vec::new();
    for i in changed {
        let key = issue_key(&api, &i)?;
        if !visible.contains_key(&key) {
            // Secured (counted in the list pass), or created after it: the next pull has it.
            continue;
        }
        if !i["fields"].is_object() {
            bail!(
                "{}: the search answer holds issue {key} without a \"fields\" object",
                api.base()
            );
        }
        if secured(&i, &j.public_security_levels) {
            // PRIVACY: secured between the two passes: left out, its old copy too.
            visible.remove(&key);
            summary.private_issues_dropped += 1;
            continue;
        }
        fetched.push((key, i));
    }

    // 4. Comments of the changed issues.
    let keys: Vec<String> = fetched.iter().map(|(k, _)| k.clone()).collect();
    let progress = Progress::new(opts.progress, "fetching comments");
    let comments = parallel_map(&keys, opts.concurrency, &progress, |key| {
        all_comments(&api, api_kind, key)
    })?;
    progress.finish();

    // 5. Scrub and merge.
    for ((key, mut issue), comments) in fetched.into_iter().zip(comments) {
        let (kept, dropped) = scrub_comments(&issue, comments);
        summary.private_notes_dropped += dropped;
        issue["fields"]["comment"] = json!({"comments": kept});
        scrub_issue(&mut issue);
        summary.fetched += 1;
        old.insert(key, issue);
    }
    let before = old.len();
    // PRIVACY: an issue no longer listed (deleted, moved, secured) leaves the snapshot.
    old.retain(|k, _| visible.contains_key(k));
    summary.removed = before - old.len();
    summary.issues = old.len();
    let cursor = old
        .values()
        .filter_map(|i| i.pointer("/fields/updated").and_then(Value::as_str))
        .filter_map(|s| crate::sources::parse_datetime(s).map(|t| (t, s)))
        .max_by_key(|(t, _)| *t)
        .map(|(_, s)| s.to_string())
        .or(cursor);
    let issues: Vec<&Value> = old.values().collect();
    let snap = json!({
        SNAPSHOT_KEY: SNAPSHOT_VERSION,
        "site": api.base().as_str(),
        "api": v,
        "cursor": cursor,
        "issues": issues,
    });
    let mut out = serde_json::to_vec(&snap)?;
    out.push(b'\n');
    write_atomic(&opts.out, &out)?;
    summary.requests = api.requests();
    Ok(summary)
}

/// A JQL string literal.
fn jql_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn issue_key(api: &Api, i: &Value) -> Result<String> {
    i.get("key")
        .and_then(Value::as_str)
        .filter(|k| !k.trim().is_empty())
        .map(str::to_string)
        .with_context(|| {
            format!(
                "{}: a search answer holds an issue without a key",
                api.base()
            )
        })
}

/// Whether the issue has a security level the config does not name public. The pull asks for
/// the field by name, so a missing one means no level: Cloud answers `null` then, Data
/// Center leaves the field out.
fn secured(issue: &Value, public: &[String]) -> bool {
    match issue.pointer("/fields/security") {
        None | Some(Value::Null) => false,
        Some(level) => {
            let name = level.get("name").and_then(Value::as_str).unwrap_or("");
            !public
                .iter()
                .any(|p| !name.trim().is_empty() && crate::model::same_name(p, name))
        }
    }
}

/// Every issue a JQL search selects, page by page.
fn search(
    api: &Api,
    kind: JiraApi,
    jql: &str,
    fields: &str,
    expand: Option<&str>,
    progress: &Progress,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut url = api.url(match kind {
            JiraApi::Cloud => "rest/api/3/search/jql",
            JiraApi::DataCenter => "rest/api/2/search",
        })?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("jql", jql)
                .append_pair("fields", fields)
                .append_pair("maxResults", &PAGE.to_string());
            if let Some(e) = expand {
                q.append_pair("expand", e);
            }
            match kind {
                JiraApi::Cloud => {
                    if let Some(t) = &token {
                        q.append_pair("nextPageToken", t);
                    }
                }
                JiraApi::DataCenter => {
                    q.append_pair("startAt", &out.len().to_string());
                }
            }
        }
        let shown = url.to_string();
        let page = api
            .get_json_url(url, "no issue search there (check --url)")?
            .body;
        let issues = page
            .get("issues")
            .and_then(Value::as_array)
            .with_context(|| format!("{shown}: expected {{\"issues\": [...]}}"))?;
        let n = issues.len();
        out.extend(issues.iter().cloned());
        progress.tick(out.len(), None);
        match kind {
            JiraApi::Cloud => {
                let last = page.get("isLast").and_then(Value::as_bool) == Some(true);
                let next = page
                    .get("nextPageToken")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if next.is_some() && next == token {
                    bail!("{shown}: the server gave the same nextPageToken again; stopping rather than looping");
                }
                token = next;
                if last || token.is_none() || n == 0 {
                    return Ok(out);
                }
            }
            JiraApi::DataCenter => {
                let total = page.get("total").and_then(Value::as_u64).with_context(|| {
                    format!("{shown}: expected a numeric \"total\" in the search answer")
                })? as usize;
                if n == 0 || out.len() >= total {
                    return Ok(out);
                }
            }
        }
    }
}

/// Every comment of an issue, with its properties (and Jira's HTML on Data Center).
fn all_comments(api: &Api, kind: JiraApi, key: &str) -> Result<Vec<Value>, HttpError> {
    let expand = match kind {
        JiraApi::Cloud => "properties",
        JiraApi::DataCenter => "properties,renderedBody",
    };
    let mut out: Vec<Value> = Vec::new();
    loop {
        let mut url = api.url(&format!("rest/api/{}/issue/{key}/comment", kind.version()))?;
        url.query_pairs_mut()
            .append_pair("expand", expand)
            .append_pair("orderBy", "created")
            .append_pair("startAt", &out.len().to_string())
            .append_pair("maxResults", &PAGE.to_string());
        let shown = url.to_string();
        let page = api.get_json_url(url, "issue comments")?.body;
        let Some(items) = page.get("comments").and_then(Value::as_array) else {
            return Err(HttpError::Other {
                url: shown,
                why: "expected {\"comments\": [...]} in the answer".into(),
            });
        };
        let n = items.len();
        out.extend(items.iter().cloned());
        let total = page.get("total").and_then(Value::as_u64).unwrap_or(0) as usize;
        if n == 0 || out.len() >= total {
            return Ok(out);
        }
    }
}

/// What a kept comment holds: enough for the reader's text, role and publicity.
const COMMENT_KEYS: &[&str] = &[
    "id",
    "author",
    "body",
    "renderedBody",
    "created",
    "jsdPublic",
    "properties",
];
/// A person in the snapshot: ids, and Cloud's account type, which tells a Service Management
/// customer from the team. Not `name`: on Data Center it is the login, often a person's name;
/// `key` tells people apart there.
const PERSON_KEYS: &[&str] = &["accountId", "key", "accountType"];

/// The public comments of an issue, scrubbed; and how many private ones with text were
/// dropped.
fn scrub_comments(issue: &Value, comments: Vec<Value>) -> (Vec<Value>, usize) {
    let fields = issue.get("fields").and_then(Value::as_object);
    let service_desk = fields.is_some_and(is_service_desk);
    let mut kept = Vec::with_capacity(comments.len());
    let mut dropped = 0;
    for mut c in comments {
        // PRIVACY: restricted, internal and untold comments are dropped whole.
        if Publicity::of(&c).private(service_desk) {
            dropped += 1;
            continue;
        }
        keep_keys(&mut c, COMMENT_KEYS);
        if let Some(a) = c.get_mut("author") {
            keep_keys(a, PERSON_KEYS);
        }
        if let Some(b) = c.get_mut("body") {
            strip_people(b, false);
        }
        if let Some(b) = c.get_mut("renderedBody") {
            strip_people(b, true);
        }
        kept.push(c);
    }
    (kept, dropped)
}

/// The issue fields that are kept, and for object fields the keys they keep.
const FIELDS: &[(&str, Option<&[&str]>)] = &[
    ("summary", None),
    ("description", None),
    ("status", Some(&["name", "statusCategory"])),
    ("priority", Some(&["name"])),
    ("fixVersions", Some(&["name"])),
    ("duedate", None),
    ("labels", None),
    ("created", None),
    ("updated", None),
    ("resolutiondate", None),
    ("resolution", Some(&["name"])),
    ("issuetype", Some(&["name"])),
    ("project", Some(&["key", "name", "projectTypeKey"])),
    ("security", Some(&["name"])),
    ("reporter", Some(PERSON_KEYS)),
    ("comment", Some(&["comments"])),
];

/// Scrubs one issue (not private) in place: only what the reader maps stays.
fn scrub_issue(issue: &mut Value) {
    keep_keys(
        issue,
        &["id", "key", "self", "fields", "renderedFields", "changelog"],
    );
    if let Some(f) = issue.get_mut("fields").and_then(Value::as_object_mut) {
        // The request type keeps its name only; the field stays even without one, as it marks
        // a Service Management request.
        let request = request_type_field(f).map(|(k, r)| {
            let name = r.get("name").cloned().unwrap_or(Value::Null);
            (k.clone(), json!({"requestType": {"name": name}}))
        });
        // PRIVACY: every field not on the list goes (assignee, worklogs, time tracking,
        // custom fields, watchers, attachments).
        f.retain(|k, _| FIELDS.iter().any(|(name, _)| name == k));
        for (name, keys) in FIELDS {
            let (Some(keys), Some(v)) = (keys, f.get_mut(*name)) else {
                continue;
            };
            match v {
                Value::Array(items) => items.iter_mut().for_each(|i| keep_keys(i, keys)),
                v => keep_keys(v, keys),
            }
        }
        if let Some(c) = f
            .get_mut("status")
            .and_then(|s| s.get_mut("statusCategory"))
        {
            keep_keys(c, &["key", "name"]);
        }
        if let Some((k, v)) = request {
            f.insert(k, v);
        }
        if let Some(d) = f.get_mut("description") {
            strip_people(d, false);
        }
    }
    if let Some(r) = issue.get_mut("renderedFields") {
        // Comment bodies come from the comment resource (`renderedBody`).
        keep_keys(r, &["description"]);
        if let Some(d) = r.get_mut("description") {
            strip_people(d, true);
        }
    }
    if let Some(histories) = issue
        .pointer_mut("/changelog/histories")
        .and_then(Value::as_array_mut)
    {
        // PRIVACY: only status changes; other rows hold old and new values of internal
        // fields (assignee, time tracking), and the author is a person.
        for h in histories.iter_mut() {
            if let Some(items) = h.get_mut("items").and_then(Value::as_array_mut) {
                items.retain(|i| {
                    i.get("field")
                        .and_then(Value::as_str)
                        .is_some_and(|f| f.eq_ignore_ascii_case("status"))
                });
                items
                    .iter_mut()
                    .for_each(|i| keep_keys(i, &["field", "fromString", "toString"]));
            }
            keep_keys(h, &["created", "items"]);
        }
        histories.retain(|h| h["items"].as_array().is_some_and(|i| !i.is_empty()));
    }
    if let Some(c) = issue.get_mut("changelog") {
        keep_keys(c, &["histories"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_from_url_and_name() {
        assert_eq!(
            JiraApi::for_url("https://acme.atlassian.net"),
            JiraApi::Cloud
        );
        assert_eq!(
            JiraApi::for_url("https://jira.acme.example/"),
            JiraApi::DataCenter
        );
        assert_eq!(
            JiraApi::for_url("https://atlassian.net.evil.example/"),
            JiraApi::DataCenter
        );
        assert_eq!(JiraApi::from_name("Data-Center"), Some(JiraApi::DataCenter));
        assert_eq!(JiraApi::from_name("cloud"), Some(JiraApi::Cloud));
        assert_eq!(JiraApi::from_name("onprem"), None);
    }

    #[test]
    fn jql_strings_are_quoted() {
        assert_eq!(jql_string("HELP"), "\"HELP\"");
        assert_eq!(jql_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
