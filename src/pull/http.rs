//! The one HTTP client every `pull` uses: blocking reqwest with timeouts, retries with backoff
//! on 429 and 5xx (honouring `Retry-After`), waits out rate limits (GitHub answers a primary
//! limit with 403 and `x-ratelimit-remaining: 0`, a secondary one with 403 or 429 and
//! `Retry-After`; neither is a permission error), and errors that say what went wrong in words a
//! support engineer can act on (refused key, missing project, TLS, not JSON, truncated answer).
//!
//! The API key travels only in a header marked sensitive: it is never part of a URL, so it
//! never appears in an error message or a log line.

use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{StatusCode, Url};

/// A failed request, named by the URL (which never holds the key).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{url} is not a usable URL: {why}")]
    BadUrl { url: String, why: String },
    #[error("the key in ${env} was refused by {url} (HTTP {status})")]
    Unauthorized {
        env: String,
        url: String,
        status: u16,
    },
    #[error("{url}: HTTP 403 Forbidden: the key in ${env} may not read this (check the user's role in the project)")]
    Forbidden { env: String, url: String },
    #[error("{url}: rate limited by the server ({message}); the limit resets at {reset}, later than --rate-limit-wait allows ({cap_secs} s). Pull again after the reset, or raise --rate-limit-wait")]
    RateLimited {
        url: String,
        /// The server's own words (GitHub's "message"), or the status line.
        message: String,
        /// When the limit resets, as RFC 3339 UTC.
        reset: String,
        cap_secs: u64,
    },
    #[error("{url}: HTTP 404 Not Found ({what})")]
    NotFound { url: String, what: String },
    #[error("{url}: HTTP {status} after {attempts} attempts{}", snippet(.body))]
    Status {
        url: String,
        status: u16,
        attempts: u32,
        body: String,
    },
    #[error("{url}: TLS handshake failed ({why}); check the certificate or use the right scheme")]
    Tls { url: String, why: String },
    #[error("{url}: cannot connect ({why})")]
    Connect { url: String, why: String },
    #[error("{url}: no answer within {secs} s (after {attempts} attempts)")]
    Timeout {
        url: String,
        secs: u64,
        attempts: u32,
    },
    #[error("{url}: the answer is not JSON (Content-Type {content_type:?}){}", snippet(.body))]
    NotJson {
        url: String,
        content_type: String,
        body: String,
    },
    #[error("{url}: the answer was cut off ({why}); try again")]
    Truncated { url: String, why: String },
    #[error("{url}: {why}")]
    Other { url: String, why: String },
}

fn snippet(body: &str) -> String {
    let t: String = body.trim().chars().take(200).collect();
    if t.is_empty() {
        String::new()
    } else {
        format!(": {t}")
    }
}

/// How hard to try.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// First backoff; doubled on every retry.
    pub backoff: Duration,
    /// A `Retry-After` longer than this is cut down to it (a misconfigured server must not
    /// stall CI for an hour).
    pub max_wait: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The longest wait for a rate limit to reset (GitHub's primary limit resets within the
    /// hour); a later reset fails the pull with the server's message and the reset time.
    pub rate_limit_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
            timeout: Duration::from_secs(60),
            rate_limit_cap: Duration::from_secs(15 * 60),
        }
    }
}

/// A JSON answer and the headers paging needs.
pub struct JsonPage {
    pub body: serde_json::Value,
    /// The `rel="next"` target of a `Link` header (GitHub paging).
    pub next: Option<String>,
    /// The `X-Next-Page` header (GitLab's offset paging; empty on the last page).
    pub next_page: Option<String>,
}

/// A client bound to one tracker: base URL, auth header, retry policy.
pub struct Api {
    client: Client,
    base: Url,
    /// The environment variable the key came from, for error messages (never the key).
    key_env: String,
    policy: RetryPolicy,
    /// Requests sent, retries included (for the summary).
    requests: std::sync::atomic::AtomicUsize,
}

