//! Readers for MantisBT: the REST API JSON (`GET /api/rest/issues`, which answers
//! `{"issues": [...]}` for lists and for one issue, and `{"issue": {...}}` on create) and the
//! XML export of the XmlImportExport plugin (`<mantis version=".." format="1"><issue>..`).
//!
//! Field mapping (both shapes):
//! - `summary` → subject; `description`, then `steps_to_reproduce` and `additional_information`
//!   (public fields in Mantis) appended under their own headings. Text is plain (`Markup::Plain`).
//! - Enums are read by `id` and `name`, never by the localised `label` (the REST API) or the
//!   element text (the XML export, which writes the label in the exporting user's language):
//!   for the XML the standard ids are mapped to Mantis's own English names, and only custom ids
//!   fall back to the text.
//! - `status.name` → status; `status_closed` is `id >= 80` (Mantis's default "resolved"
//!   threshold: resolved 80, closed 90). `severity.name` → severity (or `priority.name` when
//!   there is no severity). `resolution` → resolution unless open / reopened / fixed.
//! - `view_state` id 50 or name "private" → private, on issues and notes. A missing
//!   `view_state` is an error rather than a guess: Mantis always writes it.
//! - `target_version`, `fixed_in_version`, `due_date`, `category`, `project`, `tags` → labels.
//! - Internal: `handler` → assignee, `reporter` → reporter (+ e-mail), custom fields, and the
//!   fields the model has no place for yet: `priority`, `eta` (unless "none") and the product
//!   `version`, stored as custom fields of those names.
//! - Notes: every note with text; the role is Staff when the note's reporter is not the
//!   issue's reporter (Mantis has no notion of customer either).
//! - History (REST only, when present): `field.name == "status"` changes. The first entry goes
//!   from `None` to the first change's old status at `created_at`. Without history data (the
//!   XML export, lists) the history is left empty rather than invented.

use std::fmt;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;
use serde::Deserialize;

use super::{lenient, line_col, normalize_newlines, parse_datetime, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, StatusChange, Ticket};

/// Mantis's `VS_PRIVATE`.
const PRIVATE: i64 = 50;
/// Mantis's `VS_PUBLIC`.
const PUBLIC: i64 = 10;
/// Mantis's default `bug_resolved_status_threshold` (RESOLVED).
const RESOLVED: i64 = 80;
/// Deepest element nesting the XML reader accepts (hardening: bounded stack and memory).
const MAX_XML_DEPTH: usize = 64;

// ---- REST JSON shapes

#[derive(Deserialize)]
struct Doc {
    issues: Option<Vec<MIssue>>,
    issue: Option<MIssue>,
}

/// `{"id": 50, "name": "assigned", "label": "zugewiesen"}`; the label is never read.
#[derive(Deserialize, Default, Clone)]
struct MEnum {
    id: Option<i64>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
struct MUser {
    id: Option<i64>,
    name: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize, Default)]
struct MRef {
    name: Option<String>,
}

/// The issue's project: its name and, where the answer carries it, its own view state.
#[derive(Deserialize, Default)]
struct MProject {
    name: Option<String>,
    view_state: Option<MEnum>,
}

