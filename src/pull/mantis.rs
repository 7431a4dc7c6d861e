//! `pull mantis`: MantisBT 2.x REST API → `{"issues": [...]}` as `sources::mantis` reads it.
//!
//! `GET /api/rest/issues?project_id=ID&page_size=50&page=N` until a short page, token in
//! `Authorization`. The list already carries notes and history, so there are no per-issue
//! calls. Mantis's list has no "updated since" filter, so every pull is a full pass: that
//! also reconciles deleted and newly private issues without extra work.
//! Private issues (`view_state` 50 / "private") and private notes are dropped here; internal
//! fields (handler, e-mails, custom fields, eta, product version, non-status history) too.

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::http::Api;
use super::{id_and_name, keep_keys, write_atomic, Progress, PullOptions, PullSummary};

const PAGE: usize = 50;

const ISSUE_KEYS: &[&str] = &[
    "id",
    "summary",
    "description",
    "steps_to_reproduce",
    "additional_information",
    "project",
    "category",
    "reporter",
    "status",
    "resolution",
    "view_state",
    "priority",
    "severity",
    "fixed_in_version",
    "target_version",
    "due_date",
    "created_at",
    "updated_at",
    "tags",
    "notes",
    "history",
];

fn is_private(v: &Value) -> bool {
    let vs = &v["view_state"];
    vs["id"].as_i64() == Some(50) || vs["name"].as_str() == Some("private")
}

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let api = Api::new(
        &opts.url,
        Some(("authorization", key)),
        &opts.key_env,
        opts.retry.clone(),
    )?;
    let mut summary = PullSummary::default();
    let progress = Progress::new(opts.progress, "listing issues");
    let mut kept: Vec<Value> = Vec::new();
    let mut page = 1usize;
    loop {
        let mut url = api.url("api/rest/issues")?;
        url.query_pairs_mut()
            .append_pair("project_id", &opts.project)
            .append_pair("page_size", &PAGE.to_string())
            .append_pair("page", &page.to_string());
        let shown = url.to_string();
        let body = api
            .get_json_url(
                url,
                &format!(
                    "no MantisBT REST API or no project {:?} there",
                    opts.project
                ),
            )?
            .body;
        let issues = body
            .get("issues")
            .and_then(Value::as_array)
            .with_context(|| format!("{shown}: expected {{\"issues\": [...]}}"))?;
        for i in issues {
            if i.get("id").and_then(Value::as_u64).is_none() {
                bail!("{shown}: an issue without a numeric id");
            }
            if i.get("view_state").is_none() {
                bail!("{shown}: issue {} has no view_state, so it cannot be told whether it is private", i["id"]);
            }
            if is_private(i) {
                summary.private_issues_dropped += 1;
                continue;
            }
            let mut i = i.clone();
            summary.private_notes_dropped += scrub(&mut i);
            kept.push(i);
        }
        progress.tick(kept.len(), None);
        if issues.len() < PAGE || page > 100_000 {
            break;
        }
        page += 1;
    }
    progress.finish();
    kept.sort_by_key(|i| i["id"].as_u64());
    kept.dedup_by_key(|i| i["id"].as_u64());
    summary.issues = kept.len();
    summary.fetched = kept.len();
    let mut out = b"{\"issues\": [\n".to_vec();
    for (n, i) in kept.iter().enumerate() {
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut out, i)?;
    }
    out.extend_from_slice(b"\n]}\n");
    write_atomic(&opts.out, &out)?;
    summary.requests = api.requests();
    Ok(summary)
}

/// Drops internal fields and private notes; returns the private notes dropped.
fn scrub(issue: &mut Value) -> usize {
    keep_keys(issue, ISSUE_KEYS);
    let mut dropped = 0;
    let Some(map) = issue.as_object_mut() else {
        return 0;
    };
    // The reporter's id tells a customer's own notes; name and e-mail are internal.
    if let Some(r) = map.get_mut("reporter") {
        keep_keys(r, &["id"]);
    }
    for k in ["project", "category", "fixed_in_version", "target_version"] {
        if let Some(v) = map.get_mut(k) {
            id_and_name(v);
        }
    }
    if let Some(Value::Array(notes)) = map.get_mut("notes") {
        let before = notes.len();
        notes.retain(|n| !is_private(n) && n.get("view_state").is_some());
        dropped = before - notes.len();
        for n in notes.iter_mut() {
            keep_keys(n, &["id", "reporter", "text", "view_state", "created_at"]);
            if let Some(r) = n.get_mut("reporter") {
                id_and_name(r);
            }
        }
    }
    if let Some(Value::Array(history)) = map.get_mut("history") {
        // Other history rows hold old and new values of internal fields.
        history.retain(|h| h["field"]["name"].as_str() == Some("status"));
        for h in history.iter_mut() {
            keep_keys(h, &["created_at", "field", "old_value", "new_value"]);
        }
    }
    dropped
}
