//! `pull gitlab`: GitLab REST API v4 (gitlab.com or self-managed) → the snapshot
//! `sources::gitlab` reads (`{"gitlab_snapshot": 1, "project", "updated_after", "issues",
//! "notes", "label_events", "state_events"}`, the last three by issue `iid`).
//!
//! Steps:
//! 1. `GET /user`: a wrong or expired token is refused here (401 names the variable), before
//!    any answer is trusted.
//! 2. `GET /projects/:id/issues?scope=all&state=all`, all pages. Keyset pagination
//!    (`pagination=keyset&order_by=updated_at`) where the server offers it for issues; a server
//!    that does not answers 405, and the pull pages by offset in creation order then (stable
//!    while issues change), following the `Link: rel="next"` header, else `X-Next-Page`. An
//!    incremental pull asks only for `updated_after` the snapshot's saved cursor (inclusive,
//!    so two edits in the same instant are both seen).
//! 3. For every listed issue: its notes, label events and state events (older servers lack
//!    the events, 404: their system notes say the same).
//! 4. Scrub and write atomically.
//!
//! Privacy at pull time (the gate does it again at build): confidential issues are left out
//! and counted, and an issue that turned confidential since the last pull is removed; internal
//! notes (`internal`, older `confidential`) are dropped; system notes are kept only when they
//! change the state or a label, without their author; people keep only their id and username
//! (to tell the issue author's own notes); e-mails (`service_desk_reply_to`), assignees, time
//! tracking and every other field stay out. An issue deleted in GitLab stays in the snapshot
//! until a `--full` pull (GitLab lists no deletions, and re-listing every issue on each pull
//! is what `updated_after` avoids).

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use reqwest::Url;
use serde_json::{json, Value};

use super::http::{Api, HttpError};
use super::scrub::{self, keep_keys, GITLAB, GITLAB_NOTE};
use super::{parallel_map, read_previous, write_atomic, Progress, PullOptions, PullSummary};
use crate::sources::gitlab::{system_change, workflow_value, MOVED};

/// GitLab's largest page.
const PER_PAGE: &str = "100";

/// The API root below a GitLab URL: `https://gitlab.com` → `https://gitlab.com/api/v4/`; a URL
/// that already ends in `/api/v4` is kept.
fn api_root(url: &str) -> String {
    let u = url.trim().trim_end_matches('/');
    if u.ends_with("/api/v4") {
        format!("{u}/")
    } else {
        format!("{u}/api/v4/")
    }
}

/// The URL of `projects/:id/REST…` with the project id or path as one percent-encoded path
/// segment (`group/project` → `group%2Fproject`, as GitLab asks).
fn project_url(api: &Api, project: &str, rest: &[&str]) -> Result<Url, HttpError> {
    let mut u = api.url("projects")?;
    let bad = |u: &Url| HttpError::BadUrl {
        url: u.to_string(),
        why: "cannot hold a path".into(),
    };
    {
        let copy = u.clone();
        let mut segs = u.path_segments_mut().map_err(|_| bad(&copy))?;
        segs.pop_if_empty().push(project);
        for r in rest {
            segs.push(r);
        }
    }
    Ok(u)
}