#[derive(Deserialize, Default)]
struct MCustom {
    field: MRef,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct MIssue {
    id: u64,
    #[serde(default)]
    summary: String,
    description: Option<String>,
    steps_to_reproduce: Option<String>,
    additional_information: Option<String>,
    project: Option<MProject>,
    category: Option<MRef>,
    reporter: Option<MUser>,
    handler: Option<MUser>,
    status: Option<MEnum>,
    resolution: Option<MEnum>,
    eta: Option<MEnum>,
    view_state: Option<MEnum>,
    priority: Option<MEnum>,
    severity: Option<MEnum>,
    version: Option<MRef>,
    fixed_in_version: Option<MRef>,
    target_version: Option<MRef>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    due_date: Option<NaiveDate>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    tags: Vec<MRef>,
    #[serde(default)]
    custom_fields: Vec<MCustom>,
    #[serde(default)]
    notes: Vec<MNote>,
    #[serde(default)]
    history: Vec<MHistory>,
}

#[derive(Deserialize, Default)]
struct MNote {
    id: Option<u64>,
    reporter: Option<MUser>,
    text: Option<String>,
    view_state: Option<MEnum>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct MHistory {
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    created_at: Option<DateTime<Utc>>,
    field: Option<MRef>,
    old_value: Option<serde_json::Value>,
    new_value: Option<serde_json::Value>,
}

/// Parses MantisBT REST JSON held in `bytes`; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let doc: Doc = parse_json(path, bytes)?;
    let issues: Vec<(String, MIssue)> = match (doc.issues, doc.issue) {
        (Some(list), _) => list.into_iter().enumerate().map(|(i, x)| (format!("issues[{i}]"), x)).collect(),
        (None, Some(one)) => vec![("issue".to_string(), one)],
        (None, None) => {
            return Err(SourceError::Invalid {
                file: path.display().to_string(),
                place: "the top level".into(),
                msg: "expected a MantisBT answer {\"issues\": [...]} or {\"issue\": {...}}, found neither key".into(),
            })
        }
    };
    let mut tickets = Vec::with_capacity(issues.len());
    for (place, issue) in issues {
        tickets.push(convert(issue).map_err(|msg| SourceError::Invalid {
            file: path.display().to_string(),
            place: place.clone(),
            msg,
        })?);
    }
    Ok(Corpus {
        tickets,
        docs: Vec::new(),
        skipped: Default::default(),
        assets: Default::default(),
    })
}

/// Whether a `view_state` says private. Anything that is not clearly public or private (no id
/// and no name, an unknown id, or only an unknown name such as a translated label) is an error:
/// a view state that cannot be read must never turn a private item public.
fn is_private(v: &MEnum) -> Result<bool, &'static str> {
    let name = v.name.as_deref().map(str::trim);
    let named_private = name.is_some_and(|n| n.eq_ignore_ascii_case("private"));
    let named_public = name.is_some_and(|n| n.eq_ignore_ascii_case("public"));
    match v.id {
        Some(PRIVATE) => Ok(true),
        Some(PUBLIC) => Ok(named_private),
        Some(_) => {
            Err("view_state has an unknown id (Mantis uses 10 for public and 50 for private)")
        }
        None if named_private => Ok(true),
        None if named_public => Ok(false),
        None if name.is_some() => {
            Err("view_state has no id and its name is neither \"public\" nor \"private\"")
        }
        None => Err("view_state has no id or name"),
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn ref_name(r: Option<MRef>) -> Option<String> {
    nonempty(r.and_then(|r| r.name))
}

fn enum_name(e: &Option<MEnum>) -> Option<String> {
    nonempty(e.as_ref().and_then(|e| e.name.clone()))
}

/// The `name` of a history value: an enum object for status changes.
fn value_name(v: &Option<serde_json::Value>) -> Option<(Option<i64>, String)> {
    match v.as_ref()? {
        serde_json::Value::Object(o) => {
            let name = o.get("name")?.as_str()?.to_string();
            Some((o.get("id").and_then(|i| i.as_i64()), name))
        }
        serde_json::Value::String(s) if !s.is_empty() => Some((None, s.clone())),
        _ => None,
    }
}

fn same_user(a: &Option<MUser>, b: &Option<MUser>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (a.id, b.id) {
            (Some(x), Some(y)) => x == y,
            _ => a.name.is_some() && a.name == b.name,
        },
        _ => false,
    }
}

fn convert(m: MIssue) -> Result<Ticket, String> {
    let view_state = m.view_state.as_ref().ok_or_else(|| {
        format!(
            "issue {}: no view_state, so it cannot be told whether it is private",
            m.id
        )
    })?;
    // PRIVACY: the tracker's private flag enters the model here; a view state that cannot be
    // told public or private fails the read (fail closed).
    let private = is_private(view_state).map_err(|e| format!("issue {}: {e}", m.id))?;
    // PRIVACY: an issue of a private project is private, whatever its own view state; a
    // project view state that cannot be told public counts as private (fail closed).
    let private = private
        || m.project
            .as_ref()
            .and_then(|p| p.view_state.as_ref())
            .is_some_and(|vs| is_private(vs).unwrap_or(true));

    let mut description = m.description.unwrap_or_default();
    for (title, extra) in [
        ("Steps to reproduce", m.steps_to_reproduce),
        ("Additional information", m.additional_information),
    ] {
        if let Some(extra) = nonempty(extra) {
            if !description.trim().is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(title);
            description.push_str(":\n");
            description.push_str(&extra);
        }
    }

    let status = m.status.clone().unwrap_or_default();
    let status_name = nonempty(status.name.clone())
        .or_else(|| status.id.map(|id| format!("status #{id}")))
        .ok_or_else(|| format!("issue {}: no status", m.id))?;
    let closed_now = status.id.map(|id| id >= RESOLVED);

    let mut notes = Vec::with_capacity(m.notes.len());
    for (k, n) in m.notes.into_iter().enumerate() {
        let text = match n.text {
            Some(t) if !t.trim().is_empty() => normalize_newlines(t),
            _ => continue,
        };
        let vs = n.view_state.as_ref().ok_or_else(|| {
            format!(
                "issue {} note {}: no view_state, so it cannot be told whether it is private",
                m.id, k
            )
        })?;
        let role = if same_user(&n.reporter, &m.reporter) {
            Role::Customer
        } else {
            Role::Staff
        };
        // PRIVACY: as for the issue, fail closed.
        let private = is_private(vs).map_err(|e| format!("issue {} note {}: {e}", m.id, k))?;
        let (author, email) = match n.reporter {
            Some(u) => (u.name.unwrap_or_default(), u.email),
            None => (String::new(), None),
        };
        notes.push(Note {
            id: n.id.map(|i| i.to_string()),
            author,
            role,
            created: n.created_at,
            text,
            markup: Markup::Plain,
            private,
            author_email: email,
        });
    }

    let mut history = Vec::new();
    let mut closed = None;
    // (when, old status name, (new status id, new status name))
    type Change = (DateTime<Utc>, Option<String>, (Option<i64>, String));
    let changes: Vec<Change> = m
        .history
        .iter()
        .filter(|h| h.field.as_ref().and_then(|f| f.name.as_deref()) == Some("status"))
        .filter_map(|h| {
            let new = value_name(&h.new_value)?;
            Some((
                h.created_at.unwrap_or(m.created_at),
                value_name(&h.old_value).map(|v| v.1),
                new,
            ))
        })
        .collect();
    if !changes.is_empty() {
        history.push(StatusChange {
            at: m.created_at,
            from: None,
            to: changes[0].1.clone().unwrap_or_else(|| status_name.clone()),
        });
        for (at, from, (new_id, to)) in changes {
            if closed_now == Some(true) && new_id.is_some_and(|id| id >= RESOLVED) {
                closed = Some(at);
            }
            history.push(StatusChange { at, from, to });
        }
    }

    let resolution =
        enum_name(&m.resolution).filter(|r| !matches!(r.as_str(), "open" | "reopened" | "fixed"));
    let mut custom_fields: Vec<(String, String)> = m
        .custom_fields
        .into_iter()
        .filter_map(|c| {
            let name = nonempty(c.field.name)?;
            let value = match c.value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            Some((name, value))
        })
        .collect();
    if let Some(p) = enum_name(&m.priority) {
        custom_fields.push(("priority".into(), p));
    }
    if let Some(eta) = enum_name(&m.eta).filter(|e| e != "none") {
        custom_fields.push(("eta".into(), eta));
    }
    if let Some(v) = ref_name(m.version) {
        custom_fields.push(("version".into(), v));
    }
    let (reporter, reporter_email) = match m.reporter {
        Some(u) => (nonempty(u.name), u.email),
        None => (None, None),
    };
    Ok(Ticket {
        id: m.id.to_string(),
        subject: m.summary,
        description: normalize_newlines(description),
        markup: Markup::Plain,
        status: status_name,
        status_closed: closed_now,
        severity: enum_name(&m.severity).or_else(|| enum_name(&m.priority)),
        category: ref_name(m.category),
        tracker: None,
        project: m.project.and_then(|p| nonempty(p.name)),
        labels: m
            .tags
            .into_iter()
            .filter_map(|t| nonempty(t.name))
            .collect(),
        created: m.created_at,
        updated: m.updated_at,
        closed,
        private,
        target_version: ref_name(m.target_version),
        fixed_in_version: ref_name(m.fixed_in_version),
        due_date: m.due_date,
        fix_location: None,
        done_ratio: None,
        resolution,
        notes,
        history,
        internal: Internal {
            assignee: m.handler.and_then(|h| nonempty(h.name)),
            reporter,
            reporter_email,
            time_spent_hours: None,
            estimated_hours: None,
            custom_fields,
            related_internal: None,
        },
    })
}

// ---- XML export

/// Mantis's built-in enum names by id (`config_defaults_inc.php`), so a German export reads
/// "assigned", not "zugewiesen".
fn standard_name(kind: &str, id: i64) -> Option<&'static str> {
    let table: &[(i64, &str)] = match kind {
        "status" => &[
            (10, "new"),
            (20, "feedback"),
            (30, "acknowledged"),
            (40, "confirmed"),
            (50, "assigned"),
            (80, "resolved"),
            (90, "closed"),
        ],
        "severity" => &[
            (10, "feature"),
            (20, "trivial"),
            (30, "text"),
            (40, "tweak"),
            (50, "minor"),
            (60, "major"),
            (70, "crash"),
            (80, "block"),
        ],
        "priority" => &[
            (10, "none"),
            (20, "low"),
            (30, "normal"),
            (40, "high"),
            (50, "urgent"),
            (60, "immediate"),
        ],
        "resolution" => &[
            (10, "open"),
            (20, "fixed"),
            (30, "reopened"),
            (40, "unable to reproduce"),
            (50, "not fixable"),
            (60, "duplicate"),
            (70, "no change required"),
            (80, "suspended"),
            (90, "won't fix"),
        ],
        "eta" => &[
            (10, "none"),
            (20, "< 1 day"),
            (30, "2-3 days"),
            (40, "< 1 week"),
            (50, "< 1 month"),
            (60, "> 1 month"),
        ],
        "view_state" => &[(10, "public"), (50, "private")],
        _ => &[],
    };
    table.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

/// One XML element, with the only attribute the export writes (`id`) and its text.
struct El {
    name: String,
    id: Option<String>,
    text: String,
    children: Vec<El>,
    /// Byte offset of its start tag, for error messages.
    pos: usize,
}

impl El {
    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|s| !s.is_empty())
    }
}

