//! Stage 1 of the pipeline: read tracker exports and the docs folder into the normalized
//! [`crate::model::Corpus`].
//!
//! Each tracker format has its own module that turns the tracker's records into
//! [`crate::model::Ticket`]s. Errors name the file, the place inside it and what was expected.

pub mod docs;
pub mod github;
pub mod gitlab;
pub mod jira;
pub mod jira_adf;
pub mod mantis;
pub mod native;
pub mod odoo;
pub mod redmine;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;

use crate::model::{Corpus, Markup};

/// What every reader shows instead of a mentioned person (Jira, GitLab, Odoo): PRIVACY, a
/// mention names a person, and names never reach a page.
pub const MENTION: &str = "@someone";

/// The tracker formats Porchlight reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Porchlight's own JSON (`docs/native-format.md`).
    Native,
    /// Redmine REST JSON: an issue list `{"issues": [...]}` or one issue `{"issue": {...}}`.
    Redmine,
    /// MantisBT REST JSON (`/api/rest/issues`).
    Mantis,
    /// MantisBT XML export of the XmlImportExport plugin (`<mantis ...><issue>`).
    MantisXml,
    /// GitHub issues: a REST list page, a search result, one issue, or a Porchlight snapshot.
    Github,
    /// GitLab issues (API v4): a list page, one issue, or a Porchlight snapshot.
    Gitlab,
    /// Odoo Helpdesk (`helpdesk`, `helpdesk_mgmt`): `search_read` records, or a Porchlight snapshot.
    Odoo,
    /// Jira (Cloud, Data Center, Service Management): a search answer, one issue, or a
    /// Porchlight snapshot.
    Jira,
}

impl Format {
    /// Parses a `--format` / config `format` value.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "native" | "porchlight" => Some(Format::Native),
            // plan.io is hosted Redmine and speaks the same API.
            "redmine" | "planio" => Some(Format::Redmine),
            "mantis" | "mantisbt" | "mantis-json" => Some(Format::Mantis),
            "mantis-xml" | "mantisbt-xml" => Some(Format::MantisXml),
            "github" => Some(Format::Github),
            "gitlab" => Some(Format::Gitlab),
            "odoo" | "odoo-helpdesk" => Some(Format::Odoo),
            "jira" => Some(Format::Jira),
            _ => None,
        }
    }

    /// The canonical name, as `from_name` accepts it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Redmine => "redmine",
            Format::Mantis => "mantis",
            Format::MantisXml => "mantis-xml",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Odoo => "odoo",
            Format::Jira => "jira",
        }
    }

    /// Every accepted name, for error messages.
    pub const NAMES: &'static str =
        "native, redmine, mantis, mantis-xml, github, gitlab, odoo, jira";
}

/// A problem with an input file. Each variant names the file and the place in it.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {msg}{}", at_path(.path))]
    Json {
        file: String,
        line: usize,
        column: usize,
        /// Where in the document, as `tickets[3].created`, when known.
        path: String,
        msg: String,
    },
    #[error("{file}:{line}:{column}: {msg}{}", at_path(.path))]
    Xml {
        file: String,
        line: usize,
        column: usize,
        /// Where in the document, as `mantis/issue[2]/bugnotes/bugnote[1]/view_state`.
        path: String,
        msg: String,
    },
    #[error("{file}: at {place}: {msg}")]
    Invalid {
        file: String,
        place: String,
        msg: String,
    },
    #[error("{file}: cannot tell which tracker format this is ({why}); set `format` in [sources] of porchlight.toml to one of: {}", Format::NAMES)]
    UnknownFormat { file: String, why: String },
}

fn at_path(path: &str) -> String {
    // serde_path_to_error writes `?` for a place it could not name (a key that failed to parse).
    let path = path.strip_suffix(".?").unwrap_or(path);
    if path.is_empty() || path == "." || path == "?" {
        String::new()
    } else {
        format!(" (at {path})")
    }
}

/// Deserializes JSON with the document path of the failing value in the error, so a bad date
/// reads "tickets[3].created: premature end of input" rather than just a column number.
pub(crate) fn parse_json<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, SourceError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // Deeply nested input must not overflow the stack: serde_json's default recursion limit
    // (128) stays on.
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = result.map_err(|e| json_error(path, e))?;
    de.end().map_err(|e| SourceError::Json {
        file: path.display().to_string(),
        line: e.line(),
        column: e.column(),
        path: String::new(),
        msg: describe_json_error(&e),
    })?;
    Ok(value)
}

/// serde_json's message without its own " at line X column Y" suffix (we print the place first).
fn describe_json_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// How many bytes of a file `detect` looks at.
const DETECT_BYTES: usize = 4096;

