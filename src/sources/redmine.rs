//! Reader for Redmine REST JSON (5.x, and the older 1.x/2.x shapes where they agree): the issue
//! list `{"issues": [...], "total_count", "offset", "limit"}` and one issue `{"issue": {...}}`,
//! each issue as `GET /issues/ID.json?include=journals` returns it.
//!
//! Field mapping (see also the README's Redmine section):
//! - `id`, `subject`, `description` (`null` → empty; `\r\n` → `\n`), `status.name` → status,
//!   `status.is_closed` → `status_closed`, `priority.name` → severity, `category`, `tracker`,
//!   `project` names, `fixed_version.name` → target version, `due_date`, `done_ratio`,
//!   `is_private` → private, `created_on`/`updated_on`/`closed_on`. `closed_on` is kept only
//!   while the status is closed: Redmine keeps it on reopened issues, and a customer must not
//!   read "closed on" under an open ticket.
//! - Internal only: `author.name` → reporter, `assigned_to.name` → assignee, `spent_hours`,
//!   `estimated_hours`, `custom_fields` (multi-value fields joined with ", ").
//! - `journals`: each with text in `notes` (not `null`, not blank) becomes a note;
//!   `private_notes` → private. Redmine has no notion of "customer", so the role is a
//!   heuristic: the issue's author writing on their own issue is the customer, anybody else
//!   is staff. Journals without text still count for the status history.
//! - Status history: journal `details` with `property: "attr"`, `name: "status_id"`, whose
//!   ids are mapped to names through `issue_statuses.json` next to the export (if present),
//!   plus every status seen as some issue's current status. The first entry goes from `None`
//!   to the first change's `old_value` (or the current status when nothing changed) at
//!   `created_on`. An id still unknown reads `status #ID`, except in the last change, where it
//!   must be the issue's current status.
//!
//! Text markup is a parameter: Redmine's default is Textile, but Markdown/CommonMark is a
//! per-installation setting the export does not record.
//!
//! Reading is parallel: the file is read whole; one thread cuts the `issues` array into its
//! elements (serde_json's borrowed `RawValue`, which checks the syntax but builds nothing)
//! and hands them on in batches, while another deserializes each batch and turns it into
//! [`Ticket`]s on all cores. Status names learned from earlier issues name later issues'
//! history, as in a sequential read: a batch's current statuses are learned in file order
//! first, each with the position it came from, and an issue's history only uses names learned
//! at or before it. A few batches exist at a time. Any error makes the reader start over with
//! the sequential streaming walk (a serde `Visitor` over the whole file), so error messages
//! name the same line, column and path whichever way the file was read.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{json_error, lenient, normalize_newlines, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, StatusChange, Ticket};

/// The key `pull redmine` writes first in a snapshot: the server's text formatting, in
/// Redmine's own words (`"textile"`, `"common_mark"`, `"markdown"`).
pub(crate) const TEXT_FORMATTING_KEY: &str = "text_formatting";

/// The text formatting a snapshot records (its first key, [`TEXT_FORMATTING_KEY`]), read from
/// the file's first bytes; `None` when the file does not start with it (a tracker's own
/// export says nothing).
pub(crate) fn recorded_formatting(path: &Path) -> Option<Markup> {
    use std::io::Read;
    let mut head = [0u8; 128];
    let mut f = std::fs::File::open(path).ok()?;
    let n = f.read(&mut head).ok()?;
    formatting_in(std::str::from_utf8(&head[..n]).ok()?)
}

/// [`recorded_formatting`] on the text of a snapshot's start.
pub(crate) fn formatting_in(head: &str) -> Option<Markup> {
    let rest = head.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix('{')?.trim_start();
    let rest = rest
        .strip_prefix(&format!("\"{TEXT_FORMATTING_KEY}\""))?
        .trim_start();
    let rest = rest.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    markup_named(value)
}

/// Redmine's name of a text formatting → how Porchlight renders it. Redmine's CommonMark
/// (5.x: `common_mark`, and the older Redcarpet `markdown`) breaks lines at single newlines
/// (`common_mark_enable_hardbreaks` is on by default) and links bare URLs: as GitHub does.
pub(crate) fn markup_named(name: &str) -> Option<Markup> {
    match name {
        "textile" => Some(Markup::Textile),
        "common_mark" | "markdown" => Some(Markup::GithubMarkdown),
        _ => None,
    }
}

