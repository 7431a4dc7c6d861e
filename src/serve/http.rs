//! The preview server: GET and HEAD of the built site on 127.0.0.1, plus the live-reload
//! script and its server-sent-event stream under `/__porchlight/`.
//!
//! Written on std::net by hand rather than with an HTTP crate: it only answers GET/HEAD from
//! the local browser, one request per connection (`Connection: close`), and the event stream
//! is simplest as a long-lived write on a raw socket. That is ~300 lines with no new
//! dependency and no async runtime. It is a preview server, not a production web server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// Path of the reload script; an external file because the pages' CSP (`script-src 'self'`)
/// forbids inline scripts.
pub const RELOAD_JS: &str = "/__porchlight/reload.js";
/// Path of the server-sent-event stream.
pub const EVENTS: &str = "/__porchlight/events";

const MAX_HEAD: usize = 16 * 1024;
const MAX_CONNECTIONS: usize = 256;
const IO_TIMEOUT: Duration = Duration::from_secs(10);
const PING_EVERY: Duration = Duration::from_secs(15);

const RELOAD_SCRIPT: &str = r#"// Added by `porchlight serve` only: reloads this page after each rebuild.
(function () {
  var g = "";
  var s = document.currentScript;
  var m = s && /[?&]g=(\d+)/.exec(s.src);
  if (m) { g = m[1]; }
  var es = new EventSource("/__porchlight/events" + (g ? "?g=" + g : ""));
  es.addEventListener("reload", function () { es.close(); location.reload(); });
})();
"#;

/// What the server shows: the build folder, or the last build's error.
struct Status {
    error: Option<String>,
}

/// Shared between the build loop and the request threads.
pub struct State {
    site: PathBuf,
    /// Held for writing during a rebuild, so requests wait instead of seeing a half-swapped
    /// folder.
    status: RwLock<Status>,
    /// Build counter; event streams wait on `changed` for it to move.
    generation: Mutex<u64>,
    changed: Condvar,
    connections: AtomicUsize,
}

impl State {
    pub fn new(site: PathBuf) -> State {
        State {
            site,
            status: RwLock::new(Status { error: None }),
            generation: Mutex::new(0),
            changed: Condvar::new(),
            connections: AtomicUsize::new(0),
        }
    }

    /// Runs `build` (which returns the error text of a failed build) while requests wait,
    /// then tells every open page to reload, also after a failure (it then shows the error).
    pub fn rebuild(&self, build: impl FnOnce() -> Option<String>) {
        let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
        status.error = build();
        drop(status);
        let mut g = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        *g += 1;
        drop(g);
        self.changed.notify_all();
    }

    fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Accepts connections forever, one thread each.
pub fn run(listener: TcpListener, state: Arc<State>) {
    for conn in listener.incoming() {
        let Ok(stream) = conn else { continue };
        if state.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            state.connections.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            let _ = respond(
                &mut stream,
                false,
                503,
                "text/plain; charset=utf-8",
                &[],
                b"too many connections\n",
            );
            continue;
        }
        let st = Arc::clone(&state);
        let spawned = std::thread::Builder::new()
            .name("http-conn".into())
            .spawn(move || {
                let _ = handle(stream, &st);
                st.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            state.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

struct Request {
    head_only: bool,
    path: String,
    query: String,
}

/// Reads and parses the request head. `Err` carries the status to answer with.
fn read_request(stream: &mut TcpStream) -> Result<Request, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && !buf.windows(2).any(|w| w == b"\n\n") {
        if buf.len() > MAX_HEAD {
            return Err(431);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(0),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let line = head.lines().next().unwrap_or("");
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(400);
    };
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(405),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.split('#').next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(400);
    }
    let path = percent_decode(path).ok_or(400u16)?;
    Ok(Request {
        head_only,
        path,
        query: query.to_string(),
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A URL path as a relative file path in the site, or `None` if it could leave the folder.
pub fn site_path(url_path: &str) -> Option<String> {
    if url_path.contains(['\\', '\0']) {
        return None;
    }
    let mut segs = Vec::new();
    for seg in url_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => segs.push(s),
        }
    }
    let mut rel = segs.join("/");
    if url_path.ends_with('/') || rel.is_empty() {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Some(rel)
}

/// Content type by file extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script tag before the last `</body>` (or at the end).
pub fn inject_reload(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{RELOAD_JS}?g={generation}\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page shown for every HTML request while the last build failed.
pub fn error_page(error: &str, generation: u64) -> Vec<u8> {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · Porchlight</title>\
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}\
pre{{background:#fff4f4;border:1px solid #d33;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere}}</style>\
</head><body><h1>The site did not build</h1>\
<p>Porchlight keeps running. Fix the problem and save; this page reloads by itself.</p>\
<pre>{}</pre></body></html>\n",
        escape_html(error)
    );
    inject_reload(html.as_bytes(), generation)
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn respond(
    stream: &mut TcpStream,
    head_only: bool,
    code: u16,
    ctype: &str,
    extra: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reason(code),
        body.len()
    );
    if code == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Whether a request probably wants a page (and so gets the error page after a failed build).
fn wants_html(rel: &str) -> bool {
    let last = rel.rsplit('/').next().unwrap_or(rel);
    last.ends_with(".html") || last.ends_with(".htm") || !last.contains('.')
}

fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let req = match read_request(&mut stream) {
        Ok(r) => r,
        Err(0) => return Ok(()),
        Err(code) => {
            let msg = format!("{code} {}\n", reason(code));
            return respond(
                &mut stream,
                false,
                code,
                "text/plain; charset=utf-8",
                &[],
                msg.as_bytes(),
            );
        }
    };
    let h = req.head_only;
    if req.path == RELOAD_JS {
        return respond(
            &mut stream,
            h,
            200,
            "text/javascript; charset=utf-8",
            &[],
            RELOAD_SCRIPT.as_bytes(),
        );
    }
    if req.path == EVENTS {
        let since = req
            .query
            .split('&')
            .find_map(|kv| kv.strip_prefix("g="))
            .and_then(|g| g.parse::<u64>().ok());
        return events(stream, state, since, h);
    }
    let Some(rel) = site_path(&req.path) else {
        return respond(
            &mut stream,
            h,
            400,
            "text/plain; charset=utf-8",
            &[],
            b"400 Bad Request: the path may not contain '..'\n",
        );
    };
    // Waits while a rebuild runs.
    let status = state.status.read().unwrap_or_else(|e| e.into_inner());
    let generation = state.generation();
    if let Some(err) = &status.error {
        if wants_html(&rel) {
            let body = error_page(err, generation);
            return respond(&mut stream, h, 500, "text/html; charset=utf-8", &[], &body);
        }
    }
    let file = state.site.join(&rel);
    if file.is_dir() {
        let to = format!("{}/", req.path.trim_end_matches('/'));
        return respond(
            &mut stream,
            h,
            301,
            "text/plain; charset=utf-8",
            &[("Location", to)],
            b"",
        );
    }
    match read_file(&file) {
        Some(bytes) => {
            let ctype = content_type(&rel);
            let body = if ctype.starts_with("text/html") {
                inject_reload(&bytes, generation)
            } else {
                bytes
            };
            respond(&mut stream, h, 200, ctype, &[], &body)
        }
        None => match read_file(&state.site.join("404.html")) {
            Some(page) => respond(
                &mut stream,
                h,
                404,
                "text/html; charset=utf-8",
                &[],
                &inject_reload(&page, generation),
            ),
            None => respond(
                &mut stream,
                h,
                404,
                "text/plain; charset=utf-8",
                &[],
                b"404 Not Found\n",
            ),
        },
    }
}

fn read_file(p: &Path) -> Option<Vec<u8>> {
    if !p.is_file() {
        return None;
    }
    std::fs::read(p).ok()
}

/// The event stream: one `reload` event after every build after `since` (the build the page
/// was served from; without it, the build current when the stream opened).
fn events(
    mut stream: TcpStream,
    state: &State,
    since: Option<u64>,
    head_only: bool,
) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    if head_only {
        return stream.flush();
    }
    stream.write_all(b"retry: 1000\n\n")?;
    stream.flush()?;
    let mut seen = since.unwrap_or_else(|| state.generation());
    loop {
        let g = {
            let guard = state.generation.lock().unwrap_or_else(|e| e.into_inner());
            let (guard, _) = state
                .changed
                .wait_timeout_while(guard, PING_EVERY, |g| *g == seen)
                .unwrap_or_else(|e| e.into_inner());
            *guard
        };
        if g != seen {
            seen = g;
            stream.write_all(format!("event: reload\ndata: {g}\n\n").as_bytes())?;
        } else {
            // Keeps the connection alive and finds closed pages (the write fails).
            stream.write_all(b": ping\n\n")?;
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_map_to_files_and_dot_dot_is_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/docs/").as_deref(), Some("docs/index.html"));
        assert_eq!(
            site_path("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            site_path("//docs/./x/").as_deref(),
            Some("docs/x/index.html")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/docs/../../x"), None);
        assert_eq!(site_path("/a\\b"), None);
        assert_eq!(percent_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(site_path(&percent_decode("/%2e%2e/x").unwrap()), None);
        assert_eq!(percent_decode("/%zz"), None);
    }

    #[test]
    fn reload_tag_goes_before_the_last_body_end() {
        let out =
            String::from_utf8(inject_reload(b"<html><body><p>x</p></BODY></html>", 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__porchlight/reload.js?g=7\" defer></script></BODY></html>"
        );
        let out = String::from_utf8(inject_reload(b"<p>no body</p>", 1)).unwrap();
        assert!(out.ends_with("defer></script>"), "{out}");
    }

    #[test]
    fn content_types_and_error_page() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("static/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(
            content_type("search/x.pf_index"),
            "application/octet-stream"
        );
        let page = String::from_utf8(error_page("error: bad <toml>\n  Reason: line 3", 2)).unwrap();
        assert!(page.contains("bad &lt;toml&gt;"));
        assert!(page.contains("Reason: line 3"));
        assert!(page.contains(RELOAD_JS));
    }
}