impl Api {
    /// `auth` is the header carrying the key; it is marked sensitive so reqwest never prints it.
    pub fn new(
        base: &str,
        auth: Option<(&'static str, String)>,
        key_env: &str,
        policy: RetryPolicy,
    ) -> Result<Api, HttpError> {
        let bad = |why: &str| HttpError::BadUrl {
            url: base.to_string(),
            why: why.to_string(),
        };
        let mut base_url = Url::parse(base.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(bad("expected an http:// or https:// URL"));
        }
        if base_url.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host name"));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            // Credentials in the URL would end up in error messages and logs.
            return Err(bad("do not put credentials in the URL; use --key-env"));
        }
        // Joining "issues.json" onto ".../redmine" would drop the last segment: end with '/'.
        if !base_url.path().ends_with('/') {
            let p = format!("{}/", base_url.path());
            base_url.set_path(&p);
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Some((name, value)) = auth {
            let mut v = HeaderValue::from_str(&value).map_err(|_| HttpError::Other {
                url: base.to_string(),
                why: format!("the key in ${key_env} holds characters not allowed in a header"),
            })?;
            v.set_sensitive(true);
            headers.insert(HeaderName::from_static(name), v);
        }
        let client = Client::builder()
            .default_headers(headers)
            .user_agent(concat!("porchlight/", env!("CARGO_PKG_VERSION")))
            .timeout(policy.timeout)
            .connect_timeout(Duration::from_secs(15))
            // A redirect to another host would carry our key there; trackers do not need it.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| HttpError::Other {
                url: base.to_string(),
                why: e.to_string(),
            })?;
        Ok(Api {
            client,
            base: base_url,
            key_env: key_env.to_string(),
            policy,
            requests: Default::default(),
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The base URL (with a trailing slash).
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The URL of `path` (relative, with its query) below the base.
    pub fn url(&self, path: &str) -> Result<Url, HttpError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| HttpError::BadUrl {
                url: format!("{}{}", self.base, path),
                why: e.to_string(),
            })
    }

    /// GETs `path` below the base URL and parses JSON. `what` names the thing for a 404.
    pub fn get_json(&self, path: &str, what: &str) -> Result<JsonPage, HttpError> {
        let url = self.url(path)?;
        self.get_json_url(url, what)
    }

    /// GETs `path` below the base URL as text (an HTML page); `what` names the thing for a 404.
    pub fn get_text(&self, path: &str, what: &str) -> Result<String, HttpError> {
        let url = self.url(path)?;
        let response = self.send(&url, what)?;
        response.text().map_err(|e| HttpError::Truncated {
            url: url.to_string(),
            why: chain(&e),
        })
    }

    /// GETs an absolute URL (a `Link: next` target). It must stay on the base URL's origin, so
    /// the key is never sent elsewhere.
    pub fn get_json_url(&self, url: Url, what: &str) -> Result<JsonPage, HttpError> {
        self.json_url(url, what, None)
    }

