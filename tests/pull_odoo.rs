//! `pull odoo` against a small JSON-RPC server on 127.0.0.1 inside the test. It answers as
//! Odoo's `/jsonrpc` does (`common.authenticate`, `object.execute_kw` with `fields_get` and
//! `search_read`: `limit`/`offset`/`order`, domains, `active_test`, `"error"` answers with
//! `data.name`/`data.message`, and an error for a field the model does not have), serving the
//! records of `tests/fixtures/odoo/export.json` (Enterprise shapes, Odoo 17 tracking values)
//! plus 450 generated tickets, so the list pass takes three pages. No Odoo can run here; the
//! shapes are those of Odoo's external API documentation and source.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::{bin, SiteTest};
use serde_json::{json, Value};

const USER: &str = "support-bot@acme.example";
const KEY: &str = "0d00-s3cret-api-key";
const DB: &str = "acme";

type Reply = (u16, Vec<(String, String)>, String);

/// The server's records and what it was asked.
struct Data {
    /// model → records (every field the model has).
    records: Vec<(String, Vec<Value>)>,
    /// model → its fields (with `relation` where the reader needs it).
    fields: Vec<(String, Value)>,
    /// Replies served instead, in order, to calls whose "model method" (or
    /// "common authenticate") matches.
    faults: VecDeque<(String, Reply)>,
    /// Every call as "model method domain offset".
    log: Vec<String>,
}

impl Data {
    fn model(&mut self, name: &str) -> &mut Vec<Value> {
        let i = self
            .records
            .iter()
            .position(|(m, _)| m == name)
            .unwrap_or_else(|| panic!("no model {name}"));
        &mut self.records[i].1
    }
}

struct Fake {
    url: String,
    data: Arc<Mutex<Data>>,
}

fn fixture() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/odoo/export.json");
    serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
}

/// The technical names of the fixture's `ir.model.fields` ids (what `field_id.name` reads).
fn field_name(id: i64) -> &'static str {
    match id {
        812 => "stage_id",
        815 => "user_id",
        _ => "",
    }
}

/// `fields_get`'s answer for the fields named in `names` (separated by spaces).
fn fields_of(names: &str, relations: &[(&str, &str)]) -> Value {
    let mut m = serde_json::Map::new();
    for n in names.split_whitespace() {
        let mut d = json!({"type": "char"});
        if let Some((_, r)) = relations.iter().find(|(f, _)| *f == n) {
            d["relation"] = json!(r);
        }
        m.insert(n.to_string(), d);
    }
    Value::Object(m)
}

