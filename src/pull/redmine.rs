//! `pull redmine`: Redmine (and plan.io) REST API → a Redmine issue-list snapshot that
//! `sources::redmine` reads, plus `issue_statuses.json` beside it for the status history.
//!
//! Steps, each shaped by how Redmine 5 behaves (see .ci/redmine/README.md):
//! 1. `GET /users/current.json`: a wrong key is silently treated as anonymous everywhere else,
//!    so this is the only place it is refused (401).
//! 2. `GET /issue_statuses.json`: journal details carry status ids, not names.
//! 3. `GET /projects/ID.json` for the named project and each `--subproject`: only their
//!    issues are kept (Redmine lists subprojects' issues under the parent, non-public ones
//!    included for an admin key). Then the list pass, `GET /issues.json?status_id=*&sort=id&limit=100&offset=N` to `total_count`
//!    (without `status_id=*` closed issues are missing). It runs on every pull: with a
//!    non-admin key an issue that turned private simply stops being listed, so the set of
//!    visible ids is the only honest way to drop it from the snapshot.
//! 4. `GET /issues/ID.json?include=journals` for each issue that is new or changed since the
//!    snapshot (lists ignore `include=journals`), with bounded concurrency. An issue that
//!    answers 403/404 between the list and this call has vanished and is left out.
//!    Changed means: `updated_on` differs from the snapshot's copy, or is at or after the
//!    snapshot's newest `updated_on` (two edits in the same second). This is the
//!    `updated_on>=` filter of an incremental pull, computed from the list pass we already
//!    have instead of asking for it a second time.
//! 5. The wiki (`wiki.rs`): index and pages, unless `--no-wiki`; a 403/404 is "no wiki".
//! 6. Scrub (private issues, private notes, internal fields), merge, write atomically; then the
//!    wiki folder is swapped in whole.

use std::collections::{BTreeMap, HashSet};

use anyhow::{Context, Result};
use serde_json::Value;

use super::http::{Api, HttpError};
use super::scrub::{self, keep_keys, REDMINE};
use super::{parallel_map, read_previous, write_atomic, Progress};
use super::{PullOptions, PullSummary};
use crate::model::Markup;
use crate::sources::redmine::STATUSES_FILE;

