//! `pull odoo`: Odoo Helpdesk (Enterprise `helpdesk`, Community `helpdesk_mgmt`) through
//! Odoo's external JSON-RPC API → the snapshot `sources::odoo` reads.
//!
//! Every call is a POST to `/jsonrpc` (`{"jsonrpc": "2.0", "method": "call", "params":
//! {"service", "method", "args"}}`); Odoo answers HTTP 200 with `"result"`, or with `"error"`
//! (its exception's `data.name` and `data.message`), which becomes an error naming the URL
//! and the model and method. `--project` names the database; the login and the API key come
//! from the environment (`--user-env`, default `ODOO_USER`, and `--key-env`).
//!
//! Steps:
//! 1. `common.authenticate(db, login, key, {})`: the user id, or `false` for a wrong login or
//!    key; nothing else is asked before it answers.
//! 2. `fields_get` of `helpdesk.ticket`, `mail.message` and `mail.tracking.value`: the
//!    editions differ (`number`, `category_id`, `closed_date` are `helpdesk_mgmt`'s;
//!    `ticket_type_id`, `close_date`, `sla_deadline` Enterprise's; Odoo 17 names the tracked
//!    field `field_id`, older ones `field`), and `search_read` refuses a field that does not
//!    exist, so only the fields the server has are asked for. The team and tag models are
//!    the relations of `team_id` and `tag_ids`.
//! 3. Teams (with `privacy_visibility` where it exists), tags, message subtypes (`internal`),
//!    and the partners of internal users (`res.users` with `share = False`), which tell the
//!    team's messages from others'.
//! 4. The list pass: every ticket's `id`, `write_date` and `team_id`, paged with
//!    `limit`/`offset` in id order. It runs on every pull: a ticket that was deleted,
//!    archived or moved to a private team is simply no longer listed as public, and its old
//!    copy leaves the snapshot. Tickets of a team not open to the portal are left out
//!    (and never fetched).
//! 5. Incremental: the snapshot saves `write_date_cursor`, the newest `write_date` seen. A
//!    ticket is fetched again when it is new, its `write_date` differs from the snapshot's,
//!    or is at or after the cursor (two edits in the same second), or when one of its
//!    messages has `write_date >= cursor` (a new message does not touch the ticket's own
//!    `write_date`). Then the full tickets, their `mail.message` records (`model =
//!    'helpdesk.ticket'`) and the stage changes among their tracking values.
//! 6. Scrub (private messages, internal fields, people's names and e-mails), merge, write
//!    atomically.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::http::Api;
use super::scrub::{self, keep_keys, odoo_ids_only, ODOO, ODOO_MESSAGE, ODOO_TRACKING};
use super::{read_previous, write_atomic, Progress, PullOptions, PullSummary};
use crate::sources::odoo as reader;

/// Records per `search_read` page.
const PAGE: usize = 200;

/// The ticket model of both helpdesk apps.
const TICKET: &str = "helpdesk.ticket";

/// Where the login comes from unless `--user-env` says otherwise.
pub const DEFAULT_USER_ENV: &str = "ODOO_USER";

/// Message fields asked for besides the ones the snapshot keeps: which carry tracking values.
const MESSAGE_EXTRA: &str = "tracking_value_ids";

/// One Odoo database behind `/jsonrpc`, after `authenticate`.
struct Rpc<'a> {
    api: &'a Api,
    /// The endpoint, for messages.
    url: String,
    db: String,
    uid: i64,
    key: String,
    user_env: String,
    key_env: String,
    next_id: AtomicU64,
}

/// Sends one JSON-RPC call and returns its `result`; `what` names it in errors
/// ("helpdesk.ticket search_read").
fn call(
    api: &Api,
    url: &str,
    service: &str,
    method: &str,
    args: Value,
    id: u64,
    what: &str,
) -> Result<Value> {
    let body = json!({
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": args},
        "id": id,
    });
    let answer = api
        .post_json("jsonrpc", &body, "no /jsonrpc: is the URL the Odoo root?")?
        .body;
    if let Some(err) = answer.get("error") {
        return Err(RpcError::of(url, what, err).into());
    }
    match answer.get("result") {
        Some(r) => Ok(r.clone()),
        None => bail!(
            "{url}: {what}: expected a JSON-RPC answer with \"result\" or \"error\", found {}",
            snippet(&answer)
        ),
    }
}

