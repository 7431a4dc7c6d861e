//! `pull github` and `pull mantis` against a small HTTP server on 127.0.0.1 inside the test,
//! serving answers shaped like the real APIs' (`tests/fixtures/sources/github/rest/` list
//! pages, an issue of `tests/fixtures/sources/mantis/rest/list.json`), with paging, a 429 with
//! `Retry-After: 1`, a 500 that succeeds on retry, and a 404.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader};
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
                    if let Some(v) = h
                        .strip_prefix("authorization: ")
                        .or(h.strip_prefix("Authorization: "))
                    {
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
                common::write_reply(stream, status, headers, &body);
            }
        });
        Fake { base, routes, log }
    }

    fn route(&self, path: &str, replies: Vec<Reply>) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), replies.into());
    }
}

fn ok(body: String) -> Reply {
    (200, vec![], body)
}

fn fixture(rel: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(rel);
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

fn run_pull(tracker: &str, url: &str, project: &str, out: &Path) -> std::process::Output {
    run_pull_with(tracker, url, project, out, &[])
}

/// [`run_pull`] with extra flags.
fn run_pull_with(
    tracker: &str,
    url: &str,
    project: &str,
    out: &Path,
    extra: &[&str],
) -> std::process::Output {
    std::process::Command::new(bin())
        .args([
            "pull",
            tracker,
            "--url",
            url,
            "--project",
            project,
            "--key-env",
            "PL_TEST_TOKEN",
        ])
        .args(extra)
        .arg("--out")
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
    for n in 1..=3 {
        let mut page = fixture(&format!("github/rest/issues.page{n}.json"));
        expected += page.as_array().unwrap().len();
        // The recorded issues, served as the repository o/r answers: their URLs name it.
        for i in page.as_array_mut().unwrap() {
            let n = i["number"].clone();
            i["repository_url"] = json!("https://api.github.com/repos/o/r");
            i["html_url"] = json!(format!("https://github.com/o/r/issues/{n}"));
        }
        if n == 1 {
            // An issue transferred to another (private) repository must be left out.
            let mut moved = page[0].clone();
            moved["number"] = json!(9998);
            moved["title"] = json!("Moved to the private repository");
            moved["repository_url"] = json!("https://api.github.com/repos/o/private");
            moved["html_url"] = json!("https://github.com/o/private/issues/3");
            page.as_array_mut().unwrap().push(moved);
            // A pull request in the list must be left out.
            let mut pr = page[0].clone();
            pr["number"] = json!(9999);
            pr["title"] = json!("A pull request, not an issue");
            pr["pull_request"] = json!({"url": "x"});
            page.as_array_mut().unwrap().push(pr);
        }
        let path = if n == 1 {
            list.to_string()
        } else {
            format!("/repos/o/r/issues?page={n}")
        };
        let mut headers = vec![];
        if n < 3 {
            headers.push((
                "Link".to_string(),
                format!("<{}/repos/o/r/issues?page={}>; rel=\"next\"", f.base, n + 1),
            ));
        }
        let good = (200, headers, page.to_string());
        let replies = match n {
            1 => vec![
                (429, vec![("Retry-After".into(), "1".into())], "{}".into()),
                good,
            ],
            2 => vec![(500, vec![], "oops".into()), good],
            _ => vec![good],
        };
        f.route(&path, replies);
    }
    for n in 1..=5 {
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
    assert!(corpus
        .tickets
        .iter()
        .all(|t| t.subject != "A pull request, not an issue"
            && t.subject != "Moved to the private repository"));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(
            ", left out: 1 issues of another repository (transferred), left out: 1 pull requests,"
        ),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(corpus.tickets.iter().all(|t| t.notes.len() == 1));
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(!raw.contains("x@corp.example") && !raw.contains("\"assignee\""));
    // Copy the log out before asserting: a failed assert while holding the lock would poison
    // it for the server thread. At least two list requests: the 429, then the retry (a slow
    // machine may add a timeout retry on top).
    let log: Vec<(String, String)> = f.log.lock().unwrap().clone();
    assert!(
        log.iter().filter(|(p, _)| p == list).count() >= 2,
        "429 then retried: {log:?}"
    );
    assert!(log.iter().all(|(_, a)| a == "Bearer s3cret-token"));

    // Unknown repository: a clear 404 and exit code 1.
    let o = run_pull("github", &f.base, "o/missing", &dir.path().join("x.json"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("HTTP 404") && stderr.contains("no repository o/missing"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"));
}

#[test]
fn pull_mantis_pages_and_drops_private_issues_and_notes() {
    let f = Fake::start();
    let mut sample = fixture("mantis/rest/list.json")["issues"][0].clone();
    // The project pulled (id 1); MantisBT lists its subprojects' issues with it.
    sample["project"] = json!({"id": 1, "name": "Terminplaner"});
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
        if id == 121 {
            // A subproject's issue: not the project pulled.
            i["summary"] = json!("SECRET subproject issue");
            i["project"] = json!({"id": 9, "name": "Terminplaner intern"});
        }
        page1.push(i);
    }
    let page2 = vec![sample.clone()];
    let p = |n: u32| format!("/api/rest/issues?project_id=1&page_size=50&page={n}");
    f.route(
        &p(1),
        vec![
            (500, vec![], "db".into()),
            ok(json!({"issues": page1}).to_string()),
        ],
    );
    f.route(
        &p(2),
        vec![
            (429, vec![("Retry-After".into(), "1".into())], "".into()),
            ok(json!({"issues": page2}).to_string()),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mantis.json");
    let o = run_pull("mantis", &f.base, "1", &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(
        !raw.contains("SECRET") && !raw.contains("staff@corp.example"),
        "private data in the snapshot"
    );
    let corpus = porchlight::sources::read_export(&out, None).unwrap();
    assert_eq!(
        corpus.tickets.len(),
        49,
        "48 public of the project on page 1 + 1 of page 2"
    );
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains(", left out: 1 issues of other or non-public subprojects (as private),"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(corpus
        .tickets
        .iter()
        .any(|t| t.notes.iter().any(|n| n.text.contains("Public note 101"))));
    assert!(f
        .log
        .lock()
        .unwrap()
        .iter()
        .all(|(_, a)| a == "s3cret-token"));
}

/// A recorded Redmine: one public issue, and a wiki (Textile) of three visible pages plus one
/// listed page the key may not read (403).
fn fake_redmine(f: &Fake) {
    f.route(
        "/projects/acme.json",
        vec![ok(
            json!({"project": {"id": 1, "identifier": "acme", "name": "ACME", "is_public": true}})
                .to_string(),
        )],
    );
    f.route(
        "/users/current.json",
        vec![ok(json!({"user": {"id": 1, "login": "api"}}).to_string())],
    );
    f.route(
        "/issue_statuses.json",
        vec![ok(
            json!({"issue_statuses": [{"id": 1, "name": "New", "is_closed": false}]}).to_string(),
        )],
    );
    let issue = json!({
        "id": 1, "project": {"id": 1, "name": "ACME"}, "tracker": {"id": 1, "name": "Bug"},
        "status": {"id": 1, "name": "New", "is_closed": false}, "priority": {"id": 2, "name": "Normal"},
        "author": {"id": 3, "name": "Carol Customer"}, "subject": "Recorded public issue",
        "description": "It breaks.", "is_private": false, "done_ratio": 0,
        "created_on": "2026-01-01T00:00:00Z", "updated_on": "2026-01-02T00:00:00Z",
        "assigned_to": {"id": 5, "name": "SECRET Assignee"}
    });
    f.route(
        "/issues.json?project_id=acme&status_id=*&sort=id&limit=100&offset=0",
        vec![ok(
            json!({"issues": [issue.clone()], "total_count": 1, "offset": 0, "limit": 100})
                .to_string(),
        )],
    );
    let mut full = issue.clone();
    full["journals"] = json!([
        {"id": 1, "user": {"id": 5, "name": "Staff"}, "notes": "Public recorded note", "private_notes": false, "created_on": "2026-01-02T00:00:00Z", "details": []}
    ]);
    f.route(
        "/issues/1.json?include=journals",
        vec![ok(json!({"issue": full}).to_string())],
    );
    let page = |title: &str, parent: Option<&str>, text: &str| {
        let mut p = json!({"title": title, "text": text, "version": 1, "author": {"id": 1, "name": "SECRET Author"},
            "created_on": "2026-02-01T10:00:00Z", "updated_on": "2026-03-04T02:14:42Z"});
        if let Some(parent) = parent {
            p["parent"] = json!({"title": parent});
        }
        p
    };
    let pages = [
        page("Wiki", None, "h1. Wiki\r\n\r\nWelcome. Start with [[Getting started]].\r\n\r\n{{toc}}\r\n\r\nh2. Contents\r\n\r\n{{child_pages}}\r\n\r\nSee also [[Nowhere|a page that does not exist]]."),
        page("Getting_started", Some("Wiki"), "h1. Getting started\r\n\r\nh2. First *steps*\r\n\r\n# Read the [[Install|install guide]]\r\n# Log in\r\n\r\n<pre>\r\n$ acme --login\r\n\r\n[[Wiki]] stays text here\r\n</pre>\r\n\r\nBack to the [[Wiki#contents|contents]]."),
        page("Install", Some("Getting_started"), "h2. Linux\r\n\r\nRun @./install@ and go back to [[Getting_started]]."),
    ];
    let mut index: Vec<Value> = pages
        .iter()
        .map(|p| {
            let mut i = p.clone();
            i.as_object_mut().unwrap().retain(|k, _| {
                ["title", "parent", "version", "created_on", "updated_on"].contains(&k.as_str())
            });
            i
        })
        .collect();
    index.push(json!({"title": "Staff_only", "version": 1, "created_on": "2026-02-01T10:00:00Z", "updated_on": "2026-02-01T10:00:00Z"}));
    f.route(
        "/projects/acme/wiki/index.json",
        vec![ok(json!({"wiki_pages": index}).to_string())],
    );
    for p in &pages {
        f.route(
            &format!("/projects/acme/wiki/{}.json", p["title"].as_str().unwrap()),
            vec![ok(json!({"wiki_page": p}).to_string())],
        );
    }
    f.route(
        "/projects/acme/wiki/Staff_only.json",
        vec![(403, vec![], "".into())],
    );
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("PL_TEST_TOKEN", "s3cret-token")
        .output()
        .unwrap()
}

/// Every relative link of the HTML files below `site/docs/wiki` resolves to a file of the site.
fn assert_wiki_links_resolve(site: &Path) -> usize {
    let href = regex::Regex::new(r#"href="([^"]+)""#).unwrap();
    let mut checked = 0;
    for e in walkdir::WalkDir::new(site.join("docs/wiki"))
        .into_iter()
        .flatten()
    {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for c in href.captures_iter(&html) {
            let h = &c[1];
            if h.contains("://")
                || h.starts_with('#')
                || h.starts_with("mailto:")
                || h.starts_with('/')
            {
                continue;
            }
            let path = h.split(['#', '?']).next().unwrap();
            let target = e.path().parent().unwrap().join(path);
            let target = if path.is_empty() || path.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(
                target.is_file(),
                "{}: link {h} goes nowhere ({})",
                e.path().display(),
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn pull_redmine_wiki_textile_pages_become_linked_docs() {
    let f = Fake::start();
    fake_redmine(&f);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("snapshot")).unwrap();
    let o = run(
        dir.path(),
        &[
            "pull",
            "redmine",
            "--url",
            &f.base,
            "--project",
            "acme",
            "--key-env",
            "PL_TEST_TOKEN",
            "--out",
            "snapshot/redmine.json",
            "--markup",
            "textile",
        ],
    );
    let stdout = common::ok_stdout(&o);
    assert!(
        stdout.contains("3 wiki pages into snapshot/wiki"),
        "{stdout}"
    );
    let wiki = dir.path().join("snapshot/wiki");
    let read =
        |p: &str| std::fs::read_to_string(wiki.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let start = read("wiki.md");
    assert!(
        start.starts_with("+++\ntitle = \"Wiki\"\ndate = 2026-03-04T02:14:42Z\nweight = 1\n+++\n"),
        "{start}"
    );
    assert!(
        start.contains("<a href=\"../wiki/getting-started/\">Getting started</a>"),
        "{start}"
    );
    assert!(
        start.contains("a page that does not exist") && !start.contains("nowhere"),
        "{start}"
    );
    assert!(!start.contains("{{") && !start.contains("[["), "{start}");
    let gs = read("wiki/getting-started.md");
    assert!(gs.contains("title = \"Getting started\""), "{gs}");
    assert!(gs.contains("## First <strong>steps</strong>"), "{gs}");
    assert!(
        gs.contains("[[Wiki]] stays text here"),
        "code is not linked: {gs}"
    );
    assert!(read("wiki/getting-started/install.md").contains("<code>./install</code>"));
    assert!(
        !wiki.join("staff-only.md").exists(),
        "a page the key may not read is left out"
    );
    for (_, text) in walkdir::WalkDir::new(&wiki)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
    {
        assert!(
            !text.contains("SECRET"),
            "author names stay out of the wiki docs"
        );
    }

    // The site: the wiki is under docs/wiki/ with headings, TOC anchors and working links.
    std::fs::write(
        dir.path().join("porchlight.toml"),
        format!("title = \"Wiki test\"\n[sources]\nredmine_markup = \"textile\"\n[pull]\ntracker = \"redmine\"\nurl = \"{}\"\nproject = \"acme\"\nkey_env = \"PL_TEST_TOKEN\"\nsnapshot = \"snapshot/redmine.json\"\n", f.base),
    )
    .unwrap();
    let b = run(dir.path(), &["build", "--now", common::NOW, "--strict"]);
    assert!(
        b.status.success(),
        "{}{}",
        String::from_utf8_lossy(&b.stdout),
        String::from_utf8_lossy(&b.stderr)
    );
    let public = dir.path().join("public");
    let page =
        std::fs::read_to_string(public.join("docs/wiki/wiki/getting-started/index.html")).unwrap();
    assert!(
        page.contains("id=\"first-steps\""),
        "Textile heading got an id"
    );
    assert!(
        page.contains("$ acme --login\n\n[[Wiki]] stays text here"),
        "the pre block survives its blank line"
    );
    assert!(page.contains("href=\"../../wiki/#contents\""), "{page}");
    assert!(assert_wiki_links_resolve(&public) >= 4);
    assert!(std::fs::read_to_string(public.join("tickets/1/index.html"))
        .unwrap()
        .contains("Public recorded note"));

    // The wiki module switched off: "no wiki", and the pulled folder leaves with it.
    f.route(
        "/projects/acme/wiki/index.json",
        vec![(404, vec![], "".into())],
    );
    let o = run(
        dir.path(),
        &[
            "pull",
            "redmine",
            "--url",
            &f.base,
            "--project",
            "acme",
            "--key-env",
            "PL_TEST_TOKEN",
            "--out",
            "snapshot/redmine.json",
        ],
    );
    let stdout = common::ok_stdout(&o);
    assert!(
        stdout.contains("no wiki (HTTP 404); removed snapshot/wiki"),
        "{stdout}"
    );
    assert!(!wiki.exists());

    // A --wiki folder pull did not write is never replaced.
    let mine = dir.path().join("content");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("mine.md"), "+++\ntitle = \"Mine\"\n+++\n").unwrap();
    fake_redmine(&f);
    let o = run(
        dir.path(),
        &[
            "pull",
            "redmine",
            "--url",
            &f.base,
            "--project",
            "acme",
            "--key-env",
            "PL_TEST_TOKEN",
            "--out",
            "snapshot/redmine.json",
            "--wiki",
            "content",
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("holds files `porchlight pull` did not write"),
        "{stderr}"
    );
    assert!(mine.join("mine.md").is_file());
}

/// Names and contents of every file below `dir`.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn build_pull_pulls_then_builds_and_a_failed_pull_keeps_the_site() {
    let f = Fake::start();
    fake_redmine(&f);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("porchlight.toml"),
        "title = \"No pull table\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["build", "--pull"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("build --pull needs a [pull] table"),
        "{stderr}"
    );

    std::fs::create_dir(dir.path().join("snapshot")).unwrap();
    std::fs::write(
        dir.path().join("porchlight.toml"),
        format!("title = \"Pull build\"\n[pull]\ntracker = \"redmine\"\nurl = \"{}\"\nproject = \"acme\"\nkey_env = \"PL_TEST_TOKEN\"\nsnapshot = \"snapshot/redmine.json\"\n", f.base),
    )
    .unwrap();
    let o = run(dir.path(), &["build", "--pull", "--now", common::NOW]);
    let stdout = common::ok_stdout(&o);
    assert!(
        stdout.contains("Pulled 1 issues into") && stdout.contains("3 wiki pages"),
        "{stdout}"
    );
    let public = dir.path().join("public");
    assert!(std::fs::read_to_string(public.join("tickets/1/index.html"))
        .unwrap()
        .contains("Recorded public issue"));
    assert!(public
        .join("docs/wiki/wiki/getting-started/install/index.html")
        .is_file());
    let raw = std::fs::read_to_string(dir.path().join("snapshot/redmine.json")).unwrap();
    assert!(
        !raw.contains("SECRET"),
        "internal fields stay out of the snapshot"
    );
    let site_before = tree(&public);
    let snapshot_before = tree(&dir.path().join("snapshot"));

    // The key is refused now: the build fails, site and snapshot stay exactly as they were.
    f.route("/users/current.json", vec![(401, vec![], "".into())]);
    let o = run(dir.path(), &["build", "--pull", "--now", common::NOW]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the site was not rebuilt") && stderr.contains("HTTP 401"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"));
    assert!(
        tree(&public) == site_before,
        "the previous site was changed by a failed build --pull"
    );
    assert!(
        tree(&dir.path().join("snapshot")) == snapshot_before,
        "the snapshot was changed by a failed pull"
    );
}

/// Redmine lists a subproject's issues under its parent, and an admin key sees non-public
/// subprojects too (a leak found on a real Redmine 5: an internal subproject's issue, not
/// flagged private, was published). Only the named project and the public subprojects named
/// with --subproject reach the snapshot; the rest are counted as left out.
#[test]
fn pull_redmine_keeps_only_the_named_project_and_named_public_subprojects() {
    let f = Fake::start();
    fake_redmine(&f);
    let issue = |id: u64, project: (u64, &str), subject: &str| {
        json!({
            "id": id, "project": {"id": project.0, "name": project.1}, "tracker": {"id": 1, "name": "Bug"},
            "status": {"id": 1, "name": "New", "is_closed": false}, "priority": {"id": 2, "name": "Normal"},
            "author": {"id": 3, "name": "Carol Customer"}, "subject": subject,
            "description": "Text.", "is_private": false, "done_ratio": 0,
            "created_on": "2026-01-01T00:00:00Z", "updated_on": "2026-01-02T00:00:00Z"
        })
    };
    let issues = [
        issue(1, (1, "ACME"), "Recorded public issue"),
        issue(2, (7, "ACME Internal"), "Zebrafish internal refactor"),
        issue(3, (8, "ACME Docs"), "Docs typo in the export guide"),
    ];
    f.route(
        "/issues.json?project_id=acme&status_id=*&sort=id&limit=100&offset=0",
        vec![ok(
            json!({"issues": issues, "total_count": 3, "offset": 0, "limit": 100}).to_string(),
        )],
    );
    for i in &issues {
        let mut full = i.clone();
        full["journals"] = json!([]);
        f.route(
            &format!("/issues/{}.json?include=journals", i["id"]),
            vec![ok(json!({"issue": full}).to_string())],
        );
    }
    f.route(
        "/projects/internal.json",
        vec![ok(json!({"project": {"id": 7, "identifier": "internal", "name": "ACME Internal", "is_public": false, "parent": {"id": 1, "name": "ACME"}}}).to_string())],
    );
    f.route(
        "/projects/docs.json",
        vec![ok(json!({"project": {"id": 8, "identifier": "docs", "name": "ACME Docs", "is_public": true, "parent": {"id": 1, "name": "ACME"}}}).to_string())],
    );
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snapshot.json");
    let pull = |extra: &[&str]| {
        let mut args = vec!["--no-wiki", "--full"];
        args.extend_from_slice(extra);
        run_pull_with("redmine", &f.base, "acme", &snap, &args)
    };
    let o = pull(&[]);
    let stdout = common::ok_stdout(&o);
    assert!(
        stdout.contains("left out: 2 issues of other or non-public subprojects (as private)"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(text.contains("Recorded public issue"));
    assert!(
        !text.contains("Zebrafish") && !text.contains("Docs typo"),
        "{text}"
    );

    // A public subproject named with --subproject comes along; the internal one never does.
    let o = pull(&["--subproject", "docs"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(
        text.contains("Docs typo") && !text.contains("Zebrafish"),
        "{text}"
    );
    let corpus = porchlight::sources::read_export(&snap, None).unwrap();
    assert_eq!(corpus.tickets.len(), 2);

    let o = pull(&["--subproject", "internal"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("subproject \"internal\" is not public in Redmine"),
        "{stderr}"
    );
}

/// GitHub answers a primary rate limit with 403 and `x-ratelimit-remaining: 0` plus
/// `x-ratelimit-reset`, a secondary one with 403 (or 429) and `Retry-After`. Both are waited
/// out, saying so on stderr; a reset beyond --rate-limit-wait fails with GitHub's own message
/// and the reset time; a plain 403 is still a permission error.
#[test]
fn pull_github_waits_out_rate_limits_and_keeps_permission_errors() {
    let f = Fake::start();
    let list = "/repos/o/r/issues?state=all&per_page=100";
    let issue = json!([{"number": 1, "title": "Export fails", "body": "It fails.", "state": "open",
        "user": {"login": "anna"}, "labels": [], "comments": 0, "created_at": "2023-01-01T00:00:00Z",
        "updated_at": "2023-01-01T00:00:00Z", "closed_at": null}]);
    let soon = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs())
    .to_string();
    let primary_body = r#"{"message": "API rate limit exceeded for 127.0.0.1.", "documentation_url": "https://docs.github.com/rest"}"#;
    f.route(
        list,
        vec![
            (
                403,
                vec![
                    ("x-ratelimit-remaining".into(), "0".into()),
                    ("x-ratelimit-reset".into(), soon),
                ],
                primary_body.into(),
            ),
            (
                403,
                vec![("Retry-After".into(), "1".into())],
                r#"{"message": "You have exceeded a secondary rate limit."}"#.into(),
            ),
            ok(issue.to_string()),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gh.json");
    let o = run_pull("github", &f.base, "o/r", &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("pull: rate limited by http://127.0.0.1:")
            && stderr.contains("(HTTP 403); waiting 1 s, until 20"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("pull: rate limited").count(), 2, "{stderr}");

    // A reset an hour away, beyond a 5 s cap: GitHub's message and the reset time.
    let later = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600)
        .to_string();
    let f = Fake::start();
    f.route(
        list,
        vec![(
            403,
            vec![
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-reset".into(), later),
            ],
            primary_body.into(),
        )],
    );
    let o = run_pull_with(
        "github",
        &f.base,
        "o/r",
        &dir.path().join("late.json"),
        &["--rate-limit-wait", "5"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("rate limited by the server (API rate limit exceeded for 127.0.0.1.); the limit resets at 20")
            && stderr.contains("later than --rate-limit-wait allows (5 s)"),
        "{stderr}"
    );
    assert!(!stderr.contains("may not read this"), "{stderr}");

    // A 403 without rate-limit headers is a permission error, as before.
    let f = Fake::start();
    f.route(
        list,
        vec![(
            403,
            vec![("x-ratelimit-remaining".into(), "4999".into())],
            r#"{"message": "Resource not accessible by integration"}"#.into(),
        )],
    );
    let o = run_pull("github", &f.base, "o/r", &dir.path().join("denied.json"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("HTTP 403 Forbidden: the key in $PL_TEST_TOKEN may not read this"),
        "{stderr}"
    );
}
