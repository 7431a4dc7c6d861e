//! `pull redmine`, second part: the project's wiki → Markdown docs for the knowledge base.
//!
//! `GET /projects/ID/wiki/index.json` lists the pages the key may see (title, parent,
//! updated_on); `GET /projects/ID/wiki/TITLE.json` gives each page's text. A 403 or 404 on the
//! index means the wiki module is off or hidden from this key: "no wiki", not an error. A page
//! that answers 403/404 between the index and its own call is left out.
//!
//! Each page becomes `SLUG.md` with TOML front matter (`title` from the page title with `_` as
//! spaces, `date` from `updated_on`, `weight` by title order) in the wiki folder; a child page
//! goes into a folder named after its parent (`getting-started/install.md`), so the URL shows
//! the hierarchy. The folder is rebuilt on every pull and swapped in whole, so a page deleted
//! or hidden in Redmine leaves the site; it carries a `.porchlight-wiki` marker and a folder
//! without one is never replaced.
//!
//! Text: wiki links (`[[Page]]`, `[[Page|text]]`, `[[Page#Section|text]]`, `[[project:Page]]`)
//! become relative links to the target page; a link to a page that is not published is plain
//! text. `{{toc}}` and other macros are dropped (the site makes its own table of contents);
//! `{{child_pages}}` becomes a list of the children. Markdown pages stay Markdown (links as
//! `../page.md`, which the docs renderer rewrites and checks). Textile pages are rendered to
//! HTML at pull time by the same Textile renderer as ticket text, and written as HTML blocks
//! in the Markdown file, with their headings turned into Markdown headings so the docs
//! renderer gives them ids, `¶` links and a table of contents; their wiki links point at the
//! page URLs directly (`../other-page/`), since the renderer leaves raw HTML links alone.
//! The docs renderer sanitises all of it, as it does every doc.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{bail, Context, Result};
use regex::Regex;
use serde_json::Value;

use super::http::{Api, HttpError};
use super::{parallel_map, Progress, PullOptions};
use crate::model::Markup;

/// The file that marks a folder as written by `pull` (hidden: the docs reader skips it).
pub const MARKER: &str = ".porchlight-wiki";

/// One page as Redmine gives it.
#[derive(Debug, Clone)]
pub struct WikiPage {
    /// Redmine's title (`Getting_started`).
    pub title: String,
    pub parent: Option<String>,
    pub text: String,
    pub updated_on: Option<String>,
}

/// What the wiki pass found.
pub enum Fetched {
    /// The wiki module is off, or the key may not see it (the reason, for the summary).
    NoWiki(String),
    Pages(Vec<WikiPage>),
}