/// The file Redmine's `/issue_statuses.json` is saved as, next to the export.
pub(crate) const STATUSES_FILE: &str = "issue_statuses.json";

/// Status names by id, from `/issue_statuses.json`.
pub(crate) type StatusNames = HashMap<u64, String>;

/// How to read a Redmine export.
#[derive(Debug, Clone, Default)]
pub struct RedmineOptions {
    /// How descriptions and notes are written (Redmine's text formatting setting).
    pub markup: Markup,
    /// Status names by id, for the status history. Statuses seen as an issue's current
    /// status are learned while reading, on top of these.
    pub statuses: StatusNames,
}

/// Parses a Redmine export held in `bytes`; `path` names it in errors, and its folder is
/// searched for [`STATUSES_FILE`].
pub fn parse(path: &Path, bytes: &[u8], markup: Markup) -> Result<Corpus, SourceError> {
    let options = RedmineOptions {
        markup,
        statuses: read_statuses_beside(path)?.unwrap_or_default(),
    };
    parse_with(path, bytes, &options)
}

/// Parses a Redmine export held in `bytes` with explicit options (no file beside it is read).
pub fn parse_with(
    path: &Path,
    bytes: &[u8],
    options: &RedmineOptions,
) -> Result<Corpus, SourceError> {
    if let Some(corpus) = parse_parallel(bytes, options) {
        return Ok(corpus);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    run(path, &mut de, options)
}

/// Issues deserialized together in [`parse_parallel`]: enough to keep every core busy, few
/// enough that the raw issues of one batch take little memory.
const PARSE_BATCH: usize = 1024;

/// Files from this size on are cut on one thread while another converts; a smaller one (a
/// per-issue file of a split export, say) is not worth a thread.
const PIPELINE_BYTES: usize = 4 << 20;

/// The parallel read of an issue list (see the module docs); `None` when the file is not a
/// well-formed issue list, and the caller's sequential walk then finds and words the error.
fn parse_parallel(bytes: &[u8], options: &RedmineOptions) -> Option<Corpus> {
    read_list(bytes, options, bytes.len() >= PIPELINE_BYTES)
}

/// [`parse_parallel`], cutting on a thread of its own when `pipeline` is set.
fn read_list(bytes: &[u8], options: &RedmineOptions, pipeline: bool) -> Option<Corpus> {
    let mut ctx = Ctx {
        markup: options.markup,
        statuses: options.statuses.clone(),
        tickets: Vec::new(),
        unresolved: false,
        found: true,
    };
    // Where each status learned from an issue came from: an issue's history may only use the
    // names a sequential read would know at that issue.
    let mut learned: HashMap<u64, usize> = HashMap::new();
    let keys = if !pipeline {
        let mut ok = true;
        let keys = cut_issues(bytes, &mut |batch| {
            ok = ctx.read_batch(&batch, &mut learned).is_some();
            ok
        });
        keys.filter(|_| ok)
    } else {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<&RawValue>>(2);
        std::thread::scope(|s| {
            let converting = s.spawn(|| {
                for batch in rx {
                    // On an error this returns, and the cutting stops at its next send.
                    ctx.read_batch(&batch, &mut learned)?;
                }
                Some(())
            });
            let keys = cut_issues(bytes, &mut |batch| tx.send(batch).is_ok());
            drop(tx);
            converting.join().ok()?.and(keys)
        })
    };
    // Exactly one `issues` list and no single `issue`; anything else is left to the
    // sequential walk.
    if keys? != (1, false) {
        return None;
    }
    ctx.resolve_late_statuses();
    Some(Corpus {
        tickets: ctx.tickets,
        docs: Vec::new(),
        skipped: Default::default(),
        assets: Default::default(),
    })
}

/// Cuts every `issues` array of the top-level object into batches of [`PARSE_BATCH`] raw
/// elements and hands each to `sink` (which says whether to go on). Returns the number of
/// `issues` keys and whether there is an `issue` key; `None` on a syntax error or when
/// `sink` stopped.
fn cut_issues<'de>(
    bytes: &'de [u8],
    sink: &mut dyn FnMut(Vec<&'de RawValue>) -> bool,
) -> Option<(usize, bool)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let keys = de.deserialize_map(CutTop { sink }).ok()?;
    de.end().ok()?;
    Some(keys)
}

