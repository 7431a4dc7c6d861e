//! Reads the knowledge base: a folder of Markdown files with TOML front matter (`+++`), YAML
//! front matter (`---`) or none, as the docs teams already have are written.
//!
//! Symlinks are not followed, so a link inside `content/docs` cannot pull files from outside
//! it into the site. Hidden files and folders (`.git`, `.draft.md`) are skipped.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::SourceError;
use crate::model::{AssetFile, Doc, DocAssets};

/// Reads every `*.md` file below `dir`, in path order, and lists the folder's other files
/// (the assets docs may reference; see [`DocAssets`]).
pub(crate) fn read_dir(dir: &Path) -> Result<(Vec<Doc>, DocAssets), SourceError> {
    if !dir.is_dir() {
        return Err(SourceError::Io {
            file: dir.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the docs folder does not exist",
            ),
        });
    }
    let mut docs = Vec::new();
    let mut rels = Vec::new();
    let mut assets = DocAssets::default();
    super::visible_entries(dir, |entry| {
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            assets.links.insert(rel_text);
        } else if !entry.file_type().is_file() {
            // A folder: its files come as entries of their own.
        } else if path.extension().is_some_and(|x| x == "md") {
            if entry.depth() == 1 && NAV_FILES.contains(&rel_text.as_str()) {
                // The navigation of an mdBook book or a GitHub wiki, not a page.
                return Ok(());
            }
            docs.push(read_doc(dir, path)?);
            rels.push(rel_text);
        } else {
            let size = imagesize::size(path)
                .ok()
                .filter(|_| is_image(path))
                .map(|s| (s.width as u32, s.height as u32));
            assets.files.insert(
                rel_text,
                AssetFile {
                    path: path.to_path_buf(),
                    size,
                },
            );
        }
        Ok(())
    })?;
    if let Some(order) = nav_order(dir, &rels)? {
        for (d, rel) in docs.iter_mut().zip(&rels) {
            d.nav = order.get(rel.as_str()).copied();
        }
    }
    Ok((docs, assets))
}

/// The order a docs folder's own navigation gives its pages, by path below the folder: mdBook's
/// `SUMMARY.md`, the `nav:` of an `mkdocs.yml` beside the folder, or a GitHub wiki's
/// `_Sidebar.md` (which names pages without `.md`). `None` when there is none.
fn nav_order(
    dir: &Path,
    rels: &[String],
) -> Result<Option<std::collections::HashMap<String, u32>>, SourceError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| SourceError::Io {
            file: p.display().to_string(),
            source,
        })
    };
    let mut paths: Vec<String> = Vec::new();
    let summary = dir.join("SUMMARY.md");
    let sidebar = dir.join("_Sidebar.md");
    let mkdocs = dir.parent().map(|p| p.join("mkdocs.yml"));
    if summary.is_file() {
        paths = markdown_link_targets(&read(&summary)?);
    } else if let Some(mkdocs) = mkdocs.filter(|p| p.is_file()) {
        let text = read(&mkdocs)?;
        let value: serde_json::Value =
            yaml_serde::from_str(&text).map_err(|e| SourceError::Invalid {
                file: mkdocs.display().to_string(),
                place: format!("line {}", e.location().map_or(1, |l| l.line())),
                msg: e.to_string(),
            })?;
        if let Some(nav) = value.get("nav") {
            collect_md_paths(nav, &mut paths);
        }
    } else if sidebar.is_file() {
        // Wiki links name a page: "Installation", "Getting-Started" or "Getting Started".
        let key = |s: &str| {
            s.trim_end_matches(".md")
                .replace([' ', '-'], "")
                .to_lowercase()
        };
        let by_name: std::collections::HashMap<String, &String> =
            rels.iter().map(|r| (key(r), r)).collect();
        paths = markdown_link_targets(&read(&sidebar)?)
            .iter()
            .filter_map(|t| by_name.get(&key(t)).map(|r| r.to_string()))
            .collect();
    } else {
        return Ok(None);
    }
    let mut order = std::collections::HashMap::new();
    for p in paths {
        let p = p.trim_start_matches("./").to_string();
        let n = order.len() as u32;
        order.entry(p).or_insert(n);
    }
    Ok(Some(order))
}

