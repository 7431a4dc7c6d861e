//! `pull gitlab` against an HTTP server on 127.0.0.1 inside the test, answering with the
//! recorded shapes of GitLab's API v4 documentation (`tests/fixtures/gitlab/`): `GET /user`,
//! the issues list (keyset and offset paging), notes, label and state events. The answers
//! plant a private marker in a confidential issue, an internal note and an old-style
//! confidential note; none may reach the snapshot or the site built from it.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "glpat-s3cret-test-token";
const ENV: &str = "PL_GITLAB_TOKEN";
const PROJECT: &str = "/api/v4/projects/acme%2Fledger";

/// One answer: status, extra headers, body.
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn answer(body: impl Into<String>) -> Answer {
    Answer {
        status: 200,
        headers: Vec::new(),
        body: body.into(),
    }
}

fn status(code: u16, body: &str, headers: &[(&str, &str)]) -> Answer {
    Answer {
        status: code,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_string(),
    }
}

/// A GitLab stand-in: answers by request target (path and query), in turn when a target
/// has several answers (the last repeats); unknown targets get GitLab's 404. It checks the
/// `PRIVATE-TOKEN` header itself, as GitLab does, and keeps every target asked for.
struct GitlabStandIn {
    url: String,
    answers: Arc<Mutex<HashMap<String, Vec<Answer>>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl GitlabStandIn {
    fn start() -> GitlabStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let answers: Arc<Mutex<HashMap<String, Vec<Answer>>>> = Default::default();
        let asked: Arc<Mutex<Vec<String>>> = Default::default();
        let (a, log) = (answers.clone(), asked.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let mut lines = BufReader::new(conn.try_clone().unwrap());
                let mut request = String::new();
                if lines.read_line(&mut request).is_err() {
                    continue;
                }
                let target = request.split(' ').nth(1).unwrap_or_default().to_string();
                let mut token = None;
                loop {
                    let mut h = String::new();
                    if lines.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        if k.eq_ignore_ascii_case("private-token") {
                            token = Some(v.trim().to_string());
                        }
                    }
                }
                log.lock().unwrap().push(target.clone());
                let reply = if token.as_deref() != Some(TOKEN) {
                    status(401, r#"{"message":"401 Unauthorized"}"#, &[])
                } else {
                    let mut all = a.lock().unwrap();
                    match all.get_mut(&target) {
                        Some(list) if list.len() > 1 => list.remove(0),
                        Some(list) => list[0].clone(),
                        None => status(404, r#"{"message":"404 Not found"}"#, &[]),
                    }
                };
                let mut head = format!(
                    "HTTP/1.1 {} Answer\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    reply.status,
                    reply.body.len()
                );
                for (k, v) in &reply.headers {
                    head += &format!("{k}: {v}\r\n");
                }
                let mut conn = conn;
                let _ = conn.write_all(format!("{head}\r\n{}", reply.body).as_bytes());
            }
        });
        GitlabStandIn {
            url,
            answers,
            asked,
        }
    }

    fn on(&self, target: &str, answers: Vec<Answer>) {
        self.answers
            .lock()
            .unwrap()
            .insert(target.to_string(), answers);
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

fn recorded(name: &str) -> String {
    let p = repo().join("tests/fixtures/gitlab").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn recorded_json(name: &str) -> Value {
    serde_json::from_str(&recorded(name)).unwrap()
}

const KEYSET: &str =
    "/issues?scope=all&state=all&per_page=100&pagination=keyset&order_by=updated_at&sort=asc";
const OFFSET: &str = "/issues?scope=all&state=all&per_page=100&order_by=created_at&sort=asc";

fn notes_target(iid: u64) -> String {
    format!("{PROJECT}/issues/{iid}/notes?per_page=100&sort=asc&order_by=created_at")
}

fn events_target(iid: u64, kind: &str) -> String {
    format!("{PROJECT}/issues/{iid}/{kind}?per_page=100")
}

/// The per-issue answers of the recorded issues 6 to 9: notes of 6 over two pages (offset
/// paging by `X-Next-Page`, no `Link`), a 500 that heals on retry.
fn serve_issue_details(g: &GitlabStandIn) {
    let notes: Vec<Value> = serde_json::from_str(&recorded("notes-6.json")).unwrap();
    let first = serde_json::to_string(&notes[..3]).unwrap();
    let rest = serde_json::to_string(&notes[3..]).unwrap();
    g.on(
        &notes_target(6),
        vec![Answer {
            headers: vec![("X-Next-Page".into(), "2".into())],
            ..answer(first)
        }],
    );
    g.on(
        &format!("{}&page=2", notes_target(6)),
        vec![Answer {
            headers: vec![("X-Next-Page".into(), "".into())],
            ..answer(rest)
        }],
    );
    g.on(
        &events_target(6, "resource_label_events"),
        vec![answer(recorded("label-events-6.json"))],
    );
    g.on(
        &events_target(6, "resource_state_events"),
        vec![status(500, "oops", &[]), answer("[]")],
    );
    g.on(&notes_target(7), vec![answer("[]")]);
    g.on(
        &events_target(7, "resource_state_events"),
        vec![answer(recorded("state-events-7.json"))],
    );
    // 7's label events are not served (404): a server without the events API.
    g.on(
        &notes_target(8),
        vec![answer(recorded("confidential-notes-8.json"))],
    );
}

/// `pull gitlab` from the stand-in with `token` in the variable.
fn pull(g: &GitlabStandIn, out: &Path, token: &str) -> std::process::Output {
    std::process::Command::new(bin())
        .args([
            "pull",
            "gitlab",
            "--url",
            &g.url,
            "--project",
            "acme/ledger",
        ])
        .args(["--key-env", ENV, "--out"])
        .arg(out)
        .env(ENV, token)
        .output()
        .unwrap()
}

const PRIVATE: &[&str] = &[
    "CONFIDENTIAL-ISSUE-MARKER",
    "INTERNAL-NOTE-MARKER",
    "OLD-CONFIDENTIAL-MARKER",
    "MOVED-ISSUE-MARKER",
    "Olga Staffmember",
    "Pia Customerperson",
    "Sam Salesperson",
    "bot@example.com",
    "assigned to @",
    "Internal plan for 4.2",
    "human_time_estimate",
    TOKEN,
];

fn build_site_from(snapshot: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("porchlight.toml"),
        "title = \"GitLab Support\"\n[sources]\ntickets = [\"snap.json\"]\n[roles]\nteam = [\"olga.staff\"]\n",
    )
    .unwrap();
    std::fs::copy(snapshot, dir.path().join("snap.json")).unwrap();
    run_in(dir.path(), &["build", "--now", NOW]).ok();
    let out = dir.path().join("public");
    (dir, out)
}

#[test]
fn a_full_then_an_incremental_pull_keep_only_public_text() {
    let g = GitlabStandIn::start();
    g.on("/api/v4/user", vec![answer(recorded("user.json"))]);
    let issues = recorded_json("issues.json");
    let list = issues.as_array().unwrap();
    let page2 = format!("{}{PROJECT}/issues?page2cursor=abc", g.url);
    g.on(
        &format!("{PROJECT}{KEYSET}"),
        vec![
            // GitLab's rate limit: 429 with Retry-After and the RateLimit-* headers.
            status(
                429,
                r#"{"message":"Retry later"}"#,
                &[
                    ("Retry-After", "1"),
                    ("RateLimit-Remaining", "0"),
                    ("RateLimit-Reset", "1"),
                ],
            ),
            Answer {
                headers: vec![("Link".into(), format!("<{page2}>; rel=\"next\""))],
                ..answer(serde_json::to_string(&list[..2]).unwrap())
            },
        ],
    );
    g.on(
        &format!("{PROJECT}/issues?page2cursor=abc"),
        vec![answer(serde_json::to_string(&list[2..]).unwrap())],
    );
    serve_issue_details(&g);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gitlab.json");
    let (stdout, stderr) = pulled(&g, &out);
    assert!(
        stdout.contains("Pulled 2 issues into")
            && stdout.contains("(full; 2 fetched with notes, 0 removed, 1 private issues and 2 private notes left out, left out: 1 issues moved to another project"),
        "{stdout}"
    );
    assert!(stderr.contains("rate limited"), "{stderr}");
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    let asked = g.asked();
    assert_eq!(asked[0], "/api/v4/user", "the key is checked first");
    assert!(
        !asked.iter().any(|a| a.contains("/issues/8/")),
        "nothing of the confidential issue is asked for: {asked:?}"
    );

    let text = std::fs::read_to_string(&out).unwrap();
    for p in PRIVATE {
        assert!(!text.contains(p), "{p} in the snapshot: {text}");
    }
    let snap: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(snap["gitlab_snapshot"], 1);
    assert_eq!(snap["project"], "acme/ledger");
    assert_eq!(snap["updated_after"], "2026-11-05T14:02:10.504Z");
    let notes6: Vec<u64> = snap["notes"]["6"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_u64().unwrap())
        .collect();
    // 302 internal and 306 old-style confidential are gone; 305 ("assigned to") says nothing
    // about the state; 304 changed a label.
    assert_eq!(notes6, [301, 303, 304]);
    assert_eq!(
        snap["notes"]["6"][0]["author"],
        json!({"id": 2, "username": "olga.staff"})
    );
    assert_eq!(
        snap["notes"]["6"][2],
        json!({"id": 304, "body": "added ~\"workflow::in progress\" label and removed ~\"workflow::triage\" label", "created_at": "2026-11-04T09:00:00.000Z", "system": true})
    );
    assert_eq!(snap["state_events"]["7"].as_array().unwrap().len(), 3);
    assert_eq!(snap["label_events"]["7"], json!([]));

    // The site built from the snapshot.
    let (_site, public) = build_site_from(&out);
    let page = std::fs::read_to_string(public.join("tickets/6/index.html")).unwrap();
    assert!(
        page.contains("Any news?") && page.contains("Support team"),
        "{page}"
    );
    assert!(
        page.contains("aria-current=\"step\"><span>In progress</span>"),
        "{page}"
    );
    let needles: Vec<String> = PRIVATE.iter().map(|s| s.to_string()).collect();
    assert_absent(&public, &needles);

    // Incremental: only what changed since the cursor; issue 7 turned confidential.
    let mut seven = list[1].clone();
    seven["confidential"] = json!(true);
    seven["title"] = json!("CONFIDENTIAL-ISSUE-MARKER now");
    seven["updated_at"] = json!("2026-11-06T08:00:00.000Z");
    let mut six = list[0].clone();
    six["updated_at"] = json!("2026-11-06T09:00:00.000Z");
    six["title"] = json!("Invoices export stops at 1000 rows (v4.2)");
    g.on(
        &format!("{PROJECT}{KEYSET}&updated_after=2026-11-05T14%3A02%3A10.504Z"),
        vec![answer(serde_json::to_string(&[seven, six]).unwrap())],
    );
    let (stdout, _) = pulled(&g, &out);
    assert!(
        stdout.contains("Pulled 1 issues into")
            && stdout.contains("(incremental; 1 fetched with notes, 1 removed, 1 private issues and 2 private notes left out"),
        "{stdout}"
    );
    let snap: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(snap["issues"].as_array().unwrap().len(), 1);
    assert_eq!(
        snap["issues"][0]["title"],
        "Invoices export stops at 1000 rows (v4.2)"
    );
    assert_eq!(snap["updated_after"], "2026-11-06T09:00:00.000Z");
    assert!(snap["state_events"].get("7").is_none());
    let text = serde_json::to_string(&snap).unwrap();
    assert!(!text.contains("CONFIDENTIAL-ISSUE-MARKER"), "{text}");
}

#[test]
fn without_keyset_paging_the_pull_pages_by_offset() {
    let g = GitlabStandIn::start();
    g.on("/api/v4/user", vec![answer(recorded("user.json"))]);
    g.on(
        &format!("{PROJECT}{KEYSET}"),
        vec![status(
            405,
            r#"{"message":"Keyset pagination is not yet available for this type of request"}"#,
            &[],
        )],
    );
    let issues = recorded_json("issues.json");
    let list = issues.as_array().unwrap();
    g.on(
        &format!("{PROJECT}{OFFSET}"),
        vec![Answer {
            headers: vec![("X-Next-Page".into(), "2".into())],
            ..answer(serde_json::to_string(&list[..1]).unwrap())
        }],
    );
    g.on(
        &format!("{PROJECT}{OFFSET}&page=2"),
        vec![Answer {
            headers: vec![("X-Next-Page".into(), "".into())],
            ..answer(serde_json::to_string(&list[1..2]).unwrap())
        }],
    );
    serve_issue_details(&g);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gitlab.json");
    let (stdout, _) = pulled(&g, &out);
    assert!(stdout.contains("Pulled 2 issues into"), "{stdout}");
}

/// A pull that succeeds: its stdout and stderr.
fn pulled(g: &GitlabStandIn, out: &Path) -> (String, String) {
    let o = pull(g, out, TOKEN);
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stdout}{stderr}");
    (stdout, stderr)
}