/// An `"error"` answer: Odoo's exception class and message (its traceback is left out).
#[derive(Debug)]
struct RpcError {
    url: String,
    what: String,
    /// `odoo.exceptions.AccessDenied`, `builtins.ValueError`, … (`data.name`).
    name: String,
    message: String,
}

impl RpcError {
    fn of(url: &str, what: &str, err: &Value) -> RpcError {
        fn text(v: Option<&Value>) -> &str {
            v.and_then(Value::as_str).map(str::trim).unwrap_or("")
        }
        let name = text(err.pointer("/data/name"));
        let message = match text(err.pointer("/data/message")) {
            "" => text(err.get("message")),
            m => m,
        };
        RpcError {
            url: url.to_string(),
            what: what.to_string(),
            name: name.to_string(),
            message: message.chars().take(300).collect(),
        }
    }

    fn access_denied(&self) -> bool {
        self.name.ends_with("AccessDenied")
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = if self.name.is_empty() {
            "an error"
        } else {
            &self.name
        };
        write!(
            f,
            "{}: {}: Odoo answered {name}: {}",
            self.url, self.what, self.message
        )
    }
}

impl std::error::Error for RpcError {}

fn snippet(v: &Value) -> String {
    let s = v.to_string();
    let cut: String = s.chars().take(200).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

impl Rpc<'_> {
    /// `object.execute_kw(db, uid, key, model, method, args, kwargs)`.
    fn execute(&self, model: &str, method: &str, args: Value, kwargs: Value) -> Result<Value> {
        let what = format!("{model} {method}");
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let all = json!([self.db, self.uid, self.key, model, method, args, kwargs]);
        call(self.api, &self.url, "object", "execute_kw", all, id, &what).map_err(|e| {
            match e.downcast_ref::<RpcError>() {
                // The key was revoked, or the user lost access, during the pull.
                Some(r) if r.access_denied() => anyhow::anyhow!(
                    "the login in ${} and the key in ${} were refused by {} ({what}: {})",
                    self.user_env,
                    self.key_env,
                    self.url,
                    r.message
                ),
                _ => e,
            }
        })
    }

    /// `fields_get` of `model`: field name → its description (`type`, `relation`).
    fn fields(&self, model: &str) -> Result<serde_json::Map<String, Value>> {
        let r = self.execute(
            model,
            "fields_get",
            json!([]),
            json!({"attributes": ["type", "relation"]}),
        )?;
        match r {
            Value::Object(m) => Ok(m),
            other => bail!(
                "{}: {model} fields_get: expected an object of fields, found {}",
                self.url,
                snippet(&other)
            ),
        }
    }

    /// Every record of `model` matching `domain`, `limit`/`offset` page by page in id order.
    /// `all_records` also reads archived ones (`active_test: false`).
    fn search_read_all(
        &self,
        model: &str,
        domain: Value,
        fields: &[&str],
        all_records: bool,
        progress: Option<&Progress>,
    ) -> Result<Vec<Value>> {
        let mut out: Vec<Value> = Vec::new();
        let mut seen = HashSet::new();
        let mut offset = 0usize;
        loop {
            let mut kwargs =
                json!({"fields": fields, "limit": PAGE, "offset": offset, "order": "id"});
            if all_records {
                kwargs["context"] = json!({"active_test": false});
            }
            let page = self.execute(model, "search_read", json!([domain]), kwargs)?;
            let Some(records) = page.as_array() else {
                bail!(
                    "{}: {model} search_read (offset {offset}): expected a list of records in \"result\", found {}",
                    self.url,
                    snippet(&page)
                );
            };
            for (i, r) in records.iter().enumerate() {
                let Some(id) = r.get("id").and_then(Value::as_i64) else {
                    bail!(
                        "{}: {model} search_read (offset {offset}): result[{i}] is not a record with a numeric \"id\"",
                        self.url
                    );
                };
                // Paging by offset while records change can show one twice.
                if seen.insert(id) {
                    out.push(r.clone());
                }
            }
            offset += records.len();
            if let Some(p) = progress {
                p.tick(out.len(), None);
            }
            if records.len() < PAGE {
                return Ok(out);
            }
        }
    }

    /// [`Rpc::search_read_all`] over `domain` and `field in ids`, `ids` in chunks.
    fn read_by(
        &self,
        model: &str,
        field: &str,
        ids: &[i64],
        domain: &[Value],
        fields: &[&str],
        progress: Option<&Progress>,
    ) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(PAGE) {
            let mut d: Vec<Value> = domain.to_vec();
            d.push(json!([field, "in", chunk]));
            out.extend(self.search_read_all(model, Value::Array(d), fields, false, progress)?);
        }
        Ok(out)
    }
}