impl Ctx {
    /// Deserializes and converts one batch of raw issues on all cores; `None` on any error.
    fn read_batch(&mut self, batch: &[&RawValue], learned: &mut HashMap<u64, usize>) -> Option<()> {
        use rayon::prelude::*;
        let raws: Vec<RawIssue> = batch
            .par_iter()
            .map(|r| serde_json::from_str(r.get()))
            .collect::<Result<_, _>>()
            .ok()?;
        let base = self.tickets.len();
        for (i, raw) in raws.iter().enumerate() {
            if let Some(id) = self.learn(raw) {
                learned.insert(id, base + i);
            }
        }
        let (names, markup, learned) = (&self.statuses, self.markup, &*learned);
        let made: Vec<(Ticket, bool)> = raws
            .into_par_iter()
            .enumerate()
            .map(|(i, raw)| {
                let known = Known {
                    names,
                    learned: Some(learned),
                    at: base + i,
                };
                convert(raw, markup, &known)
            })
            .collect();
        self.tickets.reserve(made.len());
        for (ticket, unresolved) in made {
            self.unresolved |= unresolved;
            self.tickets.push(ticket);
        }
        Some(())
    }
}

/// The top-level object for [`cut_issues`]: hands on each `issues` array in batches and
/// counts the `issues` keys and whether there is an `issue` key.
struct CutTop<'t, 'de> {
    sink: &'t mut dyn FnMut(Vec<&'de RawValue>) -> bool,
}

impl<'de> Visitor<'de> for CutTop<'_, 'de> {
    type Value = (usize, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Redmine issue list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(usize, bool), A::Error> {
        let (mut lists, mut one) = (0, false);
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Issues => {
                    lists += 1;
                    map.next_value_seed(CutIssues {
                        sink: &mut *self.sink,
                    })?;
                }
                TopKey::Issue => {
                    one = true;
                    map.next_value::<IgnoredAny>()?;
                }
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((lists, one))
    }
}

/// The `issues` array, cut into batches of [`PARSE_BATCH`] raw elements (serde_json checks
/// their syntax but builds nothing).
struct CutIssues<'t, 'de> {
    sink: &'t mut dyn FnMut(Vec<&'de RawValue>) -> bool,
}

impl<'de> DeserializeSeed<'de> for CutIssues<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CutIssues<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of Redmine issues")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let stopped = || de::Error::custom("the batch reader stopped");
        let mut batch = Vec::with_capacity(PARSE_BATCH);
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            batch.push(raw);
            if batch.len() == PARSE_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(PARSE_BATCH));
                if !(self.sink)(full) {
                    return Err(stopped());
                }
            }
        }
        if !batch.is_empty() && !(self.sink)(batch) {
            return Err(stopped());
        }
        Ok(())
    }
}

/// Reads a Redmine export from disk; reads [`STATUSES_FILE`] beside it if present.
pub fn parse_file(path: &Path, markup: Markup) -> Result<Corpus, SourceError> {
    let options = RedmineOptions {
        markup,
        statuses: read_statuses_beside(path)?.unwrap_or_default(),
    };
    parse_file_with(path, &options)
}

/// Reads a Redmine export from disk with explicit options.
pub(crate) fn parse_file_with(
    path: &Path,
    options: &RedmineOptions,
) -> Result<Corpus, SourceError> {
    // Read whole: the parallel read needs the bytes in memory, and serde_json parses a slice
    // about twice as fast as an `io::Read`. The bytes are freed before the gate runs.
    let bytes = std::fs::read(path).map_err(|source| SourceError::Io {
        file: path.display().to_string(),
        source,
    })?;
    parse_with(path, &bytes, options)
}

/// Reads `issue_statuses.json` in the export's folder; `Ok(None)` when there is none.
pub(crate) fn read_statuses_beside(export: &Path) -> Result<Option<StatusNames>, SourceError> {
    let file: PathBuf = match export.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(STATUSES_FILE),
        _ => PathBuf::from(STATUSES_FILE),
    };
    if !file.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&file).map_err(|source| SourceError::Io {
        file: file.display().to_string(),
        source,
    })?;
    parse_statuses(&file, &bytes).map(Some)
}