/// Fetches the index and every page the key may see.
pub(super) fn fetch(api: &Api, opts: &PullOptions) -> Result<Fetched> {
    let mut url = api.url("projects")?;
    url.path_segments_mut()
        .map_err(|_| anyhow::anyhow!("{}: cannot be a base URL", api.base()))?
        .push(&opts.project)
        .push("wiki")
        .push("index.json");
    let index = match api.get_json_url(url.clone(), "no wiki") {
        Ok(p) => p.body,
        Err(HttpError::NotFound { .. }) => return Ok(Fetched::NoWiki("HTTP 404".into())),
        Err(HttpError::Forbidden { .. }) => return Ok(Fetched::NoWiki("HTTP 403".into())),
        Err(e) => return Err(e.into()),
    };
    let list = index
        .get("wiki_pages")
        .and_then(Value::as_array)
        .with_context(|| format!("{url}: expected {{\"wiki_pages\": [...]}}"))?;
    let mut titles: Vec<String> = Vec::new();
    for p in list {
        let t = p
            .get("title")
            .and_then(Value::as_str)
            .with_context(|| format!("{url}: a wiki page without a title"))?;
        titles.push(t.to_string());
    }
    titles.sort();
    titles.dedup();
    let progress = Progress::new(opts.progress, "fetching wiki pages");
    let pages = parallel_map(&titles, opts.concurrency, &progress, |title| {
        let mut url = api.url("projects")?;
        if let Ok(mut s) = url.path_segments_mut() {
            s.push(&opts.project)
                .push("wiki")
                .push(&format!("{title}.json"));
        }
        match api.get_json_url(url, "wiki page") {
            Ok(p) => Ok(Some(p.body)),
            Err(HttpError::NotFound { .. }) | Err(HttpError::Forbidden { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    })?;
    progress.finish();
    let mut out = Vec::new();
    for body in pages.into_iter().flatten() {
        let p = &body["wiki_page"];
        let Some(title) = p["title"].as_str() else {
            bail!(
                "{}: a wiki page answer without \"wiki_page\".\"title\"",
                api.base()
            );
        };
        out.push(WikiPage {
            title: title.to_string(),
            parent: p["parent"]["title"].as_str().map(str::to_string),
            text: p["text"].as_str().unwrap_or_default().to_string(),
            updated_on: p["updated_on"].as_str().map(str::to_string),
        });
    }
    Ok(Fetched::Pages(out))
}

/// Redmine's `Wiki.titleize`, lower-cased: how a `[[link]]` names a page (case-insensitive).
fn title_key(t: &str) -> String {
    let t: String = t.split_whitespace().collect::<Vec<_>>().join("_");
    t.chars()
        .filter(|c| !",./?;|:".contains(*c))
        .collect::<String>()
        .to_lowercase()
}

/// `Getting_started` → `Getting started`.
fn display_title(t: &str) -> String {
    t.replace('_', " ").trim().to_string()
}

/// Each page's path below the wiki folder, without `.md` (`getting-started/install`), in
/// title order; children sit in a folder named like their parent.
fn paths(pages: &[WikiPage]) -> Vec<String> {
    let by_key: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (title_key(&p.title), i))
        .collect();
    let mut out: Vec<Option<String>> = vec![None; pages.len()];
    let mut taken: HashSet<String> = HashSet::new();
    fn resolve(
        i: usize,
        pages: &[WikiPage],
        by_key: &HashMap<String, usize>,
        out: &mut Vec<Option<String>>,
        taken: &mut HashSet<String>,
        depth: usize,
    ) -> String {
        if let Some(p) = &out[i] {
            return p.clone();
        }
        let parent = pages[i]
            .parent
            .as_deref()
            .and_then(|t| by_key.get(&title_key(t)).copied())
            .filter(|&j| j != i && depth < 32)
            .map(|j| resolve(j, pages, by_key, out, taken, depth + 1));
        let mut seg = crate::markup::slugify(&display_title(&pages[i].title));
        if seg.is_empty() {
            seg = "page".into();
        }
        let base = match &parent {
            Some(p) => format!("{p}/{seg}"),
            None => seg,
        };
        let mut path = base.clone();
        let mut n = 2;
        while !taken.insert(path.clone()) {
            path = format!("{base}-{n}");
            n += 1;
        }
        out[i] = Some(path.clone());
        path
    }
    for i in 0..pages.len() {
        resolve(i, pages, &by_key, &mut out, &mut taken, 0);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

static WIKI_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(!)?\[\[([^\[\]\n]+?)\]\]").unwrap());
static MACRO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*([A-Za-z_]+)(?:\([^)\n]*\))?\s*\}\}").unwrap());
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<h([1-6])>(.*)</h[1-6]>$").unwrap());

/// Turns pulled pages into `(relative file path, file content)`, in path order.
pub fn to_docs(pages: &[WikiPage], project: &str, markup: Markup) -> Vec<(String, String)> {
    let mut pages: Vec<WikiPage> = pages.to_vec();
    pages.sort_by(|a, b| a.title.cmp(&b.title));
    let paths = paths(&pages);
    let by_key: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (title_key(&p.title), i))
        .collect();
    let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(j) = p.parent.as_deref().and_then(|t| by_key.get(&title_key(t))) {
            if *j != i {
                children.entry(*j).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let from = &paths[i];
        let depth = from.split('/').count();
        // A link from this page to page `j`: `../x.md` for Markdown (the renderer rewrites
        // it), the page URL `../x/` for HTML written at pull time.
        let link = |j: usize, anchor: Option<&str>, html: bool| -> String {
            let mut s = if html {
                format!("{}{}/", "../".repeat(depth), paths[j])
            } else {
                format!("{}{}.md", "../".repeat(depth - 1), paths[j])
            };
            if let Some(a) = anchor.map(crate::markup::slugify).filter(|a| !a.is_empty()) {
                s.push('#');
                s.push_str(&a);
            }
            s
        };
        let title = display_title(&page.title);
        let html_mode = markup == Markup::Textile;
        // Inline replacements the Textile renderer must not touch: private-use placeholders.
        let mut held: Vec<String> = Vec::new();
        let hold = |html: String, held: &mut Vec<String>| -> String {
            held.push(html);
            format!("\u{E000}{}\u{E001}", held.len() - 1)
        };
        let mut text = String::with_capacity(page.text.len());
        let mut in_code = false;
        for line in page
            .text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
        {
            let t = line.trim_start();
            let fence = t.starts_with("```") || t.starts_with("~~~");
            let pre_open = t.to_ascii_lowercase().starts_with("<pre");
            let pre_close = t.to_ascii_lowercase().contains("</pre>");
            if in_code || fence || (html_mode && pre_open) {
                text.push_str(line);
                text.push('\n');
                if fence && !html_mode {
                    in_code = !in_code;
                } else if html_mode && (pre_open || in_code) {
                    in_code = !pre_close;
                }
                continue;
            }
            if !html_mode && (line.starts_with("    ") || line.starts_with('\t')) {
                text.push_str(line);
                text.push('\n');
                continue;
            }
            // {{child_pages}} on its own line: a list of the children.
            if let Some(c) = MACRO
                .captures(t.trim_end())
                .filter(|c| c[0].len() == t.trim_end().len())
            {
                if c[1].eq_ignore_ascii_case("child_pages") {
                    for &k in children.get(&i).into_iter().flatten() {
                        let label = display_title(&pages[k].title);
                        if html_mode {
                            let a = format!(
                                "<a href=\"{}\">{}</a>",
                                crate::markup::escape_html(&link(k, None, true)),
                                crate::markup::escape_html(&label)
                            );
                            text.push_str(&format!("* {}\n", hold(a, &mut held)));
                        } else {
                            text.push_str(&format!(
                                "- [{}]({})\n",
                                md_escape(&label),
                                link(k, None, false)
                            ));
                        }
                    }
                }
                continue;
            }
            let line = MACRO.replace_all(line, "");
            let line = WIKI_LINK.replace_all(&line, |c: &regex::Captures| {
                let raw = &c[2];
                if c.get(1).is_some() {
                    // `![[Page]]` is Redmine's escape for a literal `[[Page]]`.
                    return if html_mode {
                        hold(
                            crate::markup::escape_html(&format!("[[{raw}]]")).into_owned(),
                            &mut held,
                        )
                    } else {
                        format!("\\[\\[{}\\]\\]", md_escape(raw))
                    };
                }
                let (target, label) = match raw.split_once('|') {
                    Some((t, l)) => (t.trim(), Some(l.trim())),
                    None => (raw.trim(), None),
                };
                // `[[project:Page]]`: only this project's pages are on the site.
                let (other_project, target) = match target.split_once(':') {
                    Some((p, t)) if p.trim() == project => (false, t),
                    Some((_, _)) => (true, target),
                    None => (false, target),
                };
                let (page_part, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target, None),
                };
                let label = label
                    .filter(|l| !l.is_empty())
                    .unwrap_or(target)
                    .to_string();
                let found = if other_project {
                    None
                } else if page_part.trim().is_empty() {
                    Some(i)
                } else {
                    by_key.get(&title_key(page_part)).copied()
                };
                match (found, html_mode) {
                    (Some(j), true) => hold(
                        format!(
                            "<a href=\"{}\">{}</a>",
                            crate::markup::escape_html(&link(j, anchor, true)),
                            crate::markup::escape_html(&label)
                        ),
                        &mut held,
                    ),
                    (Some(j), false) => {
                        format!("[{}]({})", md_escape(&label), link(j, anchor, false))
                    }
                    (None, true) => {
                        hold(crate::markup::escape_html(&label).into_owned(), &mut held)
                    }
                    (None, false) => md_escape(&label),
                }
            });
            text.push_str(&line);
            text.push('\n');
        }
        let body = if html_mode {
            let mut html = crate::markup::textile::to_html(&text);
            for (n, h) in held.iter().enumerate() {
                html = html.replace(&format!("\u{E000}{n}\u{E001}"), h);
            }
            html_to_md_blocks(&html, &title)
        } else {
            strip_title_heading(&text, &title)
        };
        let mut fm = String::from("+++\n");
        fm.push_str(&format!("title = {}\n", toml::Value::String(title.clone())));
        if let Some(d) = page.updated_on.as_deref().filter(|d| is_utc_timestamp(d)) {
            fm.push_str(&format!("date = {d}\n"));
        }
        let siblings_before = pages[..i]
            .iter()
            .filter(|p| {
                title_key(p.parent.as_deref().unwrap_or(""))
                    == title_key(page.parent.as_deref().unwrap_or(""))
            })
            .count();
        fm.push_str(&format!("weight = {}\n", siblings_before + 1));
        fm.push_str("+++\n");
        out.push((
            format!("{from}.md"),
            format!("{fm}{}", body.trim_start_matches('\n')),
        ));
    }
    out.sort();
    out
}

