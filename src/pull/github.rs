//! `pull github`: GitHub REST API → the snapshot `sources::github` reads
//! (`{"github_snapshot": 1, "repository", "issues", "comments": {"N": [...]}}`).
//!
//! `GET /repos/O/R/issues?state=all&per_page=100`, following `Link: rel="next"`; pull requests
//! (items with `pull_request`) are left out. Comments come from `/repos/O/R/issues/N/comments`
//! only for issues that have some (`comments > 0`) and are new or changed since the snapshot
//! (a new comment bumps `updated_at`); the list pass runs every time, which reconciles
//! deleted and transferred issues. GitHub has no private issues; assignees and e-mails are
//! internal and dropped.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use reqwest::Url;
use serde_json::{json, Value};

use super::http::{Api, HttpError};
use super::scrub::{self, GITHUB, GITHUB_COMMENT};
use super::{parallel_map, read_previous, write_atomic, Progress, PullOptions, PullSummary};

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let Some((owner, name)) = opts.project.split_once('/') else {
        bail!(
            "--project must be owner/name for GitHub, found {:?}",
            opts.project
        );
    };
    if owner.is_empty() || name.is_empty() || name.contains('/') {
        bail!(
            "--project must be owner/name for GitHub, found {:?}",
            opts.project
        );
    }
    let api = Api::new(
        &opts.url,
        Some(("authorization", format!("Bearer {key}"))),
        &opts.key_env,
        opts.retry.clone(),
    )?;
    let mut summary = PullSummary::default();

    let mut old_issues: BTreeMap<u64, Value> = BTreeMap::new();
    let mut old_comments: BTreeMap<u64, Value> = BTreeMap::new();
    if let Some(prev) = read_previous(opts)? {
        if prev.get("github_snapshot").is_none() {
            bail!(
                "{} is not a GitHub snapshot (use --full to replace it)",
                opts.out.display()
            );
        }
        for i in prev["issues"].as_array().into_iter().flatten() {
            if let Some(n) = i["number"].as_u64() {
                old_issues.insert(n, i.clone());
            }
        }
        for (k, v) in prev["comments"].as_object().into_iter().flatten() {
            if let Ok(n) = k.parse::<u64>() {
                old_comments.insert(n, v.clone());
            }
        }
        summary.incremental = true;
    }
    let newest = old_issues
        .values()
        .filter_map(|i| i["updated_at"].as_str())
        .max()
        .map(str::to_string);

    // The list pass.
    let progress = Progress::new(opts.progress, "listing issues");
    let mut url = api.url(&format!("repos/{owner}/{name}/issues"))?;
    url.query_pairs_mut()
        .append_pair("state", "all")
        .append_pair("per_page", "100");
    let what = format!(
        "no repository {owner}/{name}, or the token in ${} cannot see it",
        opts.key_env
    );
    let mut issues: BTreeMap<u64, Value> = BTreeMap::new();
    let mut next = Some(url);
    let mut pulls_skipped = 0usize;
    let mut transferred = 0usize;
    while let Some(u) = next.take() {
        let shown = u.to_string();
        let page = api.get_json_url(u, &what)?;
        let items = page
            .body
            .as_array()
            .with_context(|| format!("{shown}: expected a JSON array of issues"))?;
        for i in items {
            if i.get("pull_request")
                .is_some_and(crate::sources::github::is_pull_request)
            {
                pulls_skipped += 1;
                continue;
            }
            let Some(n) = i["number"].as_u64() else {
                bail!("{shown}: an issue without a number")
            };
            let at = crate::sources::github::repository_in(
                i["repository_url"].as_str(),
                i["html_url"].as_str(),
            );
            if at.is_some_and(|r| !r.eq_ignore_ascii_case(&format!("{owner}/{name}"))) {
                // PRIVACY: an issue transferred to another repository (a private one, say)
                // belongs there now: left out and counted.
                transferred += 1;
                continue;
            }
            let mut i = i.clone();
            scrub::issue(&GITHUB, &mut i);
            issues.insert(n, i);
        }
        progress.tick(issues.len(), None);
        next = match page.next {
            Some(s) => Some(Url::parse(&s).map_err(|e| HttpError::BadUrl {
                url: s,
                why: e.to_string(),
            })?),
            None => None,
        };
    }
    progress.finish();
    if transferred > 0 {
        summary.skipped.insert(
            crate::sources::github::OTHER_REPOSITORY.to_string(),
            transferred,
        );
    }
    if pulls_skipped > 0 {
        summary.skipped.insert(
            crate::sources::github::PULL_REQUESTS.to_string(),
            pulls_skipped,
        );
    }

    let to_fetch: Vec<u64> = issues
        .iter()
        .filter(|(n, i)| {
            i["comments"].as_u64() != Some(0)
                && (old_issues.get(n).map(|o| &o["updated_at"]) != Some(&i["updated_at"])
                    || !old_comments.contains_key(n)
                    || newest
                        .as_deref()
                        .is_none_or(|nw| i["updated_at"].as_str().is_none_or(|u| u >= nw)))
        })
        .map(|(n, _)| *n)
        .collect();
    let progress = Progress::new(opts.progress, "fetching comments");
    let fetched = parallel_map(&to_fetch, opts.concurrency, &progress, |n| {
        let mut url = api.url(&format!("repos/{owner}/{name}/issues/{n}/comments"))?;
        url.query_pairs_mut().append_pair("per_page", "100");
        let mut all = Vec::new();
        let mut next = Some(url);
        while let Some(u) = next.take() {
            let page = api.get_json_url(u, "issue comments")?;
            for c in page.body.as_array().cloned().unwrap_or_default() {
                all.extend(scrub::note(&GITHUB_COMMENT, c).0);
            }
            next = page.next.and_then(|s| Url::parse(&s).ok());
        }
        Ok((*n, Value::Array(all)))
    })?;
    progress.finish();

    let mut comments: BTreeMap<String, Value> = BTreeMap::new();
    for n in issues.keys() {
        if let Some(c) = old_comments.get(n) {
            comments.insert(n.to_string(), c.clone());
        }
    }
    summary.fetched = fetched.len();
    for (n, c) in fetched {
        comments.insert(n.to_string(), c);
    }
    summary.removed = old_issues
        .keys()
        .filter(|n| !issues.contains_key(n))
        .count();
    summary.issues = issues.len();
    let issues: Vec<Value> = issues.into_values().collect();
    let mut out = b"{\"github_snapshot\": 1,\n".to_vec();
    out.extend_from_slice(
        format!("\"repository\": {},\n", json!(format!("{owner}/{name}"))).as_bytes(),
    );
    out.extend_from_slice(b"\"issues\": ");
    serde_json::to_writer(&mut out, &issues)?;
    out.extend_from_slice(b",\n\"comments\": ");
    serde_json::to_writer(&mut out, &comments)?;
    out.extend_from_slice(b"}\n");
    write_atomic(&opts.out, &out)?;
    summary.requests = api.requests();
    Ok(summary)
}