/// The login from the environment, as the key is read: never empty, never a flag.
fn read_login(var: &str) -> Result<String> {
    if var.is_empty() || var.contains('=') {
        bail!("--user-env must name an environment variable, such as {DEFAULT_USER_ENV}");
    }
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        Ok(_) => bail!("the environment variable {var} is empty; it must hold the Odoo login the API key belongs to"),
        Err(_) => bail!("the environment variable {var} is not set; it must hold the Odoo login the API key belongs to (or name another with --user-env)"),
    }
}

/// Whether Odoo refused a call for the user's access rights (not for the key).
fn access_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<RpcError>()
        .is_some_and(|r| r.name.ends_with("AccessError"))
}

fn id_of(v: &Value) -> Option<i64> {
    v.get("id").and_then(Value::as_i64)
}

/// A many2one's id: `[id, "name"]` or a bare id.
fn m2o_id(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| v.get(0).and_then(Value::as_i64))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(super) fn pull(opts: &PullOptions, key: String) -> Result<PullSummary> {
    let user_env = opts.user_env.as_deref().unwrap_or(DEFAULT_USER_ENV);
    let login = read_login(user_env)?;
    // The key travels in the JSON body (Odoo has no header for it); http.rs never prints
    // request bodies, and the URL holds nothing secret.
    let api = Api::new(&opts.url, None, &opts.key_env, opts.retry.clone())?;
    let url = api.url("jsonrpc")?.to_string();
    let db = opts.project.trim().to_string();
    if db.is_empty() {
        bail!("--project must name the Odoo database");
    }
    let mut summary = PullSummary::default();

    // 1. The login and key.
    let uid = call(
        &api,
        &url,
        "common",
        "authenticate",
        json!([db, login, key, {}]),
        1,
        "common authenticate",
    )?;
    let uid = match uid {
        Value::Bool(false) => bail!(
            "the login in ${user_env} and the key in ${} were refused by {url} (database {db:?}): common.authenticate answered false",
            opts.key_env
        ),
        v => v.as_i64().with_context(|| {
            format!(
                "{url}: common authenticate: expected a user id or false in \"result\", found {}",
                snippet(&v)
            )
        })?,
    };
    let rpc = Rpc {
        api: &api,
        url: url.clone(),
        db,
        uid,
        key,
        user_env: user_env.to_string(),
        key_env: opts.key_env.clone(),
        next_id: AtomicU64::new(2),
    };

    // 2. What the server has.
    let ticket_fields = rpc.fields(TICKET).with_context(|| {
        format!("is a helpdesk app (Enterprise helpdesk or helpdesk_mgmt) installed in {url}?")
    })?;
    let has = |f: &str| ticket_fields.contains_key(f);
    // Only what the snapshot keeps is asked for.
    let fields: Vec<&str> = ODOO
        .issue
        .iter()
        .copied()
        .filter(|f| *f == "id" || has(f))
        .collect();
    let relation = |f: &str| {
        ticket_fields
            .get(f)
            .and_then(|d| str_of(d, "relation"))
            .map(str::to_string)
    };
    let message_fields: Vec<&str> = {
        let known = rpc.fields("mail.message")?;
        ODOO_MESSAGE
            .iter()
            .copied()
            .chain([MESSAGE_EXTRA])
            .filter(|f| *f == "id" || known.contains_key(*f))
            .collect()
    };
    // Tracking values are an administrator's to read (Odoo puts `tracking_value_ids` in the
    // group Settings, and so the model's records): another user's pull has no stage history
    // beyond the current stage, and says so.
    let no_history = |e: anyhow::Error| -> Result<()> {
        if !access_error(&e) {
            return Err(e);
        }
        eprintln!("pull: {e}; the snapshot keeps no stage history (only an administrator may read mail.tracking.value)");
        Ok(())
    };
    let tracking_known = match rpc.fields("mail.tracking.value") {
        Ok(f) => f,
        Err(e) => {
            no_history(e)?;
            Default::default()
        }
    };
    let (stage_key, stage_domain) = if tracking_known.contains_key("field_id") {
        ("field_id", "field_id.name")
    } else {
        ("field", "field")
    };
    let tracking_fields: Vec<&str> = ODOO_TRACKING
        .iter()
        .copied()
        .filter(|f| *f == "id" || tracking_known.contains_key(*f))
        .collect();

    // 3. Teams, tags, subtypes, the team's partners.
    let mut teams = match relation("team_id") {
        Some(model) => {
            let known = rpc.fields(&model)?;
            let mut f = vec!["id", "name"];
            if known.contains_key("privacy_visibility") {
                f.push("privacy_visibility");
            }
            rpc.search_read_all(&model, json!([]), &f, true, None)?
        }
        None => Vec::new(),
    };
    let private_teams: HashSet<i64> = teams
        .iter()
        .filter(|t| reader::team_private(t))
        .filter_map(id_of)
        .collect();
    // PRIVACY: the names of private teams stay out of the snapshot.
    teams.retain(|t| id_of(t).is_some_and(|id| !private_teams.contains(&id)));
    let tags = match relation("tag_ids") {
        Some(model) => rpc.search_read_all(&model, json!([]), &["id", "name"], true, None)?,
        None => Vec::new(),
    };
    let subtypes = rpc.search_read_all(
        "mail.message.subtype",
        json!([]),
        &["id", "name", "internal"],
        true,
        None,
    )?;
    let subtype_table = reader::subtypes_of(&subtypes);
    let staff: BTreeSet<i64> = rpc
        .search_read_all(
            "res.users",
            json!([["share", "=", false]]),
            &["id", "partner_id"],
            true,
            None,
        )?
        .iter()
        .filter_map(|u| m2o_id(u.get("partner_id")))
        .collect();

    // 4. The previous snapshot and the list pass.
    let previous = read_previous(opts)?;
    let mut old_tickets: BTreeMap<i64, Value> = BTreeMap::new();
    let mut old_messages: Vec<Value> = Vec::new();
    let mut old_tracking: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut stage_field_id: Option<i64> = None;
    if let Some(prev) = previous {
        let not_ours = || {
            format!(
                "{} is not an Odoo snapshot (use --full to replace it)",
                opts.out.display()
            )
        };
        if prev.get(reader::SNAPSHOT_KEY).is_none() {
            bail!(not_ours());
        }
        let list = |k: &str| -> Result<Vec<Value>> {
            match prev.get(k) {
                None => Ok(Vec::new()),
                Some(Value::Array(v)) => Ok(v.clone()),
                Some(_) => Err(anyhow::anyhow!(not_ours())),
            }
        };
        for t in list("tickets")? {
            if let Some(id) = id_of(&t) {
                old_tickets.insert(id, t);
            }
        }
        old_messages = list("messages")?;
        old_tracking = list("tracking_values")?;
        cursor = str_of(&prev, "write_date_cursor").map(str::to_string);
        stage_field_id = prev.get("stage_field_id").and_then(Value::as_i64);
        summary.incremental = true;
    }
    let progress = Progress::new(opts.progress, "listing tickets");
    let listed = rpc.search_read_all(
        TICKET,
        json!([]),
        &["id", "write_date", "team_id"],
        false,
        Some(&progress),
    )?;
    progress.finish();
    let parsed_cursor = cursor.as_deref().and_then(crate::sources::parse_datetime);
    let mut newest: Option<String> = cursor.clone();
    let mut bump = |w: Option<&str>| {
        if let Some(w) = w {
            let later = match (
                newest.as_deref().and_then(crate::sources::parse_datetime),
                crate::sources::parse_datetime(w),
            ) {
                (Some(a), Some(b)) => b > a,
                (None, Some(_)) => true,
                _ => false,
            };
            if later {
                newest = Some(w.to_string());
            }
        }
    };
    let mut visible: HashSet<i64> = HashSet::new();
    let mut to_fetch: BTreeSet<i64> = BTreeSet::new();
    for t in &listed {
        let Some(id) = id_of(t) else { continue };
        if m2o_id(t.get("team_id")).is_some_and(|team| private_teams.contains(&team)) {
            // PRIVACY: a ticket of a team customers cannot see is left out (and not fetched).
            summary.private_issues_dropped += 1;
            continue;
        }
        visible.insert(id);
        let written = str_of(t, "write_date");
        bump(written);
        let changed = match old_tickets.get(&id) {
            None => true,
            Some(o) => {
                str_of(o, "write_date") != written
                    || match (
                        written.and_then(crate::sources::parse_datetime),
                        parsed_cursor,
                    ) {
                        (Some(w), Some(c)) => w >= c,
                        _ => true,
                    }
            }
        };
        if changed {
            to_fetch.insert(id);
        }
    }
    if let Some(c) = &cursor {
        // New messages do not move the ticket's own write_date.
        let fresh = rpc.search_read_all(
            "mail.message",
            json!([["model", "=", TICKET], ["write_date", ">=", c]]),
            &["id", "res_id", "write_date"],
            false,
            None,
        )?;
        for m in &fresh {
            bump(str_of(m, "write_date"));
            if let Some(t) = m.get("res_id").and_then(Value::as_i64) {
                if visible.contains(&t) {
                    to_fetch.insert(t);
                }
            }
        }
    }

    // 5. Full tickets, their messages and their stage changes.
    let to_fetch: Vec<i64> = to_fetch.into_iter().collect();
    let progress = Progress::new(opts.progress, "fetching tickets with messages");
    let mut fetched = rpc.read_by(TICKET, "id", &to_fetch, &[], &fields, Some(&progress))?;
    let messages = rpc.read_by(
        "mail.message",
        "res_id",
        &to_fetch,
        &[json!(["model", "=", TICKET])],
        &message_fields,
        Some(&progress),
    )?;
    progress.finish();
    // Without `tracking_value_ids` (not readable) every message may carry a stage change.
    let listed_tracking = message_fields.contains(&MESSAGE_EXTRA);
    let with_tracking: Vec<i64> = messages
        .iter()
        .filter(|m| {
            !listed_tracking
                || m.get(MESSAGE_EXTRA)
                    .and_then(Value::as_array)
                    .is_some_and(|v| !v.is_empty())
        })
        .filter_map(id_of)
        .collect();
    let tracking = if tracking_known.is_empty() {
        Vec::new()
    } else {
        match rpc.read_by(
            "mail.tracking.value",
            "mail_message_id",
            &with_tracking,
            &[json!([stage_domain, "=", "stage_id"])],
            &tracking_fields,
            None,
        ) {
            Ok(t) => t,
            Err(e) => {
                no_history(e)?;
                Vec::new()
            }
        }
    };
    if let Some(id) = tracking.iter().find_map(|t| m2o_id(t.get(stage_key))) {
        stage_field_id = Some(id);
    }

    // 6. Scrub and merge.
    let before = old_tickets.len();
    // PRIVACY: a ticket no longer listed as public (deleted, archived, moved to a private
    // team) leaves the snapshot with its messages.
    old_tickets.retain(|id, _| visible.contains(id));
    summary.removed = before - old_tickets.len();
    let refreshed: HashSet<i64> = to_fetch.iter().copied().collect();
    for t in fetched.iter_mut() {
        let Some(id) = id_of(t) else { continue };
        if m2o_id(t.get("team_id")).is_some_and(|team| private_teams.contains(&team)) {
            // PRIVACY: moved to a private team between the list pass and now.
            old_tickets.remove(&id);
            summary.private_issues_dropped += 1;
            continue;
        }
        scrub::issue(&ODOO, t);
        odoo_ids_only(t, &["partner_id"]);
        summary.fetched += 1;
        old_tickets.insert(id, t.clone());
    }
    let stage_messages: HashSet<i64> = tracking
        .iter()
        .filter_map(|t| m2o_id(t.get("mail_message_id")))
        .collect();
    let mut kept_messages: Vec<Value> = old_messages
        .into_iter()
        .filter(|m| {
            m.get("res_id")
                .and_then(Value::as_i64)
                .is_some_and(|t| old_tickets.contains_key(&t) && !refreshed.contains(&t))
        })
        .collect();
    for mut m in messages {
        if !m
            .get("res_id")
            .and_then(Value::as_i64)
            .is_some_and(|t| old_tickets.contains_key(&t))
        {
            continue;
        }
        if reader::record_private(&m, &subtype_table) {
            let has_text = str_of(&m, "body").is_some_and(|b| !b.trim().is_empty());
            summary.private_notes_dropped += usize::from(has_text);
            if !id_of(&m).is_some_and(|id| stage_messages.contains(&id)) {
                // PRIVACY: a private message is dropped whole.
                continue;
            }
            // PRIVACY: a private message that changed the stage keeps the change, never its
            // text.
            m["body"] = Value::Bool(false);
        }
        keep_keys(&mut m, ODOO_MESSAGE);
        odoo_ids_only(&mut m, &["author_id"]);
        kept_messages.push(m);
    }
    kept_messages.sort_by_key(|m| id_of(m).unwrap_or(0));
    let message_ids: HashSet<i64> = kept_messages.iter().filter_map(id_of).collect();
    let mut kept_tracking: Vec<Value> = old_tracking
        .into_iter()
        .chain(tracking)
        .filter_map(|mut t| {
            keep_keys(&mut t, ODOO_TRACKING);
            odoo_ids_only(&mut t, &["mail_message_id"]);
            let msg = m2o_id(t.get("mail_message_id"))?;
            message_ids.contains(&msg).then_some(t)
        })
        .collect();
    kept_tracking.sort_by_key(|t| id_of(t).unwrap_or(0));
    kept_tracking.dedup_by_key(|t| id_of(t));
    let used_tags: HashSet<i64> = old_tickets
        .values()
        .flat_map(|t| {
            t.get("tag_ids")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_i64)
        })
        .collect();
    let tags: Vec<Value> = tags
        .into_iter()
        .filter(|t| id_of(t).is_some_and(|id| used_tags.contains(&id)))
        .collect();
    summary.issues = old_tickets.len();

    let parts = Parts {
        cursor: newest,
        stage_field_id,
        staff: staff.into_iter().collect(),
        subtypes,
        teams,
        tags,
        tickets: old_tickets.into_values().collect(),
        messages: kept_messages,
        tracking: kept_tracking,
    };
    write_atomic(&opts.out, &snapshot_bytes(&parts)?)?;
    summary.requests = api.requests();
    Ok(summary)
}