/// Every item of a paged list: follows `Link: rel="next"`, else `X-Next-Page`. `what` names
/// the list in errors ("issue notes"), `missing` what a 404 means.
fn get_all(api: &Api, first: Url, what: &str, missing: &str) -> Result<Vec<Value>, HttpError> {
    let mut all = Vec::new();
    let mut next = Some(first);
    let mut seen = std::collections::HashSet::new();
    while let Some(u) = next.take() {
        if !seen.insert(u.to_string()) {
            // A server that points back at a page already read would loop forever.
            return Err(HttpError::Other {
                url: u.to_string(),
                why: format!("the next page of {what} is one already read"),
            });
        }
        let page = api.get_json_url(u.clone(), missing)?;
        let items = match page.body {
            Value::Array(items) => items,
            other => {
                return Err(HttpError::Other {
                    url: u.to_string(),
                    why: format!("expected a JSON array of {what}, found {}", kind_of(&other)),
                })
            }
        };
        all.extend(items);
        next = match (page.next, page.next_page) {
            (Some(s), _) => Some(Url::parse(&s).map_err(|e| HttpError::BadUrl {
                url: s,
                why: e.to_string(),
            })?),
            (None, Some(n)) if !n.trim().is_empty() => {
                let mut v = u.clone();
                let pairs: Vec<(String, String)> = u
                    .query_pairs()
                    .filter(|(k, _)| k != "page")
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                v.query_pairs_mut()
                    .clear()
                    .extend_pairs(pairs)
                    .append_pair("page", n.trim());
                Some(v)
            }
            _ => None,
        };
    }
    Ok(all)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The issues list, keyset-paged where offered (see the module comment).
fn list_issues(
    api: &Api,
    project: &str,
    updated_after: Option<&str>,
    missing: &str,
) -> Result<(Vec<Value>, String), HttpError> {
    let base = project_url(api, project, &["issues"])?;
    let with = |pairs: &[(&str, &str)]| {
        let mut u = base.clone();
        {
            let mut q = u.query_pairs_mut();
            q.append_pair("scope", "all")
                .append_pair("state", "all")
                .append_pair("per_page", PER_PAGE);
            for (k, v) in pairs {
                q.append_pair(k, v);
            }
            if let Some(t) = updated_after {
                q.append_pair("updated_after", t);
            }
        }
        u
    };
    let keyset = with(&[
        ("pagination", "keyset"),
        ("order_by", "updated_at"),
        ("sort", "asc"),
    ]);
    match get_all(api, keyset.clone(), "issues", missing) {
        Ok(items) => Ok((items, keyset.to_string())),
        Err(HttpError::Status { status: 405, .. }) | Err(HttpError::Status { status: 400, .. }) => {
            // "Keyset pagination is not yet available for this type of request".
            let offset = with(&[("order_by", "created_at"), ("sort", "asc")]);
            let items = get_all(api, offset.clone(), "issues", missing)?;
            Ok((items, offset.to_string()))
        }
        Err(e) => Err(e),
    }
}

/// What one issue's per-issue calls returned, scrubbed.
struct Extras {
    notes: Value,
    label_events: Value,
    state_events: Value,
    private_notes: usize,
}

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let project = opts.project.trim().trim_matches('/').to_string();
    if project.is_empty() {
        bail!(
            "--project must be a GitLab project id or path (group/project), found {:?}",
            opts.project
        );
    }
    let api = Api::new(
        &api_root(&opts.url),
        Some(("private-token", key)),
        &opts.key_env,
        opts.retry.clone(),
    )?;
    let mut summary = PullSummary::default();

    // 1. The key.
    let user = api
        .get_json(
            "user",
            "no GitLab API v4 there: is --url the GitLab root, such as https://gitlab.com?",
        )?
        .body;
    if user.get("id").and_then(Value::as_u64).is_none() {
        bail!(
            "{}user: expected the token's user, an object with a numeric \"id\", found {}",
            api.base(),
            kind_of(&user)
        );
    }

    // 2. The previous snapshot, then the list pass.
    let mut old_issues: BTreeMap<u64, Value> = BTreeMap::new();
    let mut old_extras: BTreeMap<&'static str, BTreeMap<String, Value>> = BTreeMap::new();
    let mut cursor: Option<String> = None;
    if let Some(prev) = read_previous(opts)? {
        if prev.get("gitlab_snapshot").is_none() {
            bail!(
                "{} is not a GitLab snapshot (use --full to replace it)",
                opts.out.display()
            );
        }
        if prev["project"].as_str() != Some(project.as_str()) {
            bail!(
                "{} holds the project {}, not {project:?} (use --full to replace it)",
                opts.out.display(),
                prev["project"]
            );
        }
        for i in prev["issues"].as_array().into_iter().flatten() {
            if let Some(n) = i["iid"].as_u64() {
                old_issues.insert(n, i.clone());
            }
        }
        for k in ["notes", "label_events", "state_events"] {
            let m: BTreeMap<String, Value> = prev[k]
                .as_object()
                .map(|o| o.iter().map(|(a, b)| (a.clone(), b.clone())).collect())
                .unwrap_or_default();
            old_extras.insert(k, m);
        }
        cursor = prev["updated_after"].as_str().map(str::to_string);
        summary.incremental = true;
    }

    let progress = Progress::new(opts.progress, "listing issues");
    let what = format!(
        "no project {project}, or the token in ${} cannot see it",
        opts.key_env
    );
    let (items, shown) = list_issues(&api, &project, cursor.as_deref(), &what)?;
    progress.finish();
    let mut listed: BTreeMap<u64, Value> = BTreeMap::new();
    let mut newest = cursor.clone();
    let mut moved = 0usize;
    for (n, i) in items.into_iter().enumerate() {
        let Some(iid) = i.get("iid").and_then(Value::as_u64) else {
            bail!("{shown}: item [{n}]: expected an issue object with a numeric \"iid\"");
        };
        if let Some(u) = i.get("updated_at").and_then(Value::as_str) {
            if newest.as_deref().is_none_or(|c| u > c) {
                newest = Some(u.to_string());
            }
        }
        if GITLAB.is_private(&i) {
            // PRIVACY: a confidential issue is left out whole; if the snapshot had it, it goes.
            summary.private_issues_dropped += 1;
            summary.removed += usize::from(old_issues.remove(&iid).is_some());
            continue;
        }
        if i.get("moved_to_id").is_some_and(|m| !m.is_null()) {
            moved += 1;
            summary.removed += usize::from(old_issues.remove(&iid).is_some());
            continue;
        }
        let mut i = i;
        scrub::issue(&GITLAB, &mut i);
        listed.insert(iid, i);
    }
    if moved > 0 {
        summary.skipped.insert(MOVED.to_string(), moved);
    }

    // 3. Notes and events of every listed (new or changed) issue.
    let to_fetch: Vec<u64> = listed.keys().copied().collect();
    let progress = Progress::new(opts.progress, "fetching notes");
    let fetched = parallel_map(&to_fetch, opts.concurrency, &progress, |iid| {
        let iid_s = iid.to_string();
        let mut notes_url = project_url(&api, &project, &["issues", &iid_s, "notes"])?;
        notes_url
            .query_pairs_mut()
            .append_pair("per_page", PER_PAGE)
            .append_pair("sort", "asc")
            .append_pair("order_by", "created_at");
        let notes = match get_all(&api, notes_url, "issue notes", "issue notes") {
            Ok(n) => n,
            // Deleted (or made confidential) between the list and now: left out.
            Err(HttpError::NotFound { .. }) => return Ok((*iid, None)),
            Err(e) => return Err(e),
        };
        let mut private_notes = 0;
        let mut kept = Vec::new();
        for n in notes {
            if n.get("system").and_then(Value::as_bool) == Some(true) {
                // PRIVACY: a system note is kept only for a state or label change, with
                // nothing but its time and words; an internal one not at all.
                let says = n
                    .get("body")
                    .and_then(Value::as_str)
                    .is_some_and(|b| system_change(b).is_some());
                if says && !(GITLAB_NOTE.private)(&n) {
                    let mut n = n;
                    keep_keys(&mut n, &["id", "body", "created_at", "system"]);
                    kept.push(n);
                }
                continue;
            }
            let (n, private_text) = scrub::note(&GITLAB_NOTE, n);
            private_notes += usize::from(private_text);
            kept.extend(n);
        }
        let events = |kind: &str| -> Result<Vec<Value>, HttpError> {
            let mut u = project_url(&api, &project, &["issues", &iid_s, kind])?;
            u.query_pairs_mut().append_pair("per_page", PER_PAGE);
            match get_all(&api, u, kind, kind) {
                Ok(v) => Ok(v),
                // Servers before the resource events API: their system notes carry the same.
                Err(HttpError::NotFound { .. }) => Ok(Vec::new()),
                Err(e) => Err(e),
            }
        };
        let label_events: Vec<Value> = events("resource_label_events")?
            .into_iter()
            .filter(|e| {
                e["label"]["name"]
                    .as_str()
                    .is_some_and(|l| workflow_value(l).is_some())
            })
            .map(|mut e| {
                keep_keys(&mut e, &["created_at", "label", "action"]);
                if let Some(l) = e.get_mut("label") {
                    keep_keys(l, &["name"]);
                }
                e
            })
            .collect();
        let state_events: Vec<Value> = events("resource_state_events")?
            .into_iter()
            .map(|mut e| {
                keep_keys(&mut e, &["created_at", "state"]);
                e
            })
            .collect();
        Ok((
            *iid,
            Some(Extras {
                notes: Value::Array(kept),
                label_events: Value::Array(label_events),
                state_events: Value::Array(state_events),
                private_notes,
            }),
        ))
    })?;
    progress.finish();

    // 4. Merge: the old snapshot, then what changed.
    let mut issues = old_issues;
    let mut extras: BTreeMap<&'static str, BTreeMap<String, Value>> = BTreeMap::new();
    for k in ["notes", "label_events", "state_events"] {
        let old = old_extras.remove(k).unwrap_or_default();
        let kept = old
            .into_iter()
            .filter(|(n, _)| n.parse::<u64>().is_ok_and(|n| issues.contains_key(&n)))
            .collect();
        extras.insert(k, kept);
    }
    for (iid, e) in fetched {
        let key = iid.to_string();
        let Some(e) = e else {
            summary.removed += usize::from(issues.remove(&iid).is_some());
            for m in extras.values_mut() {
                m.remove(&key);
            }
            listed.remove(&iid);
            continue;
        };
        summary.private_notes_dropped += e.private_notes;
        summary.fetched += 1;
        for (k, v) in [
            ("notes", e.notes),
            ("label_events", e.label_events),
            ("state_events", e.state_events),
        ] {
            extras.entry(k).or_default().insert(key.clone(), v);
        }
    }
    issues.extend(listed);
    summary.issues = issues.len();
    let issues: Vec<Value> = issues.into_values().collect();
    let snapshot = json!({
        "gitlab_snapshot": crate::sources::gitlab::SNAPSHOT_VERSION,
        "project": project,
        "updated_after": newest,
        "issues": issues,
        "notes": extras.remove("notes").unwrap_or_default(),
        "label_events": extras.remove("label_events").unwrap_or_default(),
        "state_events": extras.remove("state_events").unwrap_or_default(),
    });
    let mut out = serde_json::to_vec(&snapshot)?;
    out.push(b'\n');
    write_atomic(&opts.out, &out)?;
    summary.requests = api.requests();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_root_and_project_paths() {
        assert_eq!(api_root("https://gitlab.com"), "https://gitlab.com/api/v4/");
        assert_eq!(
            api_root("https://git.example.com/gitlab/api/v4/"),
            "https://git.example.com/gitlab/api/v4/"
        );
        let api = Api::new(
            &api_root("https://git.example.com/gitlab/"),
            None,
            "K",
            Default::default(),
        )
        .unwrap();
        assert_eq!(
            project_url(&api, "group/sub project", &["issues", "6", "notes"])
                .unwrap()
                .as_str(),
            "https://git.example.com/gitlab/api/v4/projects/group%2Fsub%20project/issues/6/notes"
        );
        assert_eq!(
            project_url(&api, "42", &["issues"]).unwrap().as_str(),
            "https://git.example.com/gitlab/api/v4/projects/42/issues"
        );
    }
}