/// The targets of `[text](target)` and `[[Page]]` / `[[Text|Page]]` links, in order, without
/// `#fragments`.
fn markdown_link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let a = rest.find("](");
        let b = rest.find("[[");
        match (a, b) {
            (Some(i), bb) if bb.is_none_or(|j| i < j) => {
                rest = &rest[i + 2..];
                let end = rest.find(')').unwrap_or(rest.len());
                let target = rest[..end].split('#').next().unwrap_or("").trim();
                if !target.is_empty() && !target.contains("://") {
                    out.push(target.to_string());
                }
                rest = &rest[end..];
            }
            (_, Some(j)) => {
                rest = &rest[j + 2..];
                let end = rest.find("]]").unwrap_or(rest.len());
                let inner = &rest[..end];
                let page = inner.rsplit('|').next().unwrap_or(inner).trim();
                out.push(page.to_string());
                rest = &rest[end..];
            }
            _ => return out,
        }
    }
}

/// Every string ending in `.md` in an mkdocs `nav:` value, in order.
fn collect_md_paths(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.ends_with(".md") => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_md_paths(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| collect_md_paths(x, out)),
        _ => {}
    }
}

/// Files at the top of a docs folder that hold navigation, not a page: mdBook's table of
/// contents and a GitHub wiki's sidebar and footer.
const NAV_FILES: [&str; 3] = ["SUMMARY.md", "_Sidebar.md", "_Footer.md"];

/// Whether a file is an image by its extension (only those are measured).
fn is_image(path: &Path) -> bool {
    const IMAGES: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp"];
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| IMAGES.iter().any(|i| x.eq_ignore_ascii_case(i)))
}

fn read_doc(dir: &Path, path: &Path) -> Result<Doc, SourceError> {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let text = std::fs::read(path).map_err(|source| SourceError::Io {
        file: path.display().to_string(),
        source,
    })?;
    let text = String::from_utf8(text).map_err(|e| SourceError::Invalid {
        file: path.display().to_string(),
        place: format!("byte {}", e.utf8_error().valid_up_to()),
        msg: "the file is not valid UTF-8".into(),
    })?;
    let mut slug = rel.with_extension("").to_string_lossy().replace('\\', "/");
    if slug == "index" || slug.ends_with("/index") {
        slug.truncate(slug.len() - "index".len());
    }
    let mut doc = parse_doc(&path.display().to_string(), slug.trim_matches('/'), &text)?;
    doc.folder = rel
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    Ok(doc)
}

/// The language a doc of a multilingual site is written in, and its slug without the
/// language: below a folder named for one of the site's `languages` (`de/billing/refunds.md`,
/// slug "de/billing/refunds") or with the language before `.md` (`billing/refunds.de.md`,
/// slug "billing/refunds.de"; `index.de.md` is the German index of its folder). Any other
/// doc is in the default language. A folder or suffix that names no language of the site is
/// part of the slug, as on a site in one language.
pub(crate) fn doc_language(slug: &str, languages: &[String], default: &str) -> (String, String) {
    let known = |code: &str| languages.iter().any(|l| l == code);
    let (first, rest) = slug.split_once('/').unwrap_or((slug, ""));
    if known(first) {
        return (first.to_string(), rest.to_string());
    }
    let (folder, name) = match slug.rsplit_once('/') {
        Some((f, n)) => (Some(f), n),
        None => (None, slug),
    };
    if let Some((stem, code)) = name.rsplit_once('.') {
        if known(code) {
            let stem = if stem == "index" { "" } else { stem };
            let slug = match folder {
                Some(f) if stem.is_empty() => f.to_string(),
                Some(f) => format!("{f}/{stem}"),
                None => stem.to_string(),
            };
            return (code.to_string(), slug);
        }
    }
    (default.to_string(), slug.to_string())
}

/// Why a site in one language leaves docs out: see [`is_translation`].
pub const OTHER_LANGUAGES: &str =
    "docs translated into other languages (page.de.md; add the language to `languages` to publish them)";

/// On a site in one language: whether the doc at `slug` is a translation (`invoices.de.md`)
/// into another language the default theme ships, which only a site with that language in
/// `languages` publishes. Folders (`de/…`) are not read as languages here: on a site in one
/// language a folder is a folder, as it always was.
pub(crate) fn is_translation(slug: &str, language: &str) -> bool {
    let name = slug.rsplit('/').next().unwrap_or(slug);
    name.rsplit_once('.')
        .is_some_and(|(_, code)| code != language && crate::i18n::SHIPPED.contains(&code))
}