/// Parses Redmine's `/issue_statuses.json` (`{"issue_statuses": [{id, name, is_closed}]}`;
/// some old servers and clients write the key as `statuses`).
pub fn parse_statuses(path: &Path, bytes: &[u8]) -> Result<StatusNames, SourceError> {
    #[derive(Deserialize)]
    struct Statuses {
        #[serde(alias = "statuses")]
        issue_statuses: Vec<Status>,
    }
    #[derive(Deserialize)]
    struct Status {
        id: RId,
        name: String,
    }
    let list: Statuses = parse_json(path, bytes)?;
    Ok(list
        .issue_statuses
        .into_iter()
        .map(|s| (s.id.0, s.name))
        .collect())
}

fn run<'de, R: serde_json::de::Read<'de>>(
    path: &Path,
    de: &mut serde_json::Deserializer<R>,
    options: &RedmineOptions,
) -> Result<Corpus, SourceError> {
    let mut ctx = Ctx {
        markup: options.markup,
        statuses: options.statuses.clone(),
        tickets: Vec::new(),
        unresolved: false,
        found: false,
    };
    let mut track = serde_path_to_error::Track::new();
    let result =
        Top(&mut ctx).deserialize(serde_path_to_error::Deserializer::new(&mut *de, &mut track));
    if let Err(e) = result {
        return Err(json_error(
            path,
            serde_path_to_error::Error::new(track.path(), e),
        ));
    }
    de.end().map_err(|e| SourceError::Json {
        file: path.display().to_string(),
        line: e.line(),
        column: e.column(),
        path: String::new(),
        msg: super::describe_json_error(&e),
    })?;
    if !ctx.found {
        return Err(SourceError::Invalid {
            file: path.display().to_string(),
            place: "the top level".into(),
            msg: "expected a Redmine issue list {\"issues\": [...]} or one issue {\"issue\": {...}}, \
                  found neither key"
                .into(),
        });
    }
    ctx.resolve_late_statuses();
    Ok(Corpus {
        tickets: ctx.tickets,
        docs: Vec::new(),
        skipped: Default::default(),
        assets: Default::default(),
    })
}

/// State of one read: options, the status names learned so far, and the output.
struct Ctx {
    markup: Markup,
    statuses: StatusNames,
    tickets: Vec<Ticket>,
    /// Some history entry reads `status #ID`: try again once every issue has been seen.
    unresolved: bool,
    found: bool,
}

// ---- raw Redmine shapes: only the fields we map; serde skips the others without storing them.

/// A Redmine id: a number, or (in some old servers) a string of digits.
#[derive(Clone, Copy, PartialEq, Eq)]
struct RId(u64);