impl Fake {
    fn start() -> Fake {
        let f = fixture();
        let list = |k: &str| f[k].as_array().unwrap().clone();
        let mut tickets = list("tickets");
        for n in 0..450 {
            tickets.push(json!({
                "id": 1000 + n, "name": format!("Generated ticket {n}"), "description": "<p>Generated.</p>",
                "stage_id": [2, "In Progress"], "priority": "1", "ticket_type_id": false, "team_id": [1, "Customer Care"],
                "tag_ids": [], "partner_id": false, "partner_name": false, "partner_email": false, "user_id": [2, "PRIVATE-ASSIGNEE Mitchell Admin"],
                "create_date": "2026-10-01 08:00:00", "write_date": "2026-10-01 08:00:00", "close_date": false,
                "sla_deadline": false, "fold": false, "active": true
            }));
        }
        let ticket_fields = "id name description stage_id priority ticket_type_id team_id tag_ids partner_id partner_name partner_email user_id create_date write_date close_date sla_deadline fold active message_ids";
        let data = Data {
            records: vec![
                ("helpdesk.ticket".into(), tickets),
                ("mail.message".into(), list("messages")),
                ("mail.tracking.value".into(), list("tracking_values")),
                ("helpdesk.team".into(), list("teams")),
                ("helpdesk.tag".into(), list("tags")),
                ("mail.message.subtype".into(), list("subtypes")),
                (
                    "res.users".into(),
                    vec![
                        json!({"id": 2, "login": "admin", "partner_id": [3, "PRIVATE-STAFF-AUTHOR Marc Demo"], "share": false}),
                        json!({"id": 9, "login": "portal", "partner_id": [41, "PRIVATE-PARTNER-NAME Ltd"], "share": true}),
                    ],
                ),
            ],
            fields: vec![
                (
                    "helpdesk.ticket".into(),
                    fields_of(
                        ticket_fields,
                        &[("team_id", "helpdesk.team"), ("tag_ids", "helpdesk.tag")],
                    ),
                ),
                (
                    "mail.message".into(),
                    fields_of(
"id model res_id message_type subtype_id is_internal body date author_id email_from tracking_value_ids write_date",
                        &[],
                    ),
                ),
                (
                    "mail.tracking.value".into(),
                    fields_of(
"id field_id old_value_char new_value_char old_value_integer new_value_integer mail_message_id",
                        &[],
                    ),
                ),
                (
                    "helpdesk.team".into(),
                    fields_of(
"id name privacy_visibility", &[]),
                ),
                ("helpdesk.tag".into(), fields_of(
"id name", &[])),
                (
                    "mail.message.subtype".into(),
                    fields_of(
"id name internal", &[]),
                ),
                (
                    "res.users".into(),
                    fields_of(
"id login partner_id share", &[]),
                ),
            ],
            faults: VecDeque::new(),
            log: Vec::new(),
        };
        let data = Arc::new(Mutex::new(data));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let d = data.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        if k.eq_ignore_ascii_case("content-length") {
                            len = v.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0u8; len];
                let _ = reader.read_exact(&mut body);
                let (status, headers, text) = if first.starts_with("POST /jsonrpc ") {
                    match serde_json::from_slice::<Value>(&body) {
                        Ok(req) => answer(&d, &req),
                        Err(_) => (400, vec![], "bad request".into()),
                    }
                } else {
                    (404, vec![], "<html>Not Found</html>".into())
                };
                common::write_reply(stream, status, headers, &text);
            }
        });
        Fake { url, data }
    }

    fn fault(&self, call: &str, reply: Reply) {
        self.data
            .lock()
            .unwrap()
            .faults
            .push_back((call.to_string(), reply));
    }

    fn log(&self) -> Vec<String> {
        std::mem::take(&mut self.data.lock().unwrap().log)
    }
}

fn rpc_error(id: &Value, name: &str, message: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": 200, "message": "Odoo Server Error",
        "data": {"name": name, "debug": "Traceback (most recent call last):\n  ...", "message": message, "arguments": [message], "context": {}}}})
    .to_string()
}

/// Whether `record` matches one domain leaf, as Odoo evaluates the leaves the pull sends.
fn leaf_matches(record: &Value, leaf: &Value) -> bool {
    let (field, op, want) = (
        leaf[0].as_str().unwrap(),
        leaf[1].as_str().unwrap(),
        &leaf[2],
    );
    let value = if field == "field_id.name" {
        json!(field_name(record["field_id"][0].as_i64().unwrap_or(0)))
    } else {
        // A many2one compares by its id.
        match &record[field] {
            Value::Array(a) if a.len() == 2 && a[1].is_string() => a[0].clone(),
            v => v.clone(),
        }
    };
    match op {
        "=" => &value == want,
        "in" => want.as_array().unwrap().contains(&value),
        ">=" => value.as_str().unwrap_or("") >= want.as_str().unwrap(),
        other => panic!("the fake does not know the operator {other}"),
    }
}

