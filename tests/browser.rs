//! Real-browser tests: build the default site with the real binary, serve it on 127.0.0.1 and
//! run the Node scenarios in `tests/browser/` against it with Debian's headless Chromium.
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium chromium-driver`) and
//! `npm ci --prefix tests/browser` (installs `playwright-core` only; no browser download).
//! Failure screenshots go to `target/tmp/browser/`.
//!
//! To add a scenario: write `tests/browser/<name>.mjs` using `harness.mjs`, then add a
//! `#[test] fn <name>() { run_scenario("<name>") }` below.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The default site, built once per test run, and the URL it is served at.
fn site() -> &'static (tempfile::TempDir, String) {
    static SITE: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("site");
        let run = Command::new(env!("CARGO_BIN_EXE_porchlight"))
            .args(["build", "--out"])
            .arg(&out)
            .args(["--now", "2026-11-23T12:00:00Z"])
            .current_dir(repo())
            .output()
            .expect("run porchlight");
        assert!(
            run.status.success(),
            "porchlight build failed\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        let url = serve(out);
        (dir, url)
    })
}

/// Serves `root` on an ephemeral port from a background thread; returns the base URL.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = respond(&root, stream);
            });
        }
    });
    format!("http://{addr}/")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// One request, HTTP/1.0 style (Connection: close): GET and HEAD of files, `/x/` → `/x/index.html`.
fn respond(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = String::from_utf8_lossy(&percent_decode(path)).into_owned();
    let mut file = root.to_path_buf();
    let mut ok = method == "GET" || method == "HEAD";
    for seg in decoded.split('/') {
        if seg == ".." || seg.contains('\\') {
            ok = false;
        } else if !seg.is_empty() && seg != "." {
            file.push(seg);
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            let loc = format!("{path}/");
            let head = format!("HTTP/1.1 301 Moved\r\nLocation: {loc}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return stream.write_all(head.as_bytes());
        }
        file.push("index.html");
    }
    let (status, body, ctype) = match std::fs::read(&file) {
        Ok(b) if ok => ("200 OK", b, content_type(&file)),
        _ => (
            "404 Not Found",
            b"not found".to_vec(),
            "text/plain; charset=utf-8",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Runs `tests/browser/<name>.mjs` against the served site; panics with its output on failure.
fn run_scenario(name: &str) {
    let browser_dir = repo().join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` first"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some(),
        "no Chromium: run `apt-get update && apt-get install -y chromium chromium-driver`"
    );
    let (_dir, url) = site();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let out = Command::new("node")
        .arg(browser_dir.join(format!("{name}.mjs")))
        .arg(url)
        .env("SCREENSHOT_DIR", &shots)
        .current_dir(repo())
        .output()
        .expect("run node (is Node.js installed?)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "browser scenario {name} failed against {url}:\n{text}"
    );
    print!("{text}");
}

#[test]
fn search() {
    run_scenario("search");
}

#[test]
fn static_server_maps_folders_and_refuses_escapes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/index.html"), "<p>hi</p>").unwrap();
    let url = serve(dir.path().to_path_buf());
    let get = |p: &str| {
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {p} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = String::new();
        std::io::Read::read_to_string(&mut s, &mut r).unwrap();
        r
    };
    let r = get("/a/");
    assert!(
        r.starts_with("HTTP/1.1 200") && r.contains("text/html") && r.ends_with("<p>hi</p>"),
        "{r}"
    );
    assert!(get("/a").starts_with("HTTP/1.1 301"));
    assert!(get("/../etc/passwd").starts_with("HTTP/1.1 404"));
    assert!(get("/%2e%2e/etc/passwd").starts_with("HTTP/1.1 404"));
}