impl<'de> Deserialize<'de> for RId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a numeric id")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RId, E> {
                Ok(RId(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RId, E> {
                u64::try_from(v)
                    .map(RId)
                    .map_err(|_| E::custom(format!("expected a numeric id, found {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RId, E> {
                v.trim()
                    .parse()
                    .map(RId)
                    .map_err(|_| E::custom(format!("expected a numeric id, found {v:?}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// `{"id": 1, "name": "Bug"}`: projects, trackers, priorities, users, versions, categories.
#[derive(Deserialize)]
struct Named {
    id: Option<RId>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawStatus {
    id: Option<RId>,
    name: String,
    is_closed: Option<bool>,
}

#[derive(Deserialize)]
struct RawIssue {
    id: RId,
    project: Option<Named>,
    tracker: Option<Named>,
    status: RawStatus,
    priority: Option<Named>,
    author: Option<Named>,
    assigned_to: Option<Named>,
    category: Option<Named>,
    fixed_version: Option<Named>,
    #[serde(default)]
    subject: String,
    description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    due_date: Option<NaiveDate>,
    done_ratio: Option<f64>,
    is_private: Option<bool>,
    estimated_hours: Option<f64>,
    spent_hours: Option<f64>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_on: DateTime<Utc>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    updated_on: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    closed_on: Option<DateTime<Utc>>,
    #[serde(default)]
    custom_fields: Vec<RawCustomField>,
    #[serde(default)]
    journals: Vec<RawJournal>,
}

#[derive(Deserialize)]
struct RawCustomField {
    name: String,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Deserialize)]
struct RawJournal {
    id: Option<RId>,
    user: Option<Named>,
    notes: Option<String>,
    #[serde(deserialize_with = "lenient::datetime")]
    created_on: DateTime<Utc>,
    private_notes: Option<bool>,
    #[serde(default)]
    details: Vec<RawDetail>,
}

#[derive(Deserialize)]
struct RawDetail {
    property: Option<String>,
    name: Option<String>,
    old_value: Option<Scalar>,
    new_value: Option<Scalar>,
}

/// A journal detail value: Redmine writes strings, but a number or a boolean must not break
/// the read. (A hand-written visitor: `#[serde(untagged)]` would buffer every value first.)
enum Scalar {
    Text(String),
    Num(u64),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            // Arrays and objects (never seen in a status change) are skipped, not fatal.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Text(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Text(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    fn id(&self) -> Option<u64> {
        match self {
            Scalar::Text(s) => s.trim().parse().ok(),
            Scalar::Num(n) => Some(*n),
        }
    }
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Num(n) => n.to_string(),
        }
    }
}

// ---- the streaming walk

/// The top-level object: `issues` is walked element by element, `issue` is one issue.
struct Top<'a>(&'a mut Ctx);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum TopKey {
    Issues,
    Issue,
    #[serde(other)]
    Other,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Redmine issue list {\"issues\": [...]} or one issue {\"issue\": {...}}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Issues => {
                    self.0.found = true;
                    map.next_value_seed(Issues(&mut *self.0))?;
                }
                TopKey::Issue => {
                    self.0.found = true;
                    let raw: RawIssue = map.next_value()?;
                    self.0.push(raw);
                }
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The `issues` array: each element becomes a ticket before the next one is read.
struct Issues<'a>(&'a mut Ctx);

impl<'de> DeserializeSeed<'de> for Issues<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Issues<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of Redmine issues")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(n) = seq.size_hint() {
            self.0.tickets.reserve(n);
        }
        while let Some(raw) = seq.next_element::<RawIssue>()? {
            self.0.push(raw);
        }
        Ok(())
    }
}

/// The status names an issue's history may use: those of the statuses file and of the issues
/// read up to and including it, as a sequential read would know them at that issue.
struct Known<'a> {
    names: &'a StatusNames,
    /// The position of the issue each learned status came from, in the parallel read (where
    /// `names` already holds later issues' statuses too); `None` in the sequential walk.
    learned: Option<&'a HashMap<u64, usize>>,
    /// This issue's position.
    at: usize,
}

impl Known<'_> {
    fn get(&self, id: u64) -> Option<&String> {
        let name = self.names.get(&id)?;
        match self.learned.and_then(|l| l.get(&id)) {
            Some(&from) if from > self.at => None,
            _ => Some(name),
        }
    }
}

/// A status id's name, or `status #ID` (marking the read `unresolved`) while it is unknown.
fn status_name(
    known: &Known<'_>,
    unresolved: &mut bool,
    id: Option<u64>,
    raw: Option<&Scalar>,
) -> String {
    match id {
        Some(id) => match known.get(id) {
            Some(name) => name.clone(),
            None => {
                *unresolved = true;
                format!("status #{id}")
            }
        },
        None => {
            *unresolved = true;
            format!("status #{}", raw.map(Scalar::text).unwrap_or_default())
        }
    }
}