/// Reads one tracker export file. `format` forces a format; `None` detects it from the content.
///
/// Redmine exports are streamed from disk (a 100,000-issue export is ~400 MB: holding the raw
/// bytes next to the model would double the peak memory); the other formats are read whole.
/// Redmine text is read as Markdown here (what the bench corpus and many modern Redmines use);
/// call [`redmine::parse_file`] with `Markup::Textile` for a Redmine in its default Textile mode.
pub fn read_export(path: &Path, format: Option<Format>) -> Result<Corpus, SourceError> {
    read_export_with(
        path,
        format,
        Markup::Markdown,
        &jira::JiraOptions::default(),
    )
}

/// [`read_export`] with the markup Redmine text is written in (`[sources] redmine_markup`):
/// Redmine's default is Textile, but many installations switch to Markdown, and the export
/// does not say which.
pub(crate) fn read_export_with(
    path: &Path,
    format: Option<Format>,
    redmine_markup: Markup,
    jira_options: &jira::JiraOptions,
) -> Result<Corpus, SourceError> {
    let io_err = |source| SourceError::Io {
        file: path.display().to_string(),
        source,
    };
    let format = match format {
        Some(f) => f,
        None => {
            let mut head = Vec::with_capacity(DETECT_BYTES);
            std::fs::File::open(path)
                .map_err(io_err)?
                .take(DETECT_BYTES as u64)
                .read_to_end(&mut head)
                .map_err(io_err)?;
            detect(path, &head)?
        }
    };
    if format == Format::Redmine {
        return redmine::parse_file(path, redmine_markup);
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    match format {
        Format::Native => native::parse(path, &bytes),
        Format::Redmine => redmine::parse(path, &bytes, redmine_markup),
        Format::Mantis => mantis::parse(path, &bytes),
        Format::MantisXml => mantis::parse_xml(path, &bytes),
        Format::Github => github::parse(path, &bytes),
        Format::Gitlab => gitlab::parse(path, &bytes),
        Format::Odoo => odoo::parse(path, &bytes),
        Format::Jira => jira::parse(path, &bytes, jira_options),
    }
}

/// The export files a `tickets` entry names: the entry itself when it is a file, or every
/// `.json` and `.xml` file below it when it is a folder (one file per ticket, as a tracker's
/// per-issue API answers or `watch` users keep them), in path order. Hidden files and folders
/// and Redmine's [`redmine::STATUSES_FILE`] are skipped; symlinks are not followed.
pub(crate) fn export_files(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    visible_files(path, is_export_file)
}

/// Files below `dir` that `keep` accepts, in path order. Hidden files and folders (`.git`,
/// `.draft.md`, editor state) are skipped and symlinks are not followed, so a link inside a
/// source folder cannot pull files from outside it into the site.
pub(crate) fn visible_files(
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, SourceError> {
    let mut files = Vec::new();
    visible_entries(dir, |entry| {
        if entry.file_type().is_file() && keep(entry.path()) {
            files.push(entry.into_path());
        }
        Ok(())
    })?;
    Ok(files)
}

/// Every entry below `dir` in path order, hidden ones left out, symlinks not followed (they
/// come as entries of their own).
pub(crate) fn visible_entries(
    dir: &Path,
    mut each: impl FnMut(walkdir::DirEntry) -> Result<(), SourceError>,
) -> Result<(), SourceError> {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| SourceError::Io {
            file: e.path().unwrap_or(dir).display().to_string(),
            source: e.into(),
        })?;
        each(entry)?;
    }
    Ok(())
}

/// Whether a file in a tickets folder is read as an export (see [`export_files`]).
pub(crate) fn is_export_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with('.')
        && name != redmine::STATUSES_FILE
        && path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json") || x.eq_ignore_ascii_case("xml"))
}

/// Reads one file of a tickets folder. Redmine status names come from the folder's
/// `issue_statuses.json`, read once by the caller ([`redmine::read_statuses_beside`]) instead
/// of once per file.
pub(crate) fn read_export_file(
    path: &Path,
    format: Option<Format>,
    redmine_markup: Markup,
    statuses: &redmine::StatusNames,
    jira_options: &jira::JiraOptions,
) -> Result<Corpus, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Io {
        file: path.display().to_string(),
        source,
    })?;
    let format = match format {
        Some(f) => f,
        None => detect(path, &bytes)?,
    };
    match format {
        Format::Native => native::parse(path, &bytes),
        Format::Redmine => redmine::parse_with(
            path,
            &bytes,
            &redmine::RedmineOptions {
                markup: redmine_markup,
                statuses: statuses.clone(),
            },
        ),
        Format::Mantis => mantis::parse(path, &bytes),
        Format::MantisXml => mantis::parse_xml(path, &bytes),
        Format::Github => github::parse(path, &bytes),
        Format::Gitlab => gitlab::parse(path, &bytes),
        Format::Odoo => odoo::parse(path, &bytes),
        Format::Jira => jira::parse(path, &bytes, jira_options),
    }
}