/// The front matter keys a doc may set; any other key is a warning naming it.
const KNOWN_KEYS: [&str; 7] = [
    "title",
    "description",
    "date",
    "tags",
    "weight",
    "draft",
    "aliases",
];

/// Parses one Markdown document: TOML front matter between `+++` lines, YAML between `---`
/// lines, or none (the title is then the first `# ` heading, else the file name).
pub fn parse_doc(file: &str, slug: &str, text: &str) -> Result<Doc, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let invalid = |place: String, msg: String| SourceError::Invalid {
        file: file.to_string(),
        place,
        msg,
    };
    let (fence, kind) = if text.starts_with("+++") {
        ("+++", "TOML")
    } else if text.starts_with("---") {
        ("---", "YAML")
    } else {
        return Ok(doc_without_front_matter(file, slug, text));
    };
    let rest = &text[3..];
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(|| {
            invalid(
                "line 1".into(),
                format!("expected a line break after the opening {fence}"),
            )
        })?;
    let end = find_closing(rest, fence).ok_or_else(|| {
        invalid(
            "front matter".into(),
            format!("the {kind} front matter is not closed by a {fence} line"),
        )
    })?;
    let (fm_text, body) = (&rest[..end.0], &rest[end.1..]);
    let table = if fence == "+++" {
        let table: toml::Table = toml::from_str(fm_text).map_err(|e| {
            let line = e
                .span()
                .map(|s| fm_text[..s.start.min(fm_text.len())].matches('\n').count() + 2)
                .unwrap_or(1);
            invalid(
                format!("line {line}"),
                e.message().trim().replace('\n', "; "),
            )
        })?;
        table
            .into_iter()
            .map(|(k, v)| (k, toml_to_json(v)))
            .collect()
    } else {
        yaml_table(fm_text).map_err(|(line, msg)| invalid(format!("line {line}"), msg))?
    };
    let mut doc = doc_from_table(file, slug, table)?;
    doc.body_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    if doc.title.is_empty() {
        let (title, body) = title_of(file, slug, body);
        doc.title = title;
        doc.body = body;
    } else {
        doc.body = body.to_string();
    }
    Ok(doc)
}

/// A doc with no front matter: the first `# ` heading is its title (and leaves the body, as
/// the page shows the title itself), else the file name.
fn doc_without_front_matter(file: &str, slug: &str, text: &str) -> Doc {
    let (title, body) = title_of(file, slug, text);
    Doc {
        slug: slug.to_string(),
        title,
        body,
        source: file.to_string(),
        body_line: 1,
        ..Doc::default()
    }
}

/// The title of a doc whose front matter has none, and its body: the first `# ` heading
/// outside code blocks (taken out of the body), else the file name ("getting-started.md" →
/// "Getting started"; an `index.md` takes its folder's name).
fn title_of(file: &str, slug: &str, body: &str) -> (String, String) {
    let mut fence: Option<&str> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_end();
        let lead = t.trim_start();
        match fence {
            Some(f) if lead.starts_with(f) => fence = None,
            Some(_) => {}
            None if lead.starts_with("```") => fence = Some("```"),
            None if lead.starts_with("~~~") => fence = Some("~~~"),
            None if t.starts_with("# ") || t == "#" => {
                let title = t.trim_start_matches('#').trim();
                // `# Title {#id}`: the id belongs to the heading, not to the title.
                let title = match title.rfind(" {#") {
                    Some(i) if title.ends_with('}') => title[..i].trim_end(),
                    _ => title,
                };
                let title = title.trim_end_matches('#').trim();
                if !title.is_empty() {
                    // An empty line in its place keeps the lines of the rest where they were
                    // (messages name lines of the file).
                    let mut rest = String::with_capacity(body.len());
                    rest.push_str(&body[..pos]);
                    rest.push('\n');
                    rest.push_str(&body[pos + line.len()..]);
                    return (title.to_string(), rest);
                }
            }
            None => {}
        }
        pos += line.len();
    }
    (title_from_name(file, slug), body.to_string())
}

/// "billing/card-payments" → "Card payments"; the root index takes "Documentation".
fn title_from_name(file: &str, slug: &str) -> String {
    let stem = slug
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_str().unwrap_or(""))
                .unwrap_or("")
        });
    let stem = if stem.is_empty() || stem == "index" {
        "Documentation"
    } else {
        stem
    };
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Documentation".to_string(),
    }
}

