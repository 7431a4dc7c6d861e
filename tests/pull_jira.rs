//! `pull jira` against an HTTP server on 127.0.0.1 inside the test, answering in the shapes
//! of Atlassian's REST documentation (the issues of `tests/fixtures/jira/`): Cloud's
//! `search/jql` with `nextPageToken` and Basic auth, Data Center's `search` with `startAt`,
//! `expand=renderedFields` and a Bearer token, comment pages with `expand=properties`, a 429
//! with `Retry-After`, a refused key and a malformed answer.
//!
//! The server routes by a function of the path and the decoded query, so a test can answer
//! what a JQL asks for (the list pass, the changed issues).

mod common;
mod jira_support;
use common::*;
use jira_support::*;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// One request as the server saw it: path, decoded query, Authorization header.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    query: BTreeMap<String, String>,
    auth: String,
}

type Reply = (u16, Vec<(&'static str, String)>, String);
type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// Serves `handler` on 127.0.0.1; returns the base URL and the request log.
fn serve(handler: Handler) -> (String, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Arc<Mutex<Vec<Request>>> = Default::default();
    let l = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // The request line, then the headers up to the empty line (`lines` drops "\r\n").
            let mut lines = BufReader::new(stream.try_clone().unwrap())
                .lines()
                .map_while(Result::ok);
            let Some(first) = lines.next() else { continue };
            let target = first.split_whitespace().nth(1).unwrap_or("").to_string();
            let auth = lines
                .take_while(|l| !l.is_empty())
                .filter_map(|h| {
                    let (k, v) = h.split_once(':')?;
                    k.eq_ignore_ascii_case("authorization")
                        .then(|| v.trim().to_string())
                })
                .last()
                .unwrap_or_default();
            let (path, q) = target.split_once('?').unwrap_or((&target, ""));
            let url = reqwest::Url::parse(&format!("http://x/?{q}")).unwrap();
            let req = Request {
                path: path.to_string(),
                query: url.query_pairs().into_owned().collect(),
                auth,
            };
            l.lock().unwrap().push(req.clone());
            let (status, headers, body) = handler(&req);
            let extra: String = headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}\r\n"))
                .collect();
            let mut out = stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
        }
    });
    (base, log)
}

fn fixture(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture_path(name)).unwrap()).unwrap()
}

/// The Cloud fixture's issues, as the server holds them: comments move to the comment
/// resource (the search is asked without them).
fn cloud_issues() -> Vec<Value> {
    fixture("search_v3_cloud.json")["issues"]
        .as_array()
        .unwrap()
        .clone()
}