fn answer(data: &Arc<Mutex<Data>>, req: &Value) -> Reply {
    let id = &req["id"];
    let ok = |result: Value| {
        (
            200,
            vec![],
            json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string(),
        )
    };
    let params = &req["params"];
    let args = params["args"].as_array().unwrap();
    let mut d = data.lock().unwrap();
    let call = match params["service"].as_str().unwrap() {
        "common" => format!("common {}", params["method"].as_str().unwrap()),
        _ => format!(
            "{} {}",
            args[3].as_str().unwrap(),
            args[4].as_str().unwrap()
        ),
    };
    if d.faults.front().is_some_and(|(c, _)| *c == call) {
        let (_, mut reply) = d.faults.pop_front().unwrap();
        reply.2 = reply.2.replace("$ID", &id.to_string());
        return reply;
    }
    if params["service"] == "common" {
        assert_eq!(params["method"], "authenticate");
        let good = args[0] == DB && args[1] == USER && args[2] == KEY;
        d.log.push(call);
        return ok(if good { json!(2) } else { json!(false) });
    }
    assert_eq!(params["method"], "execute_kw");
    if args[0] != DB || args[1] != 2 || args[2] != KEY {
        return (
            200,
            vec![],
            rpc_error(id, "odoo.exceptions.AccessDenied", "Access Denied"),
        );
    }
    let (model, method, kwargs) = (
        args[3].as_str().unwrap(),
        args[4].as_str().unwrap(),
        &args[6],
    );
    let known = d
        .fields
        .iter()
        .find(|(m, _)| m == model)
        .map(|(_, f)| f.clone());
    let Some(known) = known else {
        return (200, vec![], rpc_error(id, "builtins.KeyError", model));
    };
    match method {
        "fields_get" => {
            d.log.push(call);
            ok(known)
        }
        "search_read" => {
            let domain = args[5][0].as_array().unwrap().clone();
            let fields: Vec<String> = kwargs["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            for f in &fields {
                if known.get(f).is_none() {
                    return (
                        200,
                        vec![],
                        rpc_error(
                            id,
                            "builtins.ValueError",
                            &format!("Invalid field '{f}' on model '{model}'"),
                        ),
                    );
                }
            }
            assert_eq!(kwargs["order"], "id");
            let (limit, offset) = (
                kwargs["limit"].as_u64().unwrap() as usize,
                kwargs["offset"].as_u64().unwrap() as usize,
            );
            let all = kwargs["context"]["active_test"] == json!(false);
            d.log
                .push(format!("{call} {} {offset}", Value::Array(domain.clone())));
            let mut rows: Vec<Value> = d
                .model(model)
                .iter()
                .filter(|r| all || r["active"] != json!(false))
                .filter(|r| domain.iter().all(|leaf| leaf_matches(r, leaf)))
                .cloned()
                .collect();
            rows.sort_by_key(|r| r["id"].as_i64().unwrap());
            let page: Vec<Value> = rows
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|r| {
                    let mut out = serde_json::Map::new();
                    for f in &fields {
                        // Odoo lists only active records unless told otherwise.
                        let missing = json!(f == "active");
                        out.insert(f.clone(), r.get(f).cloned().unwrap_or(missing));
                    }
                    Value::Object(out)
                })
                .collect();
            ok(Value::Array(page))
        }
        other => panic!("the fake does not know {other}"),
    }
}

fn pull(url: &str, out: &Path, key: &str, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args([
            "pull",
            "odoo",
            "--url",
            url,
            "--project",
            DB,
            "--key-env",
            "PL_TEST_ODOO_KEY",
            "--user-env",
            "PL_TEST_ODOO_USER",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .env("PL_TEST_ODOO_KEY", key)
        .env("PL_TEST_ODOO_USER", USER)
        .output()
        .unwrap()
}

fn stdout_ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn failed(o: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains(KEY), "the key is never printed: {stderr}");
    stderr
}

fn snapshot_path(site: &SiteTest) -> PathBuf {
    site.path().join("odoo.json")
}

/// A site that reads the snapshot the pull writes.
fn site() -> SiteTest {
    let s = SiteTest::new();
    s.write(
        "porchlight.toml",
        "title = \"Test Support\"\nbase_url = \"https://help.example.com/\"\n[sources]\ntickets = [\"odoo.json\"]\ndocs = \"docs\"\n",
    );
    s
}

/// Private text of the fixture (every `PRIVATE-` marker, e-mails, names) reaches neither the
/// snapshot nor the site; the public answers and stage history reach both.
#[test]
fn pull_pages_scrubs_and_the_site_shows_only_public_text() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    let stdout = stdout_ok(&pull(&f.url, &out, KEY, &[]));
    assert!(
        stdout.contains(&format!(
            "Pulled 452 issues into {} (full; 452 fetched with notes, 0 removed, 1 private issues and 5 private notes left out,",
            out.display()
        )),
        "{stdout}"
    );
    let log = f.log();
    assert_eq!(
        log[0], "common authenticate",
        "the key is checked first: {log:?}"
    );
    // The list pass: three pages of 200 by offset.
    for offset in [0, 200, 400] {
        assert!(
            log.contains(&format!("helpdesk.ticket search_read [] {offset}")),
            "{log:?}"
        );
    }
    let snap = std::fs::read_to_string(&out).unwrap();
    assert!(
        snap.starts_with("{\"odoo_snapshot\": 1,\n\"write_date_cursor\": \"2026-11-05 16:40:12\""),
        "{}",
        &snap[..200]
    );
    for private in [
        "PRIVATE-",
        "private-partner@customer.example",
        "second@customer.example",
        "marc@support.example",
        "Mitchell Admin",
        "Marc Demo",
        "\"user_id\"",
        "\"email_from\"",
        "\"partner_email\"",
    ] {
        if let Some(i) = snap.find(private) {
            panic!(
                "{private} in the snapshot: …{}…",
                &snap[i.saturating_sub(200)..(i + 100).min(snap.len())]
            );
        }
    }
    // The notification that moved the stage keeps the change, not its text.
    assert!(snap.contains("\"new_value_char\":\"In Progress\""));
    let build = site.build(&[]).ok();
    assert!(build.stdout.contains("452"), "{}", build.stdout);
    let page = site.read("tickets/11/index.html");
    assert!(page.contains("We found the cause: the fiscal position was not applied."));
    assert!(page.contains("Any news on the VAT line?"));
    assert!(page.contains("Support team") && page.contains("Customer"));
    let done = site.read("tickets/13/index.html");
    assert!(done.contains("The database is back."));
    assert!(!site.out().join("tickets/12").exists());
    common::assert_absent(
        &site.out(),
        &[
            "PRIVATE-".to_string(),
            "private-partner@customer.example".to_string(),
            "Marc Demo".to_string(),
        ],
    );
}