/// YAML front matter as a table; on a syntax error the line in the file (the opening `---`
/// is line 1) and the parser's message.
fn yaml_table(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, (usize, String)> {
    if text.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    let value: serde_json::Value = yaml_serde::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
        // The message ends with its own " at line L column C" (within the front matter);
        // the place names the line in the file instead.
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        (line, msg)
    })?;
    match value {
        serde_json::Value::Object(map) => Ok(map),
        serde_json::Value::Null => Ok(serde_json::Map::new()),
        _ => Err((2, "expected `key: value` lines".to_string())),
    }
}

fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The doc of a front matter table (TOML or YAML, read into one shape); unknown keys become
/// warnings, a known key of the wrong type an error naming it.
fn doc_from_table(
    file: &str,
    slug: &str,
    table: serde_json::Map<String, serde_json::Value>,
) -> Result<Doc, SourceError> {
    use serde_json::Value as J;
    let wrong = |key: &str, expected: &str| SourceError::Invalid {
        file: file.to_string(),
        place: format!("front matter: {key}"),
        msg: format!("expected {expected}"),
    };
    let text = |key: &str, v: J| match v {
        J::String(s) => Ok(s),
        J::Number(n) => Ok(n.to_string()),
        _ => Err(wrong(key, "text")),
    };
    let list = |key: &str, v: J| match v {
        J::Array(a) => a
            .into_iter()
            .map(|x| match x {
                J::String(s) => Ok(s),
                J::Number(n) => Ok(n.to_string()),
                _ => Err(wrong(key, "a list of text values")),
            })
            .collect::<Result<Vec<String>, _>>(),
        J::String(s) => Ok(vec![s]),
        J::Null => Ok(Vec::new()),
        _ => Err(wrong(key, "a list of text values")),
    };
    let mut doc = Doc {
        slug: slug.to_string(),
        source: file.to_string(),
        ..Doc::default()
    };
    for (key, v) in table {
        match key.as_str() {
            "title" => doc.title = text("title", v)?.trim().to_string(),
            "description" => doc.description = Some(text("description", v)?),
            "date" => {
                let d = text("date", v)?;
                doc.date = Some(parse_date(&d).ok_or_else(|| SourceError::Invalid {
                    file: file.to_string(),
                    place: "front matter: date".into(),
                    msg: format!("{d} is not a date (expected 2026-03-01 or 2026-03-01T09:00:00Z)"),
                })?);
            }
            "tags" => doc.tags = list("tags", v)?,
            "aliases" => doc.aliases = list("aliases", v)?,
            "weight" => {
                doc.weight = v
                    .as_i64()
                    .ok_or_else(|| wrong("weight", "a whole number"))?
            }
            "draft" => doc.draft = v.as_bool().ok_or_else(|| wrong("draft", "true or false"))?,
            _ => doc.warnings.push(format!(
                "{file}: unknown front matter key `{key}` ignored (known: {})",
                KNOWN_KEYS.join(", ")
            )),
        }
    }
    Ok(doc)
}