/// Redmine's largest page.
const PAGE: usize = 100;

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let api = Api::new(
        &opts.url,
        Some(("x-redmine-api-key", key)),
        &opts.key_env,
        opts.retry.clone(),
    )?;
    let mut summary = PullSummary::default();
    if let Some(dir) = &opts.wiki {
        // Refuse a --wiki folder pull did not write before any request or write.
        super::wiki::check_ours(dir)?;
    }

    // 1. The key.
    api.get_json("users/current.json", "no Redmine REST API there: is the URL the Redmine root, and is \"Enable REST web service\" on?")
        .map_err(|e| match e {
            // Redmine answers 403 here when the REST API is switched off.
            HttpError::Forbidden { url, .. } => anyhow::anyhow!(
                "{url}: HTTP 403: is \"Enable REST web service\" on in Administration → Settings → API?"
            ),
            e => e.into(),
        })?;

    // 2. Status names.
    let statuses = api
        .get_json("issue_statuses.json", "no /issue_statuses.json")?
        .body;
    if statuses
        .get("issue_statuses")
        .and_then(Value::as_array)
        .is_none()
    {
        anyhow::bail!(
            "{}issue_statuses.json: expected {{\"issue_statuses\": [...]}}",
            api.base()
        );
    }

    // 3. Previous snapshot and the list pass.
    let previous = read_previous(opts)?;
    let mut old: BTreeMap<u64, Value> = BTreeMap::new();
    if let Some(prev) = previous {
        let issues = prev
            .get("issues")
            .and_then(Value::as_array)
            .with_context(|| {
                format!(
                    "{} has no \"issues\" list: not a Redmine snapshot (use --full to replace it)",
                    opts.out.display()
                )
            })?;
        for i in issues {
            if let Some(id) = i.get("id").and_then(Value::as_u64) {
                old.insert(id, i.clone());
            }
        }
        summary.incremental = true;
    }
    let newest_old = old
        .values()
        .filter_map(|i| i.get("updated_on").and_then(Value::as_str))
        .filter_map(crate::sources::parse_datetime)
        .max();

    let allowed = published_projects(&api, opts)?;
    let progress = Progress::new(opts.progress, "listing issues");
    let listed = list_all(&api, &opts.project, &progress)?;
    progress.finish();

    let mut visible: Vec<u64> = Vec::new();
    let mut to_fetch: Vec<u64> = Vec::new();
    for (id, updated, private, project) in &listed {
        if *private {
            // PRIVACY: a private issue is left out (and not fetched).
            summary.private_issues_dropped += 1;
            continue;
        }
        // PRIVACY: Redmine lists a subproject's issues under its parent, and an admin key sees
        // them all, non-public projects included. Only the named project and the public
        // subprojects the options name are published; the rest count as private.
        if !project.is_some_and(|p| allowed.contains(&p)) {
            *summary
                .skipped
                .entry(OTHER_PROJECTS.to_string())
                .or_default() += 1;
            continue;
        }
        visible.push(*id);
        let changed = match old.get(id) {
            None => true,
            Some(o) => {
                let before = o.get("updated_on").and_then(Value::as_str);
                let now = updated.as_deref();
                before != now
                    || match (now.and_then(crate::sources::parse_datetime), newest_old) {
                        (Some(n), Some(newest)) => n >= newest,
                        _ => true,
                    }
            }
        };
        if changed {
            to_fetch.push(*id);
        }
    }

    // 4. Full issues with journals.
    let progress = Progress::new(opts.progress, "fetching issues with notes");
    let fetched = parallel_map(&to_fetch, opts.concurrency, &progress, |id| {
        match api.get_json(&format!("issues/{id}.json?include=journals"), "issue") {
            Ok(p) => Ok(Some(p.body)),
            // Deleted or made private since the list pass: it is simply not visible any more.
            Err(HttpError::NotFound { .. }) | Err(HttpError::Forbidden { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    })?;
    progress.finish();

    // 5. Scrub and merge.
    let visible_set: HashSet<u64> = visible.iter().copied().collect();
    let before = old.len();
    // PRIVACY: an issue that turned private is no longer listed (to a non-admin key): its
    // copy in the previous snapshot goes.
    old.retain(|id, _| visible_set.contains(id));
    summary.removed = before - old.len();
    for body in fetched.into_iter().flatten() {
        let Some(mut issue) = body.get("issue").cloned() else {
            anyhow::bail!("{}issues/N.json: an answer without \"issue\"", api.base());
        };
        let Some(id) = issue.get("id").and_then(Value::as_u64) else {
            anyhow::bail!("{}issues/N.json: an issue without a numeric id", api.base());
        };
        let project = issue.pointer("/project/id").and_then(Value::as_u64);
        if REDMINE.is_private(&issue) || !project.is_some_and(|p| allowed.contains(&p)) {
            // PRIVACY: turned private, or moved to another project, between the list pass
            // and now: left out, and its old copy goes too.
            old.remove(&id);
            summary.private_issues_dropped += 1;
            continue;
        }
        summary.private_notes_dropped += scrub::issue(&REDMINE, &mut issue);
        summary.fetched += 1;
        old.insert(id, issue);
    }
    // Issues that vanished during step 4 must not survive from the old snapshot either.
    let fetched_or_kept: Vec<u64> = old.keys().copied().collect();
    for id in fetched_or_kept {
        if !visible_set.contains(&id) {
            old.remove(&id);
        }
    }
    summary.issues = old.len();

    // The wiki, fetched before anything is written: a failed pull leaves all files as they were.
    let wiki = match &opts.wiki {
        Some(dir) => Some((dir, super::wiki::fetch(&api, opts)?)),
        None => None,
    };

    // The server's text formatting, recorded in the snapshot so `build` renders it right.
    let pages: &[super::wiki::WikiPage] = match &wiki {
        Some((_, super::wiki::Fetched::Pages(p))) => p,
        _ => &[],
    };
    let (markup, how) = match opts.markup {
        Some(m) => (m, "as --markup says".to_string()),
        None => find_formatting(&api, &opts.project, pages).unwrap_or((
            Markup::Textile,
            "Redmine's default; no wiki page told".to_string(),
        )),
    };
    summary.formatting = Some(format!(
        "text formatting: {} ({how})",
        formatting_name(markup)
    ));

    // Status names first: the snapshot is useless for history without them.
    let statuses_path = match opts.out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join(STATUSES_FILE),
        _ => STATUSES_FILE.into(),
    };
    let mut statuses = statuses;
    keep_keys(&mut statuses, &["issue_statuses"]);
    write_atomic(&statuses_path, &serde_json::to_vec_pretty(&statuses)?)?;
    write_atomic(&opts.out, &snapshot_bytes(old.values(), markup)?)?;
    if let Some((dir, fetched)) = wiki {
        summary.wiki = Some(match fetched {
            super::wiki::Fetched::Pages(pages) => {
                let docs = super::wiki::to_docs(&pages, &opts.project, markup);
                super::wiki::replace_dir(dir, &docs)?;
                format!("{} wiki pages into {}", docs.len(), dir.display())
            }
            super::wiki::Fetched::NoWiki(why) => {
                let removed = super::wiki::remove_dir(dir)?;
                format!(
                    "no wiki ({why}){}",
                    if removed {
                        format!("; removed {}", dir.display())
                    } else {
                        String::new()
                    }
                )
            }
        });
    }
    summary.requests = api.requests();
    Ok(summary)
}

/// Redmine's name for a text formatting, as the snapshot records it.
fn formatting_name(markup: Markup) -> &'static str {
    match markup {
        Markup::Textile => "textile",
        _ => "common_mark",
    }
}