/// The second pull asks only for what changed since the saved cursor; a new message, a
/// changed ticket and a ticket moved to a private team are picked up.
#[test]
fn incremental_pulls_follow_write_date() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    stdout_ok(&pull(&f.url, &out, KEY, &[]));
    f.log();
    // Nothing changed: only the ticket at the cursor's second is fetched again.
    let again = stdout_ok(&pull(&f.url, &out, KEY, &[]));
    assert!(
        again.contains("Pulled 452 issues into")
            && again.contains("(incremental; 1 fetched with notes, 0 removed,"),
        "{again}"
    );
    let log = f.log();
    assert!(
        log.contains(&"mail.message search_read [[\"model\",\"=\",\"helpdesk.ticket\"],[\"write_date\",\">=\",\"2026-11-05 16:40:12\"]] 0".to_string()),
        "{log:?}"
    );
    {
        let mut d = f.data.lock().unwrap();
        let tickets = d.model("helpdesk.ticket");
        let t = tickets.iter_mut().find(|t| t["id"] == 1007).unwrap();
        t["name"] = json!("Generated ticket 7, renamed");
        t["write_date"] = json!("2026-11-06 09:00:00");
        let moved = tickets.iter_mut().find(|t| t["id"] == 13).unwrap();
        moved["team_id"] = json!([2, "PRIVATE-TEAM Internal IT"]);
        moved["write_date"] = json!("2026-11-06 09:30:00");
        d.model("mail.message").push(json!({
            "id": 150, "model": "helpdesk.ticket", "res_id": 1010, "message_type": "comment",
            "subtype_id": [1, "Discussions"], "is_internal": false, "body": "<p>A new public answer.</p>",
            "date": "2026-11-06 10:00:00", "write_date": "2026-11-06 10:00:00",
            "author_id": [3, "PRIVATE-STAFF-AUTHOR Marc Demo"], "email_from": false, "tracking_value_ids": []
        }));
    }
    let third = stdout_ok(&pull(&f.url, &out, KEY, &[]));
    assert!(
        third.contains("Pulled 451 issues into")
            && third.contains("(incremental; 3 fetched with notes, 1 removed, 2 private issues"),
        "{third}"
    );
    let snap = std::fs::read_to_string(&out).unwrap();
    assert!(snap.contains("Generated ticket 7, renamed"));
    assert!(snap.contains("A new public answer."));
    assert!(
        !snap.contains("Server is down after the upgrade"),
        "the ticket of the private team left"
    );
    assert!(!snap.contains("The database is back."), "with its messages");
    assert!(snap.contains("\"write_date_cursor\": \"2026-11-06 10:00:00\""));
    // --full starts over.
    let full = stdout_ok(&pull(&f.url, &out, KEY, &["--full"]));
    assert!(full.contains("(full; 451 fetched"), "{full}");
}