fn failing_pull(g: &GitlabStandIn) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gitlab.json");
    let o = pull(g, &out, TOKEN);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!out.exists(), "no snapshot after a failed pull");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    stderr
}

#[test]
fn a_wrong_token_is_refused_naming_the_variable_never_the_token() {
    let g = GitlabStandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let o = pull(&g, &dir.path().join("g.json"), "glpat-wrong");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the key in ${ENV} was refused by {}/api/v4/ (HTTP 401)",
            g.url
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("glpat-wrong"), "{stderr}");
    assert_eq!(g.asked(), ["/api/v4/user"], "nothing after the refusal");

    // A token without the read_api scope: 403 on the project.
    assert_list_answer_fails(
        status(403, r#"{"error":"insufficient_scope"}"#, &[]),
        &format!("{PROJECT}{KEYSET}: HTTP 403 Forbidden: the key in ${ENV} may not read this"),
    );
}

/// A pull whose `/user` is fine and whose issues list answers `list`: it fails, and its
/// error names the stand-in's URL followed by `error`.
fn assert_list_answer_fails(list: Answer, error: &str) {
    let g = GitlabStandIn::start();
    g.on("/api/v4/user", vec![answer(recorded("user.json"))]);
    g.on(&format!("{PROJECT}{KEYSET}"), vec![list]);
    let stderr = failing_pull(&g);
    assert!(stderr.contains(&format!("{}{error}", g.url)), "{stderr}");
}

