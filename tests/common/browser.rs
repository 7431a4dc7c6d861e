//! Real-browser helpers shared by the browser tests: a static file server on 127.0.0.1 (a
//! thread of the test; `/x/` → `/x/index.html`, GET/HEAD only, no `..`), a default-site build,
//! and a runner for the Node scenarios in `tests/browser/` (playwright-core driving Debian's
//! /usr/bin/chromium; no browser download). Failure screenshots go to `target/tmp/browser/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{bin, repo, NOW};

/// Builds the repository's default site into a temp folder; returns the folder and the site.
pub fn build_default_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let run = Command::new(bin())
        .args(["build", "--out"])
        .arg(&out)
        .args(["--now", NOW])
        .current_dir(repo())
        .output()
        .expect("run porchlight");
    assert!(
        run.status.success(),
        "porchlight build failed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

/// Serves `root` on an ephemeral port from a background thread; returns the base URL.
pub fn serve(root: PathBuf) -> String {
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
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// `%XX` escapes decoded; invalid ones kept as written.
pub fn percent_decode(s: &str) -> Vec<u8> {
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

/// Runs `tests/browser/<name>.mjs` against `url` with extra environment variables; panics with
/// the scenario's output on failure.
pub fn run_scenario(name: &str, url: &str, env: &[(&str, &str)]) {
    let browser_dir = repo().join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` first"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some(),
        "no Chromium: run `apt-get update && apt-get install -y chromium chromium-driver`"
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir.join(format!("{name}.mjs")))
        .arg(url)
        .env("SCREENSHOT_DIR", &shots)
        .current_dir(repo());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run node (is Node.js installed?)");
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

/// For the search page's status line: how many results `porchlight search` finds for `query`
/// in the site at `out` (run from `dir`), and how many of them match every word.
pub fn search_counts(dir: &Path, out: &Path, query: &str) -> (usize, usize) {
    let run = super::run_in(
        dir,
        &[
            "search",
            query,
            "--json",
            "--limit",
            "1000",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let all = rows.iter().filter(|r| r["matched"] == r["of"]).count();
    assert!(0 < all && all < rows.len(), "{all} of {}", rows.len());
    (rows.len(), all)
}