/// Guesses the format from the first 4 KiB of the file, by the keys it has.
///
/// Redmine, MantisBT, GitHub and Jira answer with `{"issues": [...]}`, so the issue keys decide: Redmine has
/// `subject` with `tracker`/`project`/`created_on` (or the list's `total_count`), MantisBT has
/// `summary`, GitHub has `number` with `title`, GitLab `iid` with `project_id`. Each tracker
/// writes those keys before the long text fields, so they fall inside the window. Odoo's
/// snapshot starts with `odoo_snapshot`; a bare `search_read` answer is known by `stage_id`
/// with `write_date`.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, SourceError> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(DETECT_BYTES)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let unknown = |why: &str| SourceError::UnknownFormat {
        file: path.display().to_string(),
        why: why.to_string(),
    };
    if trimmed.is_empty() {
        return Err(unknown("the file is empty"));
    }
    if trimmed.starts_with('<') {
        if trimmed.contains("<mantis") {
            return Ok(Format::MantisXml);
        }
        return Err(unknown("an XML file without a <mantis> root element"));
    }
    let key = |k: &str| has_json_key(trimmed, k);
    if trimmed.starts_with('{') && key("porchlight") {
        return Ok(Format::Native);
    }
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        // GitLab before GitHub: a GitLab issue has `iid` and `project_id`, never `number`.
        if key("gitlab_snapshot") || (key("iid") && key("project_id")) {
            return Ok(Format::Gitlab);
        }
        // Odoo: the snapshot's first key, or search_read records (`stage_id` and
        // `write_date` are Odoo's own field names; no other tracker writes them).
        if key(odoo::SNAPSHOT_KEY) || (key("stage_id") && key("write_date")) {
            return Ok(Format::Odoo);
        }
        // Jira before MantisBT: a Jira issue's `fields` hold a `summary` too. Its `self` is a
        // REST URL (`…/rest/api/2/issue/10002`, `…/rest/agile/1.0/issue/…`).
        if key(jira::SNAPSHOT_KEY)
            || (key("key") && key("fields") && key("self") && trimmed.contains("/rest/"))
        {
            return Ok(Format::Jira);
        }
        if key("github_snapshot") || (key("number") && key("title")) {
            return Ok(Format::Github);
        }
        if key("summary")
            && (key("view_state")
                || key("reporter")
                || key("severity")
                || key("issues")
                || key("issue"))
        {
            return Ok(Format::Mantis);
        }
        if key("subject") || key("total_count") || key("issue_statuses") {
            return Ok(Format::Redmine);
        }
        if key("issues") {
            // `{"issues": []}`: MantisBT's empty answer (Redmine adds `total_count`).
            return Ok(Format::Mantis);
        }
        return Err(unknown("no known top-level key in its first 4 KiB"));
    }
    Err(unknown("it is neither JSON nor XML"))
}

/// Whether `"key"` appears as an object key (followed by `:`), not escaped inside a string.
fn has_json_key(text: &str, key: &str) -> bool {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&needle) {
        let start = from + i;
        let end = start + needle.len();
        let escaped = start > 0 && text.as_bytes()[start - 1] == b'\\';
        if !escaped && text[end..].trim_start().starts_with(':') {
            return true;
        }
        from = end;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the tracker readers.

/// Parses the date-times trackers write, leniently: RFC 3339 (`2026-03-04T02:14:42Z`,
/// `2017-04-23T13:12:28-04:00`), legacy Redmine (`2011/01/24 13:59:25 -0800`), SQL style
/// (`2006-07-19 21:04:21 +02:00`, or without an offset, read as UTC), offsets without a colon
/// (`2015-12-02T07:39:15.000-0800`), and Unix seconds (MantisBT XML).
pub(crate) fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y/%m/%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y/%m/%d %H:%M:%S%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let naive = s.strip_suffix(" UTC").unwrap_or(s);
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|n| DateTime::from_timestamp(n, 0));
    }
    None
}

/// Parses a calendar date: `2026-03-14`, legacy Redmine `2011/01/24`, or a date-time (its date
/// in its own offset, which is what the tracker showed).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    parse_datetime(s).map(|t| t.date_naive())
}

/// What the lenient date parsers accept, for error messages.
pub(crate) const DATETIME_EXPECTED: &str =
    "a date-time such as 2026-03-04T02:14:42Z or 2011/01/24 13:59:25 -0800";
pub(crate) const DATE_EXPECTED: &str = "a date such as 2026-03-14 or 2011/01/24";

