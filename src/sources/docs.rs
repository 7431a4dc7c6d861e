//! Reads the knowledge base: a folder of Markdown files with TOML front matter (`+++`).
//!
//! Symlinks are not followed, so a link inside `content/docs` cannot pull files from outside
//! it into the site. Hidden files and folders (`.git`, `.draft.md`) are skipped.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::SourceError;
use crate::model::Doc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    description: Option<String>,
    date: Option<toml::value::Datetime>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
}

/// Reads every `*.md` file below `dir`, in path order.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<Doc>, SourceError> {
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
    let files = super::visible_files(dir, |p| p.extension().is_some_and(|x| x == "md"))?;
    for path in &files {
        let path = path.as_path();
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
        docs.push(parse_doc(
            &path.display().to_string(),
            slug.trim_matches('/'),
            &text,
        )?);
    }
    Ok(docs)
}

/// Parses one Markdown document with `+++` TOML front matter.
pub fn parse_doc(file: &str, slug: &str, text: &str) -> Result<Doc, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let invalid = |place: String, msg: String| SourceError::Invalid {
        file: file.to_string(),
        place,
        msg,
    };
    if text.starts_with("---") {
        return Err(invalid(
            "line 1".into(),
            "YAML front matter (---) is not supported; write TOML front matter between +++ lines, e.g. +++\\ntitle = \"…\"\\n+++".into(),
        ));
    }
    let Some(rest) = text.strip_prefix("+++") else {
        return Err(invalid(
            "line 1".into(),
            "expected front matter starting with a +++ line (title = \"…\" at least)".into(),
        ));
    };
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(|| {
            invalid(
                "line 1".into(),
                "expected a line break after the opening +++".into(),
            )
        })?;
    let end = find_closing(rest).ok_or_else(|| {
        invalid(
            "front matter".into(),
            "the front matter is not closed by a +++ line".into(),
        )
    })?;
    let (fm_text, body) = (&rest[..end.0], &rest[end.1..]);
    let fm: FrontMatter = toml::from_str(fm_text).map_err(|e| {
        let line = e
            .span()
            .map(|s| fm_text[..s.start.min(fm_text.len())].matches('\n').count() + 2)
            .unwrap_or(1);
        invalid(
            format!("line {line}"),
            e.message().trim().replace('\n', "; "),
        )
    })?;
    let date = match fm.date {
        None => None,
        Some(d) => Some(toml_date(&d).ok_or_else(|| {
            invalid(
                "front matter: date".into(),
                format!("{d} is not a date (expected 2026-03-01 or 2026-03-01T09:00:00Z)"),
            )
        })?),
    };
    Ok(Doc {
        slug: slug.to_string(),
        title: fm.title,
        description: fm.description,
        body: body.to_string(),
        date,
        tags: fm.tags,
        weight: fm.weight,
        draft: fm.draft,
        source: file.to_string(),
    })
}

/// Byte range of the closing `+++` line: (start of it, start of the body after it).
fn find_closing(s: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fn toml_date(d: &toml::value::Datetime) -> Option<DateTime<Utc>> {
    let text = d.to_string();
    if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(day) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        return Some(day.and_hms_opt(0, 0, 0)?.and_utc());
    }
    chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let e = parse_doc("docs/a.md", "a", "no front matter").unwrap_err();
        assert_eq!(e.to_string(), "docs/a.md: at line 1: expected front matter starting with a +++ line (title = \"…\" at least)");
        let e = parse_doc("docs/a.md", "a", "+++\ntitle = \"x\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md: at front matter: the front matter is not closed by a +++ line"
        );
    }
}
