//! Reader for Odoo Helpdesk: the Enterprise app `helpdesk` and the Community (OCA) module
//! `helpdesk_mgmt`, as Odoo's external API (`/jsonrpc`, `execute_kw` `search_read`) returns
//! their records.
//!
//! Accepted shapes:
//! - the snapshot `porchlight pull odoo` writes (records exactly as `search_read` returns them,
//!   side by side; only `tickets` is required):
//!
//! ```json
//! {
//!   "odoo_snapshot": 1,
//!   "tickets": [ /* helpdesk.ticket */ ],
//!   "messages": [ /* mail.message with model = 'helpdesk.ticket' */ ],
//!   "tracking_values": [ /* mail.tracking.value of the field stage_id */ ],
//!   "stage_field_id": 1234,
//!   "subtypes": [ /* mail.message.subtype: id, name, internal */ ],
//!   "teams": [ /* helpdesk.team: id, name, privacy_visibility */ ],
//!   "tags": [ /* helpdesk.tag or helpdesk.ticket.tag: id, name */ ],
//!   "staff_partner_ids": [3, 7]
//! }
//! ```
//!
//! - a bare `search_read` answer of `helpdesk.ticket`: an array of ticket records.
//!
//! Odoo writes an empty value as `false`, a many2one as `[id, "display name"]` (or the bare id
//! when read with `load=None`), a many2many as a list of ids, and date-times as
//! `"YYYY-MM-DD HH:MM:SS"` in UTC.
//!
//! Field mapping: `number` (helpdesk_mgmt) → id when set, else `id`; `name` → subject;
//! `description` (HTML) → description, cleaned as all ticket text; `stage_id` → status (the
//! stage's name, mapped by `[workflow.statuses]` and the built-in map); `closed`
//! (helpdesk_mgmt) or `fold` (Enterprise) → whether the stage is closed; `priority` stars
//! `"0"`–`"3"` → severity Low, Medium, High, Urgent; `ticket_type_id` (Enterprise) or
//! `category_id` (helpdesk_mgmt) → category; `team_id` → project; `tag_ids` → labels (names
//! from `tags`); `create_date`, `write_date`, `close_date` (Enterprise) or `closed_date`
//! (helpdesk_mgmt); `sla_deadline` (Enterprise) → due date. Internal only: `user_id` →
//! assignee, `partner_id`/`partner_name` → reporter, `partner_email`.
//!
//! Privacy. Odoo has no private flag on a ticket; a ticket is private when its team's
//! `privacy_visibility` (Enterprise: from the `teams` table, or the ticket's related field
//! `team_privacy_visibility`) is not `portal` (then customers cannot see the team's tickets in
//! Odoo either). When a ticket has a team whose visibility the file does not hold, it is
//! private too (counted), unless it is a `helpdesk_mgmt` ticket (it has a `number`), whose
//! teams have no such setting: a bare Enterprise `search_read` cannot tell a portal team from
//! an internal one. Teams and tags are also project and labels, so
//! `[[visibility.rules]]`, `[sources] projects` and `[privacy] withhold_labels` withhold more.
//! A message is a public note only when it is a comment or an e-mail (`message_type`
//! `comment`, `email`, `email_outgoing`), is not `is_internal`, and its subtype is known to
//! be public (`internal: false` in `subtypes`, or the standard public subtype "Discussions");
//! everything else (log notes, subtype Note, notifications, a message whose subtype cannot be
//! told) is private. Tracking values are not notes: a change of `stage_id` is stage history,
//! whoever's message carries it; changes of other fields are left out and counted. Author
//! names (`author_id`'s display name, `email_from`) never leave the model: the role is the
//! customer when the author is the ticket's partner, the team when the author is one of
//! `staff_partner_ids` (the partners of internal users), and "someone else" otherwise.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;

use super::MENTION;
use super::{normalize_newlines, parse_json, SourceError};
use crate::model::{Corpus, Internal, Markup, Note, Role, StatusChange, Ticket};

/// The snapshot version this reader writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;