/// What a snapshot holds.
struct Parts {
    cursor: Option<String>,
    stage_field_id: Option<i64>,
    staff: Vec<i64>,
    subtypes: Vec<Value>,
    teams: Vec<Value>,
    tags: Vec<Value>,
    tickets: Vec<Value>,
    messages: Vec<Value>,
    tracking: Vec<Value>,
}

/// The snapshot, `odoo_snapshot` first so format detection sees it whatever follows; one
/// record a line, so a diff of two snapshots reads per record.
fn snapshot_bytes(p: &Parts) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    out.extend_from_slice(
        format!(
            "{{\"{}\": {},\n\"write_date_cursor\": {},\n\"stage_field_id\": {},\n\"staff_partner_ids\": {}",
            reader::SNAPSHOT_KEY,
            reader::SNAPSHOT_VERSION,
            serde_json::to_string(&p.cursor)?,
            serde_json::to_string(&p.stage_field_id)?,
            serde_json::to_string(&p.staff)?,
        )
        .as_bytes(),
    );
    for (key, list) in [
        ("subtypes", &p.subtypes),
        ("teams", &p.teams),
        ("tags", &p.tags),
        ("tickets", &p.tickets),
        ("messages", &p.messages),
        ("tracking_values", &p.tracking),
    ] {
        out.extend_from_slice(format!(",\n\"{key}\": [").as_bytes());
        for (i, v) in list.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            serde_json::to_writer(&mut out, v)?;
        }
        out.extend_from_slice(b"\n]");
    }
    out.extend_from_slice(b"}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpc_errors_name_the_url_the_call_and_odoo_s_words() {
        let err = json!({"code": 200, "message": "Odoo Server Error", "data": {
            "name": "odoo.exceptions.AccessError", "debug": "Traceback (most recent call last): SECRET",
            "message": "You are not allowed to access 'Helpdesk Ticket' (helpdesk.ticket) records.",
            "arguments": [], "context": {}}});
        let e = RpcError::of(
            "https://odoo.example/jsonrpc",
            "helpdesk.ticket search_read",
            &err,
        );
        assert_eq!(
            e.to_string(),
            "https://odoo.example/jsonrpc: helpdesk.ticket search_read: Odoo answered odoo.exceptions.AccessError: You are not allowed to access 'Helpdesk Ticket' (helpdesk.ticket) records."
        );
        assert!(!e.access_denied());
        let bare = RpcError::of(
            "u",
            "w",
            &json!({"code": -32601, "message": "Method not found"}),
        );
        assert_eq!(
            bare.to_string(),
            "u: w: Odoo answered an error: Method not found"
        );
    }

    #[test]
    fn the_snapshot_starts_with_its_key_and_reads_back() {
        let parts = Parts {
            cursor: Some("2026-11-05 16:40:12".into()),
            stage_field_id: Some(812),
            staff: vec![3],
            subtypes: vec![json!({"id": 1, "name": "Discussions", "internal": false})],
            teams: vec![json!({"id": 1, "name": "Customer Care", "privacy_visibility": "portal"})],
            tags: vec![],
            tickets: vec![
                json!({"id": 7, "name": "S", "create_date": "2026-11-01 10:00:00", "stage_id": [1, "New"], "team_id": [1, "Customer Care"]}),
            ],
            messages: vec![
                json!({"id": 9, "model": "helpdesk.ticket", "res_id": 7, "message_type": "comment", "subtype_id": [1, "Discussions"], "is_internal": false, "body": "<p>Hi</p>", "date": "2026-11-01 11:00:00", "author_id": 3}),
            ],
            tracking: vec![],
        };
        let bytes = snapshot_bytes(&parts).unwrap();
        assert!(bytes.starts_with(b"{\"odoo_snapshot\": 1,\n"));
        let path = std::path::Path::new("snap.json");
        assert_eq!(
            crate::sources::detect(path, &bytes).unwrap(),
            crate::sources::Format::Odoo
        );
        let c = crate::sources::odoo::parse(path, &bytes).unwrap();
        assert_eq!(c.tickets.len(), 1);
        assert_eq!(c.tickets[0].notes.len(), 1);
        assert_eq!(c.tickets[0].notes[0].role, crate::model::Role::Staff);
    }
}