/// How many wiki pages' renderings are asked for at most.
const FORMATTING_PROBES: usize = 3;

/// Finds out the server's text formatting: Redmine's own rendering of a wiki page
/// (`/projects/ID/wiki/TITLE.html`, the page's HTML export) is compared with what the page's
/// text gives as Textile and as Markdown. `None` when no page tells (no wiki, pages without
/// markup, or the export is not visible: Redmine serves it to the web session's user, and
/// answers anonymous requests only for a public wiki).
fn find_formatting(
    api: &Api,
    project: &str,
    pages: &[super::wiki::WikiPage],
) -> Option<(Markup, String)> {
    let mut probes = pages
        .iter()
        .filter(|p| {
            crate::markup::detect::textile_markers(&p.text)
                + crate::markup::detect::markdown_markers(&p.text)
                > 0
        })
        .take(FORMATTING_PROBES);
    probes.find_map(|p| {
        let html = api
            .get_text(
                &format!("projects/{project}/wiki/{}.html", p.title),
                "no HTML export of the wiki page",
            )
            .ok()?;
        let m = formatting_from_html(&p.text, &html)?;
        Some((m, format!("as Redmine renders the wiki page {}", p.title)))
    })
}

/// Which formatting makes `text` into HTML shaped like Redmine's `html` of it: the tags that
/// tell Textile from Markdown (headings, emphasis, code, lists, tables) are counted in each;
/// `None` on a tie.
fn formatting_from_html(text: &str, html: &str) -> Option<Markup> {
    const TAGS: [&str; 13] = [
        "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "li", "table", "del",
    ];
    let body = html.find("<body").map_or(html, |i| &html[i..]);
    let count = |h: &str, tag: &str| {
        let open = format!("<{tag}");
        h.match_indices(&open)
            .filter(|(i, _)| {
                h.as_bytes()
                    .get(i + open.len())
                    .is_some_and(|c| matches!(c, b'>' | b' ' | b'\n'))
            })
            .count()
    };
    let textile = crate::markup::textile::to_html(text);
    let markdown =
        crate::markup::render_ticket_text(text, Markup::GithubMarkdown, crate::markup::Mask::NONE)
            .html;
    let distance = |ours: &str| {
        TAGS.iter()
            .map(|t| count(body, t).abs_diff(count(ours, t)))
            .sum::<usize>()
    };
    let (t, m) = (distance(&textile), distance(&markdown));
    match t.cmp(&m) {
        std::cmp::Ordering::Less => Some(Markup::Textile),
        std::cmp::Ordering::Greater => Some(Markup::GithubMarkdown),
        std::cmp::Ordering::Equal => None,
    }
}

/// Why issues of other projects are left out, as the pull summary counts them.
pub const OTHER_PROJECTS: &str = "issues of other or non-public subprojects (as private)";

/// One project as `/projects/ID.json` describes it.
struct Project {
    id: u64,
    identifier: String,
    /// `None` when the server does not say (then it is not taken for public).
    is_public: Option<bool>,
    parent: Option<u64>,
}