fn comments_of(issue: &Value) -> Vec<Value> {
    let mut c = issue["fields"]["comment"]["comments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Fetched with expand=properties: every comment carries its (maybe empty) properties.
    for x in &mut c {
        if x.get("properties").is_none() {
            x["properties"] = json!([]);
        }
    }
    c
}

/// The search answer for a request: the list pass (`fields=updated,security`) or full
/// issues, a page of `per_page` at a time, in the Cloud or Data Center way.
fn search_page(req: &Request, issues: &[Value], per_page: usize, cloud: bool) -> Reply {
    let fields = req.query.get("fields").cloned().unwrap_or_default();
    let start: usize = if cloud {
        req.query
            .get("nextPageToken")
            .map(|t| t.trim_start_matches("tok-").parse().unwrap())
            .unwrap_or(0)
    } else {
        req.query["startAt"].parse().unwrap()
    };
    let page: Vec<Value> = issues
        .iter()
        .skip(start)
        .take(per_page)
        .map(|i| {
            let mut i = i.clone();
            if fields == "updated,security" {
                let f = &i["fields"];
                let security = f.get("security").cloned();
                i["fields"] = json!({"updated": f["updated"]});
                // Cloud answers `null` for an issue without a level; Data Center leaves the
                // field out.
                match security {
                    Some(level) => i["fields"]["security"] = level,
                    None if cloud => i["fields"]["security"] = Value::Null,
                    None => {}
                }
                i.as_object_mut().unwrap().remove("changelog");
                i.as_object_mut().unwrap().remove("renderedFields");
            } else {
                assert_eq!(fields, "*all,-comment,-worklog");
                let f = i["fields"].as_object_mut().unwrap();
                f.remove("comment");
                f.remove("worklog");
            }
            i
        })
        .collect();
    let end = start + page.len();
    let body = if cloud {
        let mut b = json!({"issues": page, "isLast": end >= issues.len()});
        if end < issues.len() {
            b["nextPageToken"] = json!(format!("tok-{end}"));
        }
        b
    } else {
        json!({"expand": "schema,names", "startAt": start, "maxResults": per_page, "total": issues.len(), "issues": page})
    };
    (200, vec![], body.to_string())
}

fn comment_page(req: &Request, comments: &[Value]) -> Reply {
    let start: usize = req.query["startAt"].parse().unwrap();
    let page: Vec<&Value> = comments.iter().skip(start).take(2).collect();
    (
        200,
        vec![],
        json!({"startAt": start, "maxResults": 2, "total": comments.len(), "comments": page})
            .to_string(),
    )
}

fn pull(url: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args([
            "pull",
            "jira",
            "--url",
            url,
            "--project",
            "HELP",
            "--key-env",
            "PL_JIRA_TOKEN",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .env("PL_JIRA_TOKEN", "s3cret-jira-token")
        .env("PL_JIRA_EMAIL", "agent@acme.example")
        .output()
        .unwrap()
}

/// The token must never be written anywhere either.
fn markers() -> Vec<String> {
    private_needles(&["s3cret-jira-token"])
}

fn assert_no_marker(text: &str, what: &str) {
    for m in markers() {
        assert!(!text.contains(&m), "{m} found in {what}");
    }
}

#[test]
fn pull_jira_cloud_pages_scrubs_retries_and_updates_incrementally() {
    let issues = Arc::new(Mutex::new(cloud_issues()));
    let first_search = Arc::new(Mutex::new(true));
    let (is, fs) = (issues.clone(), first_search.clone());
    let handler: Handler = Arc::new(move |req| {
        let issues = is.lock().unwrap().clone();
        // agent@acme.example:s3cret-jira-token
        let basic = "Basic YWdlbnRAYWNtZS5leGFtcGxlOnMzY3JldC1qaXJhLXRva2Vu";
        if req.auth != basic {
            return (401, vec![], "{}".into());
        }
        match req.path.as_str() {
            "/rest/api/3/myself" => (200, vec![], json!({"accountId": "5b10a2844c20165700ede21g", "accountType": "atlassian", "active": true}).to_string()),
            "/rest/api/3/search/jql" => {
                // A rate limit on the very first search: waited out.
                if std::mem::replace(&mut *fs.lock().unwrap(), false) {
                    return (429, vec![("Retry-After", "1".into())], "{}".into());
                }
                let jql = &req.query["jql"];
                let selected: Vec<Value> = match jql.split_once("updated >= \"") {
                    // The incremental search: only issues updated since the cursor.
                    Some((_, rest)) => {
                        let since = chrono::NaiveDateTime::parse_from_str(&rest[..16], "%Y/%m/%d %H:%M").unwrap().and_utc();
                        issues
                            .iter()
                            .filter(|i| porchlight_date(&i["fields"]["updated"]) >= since)
                            .cloned()
                            .collect()
                    }
                    None => issues.clone(),
                };
                assert!(jql.starts_with("project = \"HELP\"") || jql.starts_with("(project = \"HELP\")"), "{jql}");
                assert!(jql.ends_with(" ORDER BY key ASC"), "{jql}");
                search_page(req, &selected, 2, true)
            }
            p => {
                let key = p
                    .strip_prefix("/rest/api/3/issue/")
                    .and_then(|r| r.strip_suffix("/comment"))
                    .unwrap_or("");
                assert_eq!(req.query.get("expand").map(String::as_str), Some("properties"));
                match issues.iter().find(|i| i["key"] == key) {
                    Some(i) => comment_page(req, &comments_of(i)),
                    None => (404, vec![], "{}".into()),
                }
            }
        }
    });
    let (url, log) = serve(handler);
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("jira.json");
    let o = pull(
        &url,
        &snap,
        &["--jira-api", "cloud", "--email-env", "PL_JIRA_EMAIL"],
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(o.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.starts_with(&format!(
            "Pulled 1 issues into {} (full; 1 fetched with notes, 0 removed, 2 private issues and 2 private notes left out,",
            snap.display()
        )),
        "{stdout}"
    );
    assert!(stderr.contains("rate limited"), "{stderr}");
    let text = std::fs::read_to_string(&snap).unwrap();
    assert_no_marker(&text, "the snapshot");
    assert_no_marker(&stdout, "stdout");
    assert_no_marker(&stderr, "stderr");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["jira_snapshot"], 1);
    assert_eq!(v["api"], 3);
    assert_eq!(v["cursor"], "2026-11-05T16:40:12.000+0100");
    let help12 = &v["issues"][0];
    assert_eq!(help12["key"], "HELP-12");
    let ids: Vec<&str> = help12["fields"]["comment"]["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // The public reply and the reporter's own; jsdPublic:false and restricted ones gone.
    assert_eq!(ids, ["10100", "10103"]);
    assert_eq!(
        help12["fields"]["reporter"],
        // The account type tells a Service Management customer from the team; the name
        // and e-mail are gone.
        json!({"accountId": "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", "accountType": "customer"})
    );
    assert_eq!(
        help12["fields"]["customfield_10010"],
        json!({"requestType": {"name": "Report a bug"}})
    );
    assert_eq!(
        help12["changelog"]["histories"][0]["items"],
        json!([{"field": "status", "fromString": "Waiting for support", "toString": "In Progress"}])
    );
    // Paging: the list pass and the full search each took two pages of two.
    let searches = log
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path == "/rest/api/3/search/jql")
        .count();
    assert_eq!(searches, 1 + 2 + 2);

    // The snapshot builds a site without a marker. HELP-13 and HELP-14 have security levels
    // this pull does not name public: never fetched.
    let site = SiteTest::new();
    std::fs::copy(&snap, site.path().join("tickets.json")).unwrap();
    site.build(&[]).ok();
    let page = site.read("tickets/HELP-12/index.html");
    assert!(page.contains("Any news on this?"));
    assert!(page.contains("Thanks for the report, we can reproduce it."));
    let mut needles = markers();
    needles.push("557058:f58131cb".into());
    assert_absent(&site.out(), &needles);

    // Incremental: HELP-12 gets a new public comment; HELP-15 is new.
    {
        let mut all = issues.lock().unwrap();
        let i = &mut all[0];
        i["fields"]["updated"] = json!("2026-11-20T10:00:00.000+0100");
        i["fields"]["comment"]["comments"].as_array_mut().unwrap().push(json!({
            "id": "10104", "author": {"accountId": "5b10a2844c20165700ede21g", "displayName": "PRIVATE-ASSIGNEE-NAME"},
            "body": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Fixed in 4.2.1."}]}]},
            "created": "2026-11-20T10:00:00.000+0100", "jsdPublic": true
        }));
        let mut new = all[0].clone();
        new["key"] = json!("HELP-15");
        new["fields"]["updated"] = json!("2026-11-21T10:00:00.000+0100");
        new["fields"]["comment"] = json!({"comments": []});
        all.push(new);
    }
    let before = log.lock().unwrap().len();
    let o = pull(
        &url,
        &snap,
        &["--jira-api", "cloud", "--email-env", "PL_JIRA_EMAIL"],
    );
    let stdout = ok_stdout(&o);
    assert!(
        stdout.contains("Pulled 2 issues into") && stdout.contains("(incremental; 2 fetched with notes, 0 removed, 2 private issues and 2 private notes left out"),
        "{stdout}"
    );
    let reqs: Vec<Request> = log.lock().unwrap()[before..].to_vec();
    let incremental = reqs
        .iter()
        .find(|r| r.query.get("jql").is_some_and(|q| q.contains("updated >=")))
        .expect("an incremental search");
    // The cursor (2026-11-05T16:40:12+01:00 = 15:40 UTC), less a day.
    assert_eq!(
        incremental.query["jql"],
        "(project = \"HELP\") AND updated >= \"2026/11/04 15:40\" ORDER BY key ASC"
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    assert_eq!(v["cursor"], "2026-11-21T10:00:00.000+0100");
    assert_eq!(
        v["issues"][0]["fields"]["comment"]["comments"][2]["id"],
        "10104"
    );

    // HELP-12 gets a security level: it leaves the snapshot; HELP-15 alone is fetched
    // again (within the day of overlap).
    {
        let mut all = issues.lock().unwrap();
        all[0]["fields"]["security"] = json!({"id": "10000", "name": "Staff only"});
        all[0]["fields"]["updated"] = json!("2026-11-22T10:00:00.000+0100");
    }
    let o = pull(
        &url,
        &snap,
        &["--jira-api", "cloud", "--email-env", "PL_JIRA_EMAIL"],
    );
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        stdout.contains("Pulled 1 issues into") && stdout.contains("(incremental; 1 fetched with notes, 1 removed, 3 private issues and 0 private notes left out"),
        "{stdout}"
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    let keys: Vec<&str> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["HELP-15"]);
    // The cursor is the newest issue the snapshot holds.
    assert_eq!(v["cursor"], "2026-11-21T10:00:00.000+0100");
}

fn porchlight_date(v: &Value) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_str(v.as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%.f%z")
        .unwrap()
        .to_utc()
}

#[test]
fn pull_jira_data_center_pages_by_start_at_with_a_bearer_token_and_jiras_html() {
    let mut issue = fixture("search_v2_datacenter.json")["issues"][0].clone();
    // Three issues, two per page; the rendered comment bodies come from the comment resource.
    let comments = comments_of(&issue);
    let rendered: Vec<Value> = issue["renderedFields"]["comment"]["comments"]
        .as_array()
        .unwrap()
        .clone();
    issue["key"] = json!("SUP-7");
    let mut issues = vec![issue.clone()];
    for n in [8, 9] {
        let mut i = issue.clone();
        i["key"] = json!(format!("SUP-{n}"));
        issues.push(i);
    }
    let handler: Handler = Arc::new(move |req| {
        if req.auth != "Bearer s3cret-jira-token" {
            return (401, vec![], "{}".into());
        }
        match req.path.as_str() {
            "/rest/api/2/myself" => (
                200,
                vec![],
                json!({"name": "a.agent", "key": "JIRAUSER10100"}).to_string(),
            ),
            "/rest/api/2/search" => {
                if req.query["fields"] != "updated,security" {
                    assert_eq!(req.query["expand"], "renderedFields,changelog");
                }
                assert_eq!(
                    req.query["jql"],
                    "project = SUP AND resolution = Unresolved ORDER BY key ASC"
                );
                search_page(req, &issues, 2, false)
            }
            p if p.ends_with("/comment") => {
                assert_eq!(req.query["expand"], "properties,renderedBody");
                let with_html: Vec<Value> = comments
                    .iter()
                    .zip(&rendered)
                    .map(|(c, r)| {
                        let mut c = c.clone();
                        c["renderedBody"] = r["body"].clone();
                        c
                    })
                    .collect();
                comment_page(req, &with_html)
            }
            _ => (404, vec![], "{}".into()),
        }
    });
    let (url, _log) = serve(handler);
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("jira.json");
    let o = pull(
        &format!("{url}/"),
        &snap,
        &["--jql", "project = SUP AND resolution = Unresolved"],
    );
    let stdout = ok_stdout(&o);
    assert!(
        stdout.contains("Pulled 3 issues into") && stdout.contains("(full; 3 fetched with notes, 0 removed, 0 private issues and 3 private notes left out"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&snap).unwrap();
    assert_no_marker(&text, "the snapshot");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["api"], 2);
    let c = &v["issues"][0]["fields"]["comment"]["comments"];
    assert_eq!(c[0]["renderedBody"], "<p>Which browser do you use?</p>");
    assert_eq!(c.as_array().unwrap().len(), 2);

    let site = SiteTest::new();
    std::fs::copy(&snap, site.path().join("tickets.json")).unwrap();
    site.build(&[]).ok();
    let page = site.read("tickets/SUP-9/index.html");
    assert!(page.contains("Which browser do you use?"));
    assert!(page.contains("Firefox 128."));
    assert!(page.contains("@someone asked me to file this."));
    assert_absent(&site.out(), &markers());
}

/// The stderr of a pull that failed with exit code 1 and wrote no snapshot.
fn failed(o: &std::process::Output, snap: &Path) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!snap.exists());
    stderr
}

#[test]
fn a_refused_key_names_the_variable_and_a_malformed_answer_names_the_url() {
    let handler: Handler = Arc::new(|req| match req.path.as_str() {
        "/rest/api/2/myself" if req.auth == "Bearer s3cret-jira-token" => {
            (200, vec![], "{\"name\": \"a\"}".into())
        }
        "/rest/api/2/myself" => (401, vec![], "{}".into()),
        "/rest/api/2/search" => (200, vec![], "{\"total\": 1, \"startAt\": 0}".into()),
        _ => (404, vec![], "{}".into()),
    });
    let (url, _) = serve(handler);
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("jira.json");
    let o = std::process::Command::new(bin())
        .args([
            "pull",
            "jira",
            "--url",
            &url,
            "--project",
            "SUP",
            "--key-env",
            "PL_JIRA_TOKEN",
            "--out",
        ])
        .arg(&snap)
        .env("PL_JIRA_TOKEN", "wrong-token-value")
        .output()
        .unwrap();
    assert_eq!(
        failed(&o, &snap),
        format!("error: the key in $PL_JIRA_TOKEN was refused by {url}/ (HTTP 401)\n")
    );

    let o = pull(&url, &snap, &[]);
    assert_eq!(
        failed(&o, &snap),
        format!("error: {url}/rest/api/2/search?jql=project+%3D+%22HELP%22+ORDER+BY+key+ASC&fields=updated%2Csecurity&maxResults=100&startAt=0: expected {{\"issues\": [...]}}\n")
    );

    // Cloud without the e-mail variable: said before any request.
    let o = pull(&url, &snap, &["--jira-api", "cloud"]);
    assert_eq!(
        failed(&o, &snap),
        "error: Jira Cloud signs in with an e-mail and an API token: name the variable holding the e-mail with --email-env (or email_env in [pull])\n"
    );
}
