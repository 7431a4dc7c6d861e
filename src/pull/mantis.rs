//! `pull mantis`: MantisBT 2.x REST API → `{"issues": [...]}` as `sources::mantis` reads it.
//!
//! `GET /api/rest/issues?project_id=ID&page_size=50&page=N` until a short page, token in
//! `Authorization`. The list already carries notes and history, so there are no per-issue
//! calls. Mantis's list has no "updated since" filter, so every pull is a full pass: that
//! also reconciles deleted and newly private issues without extra work.
//! Only issues of the named project are kept (MantisBT lists subprojects' issues under their
//! parent; the others are counted as other projects' issues), and none of a project whose
//! `view_state` is not public.
//! Private issues (`view_state` 50 / "private") and private notes are dropped here; internal
//! fields (handler, e-mails, custom fields, eta, product version, non-status history) too.

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::http::Api;
use super::scrub::{self, MANTIS};
use super::{write_atomic, Progress, PullOptions, PullSummary};

const PAGE: usize = 50;

/// Whether the issue's project carries a view state that is not clearly public (the issue
/// list does not always say; when it does, a private project's issues stay out).
fn private_project(i: &Value) -> bool {
    match i["project"].get("view_state") {
        None | Some(Value::Null) => false,
        Some(vs) => {
            let id = vs["id"].as_u64();
            let name = vs["name"].as_str();
            !(id == Some(10) || (id.is_none() && name == Some("public")))
        }
    }
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
                // PRIVACY: fail closed: an issue that cannot be told public stops the pull.
                bail!("{shown}: issue {} has no view_state, so it cannot be told whether it is private", i["id"]);
            }
            if MANTIS.is_private(i) || private_project(i) {
                // PRIVACY: a private issue, or one of a private project, is left out.
                summary.private_issues_dropped += 1;
                continue;
            }
            let project = i["project"]["id"].as_u64();
            if project.is_none_or(|p| p.to_string() != opts.project.trim()) {
                // PRIVACY: MantisBT lists subprojects' issues under their parent: only the
                // named project's own issues are published; the rest count as private.
                *summary
                    .skipped
                    .entry(super::redmine::OTHER_PROJECTS.to_string())
                    .or_default() += 1;
                continue;
            }
            let mut i = i.clone();
            summary.private_notes_dropped += scrub::issue(&MANTIS, &mut i);
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