fn project(api: &Api, id_or_identifier: &str, what: &str) -> Result<Project> {
    let path = format!("projects/{id_or_identifier}.json");
    let body = api.get_json(&path, what)?.body;
    let p = body
        .get("project")
        .with_context(|| format!("{}{path}: expected {{\"project\": {{...}}}}", api.base()))?;
    Ok(Project {
        id: p
            .get("id")
            .and_then(Value::as_u64)
            .with_context(|| format!("{}{path}: a project without a numeric id", api.base()))?,
        identifier: p
            .get("identifier")
            .and_then(Value::as_str)
            .unwrap_or(id_or_identifier)
            .to_string(),
        is_public: p.get("is_public").and_then(Value::as_bool),
        parent: p.pointer("/parent/id").and_then(Value::as_u64),
    })
}

/// The ids of the projects whose issues may enter the snapshot: the named project, and each
/// subproject the options name that is public and lies below it. A named subproject that is
/// not public, or not below the project, is an error: the user asked for something that
/// cannot be published, and silently leaving it out would look like a pull of everything.
fn published_projects(api: &Api, opts: &PullOptions) -> Result<HashSet<u64>> {
    let top = project(
        api,
        &opts.project,
        &format!(
            "no project {:?} (check --project: its identifier or numeric id)",
            opts.project
        ),
    )?;
    let mut allowed = HashSet::from([top.id]);
    for sub in &opts.subprojects {
        let p = project(
            api,
            sub,
            &format!("no project {sub:?} (check --subproject)"),
        )?;
        if p.is_public != Some(true) {
            anyhow::bail!(
                "subproject {sub:?} is not public in Redmine (Projects → Settings → Public); its issues are never published"
            );
        }
        // Walk up the parents: the subproject must lie below the named project.
        let mut up = p.parent;
        let mut depth = 0;
        while let Some(id) = up.filter(|id| *id != top.id) {
            depth += 1;
            if depth > 32 {
                break;
            }
            up = project(api, &id.to_string(), "a parent project")?.parent;
        }
        if up != Some(top.id) {
            anyhow::bail!(
                "{sub:?} ({}) is not a subproject of {:?}; name it with --project in a pull of its own",
                p.identifier,
                top.identifier
            );
        }
        allowed.insert(p.id);
    }
    Ok(allowed)
}

/// One listed issue: `(id, updated_on, is_private, project id)`.
type Listed = (u64, Option<String>, bool, Option<u64>);

/// Pages through `/issues.json`: every listed issue, subprojects' included (Redmine lists
/// them under the parent unless told otherwise; [`published_projects`] decides).
fn list_all(api: &Api, project: &str, progress: &Progress) -> Result<Vec<Listed>> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    loop {
        let mut url = api.url("issues.json")?;
        url.query_pairs_mut()
            .append_pair("project_id", project)
            .append_pair("status_id", "*")
            .append_pair("sort", "id")
            .append_pair("limit", &PAGE.to_string())
            .append_pair("offset", &offset.to_string());
        let shown = url.to_string();
        let page = api
            .get_json_url(
                url,
                &format!("no project {project:?} (check --project: its identifier or numeric id)"),
            )?
            .body;
        let issues = page
            .get("issues")
            .and_then(Value::as_array)
            .with_context(|| {
                format!("{shown}: expected a Redmine issue list {{\"issues\": [...]}}")
            })?;
        let total = page
            .get("total_count")
            .and_then(Value::as_u64)
            .with_context(|| format!("{shown}: the list has no total_count"))?
            as usize;
        for i in issues {
            let id = i
                .get("id")
                .and_then(Value::as_u64)
                .with_context(|| format!("{shown}: an issue without a numeric id"))?;
            let updated = i
                .get("updated_on")
                .and_then(Value::as_str)
                .map(str::to_string);
            let project = i.pointer("/project/id").and_then(Value::as_u64);
            out.push((id, updated, REDMINE.is_private(i), project));
        }
        offset += issues.len();
        progress.tick(offset, Some(total));
        if offset >= total {
            break;
        }
        if issues.len() < PAGE {
            // Redmine fills every page but the last: a short page before total_count means the
            // answer was cut (a proxy, a timeout) or issues vanished mid-pull. Either way the
            // visible set would be wrong, and that set decides what leaves the snapshot.
            return Err(HttpError::Truncated {
                url: shown,
                why: format!(
                    "{} issues on a page before offset {offset} of total_count {total}",
                    issues.len()
                ),
            }
            .into());
        }
    }
    let mut seen = HashSet::new();
    out.retain(|(id, ..)| seen.insert(*id));
    Ok(out)
}