/// The key `pull odoo` writes first, by which `auto` detection knows the file.
pub(crate) const SNAPSHOT_KEY: &str = "odoo_snapshot";

/// Why messages of another model or of tickets not in the file are left out.
pub const OTHER_MESSAGES: &str = "Odoo messages of records not in the export";
/// Why tracking values of fields other than the stage are left out.
pub const OTHER_TRACKING: &str = "Odoo tracking values of fields other than the stage";
/// Tickets kept private because the file does not say whether their team is open to customers.
pub const UNKNOWN_TEAM: &str = "Odoo tickets of a team whose portal visibility the file does not hold, kept private (export the teams with privacy_visibility, as porchlight pull odoo does)";
/// Why archived tickets (`active: false`) are left out.
pub const ARCHIVED: &str = "archived Odoo tickets";

/// A many2one value: `false`, `[id, "name"]`, or a bare id.
#[derive(Debug, Default, Clone)]
pub(crate) struct M2o {
    pub id: Option<i64>,
    pub name: Option<String>,
}

impl<'de> Deserialize<'de> for M2o {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<M2o, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = M2o;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a many2one value: false, an id, or [id, \"name\"]")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<M2o, E> {
                if v {
                    Err(E::invalid_value(de::Unexpected::Bool(true), &self))
                } else {
                    Ok(M2o::default())
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<M2o, E> {
                Ok(M2o::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<M2o, E> {
                Ok(M2o::default())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<M2o, E> {
                Ok(M2o {
                    id: Some(v),
                    name: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<M2o, E> {
                i64::try_from(v)
                    .map(|id| M2o {
                        id: Some(id),
                        name: None,
                    })
                    .map_err(|_| E::custom(format!("id {v} is out of range")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<M2o, A::Error> {
                let id: i64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let name: Option<Text> = seq.next_element()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(M2o {
                    id: Some(id),
                    name: name.and_then(|t| t.0),
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A char, text or HTML field: a string, or `false` / `null` for empty.
#[derive(Debug, Default, Clone)]
pub(crate) struct Text(pub Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                if v {
                    Err(E::invalid_value(de::Unexpected::Bool(true), &self))
                } else {
                    Ok(Text(None))
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            // Selection fields are strings, but a hand-made export may write priority 2.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

impl Text {
    fn into_opt(self) -> Option<String> {
        self.0.filter(|s| !s.trim().is_empty())
    }
}

/// A date-time field: Odoo's `"YYYY-MM-DD HH:MM:SS"` (UTC), or `false` for empty.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct When(pub Option<DateTime<Utc>>);

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<When, D::Error> {
        match Text::deserialize(d)?.into_opt() {
            None => Ok(When(None)),
            Some(s) => super::parse_datetime(&s).map(|t| When(Some(t))).ok_or_else(|| {
                de::Error::custom(format!(
                    "expected a date-time such as \"2026-03-04 02:14:42\" (Odoo, UTC) or false, found {s:?}"
                ))
            }),
        }
    }
}

/// A many2many or one2many value: a list of ids (`false` reads as none).
#[derive(Debug, Default, Clone)]
pub(crate) struct Ids(pub Vec<i64>);

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ids, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            List(Vec<i64>),
            Empty(bool),
        }
        match Option::<Raw>::deserialize(d)? {
            Some(Raw::List(v)) => Ok(Ids(v)),
            Some(Raw::Empty(false)) | None => Ok(Ids(Vec::new())),
            Some(Raw::Empty(true)) => Err(de::Error::custom(
                "expected a list of ids or false, found true",
            )),
        }
    }
}

#[derive(Deserialize)]
struct RawTicket {
    id: i64,
    #[serde(default)]
    number: Text,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    description: Text,
    #[serde(default)]
    stage_id: M2o,
    #[serde(default)]
    priority: Text,
    #[serde(default)]
    ticket_type_id: M2o,
    #[serde(default)]
    category_id: M2o,
    #[serde(default)]
    team_id: M2o,
    /// Enterprise's related field of the team's `privacy_visibility`.
    #[serde(default)]
    team_privacy_visibility: Text,
    #[serde(default)]
    tag_ids: Ids,
    #[serde(default)]
    partner_id: M2o,
    #[serde(default)]
    partner_name: Text,
    #[serde(default)]
    partner_email: Text,
    #[serde(default)]
    user_id: M2o,
    create_date: When,
    #[serde(default)]
    write_date: When,
    #[serde(default)]
    close_date: When,
    #[serde(default)]
    closed_date: When,
    #[serde(default)]
    sla_deadline: When,
    closed: Option<bool>,
    fold: Option<bool>,
    active: Option<bool>,
}

#[derive(Deserialize)]
struct RawMessage {
    id: i64,
    #[serde(default)]
    model: Text,
    res_id: Option<i64>,
    #[serde(default)]
    message_type: Text,
    #[serde(default)]
    subtype_id: M2o,
    is_internal: Option<bool>,
    #[serde(default)]
    body: Text,
    date: When,
    #[serde(default)]
    author_id: M2o,
    #[serde(default)]
    email_from: Text,
}

#[derive(Deserialize)]
struct RawTracking {
    /// Odoo 16 and older: the field's technical name.
    #[serde(default)]
    field: Text,
    /// Odoo 17 and later: the field as a many2one of `ir.model.fields`.
    #[serde(default)]
    field_id: M2o,
    #[serde(default)]
    old_value_char: Text,
    #[serde(default)]
    new_value_char: Text,
    #[serde(default)]
    mail_message_id: M2o,
}

#[derive(Deserialize)]
struct RawSubtype {
    id: i64,
    #[serde(default)]
    name: Text,
    internal: Option<bool>,
}

#[derive(Deserialize)]
struct RawTeam {
    id: i64,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    privacy_visibility: Text,
}

#[derive(Deserialize)]
struct RawTag {
    id: i64,
    #[serde(default)]
    name: Text,
}

#[derive(Deserialize)]
struct Snapshot {
    odoo_snapshot: Option<u32>,
    tickets: Vec<RawTicket>,
    #[serde(default)]
    messages: Vec<RawMessage>,
    #[serde(default)]
    tracking_values: Vec<RawTracking>,
    stage_field_id: Option<i64>,
    #[serde(default)]
    subtypes: Vec<RawSubtype>,
    #[serde(default)]
    teams: Vec<RawTeam>,
    tags: Option<Vec<RawTag>>,
    #[serde(default)]
    staff_partner_ids: Vec<i64>,
}

/// A stage change's old and new stage names, as a tracking value holds them.
type StageMove = (Option<String>, Option<String>);

/// The message types that reach the customer: comments and e-mails. `notification`,
/// `user_notification` and `auto_comment` are the system's, never a note.
const PUBLIC_TYPES: &[&str] = &["comment", "email", "email_outgoing"];

/// The name of Odoo's standard public subtype (`mail.mt_comment`), trusted when the file has
/// no `subtypes` table to say so.
const PUBLIC_SUBTYPE: &str = "Discussions";

/// The one value of a team's `privacy_visibility` under which customers see its tickets.
const PORTAL: &str = "portal";

/// Whether a message is private (or cannot be told to be public): see the module comment.
fn message_private(m: &RawMessage, subtypes: &Subtypes) -> bool {
    let kind = m.message_type.0.as_deref().unwrap_or("");
    if !PUBLIC_TYPES.contains(&kind) {
        return true;
    }
    if m.is_internal == Some(true) {
        return true;
    }
    let Some(id) = m.subtype_id.id else {
        // PRIVACY: a comment without a subtype cannot be told from a log note.
        return true;
    };
    match subtypes.get(&id) {
        Some((_, Some(internal))) => *internal,
        _ => m.subtype_id.name.as_deref().map(str::trim) != Some(PUBLIC_SUBTYPE),
    }
}

/// The `subtypes` table as [`message_private`] reads it: id → (name, internal).
pub(crate) type Subtypes = HashMap<i64, (Option<String>, Option<bool>)>;

/// [`Subtypes`] from `mail.message.subtype` records; records it cannot read are left out
/// (their messages then count as private).
pub(crate) fn subtypes_of(records: &[serde_json::Value]) -> Subtypes {
    records
        .iter()
        .filter_map(|r| serde_json::from_value::<RawSubtype>(r.clone()).ok())
        .map(|s| (s.id, (s.name.into_opt(), s.internal)))
        .collect()
}

/// Whether a `mail.message` record, as `search_read` returns it, is private by the reader's
/// rule (`pull odoo` scrubs by the same one); a record it cannot read is private.
pub(crate) fn record_private(m: &serde_json::Value, subtypes: &Subtypes) -> bool {
    match serde_json::from_value::<RawMessage>(m.clone()) {
        Ok(raw) => message_private(&raw, subtypes),
        Err(_) => true,
    }
}

/// Whether a team record's `privacy_visibility` keeps its tickets from customers.
pub(crate) fn team_private(team: &serde_json::Value) -> bool {
    team.get("privacy_visibility")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|v| v.trim() != PORTAL)
}

/// Priority stars as the severity names of the built-in levels: Odoo's own labels ("Low
/// priority", …, Enterprise's "Urgent" for three stars, which helpdesk_mgmt calls "Very High").
fn severity_of(priority: &str) -> Option<String> {
    let name = match priority.trim() {
        "0" => "Low",
        "1" => "Medium",
        "2" => "High",
        "3" => "Urgent",
        "" => return None,
        other => other,
    };
    Some(name.to_string())
}

/// Parses Odoo Helpdesk JSON held in `bytes`; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Corpus, SourceError> {
    let snap = match super::first_char(bytes) {
        Some('[') => Snapshot {
            odoo_snapshot: None,
            tickets: parse_json(path, bytes)?,
            messages: Vec::new(),
            tracking_values: Vec::new(),
            stage_field_id: None,
            subtypes: Vec::new(),
            teams: Vec::new(),
            tags: None,
            staff_partner_ids: Vec::new(),
        },
        _ => {
            let keys: BTreeMap<String, IgnoredAny> = parse_json(path, bytes)?;
            if !keys.contains_key("tickets") {
                return Err(SourceError::Invalid {
                    file: path.display().to_string(),
                    place: "the top level".into(),
                    msg: "expected Odoo Helpdesk tickets: a search_read answer [...] or a Porchlight snapshot {\"odoo_snapshot\": 1, \"tickets\": [...]}".into(),
                });
            }
            parse_json(path, bytes)?
        }
    };
    if let Some(v) = snap.odoo_snapshot {
        if v != SNAPSHOT_VERSION {
            return Err(SourceError::Invalid {
                file: path.display().to_string(),
                place: SNAPSHOT_KEY.into(),
                msg: format!("snapshot version {v} is not supported; this Porchlight reads version {SNAPSHOT_VERSION}"),
            });
        }
    }
    convert(path, snap)
}

fn convert(path: &Path, snap: Snapshot) -> Result<Corpus, SourceError> {
    let invalid = |place: String, msg: String| SourceError::Invalid {
        file: path.display().to_string(),
        place,
        msg,
    };
    let mut skipped = crate::model::Skipped::new();
    let subtypes: Subtypes = snap
        .subtypes
        .into_iter()
        .map(|s| (s.id, (s.name.into_opt(), s.internal)))
        .collect();
    let teams: HashMap<i64, RawTeam> = snap.teams.into_iter().map(|t| (t.id, t)).collect();
    let tags: Option<HashMap<i64, String>> = snap.tags.map(|list| {
        list.into_iter()
            .filter_map(|t| Some((t.id, t.name.into_opt()?)))
            .collect()
    });
    let staff: HashSet<i64> = snap.staff_partner_ids.into_iter().collect();

    // Stage changes by message id: a tracking value names its message, the message its
    // ticket and time.
    let mut stage_changes: HashMap<i64, Vec<StageMove>> = HashMap::new();
    for (i, tv) in snap.tracking_values.into_iter().enumerate() {
        let is_stage = tv.field.0.as_deref() == Some("stage_id")
            || (tv.field_id.id.is_some() && tv.field_id.id == snap.stage_field_id);
        if !is_stage {
            *skipped.entry(OTHER_TRACKING.to_string()).or_default() += 1;
            continue;
        }
        let Some(msg) = tv.mail_message_id.id else {
            return Err(invalid(
                format!("tracking_values[{i}].mail_message_id"),
                "a stage change without its message (expected [id, \"name\"])".into(),
            ));
        };
        stage_changes
            .entry(msg)
            .or_default()
            .push((tv.old_value_char.into_opt(), tv.new_value_char.into_opt()));
    }

    // Messages by ticket, in time order (Odoo lists them newest first).
    let ticket_ids: HashSet<i64> = snap.tickets.iter().map(|t| t.id).collect();
    let mut by_ticket: HashMap<i64, Vec<RawMessage>> = HashMap::new();
    for m in snap.messages {
        let of_ticket = m
            .model
            .0
            .as_deref()
            .is_none_or(|model| model == "helpdesk.ticket");
        match m.res_id {
            Some(id) if of_ticket && ticket_ids.contains(&id) => {
                by_ticket.entry(id).or_default().push(m)
            }
            _ => *skipped.entry(OTHER_MESSAGES.to_string()).or_default() += 1,
        }
    }
    for list in by_ticket.values_mut() {
        list.sort_by_key(|m| (m.date.0, m.id));
    }

    let mut tickets = Vec::with_capacity(snap.tickets.len());
    let mut seen_ids: HashSet<String> = HashSet::new();
    for (i, raw) in snap.tickets.into_iter().enumerate() {
        if raw.active == Some(false) {
            *skipped.entry(ARCHIVED.to_string()).or_default() += 1;
            continue;
        }
        let Some(created) = raw.create_date.0 else {
            return Err(invalid(
                format!("tickets[{i}].create_date"),
                "a ticket without its creation date (expected \"YYYY-MM-DD HH:MM:SS\")".into(),
            ));
        };
        let mut labels = Vec::with_capacity(raw.tag_ids.0.len());
        for (k, tag) in raw.tag_ids.0.iter().enumerate() {
            // PRIVACY: a tag withholds tickets (`withhold_labels`); an unnamed tag would
            // fail that rule open, so it is an error.
            match tags.as_ref().and_then(|t| t.get(tag)) {
                Some(name) => labels.push(name.clone()),
                None => {
                    return Err(invalid(
                        format!("tickets[{i}].tag_ids[{k}]"),
                        format!("tag {tag} has no name in the file's \"tags\" list; export the helpdesk tags (id, name) with the tickets, as porchlight pull odoo does"),
                    ))
                }
            }
        }
        let team = raw.team_id.id.and_then(|id| teams.get(&id));
        let visibility = raw
            .team_privacy_visibility
            .0
            .as_deref()
            .or_else(|| team.and_then(|t| t.privacy_visibility.0.as_deref()));
        let private = match visibility {
            // PRIVACY: customers do not see the tickets of a team that is not open to the
            // portal.
            Some(v) => v.trim() != PORTAL,
            // No team, or helpdesk_mgmt's, whose teams have no portal setting.
            None if raw.team_id.id.is_none() || raw.number.0.is_some() => false,
            // PRIVACY: an Enterprise team the file does not describe may be internal.
            None => {
                *skipped.entry(UNKNOWN_TEAM.to_string()).or_default() += 1;
                true
            }
        };
        let id = match raw.number.0.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() && n != "/" => n.to_string(),
            _ => raw.id.to_string(),
        };
        if !seen_ids.insert(id.clone()) {
            return Err(invalid(
                format!("tickets[{i}]"),
                format!("ticket {id} appears twice"),
            ));
        }
        let status = raw
            .stage_id
            .name
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| match raw.stage_id.id {
                Some(s) => format!("stage #{s}"),
                None => "New".to_string(),
            });
        let partner = raw.partner_id.id;
        let partner_email = raw.partner_email.clone().into_opt();
        let mut notes = Vec::new();
        let mut changes: Vec<(DateTime<Utc>, Option<String>, Option<String>)> = Vec::new();
        for m in by_ticket.remove(&raw.id).unwrap_or_default() {
            let Some(at) = m.date.0 else {
                return Err(invalid(
                    format!("message {}: date", m.id),
                    "a message without its date".into(),
                ));
            };
            for (old, new) in stage_changes.remove(&m.id).unwrap_or_default() {
                changes.push((at, old, new));
            }
            let private_note = message_private(&m, &subtypes);
            let Some(body) = m.body.clone().into_opt() else {
                continue;
            };
            let by_partner = m.author_id.id.is_some() && m.author_id.id == partner;
            let by_email = m.author_id.id.is_none()
                && partner_email
                    .as_deref()
                    .zip(m.email_from.0.as_deref())
                    .is_some_and(|(a, b)| {
                        b.to_ascii_lowercase()
                            .contains(&a.trim().to_ascii_lowercase())
                    });
            let role = if by_partner || by_email {
                Role::Customer
            } else if m.author_id.id.is_some_and(|a| staff.contains(&a)) {
                Role::Staff
            } else {
                Role::Other
            };
            notes.push(Note {
                id: Some(m.id.to_string()),
                // PRIVACY: the name is read for `[roles] team` only; the gate never shows it.
                author: m.author_id.name.clone().unwrap_or_default(),
                role,
                created: at,
                text: normalize_newlines(hide_partner_links(&body)),
                markup: Markup::Html,
                private: private_note,
                author_email: m.email_from.into_opt(),
            });
        }
        let mut history = Vec::with_capacity(changes.len() + 1);
        let first = changes
            .first()
            .and_then(|(_, old, _)| old.clone())
            .unwrap_or_else(|| status.clone());
        history.push(StatusChange {
            at: created,
            from: None,
            to: first,
        });
        for (at, old, new) in changes {
            let Some(new) = new else { continue };
            let from = old.or_else(|| history.last().map(|h| h.to.clone()));
            history.push(StatusChange { at, from, to: new });
        }
        let status_closed = raw.closed.or(raw.fold);
        let closed = raw.close_date.0.or(raw.closed_date.0);
        tickets.push(Ticket {
            id,
            subject: raw.name.0.unwrap_or_default(),
            description: normalize_newlines(hide_partner_links(
                &raw.description.0.unwrap_or_default(),
            )),
            markup: Markup::Html,
            status,
            status_closed,
            severity: raw.priority.0.as_deref().and_then(severity_of),
            category: raw.ticket_type_id.name.or(raw.category_id.name),
            project: team
                .and_then(|t| t.name.0.clone())
                .or(raw.team_id.name)
                .filter(|n| !n.trim().is_empty()),
            labels,
            created,
            updated: raw.write_date.0,
            closed: if status_closed == Some(false) {
                None
            } else {
                closed
            },
            private,
            due_date: raw.sla_deadline.0.map(|d| d.date_naive()),
            notes,
            history,
            internal: Internal {
                assignee: raw.user_id.name,
                reporter: raw.partner_name.into_opt().or(raw.partner_id.name),
                reporter_email: partner_email,
                ..Internal::default()
            },
            // Odoo Helpdesk has no versions, fix location, done ratio or public reason.
            ..Ticket::default()
        });
    }
    Ok(Corpus {
        tickets,
        skipped,
        ..Corpus::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subtypes() -> Subtypes {
        HashMap::from([
            (1, (Some("Discussions".into()), Some(false))),
            (2, (Some("Note".into()), Some(true))),
        ])
    }

    fn msg(json: serde_json::Value) -> RawMessage {
        let mut base =
            serde_json::json!({"id": 1, "date": "2026-01-02 10:00:00", "body": "<p>x</p>"});
        base.as_object_mut()
            .unwrap()
            .extend(json.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    /// Every way Odoo marks a message internal makes it private; only a public comment or
    /// e-mail with a public subtype is not.
    #[test]
    fn only_public_comments_and_emails_are_public() {
        let s = subtypes();
        let public = [
            serde_json::json!({"message_type": "comment", "subtype_id": [1, "Discussions"], "is_internal": false}),
            serde_json::json!({"message_type": "email", "subtype_id": [1, "Discussions"]}),
            serde_json::json!({"message_type": "email_outgoing", "subtype_id": [9, "Discussions"]}),
        ];
        for m in public {
            assert!(!message_private(&msg(m.clone()), &s), "{m}");
        }
        let private = [
            serde_json::json!({"message_type": "comment", "subtype_id": [2, "Note"], "is_internal": false}),
            serde_json::json!({"message_type": "comment", "subtype_id": [1, "Discussions"], "is_internal": true}),
            serde_json::json!({"message_type": "notification", "subtype_id": [1, "Discussions"]}),
            serde_json::json!({"message_type": "user_notification", "subtype_id": [1, "Discussions"]}),
            serde_json::json!({"message_type": "auto_comment", "subtype_id": [1, "Discussions"]}),
            serde_json::json!({"message_type": "comment", "subtype_id": false}),
            serde_json::json!({"message_type": "comment", "subtype_id": [7, "Ticket Rated"]}),
            serde_json::json!({"message_type": false, "subtype_id": [1, "Discussions"]}),
            serde_json::json!({"subtype_id": [1, "Discussions"]}),
        ];
        for m in private {
            assert!(message_private(&msg(m.clone()), &s), "{m}");
        }
        // A subtype the table marks internal is private whatever its name says.
        let mut s2 = subtypes();
        s2.insert(1, (Some("Discussions".into()), Some(true)));
        assert!(message_private(
            &msg(serde_json::json!({"message_type": "comment", "subtype_id": [1, "Discussions"]})),
            &s2
        ));
    }

    #[test]
    fn priority_stars_are_severity_names() {
        assert_eq!(severity_of("0").as_deref(), Some("Low"));
        assert_eq!(severity_of("1").as_deref(), Some("Medium"));
        assert_eq!(severity_of("2").as_deref(), Some("High"));
        assert_eq!(severity_of("3").as_deref(), Some("Urgent"));
        assert_eq!(severity_of(""), None);
    }
}

/// Odoo's chatter writes an @mention as a link to the person's partner record, with their
/// name as its text (`<a href="…model=res.partner&id=7" class="o_mail_redirect"
/// data-oe-model="res.partner" data-oe-id="7">@Jane Doe</a>`). PRIVACY: the whole link becomes
/// "@someone", as Jira's mentions do; the cleaner would keep the name as text. A regular
/// expression rather than a parser: Odoo's editor writes these links one way, and any other
/// markup still goes through the ticket cleaner after this.
pub(crate) fn hide_partner_links(html: &str) -> String {
    static PARTNER_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?is)<a\s[^>]*(?:data-oe-model\s*=\s*["']res\.partner["']|\bo_mail_redirect\b|model=res\.partner|/res\.partner/)[^>]*>.*?</a>"#,
        )
        .expect("valid regex")
    });
    PARTNER_LINK.replace_all(html, MENTION).into_owned()
}

#[cfg(test)]
mod mention_tests {
    use super::hide_partner_links;

    #[test]
    fn partner_mentions_lose_the_name() {
        let html = r#"<p>Thanks <a href="/web#model=res.partner&amp;id=7" class="o_mail_redirect" data-oe-id="7" data-oe-model="res.partner" target="_blank">@Jane Doe</a>, and <a href="https://example.com/">a link</a>.</p>"#;
        assert_eq!(
            hide_partner_links(html),
            r#"<p>Thanks @someone, and <a href="https://example.com/">a link</a>.</p>"#
        );
        let odoo17 =
            r#"<a href="/odoo/res.partner/7" data-oe-model="res.partner" data-oe-id="7">@Jane</a>"#;
        assert_eq!(hide_partner_links(odoo17), "@someone");
    }
}