/// Turns one raw issue into a ticket; also says whether its history holds a `status #ID`
/// placeholder. Pure, so the parallel read runs it on all cores.
fn convert(raw: RawIssue, markup: Markup, known: &Known<'_>) -> (Ticket, bool) {
    let mut unresolved = false;
    let author_id = raw.author.as_ref().and_then(|a| a.id);

    // History: the walk of status_id changes, in journal order (Redmine lists journals in
    // time order).
    let mut changes: Vec<(DateTime<Utc>, Option<Scalar>, Option<Scalar>)> = Vec::new();
    let mut notes = Vec::new();
    for j in raw.journals {
        for d in j.details {
            if d.property.as_deref() == Some("attr") && d.name.as_deref() == Some("status_id") {
                changes.push((j.created_on, d.old_value, d.new_value));
            }
        }
        let text = match j.notes {
            Some(t) if !t.trim().is_empty() => normalize_newlines(t),
            _ => continue,
        };
        let user_id = j.user.as_ref().and_then(|u| u.id);
        let role = if user_id.is_some() && user_id == author_id {
            Role::Customer
        } else {
            Role::Staff
        };
        notes.push(Note {
            id: j.id.map(|i| i.0.to_string()),
            author: name_of(j.user).unwrap_or_default(),
            role,
            created: j.created_on,
            text,
            markup,
            // PRIVACY: the private-note flag enters the model here (Redmine always sends it).
            private: j.private_notes.unwrap_or(false),
            author_email: None,
        });
    }
    let mut history = Vec::with_capacity(changes.len() + 1);
    let first = match changes.first() {
        Some((_, Some(old), _)) => status_name(known, &mut unresolved, old.id(), Some(old)),
        _ => raw.status.name.clone(),
    };
    history.push(StatusChange {
        at: raw.created_on,
        from: None,
        to: first,
    });
    let last = changes.len().saturating_sub(1);
    for (k, (at, old, new)) in changes.into_iter().enumerate() {
        let from = old
            .as_ref()
            .map(|v| status_name(known, &mut unresolved, v.id(), Some(v)));
        let new_id = new.as_ref().and_then(Scalar::id);
        let to = if k == last && new_id.is_none_or(|id| known.get(id).is_none()) {
            // The last change leads to the current status, whatever its id.
            raw.status.name.clone()
        } else {
            status_name(known, &mut unresolved, new_id, new.as_ref())
        };
        history.push(StatusChange { at, from, to });
    }

    let closed = if raw.status.is_closed == Some(false) {
        None
    } else {
        raw.closed_on
    };
    let custom_fields = raw
        .custom_fields
        .into_iter()
        .map(|c| {
            let v = match c.value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                serde_json::Value::Array(items) => items
                    .into_iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (c.name, v)
        })
        .collect();
    let ticket = Ticket {
        id: raw.id.0.to_string(),
        subject: raw.subject,
        description: normalize_newlines(raw.description.unwrap_or_default()),
        markup,
        status: raw.status.name,
        status_closed: raw.status.is_closed,
        severity: name_of(raw.priority),
        category: name_of(raw.category),
        tracker: name_of(raw.tracker),
        project: name_of(raw.project),
        labels: Vec::new(),
        created: raw.created_on,
        updated: raw.updated_on,
        closed,
        // PRIVACY: the tracker's private flag enters the model here (Redmine always sends it).
        private: raw.is_private.unwrap_or(false),
        target_version: name_of(raw.fixed_version),
        fixed_in_version: None,
        due_date: raw.due_date,
        fix_location: None,
        done_ratio: raw.done_ratio.map(|d| d.clamp(0.0, 100.0).round() as u8),
        resolution: None,
        notes,
        history,
        internal: Internal {
            assignee: name_of(raw.assigned_to),
            reporter: name_of(raw.author),
            reporter_email: None,
            time_spent_hours: raw.spent_hours,
            estimated_hours: raw.estimated_hours,
            custom_fields,
            related_internal: None,
        },
    };
    (ticket, unresolved)
}

fn name_of(n: Option<Named>) -> Option<String> {
    n.and_then(|n| n.name).filter(|s| !s.is_empty())
}