/// Serde adapters for the lenient dates, so a bad value fails with the file's line:column and
/// JSON path like any other type error. They parse the borrowed text without allocating.
pub(crate) mod lenient {
    use std::fmt;

    use chrono::{DateTime, NaiveDate, Utc};
    use serde::de::{self, Deserializer, Visitor};

    struct DateTimeV;
    impl Visitor<'_> for DateTimeV {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(super::DATETIME_EXPECTED)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            super::parse_datetime(v).map(Some).ok_or_else(|| {
                E::custom(format!(
                    "expected {}, found {v:?}",
                    super::DATETIME_EXPECTED
                ))
            })
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .ok()
                .and_then(|n| DateTime::from_timestamp(n, 0))
                .map(Some)
                .ok_or_else(|| E::custom(format!("timestamp {v} is out of range")))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    struct DateV;
    impl Visitor<'_> for DateV {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(super::DATE_EXPECTED)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            super::parse_date(v)
                .map(Some)
                .ok_or_else(|| E::custom(format!("expected {}, found {v:?}", super::DATE_EXPECTED)))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    /// A required date-time: `null` or `""` is an error.
    pub(crate) fn datetime<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        match d.deserialize_any(DateTimeV)? {
            Some(t) => Ok(t),
            None => Err(de::Error::custom(format!(
                "expected {}, found null",
                super::DATETIME_EXPECTED
            ))),
        }
    }

    /// An optional date-time: missing, `null` and `""` are `None`.
    pub(crate) fn opt_datetime<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        d.deserialize_any(DateTimeV)
    }

    /// An optional date: missing, `null` and `""` are `None`.
    pub(crate) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_any(DateV)
    }
}

/// Trackers that store Windows line endings (Redmine descriptions arrive with `\r\n`):
/// normalise to `\n` so every renderer sees one convention.
///
/// In place and in one pass (it runs over every description and note of an export): a `\r`
/// before `\n` is dropped, any other becomes `\n`. Only ASCII bytes are removed or replaced,
/// so the bytes stay valid UTF-8.
pub(crate) fn normalize_newlines(s: String) -> String {
    let Some(first) = s.bytes().position(|b| b == b'\r') else {
        return s;
    };
    let mut b = s.into_bytes();
    let mut w = first;
    let mut r = first;
    while r < b.len() {
        let c = b[r];
        r += 1;
        if c == b'\r' {
            if b.get(r) == Some(&b'\n') {
                continue;
            }
            b[w] = b'\n';
        } else {
            b[w] = c;
        }
        w += 1;
    }
    b.truncate(w);
    String::from_utf8(b).expect("only ASCII bytes were changed")
}

/// A Porchlight pull snapshot's version (`key`: `github_snapshot`, `gitlab_snapshot`) must be
/// the one this reader reads.
pub(crate) fn check_snapshot_version(
    path: &Path,
    key: &str,
    found: Option<u32>,
    supported: u32,
) -> Result<(), SourceError> {
    match found {
        Some(v) if v != supported => Err(SourceError::Invalid {
            file: path.display().to_string(),
            place: key.into(),
            msg: format!(
                "snapshot version {v} is not supported; this Porchlight reads version {supported}"
            ),
        }),
        _ => Ok(()),
    }
}

/// 1-based line and column of a byte offset, for readers (XML) that only report offsets.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first character of a JSON file after a byte-order mark and white space: `[` or `{`
/// tells a reader which top-level shape it holds.
pub(crate) fn first_char(bytes: &[u8]) -> Option<char> {
    String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next()
}

/// Builds a [`SourceError::Json`] from a path-tracked serde_json error.
pub(crate) fn json_error(
    path: &Path,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> SourceError {
    let inner = e.inner();
    SourceError::Json {
        file: path.display().to_string(),
        line: inner.line(),
        column: inner.column(),
        path: e.path().to_string(),
        msg: describe_json_error(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_newlines;

    /// The one-pass rewrite against the two replaces it stands for, on strings of `\r`, `\n`,
    /// letters and multi-byte characters in every order.
    #[test]
    fn normalize_newlines_matches_the_two_replaces() {
        let alphabet = ['\r', '\n', 'a', 'é', '😀'];
        let mut rng = crate::test_rng::Lcg::new(7);
        for len in 0..24 {
            for _ in 0..300 {
                let s = rng.string(&alphabet, len);
                let expected = s.replace("\r\n", "\n").replace('\r', "\n");
                assert_eq!(normalize_newlines(s.clone()), expected, "{s:?}");
            }
        }
        assert_eq!(normalize_newlines("a\r\n\r\rb\r".into()), "a\n\n\nb\n");
    }
}