/// The snapshot: Redmine's own list shape, with `total_count` first so format detection sees
/// it in the first bytes whatever the issues hold.
fn snapshot_bytes<'a>(
    issues: impl ExactSizeIterator<Item = &'a Value>,
    markup: Markup,
) -> Result<Vec<u8>> {
    let n = issues.len();
    let mut out = Vec::new();
    // The formatting comes first: `build` reads it from the file's first bytes.
    out.extend_from_slice(
        format!(
            "{{\"{}\": \"{}\", \"total_count\": {n}, \"offset\": 0, \"limit\": {n}, \"issues\": [\n",
            crate::sources::redmine::TEXT_FORMATTING_KEY,
            formatting_name(markup)
        )
        .as_bytes(),
    );
    for (i, issue) in issues.enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut out, issue)?;
    }
    out.extend_from_slice(b"\n]}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Redmine 5's HTML export of a wiki page (`/projects/ID/wiki/PAGE.html`): the page's own
    /// rendering inside a standalone document, headings with their `¶` anchors.
    fn export(body: &str) -> String {
        const HEAD: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n<title>Export_limits</title>\n<style>\nbody { font:80% Verdana,Tahoma,Arial,sans-serif; }\nh1, h2, h3, h4 {  font-family: Trebuchet MS,Georgia,\"Times New Roman\",serif; }\n</style>\n</head>\n<body>\n";
        format!("{HEAD}{body}\n</body>\n</html>\n")
    }

    #[test]
    fn the_formatting_is_the_one_that_renders_like_redmine() {
        let text =
            "h1. Export limits\r\n\r\nh2. Large exports\r\n\r\nUse @Reports@ for *big* ones.";
        let textile = export("<a name=\"Export-limits\"></a>\n<h1 >Export limits<a href=\"#Export-limits\" class=\"wiki-anchor\">&para;</a></h1>\n<a name=\"Large-exports\"></a>\n<h2 >Large exports<a href=\"#Large-exports\" class=\"wiki-anchor\">&para;</a></h2>\n<p>Use <code>Reports</code> for <strong>big</strong> ones.</p>");
        assert_eq!(formatting_from_html(text, &textile), Some(Markup::Textile));
        // The same text on a CommonMark server: no headings, the markers stay text.
        let common_mark = export("<p>h1. Export limits</p>\n<p>h2. Large exports</p>\n<p>Use @Reports@ for <em>big</em> ones.</p>");
        assert_eq!(
            formatting_from_html(text, &common_mark),
            Some(Markup::GithubMarkdown)
        );
        let md = "# Export limits\n\nUse `Reports` for **big** ones.";
        let md_html = export("<a name=\"Export-limits\"></a>\n<h1 >Export limits<a href=\"#Export-limits\" class=\"wiki-anchor\">&para;</a></h1>\n<p>Use <code>Reports</code> for <strong>big</strong> ones.</p>");
        assert_eq!(
            formatting_from_html(md, &md_html),
            Some(Markup::GithubMarkdown)
        );
        // Nothing that tells them apart: no answer.
        assert_eq!(
            formatting_from_html("Plain words.", &export("<p>Plain words.</p>")),
            None
        );
    }

    #[test]
    fn the_snapshot_records_the_formatting_first_and_the_reader_finds_it() {
        let issue: Value = serde_json::json!({"id": 1, "subject": "S"});
        for (m, name) in [
            (Markup::Textile, "textile"),
            (Markup::GithubMarkdown, "common_mark"),
        ] {
            let bytes = snapshot_bytes([&issue].into_iter(), m).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with(&format!(
                    "{{\"text_formatting\": \"{name}\", \"total_count\": 1,"
                )),
                "{text}"
            );
            assert_eq!(crate::sources::redmine::formatting_in(&text), Some(m));
        }
        assert_eq!(
            crate::sources::redmine::formatting_in(
                "{\"total_count\": 1, \"text_formatting\": \"textile\"}"
            ),
            None
        );
    }
}
