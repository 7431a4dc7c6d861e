//! `pull github` and `pull mantis` against a small HTTP server on 127.0.0.1 inside the test,
//! serving recorded responses built from ../shared/fixtures (GitHub `paginate-issues` pages,
//! MantisBT `get_all_issues_200`), with paging, a 429 with `Retry-After: 1`, a 500 that
//! succeeds on retry, and a 404.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::bin;
use serde_json::{json, Value};

type Reply = (u16, Vec<(String, String)>, String);

/// Routes by path+query; a route with several replies hands them out in order, then repeats
/// the last. Requests are logged with their Authorization header.
struct Fake {
    base: String,
    routes: Arc<Mutex<HashMap<String, VecDeque<Reply>>>>,
    log: Arc<Mutex<Vec<(String, String)>>>,
}

impl Fake {
    fn start() -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, VecDeque<Reply>>>> = Default::default();
        let log: Arc<Mutex<Vec<(String, String)>>> = Default::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut auth = String::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some(v) = h.strip_prefix("authorization: ").or(h.strip_prefix("Authorization: ")) {
                        auth = v.trim().to_string();
                    }
                }
                l.lock().unwrap().push((path.clone(), auth));
                let reply = {
                    let mut routes = r.lock().unwrap();
                    match routes.get_mut(&path) {
                        Some(q) if q.len() > 1 => q.pop_front().unwrap(),
                        Some(q) => q[0].clone(),
                        None => (404, vec![], "{\"message\":\"Not Found\"}".into()),
                    }
                };
                let (status, headers, body) = reply;
                let mut out = stream;
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = out.write_all(head.as_bytes());
                let _ = out.write_all(body.as_bytes());
            }
        });
        Fake { base, routes, log }
    }

    fn route(&self, path: &str, replies: Vec<Reply>) {
        self.routes.lock().unwrap().insert(path.to_string(), replies.into());
    }
}

fn ok(body: String) -> Reply {
    (200, vec![], body)
}

fn fixture(rel: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures").join(rel);
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn run_pull(tracker: &str, url: &str, project: &str, out: &Path) -> std::process::Output {
    std::process::Command::new(bin())
        .args(["pull", tracker, "--url", url, "--project", project, "--key-env", "PL_TEST_TOKEN", "--out"])
        .arg(out)
        .env("PL_TEST_TOKEN", "s3cret-token")
        .output()
        .unwrap()
}

#[test]
fn pull_github_follows_links_retries_429_and_500() {
    let f = Fake::start();
    let list = "/repos/o/r/issues?state=all&per_page=100";
    let mut expected = 0;
    for n in 1..=5 {
        let mut page = fixture(&format!("github/extracted/paginate-issues.page{n}.json"));
        expected += page.as_array().unwrap().len();
        if n == 1 {
            // A pull request in the list must be left out.
            let mut pr = page[0].clone();
            pr["number"] = json!(9999);
            pr["title"] = json!("A pull request, not an issue");
            pr["pull_request"] = json!({"url": "x"});
            page.as_array_mut().unwrap().push(pr);
        }
        let path = if n == 1 { list.to_string() } else { format!("/repos/o/r/issues?page={n}") };
        let mut headers = vec![];
        if n < 5 {
            headers.push(("Link".to_string(), format!("<{}/repos/o/r/issues?page={}>; rel=\"next\"", f.base, n + 1)));
        }
        let good = (200, headers, page.to_string());
        let replies = match n {
            1 => vec![(429, vec![("Retry-After".into(), "1".into())], "{}".into()), good],
            2 => vec![(500, vec![], "oops".into()), good],
            _ => vec![good],
        };
        f.route(&path, replies);
    }
    for n in 1..=13 {
        f.route(
            &format!("/repos/o/r/issues/{n}/comments?per_page=100"),
            vec![ok(json!([{"id": n, "user": {"login": "someone", "email": "x@corp.example"}, "body": format!("Comment on {n}"), "created_at": "2020-01-01T00:00:00Z"}]).to_string())],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gh.json");
    let o = run_pull("github", &f.base, "o/r", &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let corpus = porchlight::sources::read_export(&out, None).unwrap();
    assert_eq!(corpus.tickets.len(), expected);
    assert!(corpus.tickets.iter().all(|t| t.subject != "A pull request, not an issue"));
    assert!(corpus.tickets.iter().all(|t| t.notes.len() == 1));
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(!raw.contains("x@corp.example") && !raw.contains("\"assignee\""));
    // Copy the log out before asserting: a failed assert while holding the lock would poison
    // it for the server thread. At least two list requests: the 429, then the retry (a slow
    // machine may add a timeout retry on top).
    let log: Vec<(String, String)> = f.log.lock().unwrap().clone();
    assert!(log.iter().filter(|(p, _)| p == list).count() >= 2, "429 then retried: {log:?}");
    assert!(log.iter().all(|(_, a)| a == "Bearer s3cret-token"));

    // Unknown repository: a clear 404 and exit code 1.
    let o = run_pull("github", &f.base, "o/missing", &dir.path().join("x.json"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("HTTP 404") && stderr.contains("no repository o/missing"), "{stderr}");
    assert!(!stderr.contains("s3cret"));
}

#[test]
fn pull_mantis_pages_and_drops_private_issues_and_notes() {
    let f = Fake::start();
    let sample = fixture("mantisbt/postman-responses/get_all_issues_200.json")["issues"][0].clone();
    let mut page1 = Vec::new();
    for id in 100..150u64 {
        let mut i = sample.clone();
        i["id"] = json!(id);
        i["summary"] = json!(format!("Public issue {id}"));
        i["notes"] = json!([
            {"id": id * 10, "reporter": {"id": 1, "name": "staff", "email": "staff@corp.example"}, "text": format!("Public note {id}"), "view_state": {"id": 10, "name": "public"}, "created_at": "2020-01-01T00:00:00Z"},
            {"id": id * 10 + 1, "reporter": {"id": 1, "name": "staff"}, "text": format!("SECRET note {id}"), "view_state": {"id": 50, "name": "private"}, "created_at": "2020-01-01T00:00:00Z"}
        ]);
        if id == 120 {
            i["summary"] = json!("SECRET private issue");
            i["view_state"] = json!({"id": 50, "name": "private", "label": "private"});
        }
        page1.push(i);
    }
    let page2 = vec![sample.clone()];
    let p = |n: u32| format!("/api/rest/issues?project_id=1&page_size=50&page={n}");
    f.route(&p(1), vec![(500, vec![], "db".into()), ok(json!({"issues": page1}).to_string())]);
    f.route(&p(2), vec![(429, vec![("Retry-After".into(), "1".into())], "".into()), ok(json!({"issues": page2}).to_string())]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mantis.json");
    let o = run_pull("mantis", &f.base, "1", &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(!raw.contains("SECRET") && !raw.contains("staff@corp.example"), "private data in the snapshot");
    let corpus = porchlight::sources::read_export(&out, None).unwrap();
    assert_eq!(corpus.tickets.len(), 50, "49 public of page 1 + 1 of page 2");
    assert!(corpus.tickets.iter().any(|t| t.notes.iter().any(|n| n.text.contains("Public note 101"))));
    assert!(f.log.lock().unwrap().iter().all(|(_, a)| a == "s3cret-token"));
}