    /// POSTs `body` as JSON to `path` below the base URL and parses the JSON answer (Odoo's
    /// JSON-RPC, where every call is a POST), with the same retries and errors as a GET.
    pub fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        what: &str,
    ) -> Result<JsonPage, HttpError> {
        let url = self.url(path)?;
        self.json_url(url, what, Some(body))
    }

    fn json_url(
        &self,
        url: Url,
        what: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<JsonPage, HttpError> {
        if url.origin() != self.base.origin() {
            return Err(HttpError::Other {
                url: url.to_string(),
                why: format!(
                    "the server pointed to another host than {}; not following it with the key",
                    self.base
                ),
            });
        }
        let response = self.send_with(&url, what, body)?;
        let next = next_link(response.headers());
        let next_page = response
            .headers()
            .get("x-next-page")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = response.bytes().map_err(|e| HttpError::Truncated {
            url: url.to_string(),
            why: chain(&e),
        })?;
        let body: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) if e.is_eof() && !bytes.iter().all(u8::is_ascii_whitespace) => {
                return Err(HttpError::Truncated {
                    url: url.to_string(),
                    why: format!("the JSON ends early after {} bytes", bytes.len()),
                })
            }
            Err(_) => {
                return Err(HttpError::NotJson {
                    url: url.to_string(),
                    content_type,
                    body: String::from_utf8_lossy(&bytes[..bytes.len().min(400)]).into_owned(),
                })
            }
        };
        Ok(JsonPage {
            body,
            next,
            next_page,
        })
    }

    /// Sends with retries; returns a 2xx response or the error for the final status.
    fn send(&self, url: &Url, what: &str) -> Result<Response, HttpError> {
        self.send_with(url, what, None)
    }

    /// [`Api::send`], as a POST of `body` when one is given.
    fn send_with(
        &self,
        url: &Url,
        what: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, HttpError> {
        let mut attempt = 0;
        let mut rate_waits = 0;
        let mut backoff = self.policy.backoff;
        loop {
            attempt += 1;
            let last = attempt >= self.policy.attempts;
            let started = Instant::now();
            self.requests
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let request = match body {
                Some(b) => self.client.post(url.clone()).json(b),
                None => self.client.get(url.clone()),
            };
            match request.send() {
                Ok(r) if r.status().is_success() => return Ok(r),
                Ok(r) if rate_limit(&r).is_some() => {
                    let limit = rate_limit(&r).expect("checked above");
                    let wait = limit.wait_from(std::time::SystemTime::now());
                    // A rate limit is not a failed attempt; the waits have their own bound.
                    attempt -= 1;
                    rate_waits += 1;
                    if wait > self.policy.rate_limit_cap || rate_waits > MAX_RATE_LIMIT_WAITS {
                        let message = server_message(r, status_line(limit.status));
                        return Err(HttpError::RateLimited {
                            url: url.to_string(),
                            message,
                            reset: rfc3339_after(wait),
                            cap_secs: self.policy.rate_limit_cap.as_secs(),
                        });
                    }
                    eprintln!(
                        "pull: rate limited by {} (HTTP {}); waiting {} s, until {}",
                        self.base,
                        limit.status,
                        wait.as_secs(),
                        rfc3339_after(wait)
                    );
                    std::thread::sleep(wait);
                    continue;
                }
                Ok(r) => {
                    let status = r.status();
                    let retryable =
                        status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
                    if retryable && !last {
                        let wait = retry_after(r.headers())
                            .unwrap_or(backoff)
                            .min(self.policy.max_wait);
                        std::thread::sleep(wait);
                        backoff = backoff.saturating_mul(2);
                        continue;
                    }
                    return Err(self.status_error(url, status, attempt, what, r));
                }
                Err(e) => {
                    let why = chain(&e);
                    let lower = why.to_ascii_lowercase();
                    if lower.contains("certificate")
                        || lower.contains("tls")
                        || lower.contains("handshake")
                        || lower.contains("invalid peer")
                        || lower.contains("corrupt message")
                        || lower.contains("invalidcontenttype")
                    {
                        // A TLS failure does not heal by retrying.
                        return Err(HttpError::Tls {
                            url: url.to_string(),
                            why,
                        });
                    }
                    if !last {
                        std::thread::sleep(backoff.min(self.policy.max_wait));
                        backoff = backoff.saturating_mul(2);
                        continue;
                    }
                    if e.is_timeout() {
                        return Err(HttpError::Timeout {
                            url: url.to_string(),
                            secs: started
                                .elapsed()
                                .as_secs()
                                .max(self.policy.timeout.as_secs()),
                            attempts: attempt,
                        });
                    }
                    if e.is_connect() {
                        return Err(HttpError::Connect {
                            url: url.to_string(),
                            why,
                        });
                    }
                    return Err(HttpError::Other {
                        url: url.to_string(),
                        why,
                    });
                }
            }
        }
    }

    fn status_error(
        &self,
        url: &Url,
        status: StatusCode,
        attempts: u32,
        what: &str,
        r: Response,
    ) -> HttpError {
        let url_s = url.to_string();
        match status.as_u16() {
            401 => HttpError::Unauthorized {
                env: self.key_env.clone(),
                url: self.base.to_string(),
                status: 401,
            },
            403 => HttpError::Forbidden {
                env: self.key_env.clone(),
                url: url_s,
            },
            404 => HttpError::NotFound {
                url: url_s,
                what: what.to_string(),
            },
            code => {
                let body = r.text().unwrap_or_default();
                HttpError::Status {
                    url: url_s,
                    status: code,
                    attempts,
                    body: body.chars().take(400).collect(),
                }
            }
        }
    }
}

/// Rate-limit waits for one request before the pull gives up (a server that keeps answering
/// "wait" must not hold CI forever).
const MAX_RATE_LIMIT_WAITS: u32 = 8;

/// A rate-limit answer and what it says about when to try again.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RateLimit {
    status: u16,
    /// `Retry-After` (secondary limits).
    retry_after: Option<Duration>,
    /// `x-ratelimit-reset`, seconds since the epoch (primary limits).
    reset_at: Option<u64>,
}

impl RateLimit {
    /// How long to wait from `now`: `Retry-After`, else until the reset (plus a second, as the
    /// reset is whole seconds), else GitHub's advice for a secondary limit without a hint, one
    /// minute.
    fn wait_from(&self, now: std::time::SystemTime) -> Duration {
        if let Some(d) = self.retry_after {
            return d;
        }
        if let Some(reset) = self.reset_at {
            let now = now
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            return Duration::from_secs(reset.saturating_sub(now) + 1);
        }
        Duration::from_secs(60)
    }
}