#[test]
fn a_wrong_key_is_refused_before_anything_is_read_and_never_printed() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    let e = failed(&pull(&f.url, &out, "wrong-key", &[]));
    assert!(
        e.contains(&format!(
            "the login in $PL_TEST_ODOO_USER and the key in $PL_TEST_ODOO_KEY were refused by {}/jsonrpc (database \"acme\"): common.authenticate answered false",
            f.url
        )),
        "{e}"
    );
    assert!(!e.contains("wrong-key"));
    assert_eq!(f.log(), ["common authenticate"]);
    assert!(!out.exists());

    // The key revoked between calls: Odoo's AccessDenied names both variables, not the key.
    f.fault(
        "helpdesk.ticket fields_get",
        (
            200,
            vec![],
            rpc_error(&json!(0), "odoo.exceptions.AccessDenied", "Access Denied"),
        ),
    );
    let e = failed(&pull(&f.url, &out, KEY, &[]));
    assert!(
        e.contains(&format!(
            "the login in $PL_TEST_ODOO_USER and the key in $PL_TEST_ODOO_KEY were refused by {}/jsonrpc (helpdesk.ticket fields_get: Access Denied)",
            f.url
        )),
        "{e}"
    );

    // A proxy in front refusing with 401: the variable is named.
    f.fault("common authenticate", (401, vec![], "{}".into()));
    let e = failed(&pull(&f.url, &out, KEY, &[]));
    assert!(
        e.contains("the key in $PL_TEST_ODOO_KEY was refused by"),
        "{e}"
    );

    // No login in the environment.
    let o = std::process::Command::new(bin())
        .args([
            "pull",
            "odoo",
            "--url",
            &f.url,
            "--project",
            DB,
            "--key-env",
            "PL_TEST_ODOO_KEY",
        ])
        .arg("--out")
        .arg(&out)
        .env("PL_TEST_ODOO_KEY", KEY)
        .env_remove("ODOO_USER")
        .output()
        .unwrap();
    let e = failed(&o);
    assert!(
        e.contains("the environment variable ODOO_USER is not set; it must hold the Odoo login the API key belongs to (or name another with --user-env)"),
        "{e}"
    );
}

#[test]
fn malformed_and_error_answers_name_the_url_and_the_call() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    let rpc = format!("{}/jsonrpc", f.url);
    let answer = |call: &str, body: String| -> String {
        f.fault(call, (200, vec![], body));
        failed(&pull(&f.url, &out, KEY, &[]))
    };
    let cases = [
        (
            "helpdesk.ticket search_read",
            "{\"jsonrpc\": \"2.0\", \"id\": $ID, \"result\": {\"records\": []}}".to_string(),
            format!("{rpc}: helpdesk.ticket search_read (offset 0): expected a list of records in \"result\", found {{\"records\":[]}}"),
        ),
        (
            "helpdesk.ticket search_read",
            "{\"jsonrpc\": \"2.0\", \"id\": $ID, \"result\": [{\"name\": \"no id\"}]}".to_string(),
            format!("{rpc}: helpdesk.ticket search_read (offset 0): result[0] is not a record with a numeric \"id\""),
        ),
        (
            "mail.message.subtype search_read",
            rpc_error(
                &json!(0),
                "odoo.exceptions.AccessError",
                "You are not allowed to access 'Message subtypes' (mail.message.subtype) records.",
            ),
            format!("{rpc}: mail.message.subtype search_read: Odoo answered odoo.exceptions.AccessError: You are not allowed to access 'Message subtypes' (mail.message.subtype) records."),
        ),
        (
            "common authenticate",
            "{\"jsonrpc\": \"2.0\", \"id\": 1}".to_string(),
            format!("{rpc}: common authenticate: expected a JSON-RPC answer with \"result\" or \"error\", found {{\"id\":1,\"jsonrpc\":\"2.0\"}}"),
        ),
        (
            "common authenticate",
            "<html>Odoo login page</html>".to_string(),
            format!("{rpc}: the answer is not JSON"),
        ),
    ];
    for (call, body, expected) in cases {
        let e = answer(call, body);
        assert!(e.contains(&expected), "{e}");
        // Odoo's traceback stays out of the message.
        assert!(!e.contains("Traceback"), "{e}");
    }
    // Nothing was written by any failed pull.
    assert!(!out.exists());
}

