//! Real-browser test of the feedback flow: builds the default site with the real binary, serves
//! it on 127.0.0.1 from a thread of this test, and runs `tests/browser/feedback.mjs` (which uses
//! the shared `harness.mjs`) in Debian's headless Chromium.
//!
//! Same approach as tests/browser.rs, whose helpers are private to its own test crate; this file
//! keeps a minimal copy of the static server so the feedback scenario runs on its own
//! (`cargo test --test feedback_browser`). Needs `/usr/bin/chromium` and
//! `npm ci --prefix tests/browser`. Failure screenshots go to `target/tmp/browser/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Serves `root` on an ephemeral port; `/x/` is `/x/index.html`. GET only, no `..`.
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
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    let mut ok = line.starts_with("GET ");
    for seg in path.split('/') {
        // Site paths here are plain ASCII; anything encoded or escaping is refused.
        if seg == ".." || seg.contains(['%', '\\']) {
            ok = false;
        } else if !seg.is_empty() && seg != "." {
            file.push(seg);
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let ctype = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if ok => ("200 OK", b),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

#[test]
fn feedback_flow_in_chromium() {
    let browser_dir = repo().join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` first"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some(),
        "no Chromium: run `apt-get update && apt-get install -y chromium chromium-driver`"
    );
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
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let o = Command::new("node")
        .arg(browser_dir.join("feedback.mjs"))
        .arg(&url)
        .env("SCREENSHOT_DIR", &shots)
        .current_dir(repo())
        .output()
        .expect("run node (is Node.js installed?)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success(),
        "feedback scenario failed against {url}:\n{text}"
    );
    print!("{text}");
}
