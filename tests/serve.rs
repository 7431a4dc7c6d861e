//! `porchlight serve` and `porchlight watch` end to end: the real binary on a copy of the
//! default site, on 127.0.0.1 with a free port. Every wait is bounded; the child is killed when
//! the test ends, also on failure.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{bin, snapshot, SiteTest, NOW};

const WAIT: Duration = Duration::from_secs(20);
const DOC: &str = "content/docs/billing/refunds.md";
const DOC_URL: &str = "/docs/billing/refunds/";
const RELOAD_TAG: &str = "<script src=\"/__porchlight/reload.js";

/// The running server; killed on drop.
struct Server {
    child: Child,
    addr: String,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(bin())
            .args(["serve", "--port", "0", "--now", NOW])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting porchlight serve");
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stdout: rx,
            stderr,
        };
        let first = server.stdout.recv_timeout(WAIT).unwrap_or_else(|e| {
            panic!(
                "no first line from serve ({e}); stderr:\n{}",
                server.stderr()
            )
        });
        let url = first
            .strip_prefix("Serving http://")
            .and_then(|u| u.strip_suffix('/'))
            .unwrap_or_else(|| panic!("first line is not the URL: {first:?}"));
        assert!(url.starts_with("127.0.0.1:"), "{url}");
        server.addr = url.to_string();
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// GET `path`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connecting");
        s.set_read_timeout(Some(WAIT)).unwrap();
        s.set_write_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("reading the response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("bad response head: {head:?}"));
        (status, body.to_string())
    }

    /// Polls GET `path` until `ok` holds, or fails after [`WAIT`] with the last response.
    fn wait_for_page(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "timed out waiting for {what} at {path}; last status {status}, body:\n{body}\nserver stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn events(&self) -> EventStream {
        let mut s = TcpStream::connect(&self.addr).expect("connecting");
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            s,
            "GET /__porchlight/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut es = EventStream {
            stream: s,
            seen: String::new(),
        };
        es.wait_for("retry:", 1);
        assert!(es.seen.contains("text/event-stream"), "{}", es.seen);
        es
    }
}

/// An open server-sent-event stream.
struct EventStream {
    stream: TcpStream,
    seen: String,
}

impl EventStream {
    /// Reads until `needle` occurs `count` times in everything read so far.
    fn wait_for(&mut self, needle: &str, count: usize) {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while self.seen.matches(needle).count() < count {
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {needle:?} #{count} on the event stream; got:\n{}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; got:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading the event stream: {e}"),
            }
        }
    }
}

#[test]
fn serve_reloads_after_a_doc_change_shows_config_errors_and_recovers() {
    let site = SiteTest::default_site();
    // The reload script exists only in served responses, never in a normal build.
    site.build(&[]).ok();
    for (name, bytes) in snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__porchlight"),
            "build output {name} mentions the serve script"
        );
    }

    let server = Server::start(site.path());
    let (status, page) = server.get(DOC_URL);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Refunds and credit notes"), "{page}");
    assert!(
        page.contains(RELOAD_TAG),
        "no reload script in the served page:\n{page}"
    );
    let (status, js) = server.get("/__porchlight/reload.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource(\"/__porchlight/events"), "{js}");
    // The private build folder is not public/.
    assert!(site
        .path()
        .join(".porchlight-serve/site")
        .join("docs/billing/refunds/index.html")
        .is_file());

    let mut events = server.events();

    // A doc change: a reload event, then the new text in the page.
    let doc = site.path().join(DOC);
    let original = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        format!("{original}\nServe test marker: kumquat season.\n"),
    )
    .unwrap();
    events.wait_for("event: reload", 1);
    let (status, page) = server.get(DOC_URL);
    assert_eq!(status, 200);
    assert!(
        page.contains("kumquat season"),
        "served page did not change:\n{page}"
    );

    // A broken config: the error in the page (with its details) and in the terminal, a reload.
    let config = site.path().join("porchlight.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, "title = \"Broken\n[sources\n").unwrap();
    events.wait_for("event: reload", 2);
    let page = server.wait_for_page(DOC_URL, "the error page", |s, b| {
        s == 500 && b.contains("did not build")
    });
    assert!(
        page.contains("porchlight.toml"),
        "error page does not name the file:\n{page}"
    );
    assert!(
        page.contains("line 1"),
        "error page lacks the parser's details:\n{page}"
    );
    assert!(
        page.contains(RELOAD_TAG),
        "error page cannot reload:\n{page}"
    );
    let start = Instant::now();
    while !server.stderr().contains("error:") {
        assert!(start.elapsed() < WAIT, "no error in the terminal");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Non-page files are still served from the last good build.
    assert_eq!(server.get("/static/style.css").0, 200);

    // Fixed: back to the page, with the doc change.
    std::fs::write(&config, good).unwrap();
    events.wait_for("event: reload", 3);
    let page = server.wait_for_page(DOC_URL, "recovery", |s, b| {
        s == 200 && b.contains("kumquat season")
    });
    assert!(page.contains(RELOAD_TAG));
}

#[test]
fn serve_refuses_dot_dot_and_answers_missing_pages_with_the_404_page() {
    let site = SiteTest::default_site();
    let server = Server::start(site.path());
    let (status, _) = server.get("/docs/../../porchlight.toml");
    assert_eq!(status, 400);
    let (status, _) = server.get("/%2e%2e/porchlight.toml");
    assert_eq!(status, 400);
    let (status, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains(RELOAD_TAG), "{body}");
    let (status, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__porchlight"));
    let (status, _) = server.get("/docs");
    assert_eq!(status, 301);
}

#[test]
fn watch_rebuilds_the_output_folder_after_a_change() {
    let site = SiteTest::default_site();
    let child = Command::new(bin())
        .args(["watch", "--now", NOW])
        .current_dir(site.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting porchlight watch");
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Kill(child);
    let out = child.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + WAIT;
    let wait_line = |prefix: &str| loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) if l.starts_with(prefix) => return,
            Ok(_) => {}
            Err(e) => panic!("no line starting with {prefix:?} from watch: {e}"),
        }
    };
    wait_line("Watching");
    let page = site.out().join("docs/billing/refunds/index.html");
    assert!(page.is_file());
    let doc = site.path().join(DOC);
    let original = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        format!("{original}\nWatch test marker: quince jelly.\n"),
    )
    .unwrap();
    wait_line("Change in");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("quince jelly"));
    assert!(!html.contains("__porchlight"));
}