/// A 503 and a rate limit (429 with Retry-After) are waited out as for the other trackers.
#[test]
fn server_errors_and_rate_limits_are_retried() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    f.fault("common authenticate", (503, vec![], "{}".into()));
    f.fault(
        "common authenticate",
        (429, vec![("Retry-After".into(), "1".into())], "{}".into()),
    );
    let o = pull(&f.url, &out, KEY, &[]);
    let stdout = stdout_ok(&o);
    assert!(stdout.contains("Pulled 452 issues"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("rate limited"), "{stderr}");
}

/// `build --pull` with a `[pull]` table for Odoo: pulls, then builds from the snapshot; a
/// refused key leaves the site as it was.
#[test]
fn build_pull_reads_the_odoo_table() {
    let f = Fake::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("snapshot")).unwrap();
    std::fs::write(
        dir.path().join("porchlight.toml"),
        format!("title = \"Pull build\"\n[pull]\ntracker = \"odoo\"\nurl = \"{}\"\nproject = \"{DB}\"\nkey_env = \"PL_TEST_ODOO_KEY\"\nuser_env = \"PL_TEST_ODOO_USER\"\nsnapshot = \"snapshot/odoo.json\"\n", f.url),
    )
    .unwrap();
    let build = |key: &str| {
        std::process::Command::new(bin())
            .args(["build", "--pull", "--now", common::NOW])
            .current_dir(dir.path())
            .env("PL_TEST_ODOO_KEY", key)
            .env("PL_TEST_ODOO_USER", USER)
            .output()
            .unwrap()
    };
    let stdout = stdout_ok(&build(KEY));
    assert!(stdout.contains("Pulled 452 issues into"), "{stdout}");
    let page = std::fs::read_to_string(dir.path().join("public/tickets/11/index.html")).unwrap();
    assert!(page.contains("Any news on the VAT line?"));
    let before = std::fs::read(dir.path().join("public/tickets/11/index.html")).unwrap();
    let e = failed(&build("wrong-key"));
    assert!(
        e.contains("the site was not rebuilt") && e.contains("were refused by"),
        "{e}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("public/tickets/11/index.html")).unwrap(),
        before
    );
}

/// A user who is not an administrator cannot read tracking values (Odoo restricts
/// `tracking_value_ids` to the group Settings): the pull still succeeds, says that the
/// snapshot has no stage history, and publishes the current stages.
#[test]
fn without_access_to_tracking_values_the_pull_keeps_no_history_and_says_so() {
    let f = Fake::start();
    let site = site();
    let out = snapshot_path(&site);
    // What fields_get shows such a user: no tracking_value_ids on messages.
    f.fault(
        "mail.message fields_get",
        (
            200,
            vec![],
            json!({"jsonrpc": "2.0", "id": 0, "result": fields_of("id model res_id message_type subtype_id is_internal body date author_id write_date", &[])}).to_string(),
        ),
    );
    f.fault(
        "mail.tracking.value search_read",
        (
            200,
            vec![],
            rpc_error(&json!(0), "odoo.exceptions.AccessError", "You are not allowed to access 'Mail Tracking Value' (mail.tracking.value) records."),
        ),
    );
    let o = pull(&f.url, &out, KEY, &[]);
    let stdout = stdout_ok(&o);
    assert!(stdout.contains("Pulled 452 issues"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("pull: {}/jsonrpc: mail.tracking.value search_read: Odoo answered odoo.exceptions.AccessError: You are not allowed to access 'Mail Tracking Value' (mail.tracking.value) records.; the snapshot keeps no stage history (only an administrator may read mail.tracking.value)", f.url)),
        "{stderr}"
    );
    // Both answers were asked for: the tracking values too, though no message listed any.
    assert!(f.data.lock().unwrap().faults.is_empty());
    let snap = std::fs::read_to_string(&out).unwrap();
    assert!(
        snap.contains("\"tracking_values\": [\n]"),
        "no stage changes"
    );
    site.build(&[]).ok();
    assert!(site
        .read("tickets/11/index.html")
        .contains("Fix in testing"));
}