/// Error helper for the XML reader: a place in the file and the element path.
struct XmlCtx<'a> {
    path: &'a Path,
    bytes: &'a [u8],
}

impl XmlCtx<'_> {
    fn err(&self, pos: usize, el_path: &str, msg: impl fmt::Display) -> SourceError {
        let (line, column) = line_col(self.bytes, pos);
        SourceError::Xml {
            file: self.path.display().to_string(),
            line,
            column,
            path: el_path.to_string(),
            msg: msg.to_string(),
        }
    }
}

/// Reads the document into a small tree. `<attachments>` are skipped unread: they hold the
/// files base64-encoded, which the site never shows and which can be most of the file.
fn read_tree(cx: &XmlCtx, text: &str) -> Result<El, SourceError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El {
        name: String::new(),
        id: None,
        text: String::new(),
        children: Vec::new(),
        pos: 0,
    }];
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| cx.err(reader.error_position() as usize, &element_path(&stack), e))?;
        match event {
            Event::Empty(e) if e.local_name().as_ref() == "attachments" => {}
            Event::Start(e) if e.local_name().as_ref() == "attachments" => {
                reader.read_to_end(e.name()).map_err(|err| {
                    cx.err(reader.error_position() as usize, &element_path(&stack), err)
                })?;
            }
            Event::Start(e) => {
                // The export is five levels deep; a deeper tree is not an export, and its
                // recursive drop would overflow the stack (1,000,000 levels did).
                if stack.len() > MAX_XML_DEPTH {
                    return Err(cx.err(
                        pos,
                        &element_path(&stack[..8]),
                        format!("elements are nested more than {MAX_XML_DEPTH} levels deep; a MantisBT export has about five"),
                    ));
                }
                let id = id_attr(&e);
                stack.push(El {
                    name: e.local_name().as_ref().to_string(),
                    id,
                    text: String::new(),
                    children: Vec::new(),
                    pos,
                });
            }
            Event::Empty(e) => {
                let id = id_attr(&e);
                let el = El {
                    name: e.local_name().as_ref().to_string(),
                    id,
                    text: String::new(),
                    children: Vec::new(),
                    pos,
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::End(_) if stack.len() > 1 => {
                let el = stack.pop().expect("stack has a parent");
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r)
                        .map(str::to_string)
                        .ok_or_else(|| {
                            cx.err(
                                pos,
                                &element_path(&stack),
                                format!("unknown entity &{};", &*r),
                            )
                        })?,
                    Err(e) => return Err(cx.err(pos, &element_path(&stack), e)),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        return Err(cx.err(
            cx.bytes.len(),
            &element_path(&stack),
            format!(
                "the file ends inside <{}>: it is truncated",
                stack.last().map_or("", |e| &e.name)
            ),
        ));
    }
    Ok(stack.pop().expect("root"))
}

fn id_attr(e: &quick_xml::events::BytesStart) -> Option<String> {
    let a = e.try_get_attribute("id").ok().flatten()?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn element_path(stack: &[El]) -> String {
    let names: Vec<&str> = stack.iter().skip(1).map(|e| e.name.as_str()).collect();
    names.join("/")
}

/// Parses a MantisBT XmlImportExport file held in `bytes`; `path` names it in errors.
pub fn parse_xml(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let cx = XmlCtx { path, bytes };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| cx.err(e.valid_up_to(), "", "the file is not UTF-8"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = read_tree(&cx, text)?;
    let mantis = root
        .children
        .iter()
        .find(|c| c.name == "mantis")
        .ok_or_else(|| {
            cx.err(
                0,
                "",
                "expected a <mantis> root element (MantisBT XmlImportExport)",
            )
        })?;
    if let Some(format) = attr_format(text) {
        if format != "1" {
            return Err(cx.err(
                mantis.pos,
                "mantis",
                format!("format=\"{format}\" is not supported; this Porchlight reads format 1"),
            ));
        }
    }
    let mut tickets = Vec::new();
    for (k, issue) in mantis
        .children
        .iter()
        .filter(|c| c.name == "issue")
        .enumerate()
    {
        let place = format!("mantis/issue[{k}]");
        let m = xml_issue(&cx, issue, &place)?;
        tickets.push(convert(m).map_err(|msg| cx.err(issue.pos, &place, msg))?);
    }
    Ok(Corpus {
        tickets,
        docs: Vec::new(),
        skipped: Default::default(),
        assets: Default::default(),
    })
}

/// The `format` attribute of the root element, read without a second parse.
fn attr_format(text: &str) -> Option<String> {
    let start = text.find("<mantis")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let i = tag.find("format=")? + "format=".len();
    let quote = tag[i..].chars().next()?;
    let rest = &tag[i + 1..];
    Some(rest[..rest.find(quote)?].to_string())
}

fn xml_enum(el: &El, kind: &str) -> Option<MEnum> {
    let e = el.child(kind)?;
    let id = e.id.as_deref().and_then(|i| i.trim().parse::<i64>().ok());
    let name = id
        .and_then(|i| standard_name(kind, i))
        .map(str::to_string)
        .or_else(|| Some(e.text.trim().to_string()).filter(|s| !s.is_empty()));
    Some(MEnum { id, name })
}

fn xml_user(el: &El, name: &str) -> Option<MUser> {
    let e = el.child(name)?;
    Some(MUser {
        id: e.id.as_deref().and_then(|i| i.trim().parse().ok()),
        name: Some(e.text.trim().to_string()).filter(|s| !s.is_empty()),
        email: None,
    })
}

fn xml_time(
    cx: &XmlCtx,
    el: &El,
    name: &str,
    place: &str,
) -> Result<Option<DateTime<Utc>>, SourceError> {
    let Some(child) = el.child(name) else {
        return Ok(None);
    };
    let t = child.text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_datetime(t).map(Some).ok_or_else(|| {
        cx.err(
            child.pos,
            &format!("{place}/{name}"),
            format!(
                "expected Unix seconds or {}, found {t:?}",
                super::DATETIME_EXPECTED
            ),
        )
    })
}

fn xml_issue(cx: &XmlCtx, el: &El, place: &str) -> Result<MIssue, SourceError> {
    let id_text = el.text_of("id").unwrap_or_default();
    let id: u64 = id_text.parse().map_err(|_| {
        cx.err(
            el.pos,
            &format!("{place}/id"),
            format!("expected a numeric issue id, found {id_text:?}"),
        )
    })?;
    let place = format!("{place} (issue {id})");
    let created_at = xml_time(cx, el, "date_submitted", &place)?
        .ok_or_else(|| cx.err(el.pos, &place, "no <date_submitted>"))?;
    // Mantis stores "no due date" as the timestamp 1 (date_get_null()).
    let due_date = match xml_time(cx, el, "due_date", &place)? {
        Some(t) if t.timestamp() > 1 => Some(t.date_naive()),
        _ => None,
    };
    let mut custom_fields = Vec::new();
    if let Some(cfs) = el.child("custom_fields") {
        for cf in cfs.children.iter().filter(|c| c.name == "custom_field") {
            custom_fields.push(MCustom {
                field: MRef {
                    name: cf.text_of("name"),
                },
                value: serde_json::Value::String(
                    cf.child("value")
                        .map(|v| v.text.clone())
                        .unwrap_or_default(),
                ),
            });
        }
    }
    let mut notes = Vec::new();
    if let Some(bns) = el.child("bugnotes") {
        for (k, bn) in bns
            .children
            .iter()
            .filter(|c| c.name == "bugnote")
            .enumerate()
        {
            let nplace = format!("{place}/bugnotes/bugnote[{k}]");
            let view_state = xml_enum(bn, "view_state");
            if view_state.as_ref().is_none_or(|v| v.id.is_none()) {
                return Err(cx.err(
                    bn.pos,
                    &nplace,
                    "no <view_state id=\"..\">, so it cannot be told whether the note is private",
                ));
            }
            notes.push(MNote {
                id: bn.text_of("id").and_then(|i| i.parse().ok()),
                reporter: xml_user(bn, "reporter"),
                text: bn.child("note").map(|n| n.text.clone()),
                view_state,
                created_at: xml_time(cx, bn, "date_submitted", &nplace)?
                    .ok_or_else(|| cx.err(bn.pos, &nplace, "no <date_submitted>"))?,
            });
        }
    }
    let view_state = xml_enum(el, "view_state");
    if view_state.as_ref().is_none_or(|v| v.id.is_none()) {
        return Err(cx.err(
            el.pos,
            &place,
            "no <view_state id=\"..\">, so it cannot be told whether the issue is private",
        ));
    }
    let text = |name: &str| el.child(name).map(|c| c.text.clone());
    let named = |name: &str| el.text_of(name).map(|n| MRef { name: Some(n) });
    Ok(MIssue {
        id,
        summary: el.text_of("summary").unwrap_or_default(),
        description: text("description"),
        steps_to_reproduce: text("steps_to_reproduce"),
        additional_information: text("additional_information"),
        project: el.text_of("project").map(|n| MProject {
            name: Some(n),
            view_state: None,
        }),
        category: named("category"),
        reporter: xml_user(el, "reporter"),
        handler: xml_user(el, "handler"),
        status: xml_enum(el, "status"),
        resolution: xml_enum(el, "resolution"),
        eta: xml_enum(el, "eta"),
        view_state,
        priority: xml_enum(el, "priority"),
        severity: xml_enum(el, "severity"),
        version: named("version"),
        fixed_in_version: named("fixed_in_version"),
        target_version: named("target_version"),
        due_date,
        created_at,
        updated_at: xml_time(cx, el, "last_updated", &place)?,
        tags: Vec::new(),
        custom_fields,
        notes,
        history: Vec::new(),
    })
}