#[test]
fn malformed_answers_name_the_url_and_the_place() {
    let list = format!("{PROJECT}{KEYSET}");
    for (body, error) in [
        (
            r#"[{"iid": 6, "title": "#,
            "the answer was cut off (the JSON ends early after 21 bytes); try again",
        ),
        (
            r#"{"message": "moved"}"#,
            "expected a JSON array of issues, found an object",
        ),
        (
            r#"[{"iid": 6}, {"id": 7}]"#,
            "item [1]: expected an issue object with a numeric \"iid\"",
        ),
    ] {
        assert_list_answer_fails(answer(body), &format!("{list}: {error}"));
    }
    // `/user` is not a user (not a GitLab).
    let g = GitlabStandIn::start();
    g.on("/api/v4/user", vec![answer("[]")]);
    let stderr = failing_pull(&g);
    assert!(
        stderr.contains(&format!(
            "{}/api/v4/user: expected the token's user, an object with a numeric \"id\", found an array",
            g.url
        )),
        "{stderr}"
    );
}

#[test]
fn only_gitlab_has_a_default_url() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(bin())
        .args([
            "pull",
            "mantis",
            "--project",
            "1",
            "--key-env",
            ENV,
            "--out",
        ])
        .arg(dir.path().join("m.json"))
        .env(ENV, TOKEN)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("pull needs --url, the tracker's base URL"),
        "{stderr}"
    );
}