/// Byte range of the closing `fence` line: (start of it, start of the body after it).
fn find_closing(s: &str, fence: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// A front matter date: RFC 3339, a day, or a local date and time (read as UTC).
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day.and_hms_opt(0, 0, 0)?.and_utc());
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_language_comes_from_its_folder_or_its_suffix() {
        let langs: Vec<String> = ["en", "de", "fr"].map(String::from).into();
        let lang = |slug: &str| doc_language(slug, &langs, "en");
        let pair = |l: &str, s: &str| (l.to_string(), s.to_string());
        assert_eq!(lang("billing/refunds"), pair("en", "billing/refunds"));
        assert_eq!(lang("de/billing/refunds"), pair("de", "billing/refunds"));
        assert_eq!(lang("billing/refunds.fr"), pair("fr", "billing/refunds"));
        assert_eq!(lang("refunds.de"), pair("de", "refunds"));
        // `de/index.md` and `index.de.md`: the German docs index; `billing/index.de.md`.
        assert_eq!(lang("de"), pair("de", ""));
        assert_eq!(lang("index.de"), pair("de", ""));
        assert_eq!(lang("billing/index.de"), pair("de", "billing"));
        assert_eq!(lang("en/faq"), pair("en", "faq"));
        // Not a language of the site: part of the slug.
        assert_eq!(lang("nl/faq"), pair("en", "nl/faq"));
        assert_eq!(lang("release-1.2"), pair("en", "release-1.2"));
        assert_eq!(lang("notes.es"), pair("en", "notes.es"));
    }

    #[test]
    fn front_matter_and_body() {
        let d = parse_doc(
            "a.md",
            "x/a",
            "+++\ntitle = \"Hi\"\ndate = 2026-03-01\n+++\n# Body\n",
        )
        .unwrap();
        assert_eq!(d.title, "Hi");
        assert_eq!(d.body, "# Body\n");
        assert_eq!(d.date.unwrap().to_rfc3339(), "2026-03-01T00:00:00+00:00");
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let e = parse_doc("docs/a.md", "a", "+++\ntitle = \"Hi\"\ntags = [1,\n+++\nx").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md: at line 4: invalid array; expected `]`"
        );
        let e = parse_doc("docs/a.md", "a", "+++\ntitle = \"x\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md: at front matter: the TOML front matter is not closed by a +++ line"
        );
        let e = parse_doc("docs/a.md", "a", "---\ntitle: Hi\ntags: [a, b\n---\nx").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md: at line 4: did not find expected ',' or ']'"
        );
        let e = parse_doc("docs/a.md", "a", "---\ntitle: x\nweight: heavy\n---\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md: at front matter: weight: expected a whole number"
        );
    }

    #[test]
    fn nav_files_give_link_targets_in_order() {
        assert_eq!(
            markdown_link_targets("# Summary\n[Intro](README.md)\n- [A](a/x.md#top)\n* [[Getting Started]] [[Text|FAQ]] [web](https://e.example/)\n"),
            ["README.md", "a/x.md", "Getting Started", "FAQ"]
        );
        let nav: serde_json::Value =
            yaml_serde::from_str("- Home: index.md\n- Guide:\n    - b.md\n    - A: a.md\n")
                .unwrap();
        let mut out = Vec::new();
        collect_md_paths(&nav, &mut out);
        assert_eq!(out, ["index.md", "b.md", "a.md"]);
    }

    #[test]
    fn yaml_front_matter_reads_every_key() {
        let d = parse_doc(
            "docs/a.md",
            "a",
            "---\ntitle: \"Refunds: how\"\ndescription: Money back\ndate: 2026-03-01\ntags: [billing, cards]\nweight: 3\ndraft: false\naliases:\n  - old/refunds\nsidebar_position: 2\n---\nBody\n",
        )
        .unwrap();
        assert_eq!(d.title, "Refunds: how");
        assert_eq!(d.description.as_deref(), Some("Money back"));
        assert_eq!(d.date.unwrap().to_rfc3339(), "2026-03-01T00:00:00+00:00");
        assert_eq!(d.tags, ["billing", "cards"]);
        assert_eq!(d.weight, 3);
        assert_eq!(d.aliases, ["old/refunds"]);
        assert_eq!(d.body, "Body\n");
        assert_eq!(d.body_line, 12);
        assert_eq!(
            d.warnings,
            ["docs/a.md: unknown front matter key `sidebar_position` ignored (known: title, description, date, tags, weight, draft, aliases)"]
        );
    }

    #[test]
    fn without_front_matter_the_title_is_the_first_heading_or_the_file_name() {
        let d = parse_doc(
            "docs/guide/setup.md",
            "guide/setup",
            "```\n# not a heading\n```\n# Setting up {#setup}\n\nText\n## More\n",
        )
        .unwrap();
        assert_eq!(d.title, "Setting up");
        assert_eq!(d.body, "```\n# not a heading\n```\n\n\nText\n## More\n");
        assert_eq!(d.body_line, 1);
        let d = parse_doc("docs/getting-started.md", "getting-started", "Just text.\n").unwrap();
        assert_eq!(d.title, "Getting started");
        assert_eq!(d.body, "Just text.\n");
        let d = parse_doc("docs/api/index.md", "api", "## Only a sub-heading\n").unwrap();
        assert_eq!(d.title, "Api");
        // Front matter without a title falls back the same way.
        let d = parse_doc("docs/x.md", "x", "+++\nweight = 2\n+++\n# From the body\n").unwrap();
        assert_eq!((d.title.as_str(), d.weight), ("From the body", 2));
    }
}