fn is_utc_timestamp(s: &str) -> bool {
    static TS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$").unwrap());
    TS.is_match(s)
}

/// Escapes Markdown punctuation in text that must stay literal (link labels, headings).
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if "\\`*_[]#!~|<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Drops a leading `# Title` that repeats the page title (the page template shows it).
fn strip_title_heading(md: &str, title: &str) -> String {
    let trimmed = md.trim_start_matches(['\n', ' ']);
    if let Some(first) = trimmed.lines().next() {
        if let Some(h) = first.strip_prefix("# ") {
            if h.trim().eq_ignore_ascii_case(title) {
                return trimmed[first.len()..].trim_start_matches('\n').to_string();
            }
        }
    }
    md.to_string()
}

/// Textile's HTML as Markdown: headings become Markdown headings (ids, `¶`, table of contents
/// from the docs renderer), everything else stays as HTML blocks, separated so that a blank
/// line inside a `<pre>` cannot end a block early.
fn html_to_md_blocks(html: &str, title: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut in_pre = false;
    let mut first_block = true;
    for line in html.split('\n') {
        if in_pre {
            out.push_str(line);
            out.push('\n');
            if line.contains("</pre>") {
                in_pre = false;
                out.push('\n');
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if let Some(c) = HEADING.captures(line) {
            let level: usize = c[1].parse().unwrap_or(2);
            let inner = &c[2];
            let is_title =
                first_block && level == 1 && html_text(inner).trim().eq_ignore_ascii_case(title);
            first_block = false;
            if !is_title {
                out.push('\n');
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&escape_outside_tags(inner));
                out.push_str("\n\n");
            }
            continue;
        }
        first_block = false;
        if line.starts_with("<pre") {
            out.push('\n');
            out.push_str(line);
            out.push('\n');
            if line.contains("</pre>") {
                out.push('\n');
            } else {
                in_pre = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Markdown-escapes the text between HTML tags, leaving tags and entities as they are.
fn escape_outside_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            _ if !in_tag && "\\`*_[]#!~|".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text of a snippet of HTML (tags dropped, the common entities decoded).
fn html_text(s: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
    TAG.replace_all(s, "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Replaces `dir` with exactly `files` (and the marker), atomically from a reader's view:
/// everything is written to a sibling temp folder first. A folder without the marker that is
/// not empty is refused, so `--wiki` can never wipe someone's docs.
pub(super) fn replace_dir(dir: &Path, files: &[(String, String)]) -> Result<()> {
    check_ours(dir)?;
    let (parent, name) = split(dir)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| -> Result<()> {
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        for (rel, content) in files {
            let p = tmp.join(rel);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d)
                    .with_context(|| format!("cannot create {}", d.display()))?;
            }
            std::fs::write(&p, content).with_context(|| format!("cannot write {}", p.display()))?;
        }
        std::fs::write(
            tmp.join(MARKER),
            "Written by `porchlight pull redmine`; replaced on every pull.\n",
        )?;
        if dir.exists() {
            std::fs::rename(dir, &old)
                .with_context(|| format!("cannot move {} aside", dir.display()))?;
        }
        std::fs::rename(&tmp, dir)
            .with_context(|| format!("cannot move the new wiki into {}", dir.display()))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        if old.exists() && !dir.exists() {
            let _ = std::fs::rename(&old, dir);
        }
    }
    result
}

/// Removes a wiki folder `pull` wrote before (the wiki was switched off or hidden).
pub(super) fn remove_dir(dir: &Path) -> Result<bool> {
    if dir.join(MARKER).is_file() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
        return Ok(true);
    }
    Ok(false)
}

pub(super) fn check_ours(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!(
            "{} exists and is not a folder; choose another --wiki folder",
            dir.display()
        );
    }
    let empty = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .next()
        .is_none();
    if !empty && !dir.join(MARKER).is_file() {
        bail!(
            "{} holds files `porchlight pull` did not write; choose another --wiki folder (pull replaces it as a whole)",
            dir.display()
        );
    }
    Ok(())
}

fn split(dir: &Path) -> Result<(PathBuf, String)> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("{}: not a usable folder name for the wiki", dir.display()))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, parent: Option<&str>, text: &str) -> WikiPage {
        WikiPage {
            title: title.into(),
            parent: parent.map(Into::into),
            text: text.into(),
            updated_on: Some("2026-03-04T02:14:42Z".into()),
        }
    }

    #[test]
    fn hierarchy_links_and_front_matter_markdown() {
        let pages = vec![
            page("Wiki", None, "# Wiki\r\n\r\nStart at [[Getting started]] or [[Install#Linux box|Linux]].\r\n{{toc}}\r\n{{child_pages}}\r\n```\r\n[[Wiki]] in code\r\n```\r\n[[Nowhere]] and [[other:Wiki]]."),
            page("Getting_started", Some("Wiki"), "Back to [[wiki|home]]."),
            page("Install", Some("Getting_started"), "See [[Getting_started]]."),
        ];
        let docs = to_docs(&pages, "acme", Markup::Markdown);
        let names: Vec<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "wiki.md",
                "wiki/getting-started.md",
                "wiki/getting-started/install.md"
            ]
        );
        let wiki = &docs[0].1;
        assert!(
            wiki.starts_with("+++\ntitle = \"Wiki\"\ndate = 2026-03-04T02:14:42Z\nweight = "),
            "{wiki}"
        );
        assert!(!wiki.contains("# Wiki"), "title heading dropped: {wiki}");
        assert!(
            wiki.contains("[Getting started](wiki/getting-started.md)"),
            "{wiki}"
        );
        assert!(
            wiki.contains("[Linux](wiki/getting-started/install.md#linux-box)"),
            "{wiki}"
        );
        assert!(
            wiki.contains("- [Getting started](wiki/getting-started.md)"),
            "child_pages: {wiki}"
        );
        assert!(wiki.contains("[[Wiki]] in code"), "code untouched: {wiki}");
        assert!(
            wiki.contains("Nowhere and other:Wiki."),
            "unknown targets are text: {wiki}"
        );
        assert!(!wiki.contains("toc"));
        assert!(docs[1].1.contains("[home](../wiki.md)"), "{}", docs[1].1);
        assert!(
            docs[2]
                .1
                .contains("[Getting\\_started](../../wiki/getting-started.md)"),
            "{}",
            docs[2].1
        );
        for (_, d) in &docs {
            crate::sources::docs::parse_doc("x.md", "x", d).expect("front matter parses");
        }
    }

    #[test]
    fn textile_pages_become_html_blocks_with_markdown_headings() {
        let pages = vec![
            page("Faq", None, "h1. Faq\n\nh2. Billing *money*\n\n* one [[Refunds|refunds]]\n* two\n\n<pre>\na\n\n[[Refunds]]\n</pre>\n\nEnd _here_."),
            page("Refunds", Some("Faq"), "h2. Card_payments\n\nText."),
        ];
        let docs = to_docs(&pages, "acme", Markup::Textile);
        let faq = &docs[0].1;
        assert!(!faq.contains("# Faq"), "{faq}");
        assert!(
            faq.contains("+++\n## Billing <strong>money</strong>\n"),
            "{faq}"
        );
        assert!(
            faq.contains("<li>one <a href=\"../faq/refunds/\">refunds</a></li>"),
            "{faq}"
        );
        assert!(
            faq.contains("\n\n<pre><code>a\n\n[[Refunds]]</code></pre>\n\n"),
            "{faq}"
        );
        assert!(faq.contains("<em>here</em>"), "{faq}");
        assert!(docs[1].1.contains("## Card\\_payments"), "{}", docs[1].1);
    }
}