impl Ctx {
    /// Learns the issue's current status name (the first name seen for an id wins); returns
    /// the id when it was new.
    fn learn(&mut self, raw: &RawIssue) -> Option<u64> {
        let id = raw.status.id?.0;
        match self.statuses.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => None,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(raw.status.name.clone());
                Some(id)
            }
        }
    }

    /// The sequential walk: `statuses` holds exactly what is known at this issue.
    fn push(&mut self, raw: RawIssue) {
        self.learn(&raw);
        let known = Known {
            names: &self.statuses,
            learned: None,
            at: 0,
        };
        let (ticket, unresolved) = convert(raw, self.markup, &known);
        self.unresolved |= unresolved;
        self.tickets.push(ticket);
    }

    /// Replaces `status #ID` placeholders with names learned from issues read later.
    fn resolve_late_statuses(&mut self) {
        if !self.unresolved {
            return;
        }
        let fix = |s: &mut String, statuses: &StatusNames| {
            if let Some(id) = s
                .strip_prefix("status #")
                .and_then(|n| n.parse::<u64>().ok())
            {
                if let Some(name) = statuses.get(&id) {
                    *s = name.clone();
                }
            }
        };
        for t in &mut self.tickets {
            for h in &mut t.history {
                fix(&mut h.to, &self.statuses);
                if let Some(from) = h.from.as_mut() {
                    fix(from, &self.statuses);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sequential streaming walk, for comparison with the parallel read.
    fn sequential(bytes: &[u8], options: &RedmineOptions) -> Result<Corpus, SourceError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        run(Path::new("x.json"), &mut de, options)
    }

    fn debug(c: &Corpus) -> Vec<String> {
        c.tickets.iter().map(|t| format!("{t:?}")).collect()
    }

    /// More issues than one parallel batch holds, whose status history names statuses that
    /// only later issues carry as their current status: the parallel read must learn them in
    /// file order (and resolve the late ones) exactly like the sequential walk.
    #[test]
    fn parallel_read_matches_the_sequential_walk() {
        let n = 2 * PARSE_BATCH + 300;
        let issues: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let status = 1 + (i * 7) % 9;
                serde_json::json!({
                    "id": i + 1,
                    "project": {"id": 1, "name": "Shop"},
                    "tracker": {"id": 1, "name": "Bug"},
                    "status": {"id": status, "name": format!("Status {status}"), "is_closed": status > 7},
                    "priority": {"id": 2, "name": "Normal"},
                    "author": {"id": 5, "name": "Ann"},
                    "subject": format!("Issue \"{i}\" — Übersicht \u{2019}"),
                    "description": if i % 5 == 0 { serde_json::Value::Null } else { format!("line\r\nmore {i}").into() },
                    "is_private": i % 11 == 0,
                    "created_on": "2026-01-02T03:04:05Z",
                    "updated_on": "2026-02-02T03:04:05Z",
                    "journals": [{
                        "id": i * 10,
                        "user": {"id": 6, "name": "Bob"},
                        "notes": format!("note {i}"),
                        "private_notes": i % 3 == 0,
                        "created_on": "2026-01-05T00:00:00Z",
                        "details": [{"property": "attr", "name": "status_id",
                                     "old_value": ((i * 5) % 12 + 1).to_string(),
                                     // Sometimes not the current status: a sequential
                                     // read names it only once an earlier issue taught it.
                                     "new_value": if i % 4 == 0 { (i * 3) % 10 + 1 } else { status }.to_string()}]
                    }]
                })
            })
            .collect();
        let bytes =
            serde_json::to_vec(&serde_json::json!({"issues": issues, "total_count": n})).unwrap();
        let options = RedmineOptions::default();
        let seq = sequential(&bytes, &options).unwrap();
        for pipeline in [false, true] {
            let par = read_list(&bytes, &options, pipeline)
                .expect("a well-formed list reads in parallel");
            assert_eq!(par.tickets.len(), n);
            assert_eq!(debug(&par), debug(&seq), "pipeline: {pipeline}");
        }
        // Some history named a status no issue carries: both keep it as `status #ID`.
        assert!(debug(&seq).iter().any(|t| t.contains("status #1")));
    }

    /// The public projects' answers read the same both ways, and a list with an error is
    /// left to the sequential walk, which words the error.
    #[test]
    #[cfg_attr(
        not(porchlight_shared_fixtures),
        ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
    )]
    fn real_exports_read_the_same_both_ways() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/redmine/redmine-java-api");
        let mut lists = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let options = RedmineOptions::default();
            let Some(par) = parse_parallel(&bytes, &options) else {
                continue;
            };
            lists += 1;
            let seq = sequential(&bytes, &options).unwrap();
            assert_eq!(debug(&par), debug(&seq), "{}", path.display());
        }
        assert!(lists > 0, "no issue list among the fixtures");
        let bad = br#"{"issues": [{"id": 1, "status": {"id": 1, "name": "New"}, "created_on": "2026-01-01T00:00:00Z"}, {"id": "x"}]}"#;
        let two = br#"{"issues": [], "total_count": 0, "issues": []}"#;
        let cut_short = br#"{"issues": [{"id": 1}, "#;
        for pipeline in [false, true] {
            for input in [&bad[..], two, cut_short, b"[]", br#"{"issue": {"id": 1}}"#] {
                let read = read_list(input, &RedmineOptions::default(), pipeline);
                assert!(read.is_none(), "{}", String::from_utf8_lossy(input));
            }
        }
        let e = parse_with(Path::new("bad.json"), bad, &RedmineOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.json:1:107: expected a numeric id, found \"x\" (at issues[1].id)"
        );
    }
}