/// Whether a 403 or 429 is a rate limit rather than a refusal: `x-ratelimit-remaining: 0`
/// (primary), or `Retry-After` (secondary). A 429 is always a limit. A 403 without these
/// headers is a permission error and keeps that message.
fn rate_limit(r: &Response) -> Option<RateLimit> {
    rate_limit_of(r.status().as_u16(), r.headers())
}

fn rate_limit_of(status: u16, h: &HeaderMap) -> Option<RateLimit> {
    if status != 403 && status != 429 {
        return None;
    }
    let header = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    // GitLab writes the IETF draft's `RateLimit-Remaining`/`RateLimit-Reset`.
    let exhausted = header("x-ratelimit-remaining").or(header("ratelimit-remaining")) == Some("0");
    let retry_after = retry_after(h);
    if status == 403 && !exhausted && retry_after.is_none() {
        return None;
    }
    Some(RateLimit {
        status,
        retry_after,
        reset_at: header("x-ratelimit-reset")
            .or(header("ratelimit-reset"))
            .and_then(|v| v.parse().ok()),
    })
}

fn status_line(status: u16) -> String {
    format!("HTTP {status}")
}

/// The `message` of a JSON error answer (GitHub's wording), or `fallback`.
fn server_message(r: Response, fallback: String) -> String {
    r.json::<serde_json::Value>()
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .filter(|m| !m.trim().is_empty())
        .unwrap_or(fallback)
}

/// The time `wait` from now, as RFC 3339 UTC (for messages).
fn rfc3339_after(wait: Duration) -> String {
    let at = chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `Retry-After` in seconds (the HTTP-date form is rare on APIs and read as "no hint").
fn retry_after(h: &HeaderMap) -> Option<Duration> {
    let v = h.get(RETRY_AFTER)?.to_str().ok()?.trim();
    v.parse::<u64>().ok().map(Duration::from_secs)
}

/// The `rel="next"` URL of an RFC 8288 `Link` header.
pub fn next_link(h: &HeaderMap) -> Option<String> {
    for value in h.get_all(reqwest::header::LINK) {
        let Ok(s) = value.to_str() else { continue };
        for part in s.split(',') {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim().replace(' ', "");
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next {
                let t = target.trim_start_matches('<').trim_end_matches('>');
                return Some(t.to_string());
            }
        }
    }
    None
}

/// An error and its causes on one line (reqwest's top message alone says little).
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::LINK,
            HeaderValue::from_static(
                "<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=5>; rel=\"last\"",
            ),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/x?page=2")
        );
        h.insert(
            reqwest::header::LINK,
            HeaderValue::from_static("<https://api.github.com/x?page=1>; rel=\"prev\""),
        );
        assert_eq!(next_link(&h), None);
    }

    #[test]
    fn rate_limits_are_told_from_refusals() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
            }
            h
        };
        let primary = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1700000100"),
        ]);
        let limit = rate_limit_of(403, &primary).expect("primary limit");
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(limit.wait_from(now), Duration::from_secs(101));
        let secondary = headers(&[("retry-after", "30")]);
        assert_eq!(
            rate_limit_of(403, &secondary).unwrap().wait_from(now),
            Duration::from_secs(30)
        );
        assert_eq!(
            rate_limit_of(429, &HeaderMap::new())
                .unwrap()
                .wait_from(now),
            Duration::from_secs(60)
        );
        // A refusal: remaining requests left, no Retry-After.
        let refused = headers(&[("x-ratelimit-remaining", "4999")]);
        assert_eq!(rate_limit_of(403, &refused), None);
        assert_eq!(rate_limit_of(403, &HeaderMap::new()), None);
        assert_eq!(rate_limit_of(500, &primary), None);
        // GitLab's headers.
        let gitlab = headers(&[
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "1700000010"),
        ]);
        assert_eq!(
            rate_limit_of(403, &gitlab).unwrap().wait_from(now),
            Duration::from_secs(11)
        );
    }

    #[test]
    fn bad_urls_are_refused() {
        for u in ["", "ftp://x", "not a url", "http://user:pw@host/"] {
            assert!(
                matches!(
                    Api::new(u, None, "K", RetryPolicy::default()),
                    Err(HttpError::BadUrl { .. })
                ),
                "{u}"
            );
        }
    }
}
