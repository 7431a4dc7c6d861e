//! `porchlight pull`: fetch a tracker's issues from its live API into a snapshot file that
//! `build` reads, so builds stay reproducible and offline.
//!
//! Snapshots are artefacts CI may keep or upload, so they are scrubbed at pull time: private
//! issues, private notes and internal fields (assignees, hours, custom fields, e-mails) never
//! reach the file. The privacy gate drops them again at build; this is the first of two locks.
//!
//! One module per tracker (`redmine`, `mantis`, `github`, `jira`) over one HTTP client (`http`) and
//! one scrubber (`scrub`, with each tracker's allow-list).

pub mod github;
pub mod gitlab;
pub mod http;
pub mod jira;
pub mod mantis;
pub mod odoo;
pub mod redmine;
mod scrub;
pub mod wiki;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub use http::{HttpError, RetryPolicy};

/// The trackers `pull` speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracker {
    Redmine,
    Mantis,
    Github,
    Gitlab,
    Odoo,
    Jira,
}

/// What to pull and where to.
#[derive(Debug, Clone)]
pub struct PullOptions {
    pub tracker: Tracker,
    /// Base URL of the tracker (Redmine root, Mantis root, GitHub API root).
    pub url: String,
    /// Redmine project id or identifier, Mantis project id, GitHub `owner/name`.
    pub project: String,
    /// Name of the environment variable holding the key (the key itself is never a flag).
    pub key_env: String,
    /// The snapshot file to write.
    pub out: PathBuf,
    /// Ignore an existing snapshot and fetch everything again.
    pub full: bool,
    /// Requests in flight for per-issue calls.
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// Print a progress line (only ever on a terminal).
    pub progress: bool,
    /// Redmine: the folder the wiki pages are written to as Markdown docs (`None`: no wiki
    /// pass). Default: `wiki/` beside the snapshot.
    pub wiki: Option<PathBuf>,
    /// Redmine: the server's text formatting (its "Text formatting" setting); `None`: found
    /// out from the wiki (see `redmine::find_formatting`), else Redmine's default, Textile.
    pub markup: Option<crate::model::Markup>,
    /// Redmine: public subprojects whose issues are published too (identifiers or ids).
    /// Issues of any other subproject are left out as private.
    pub subprojects: Vec<String>,
    /// Odoo: the environment variable holding the login the API key belongs to (`None`:
    /// `ODOO_USER`).
    pub user_env: Option<String>,
    /// Jira: API flavour, JQL, e-mail variable, public security levels.
    pub jira: jira::JiraPull,
}

impl PullOptions {
    /// Defaults for everything but what the user must say.
    pub fn new(tracker: Tracker, url: &str, project: &str, key_env: &str, out: &Path) -> Self {
        PullOptions {
            tracker,
            url: url.to_string(),
            project: project.to_string(),
            key_env: key_env.to_string(),
            out: out.to_path_buf(),
            full: false,
            concurrency: 4,
            retry: RetryPolicy::default(),
            progress: std::io::stderr().is_terminal(),
            wiki: (tracker == Tracker::Redmine).then(|| default_wiki_dir(out)),
            markup: None,
            subprojects: Vec::new(),
            user_env: None,
            jira: jira::JiraPull::default(),
        }
    }
}

/// `wiki/` beside the snapshot file.
pub fn default_wiki_dir(snapshot: &Path) -> PathBuf {
    match snapshot.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join("wiki"),
        _ => PathBuf::from("wiki"),
    }
}

/// What one pull did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct PullSummary {
    /// Issues in the snapshot now.
    pub issues: usize,
    /// Issues fetched in full (with notes) this time.
    pub fetched: usize,
    /// Issues the snapshot had that are gone now (deleted, turned private, moved).
    pub removed: usize,
    /// Private issues and notes left out.
    pub private_issues_dropped: usize,
    pub private_notes_dropped: usize,
    /// Whether an existing snapshot was updated rather than rebuilt.
    pub incremental: bool,
    pub requests: usize,
    pub elapsed: Duration,
    /// What the wiki pass did ("4 wiki pages into snapshot/wiki", "no wiki (HTTP 404)").
    pub wiki: Option<String>,
    /// Redmine: the text formatting recorded in the snapshot and how it was learned
    /// ("textile, as the wiki page Start renders").
    pub formatting: Option<String>,
    /// Items of the tracker's answers that are not issues, by reason ("pull requests").
    pub skipped: crate::model::Skipped,
}

impl PullSummary {
    /// One line for the terminal.
    pub fn line(&self, out: &Path) -> String {
        let wiki: String = [&self.formatting, &self.wiki]
            .into_iter()
            .flatten()
            .map(|w| format!("; {w}"))
            .collect();
        let skipped: String = self
            .skipped
            .iter()
            .map(|(why, n)| format!(", left out: {n} {why}"))
            .collect();
        format!(
            "Pulled {} issues into {} ({}; {} fetched with notes, {} removed, {} private issues and {} private notes left out{skipped}, {} requests, {:.1} s){}",
            self.issues,
            out.display(),
            if self.incremental { "incremental" } else { "full" },
            self.fetched,
            self.removed,
            self.private_issues_dropped,
            self.private_notes_dropped,
            self.requests,
            self.elapsed.as_secs_f64(),
            wiki
        )
    }
}

/// Runs one pull.
pub fn pull(opts: &PullOptions) -> Result<PullSummary> {
    let key = read_key(&opts.key_env)?;
    if let Some(parent) = opts.out.parent() {
        if !parent.as_os_str().is_empty() && !parent.is_dir() {
            bail!(
                "{}: the folder for the snapshot does not exist",
                parent.display()
            );
        }
    }
    let started = Instant::now();
    let mut summary = match opts.tracker {
        Tracker::Redmine => redmine::pull(opts, key)?,
        Tracker::Mantis => mantis::pull(opts, key)?,
        Tracker::Github => github::pull(opts, key)?,
        Tracker::Gitlab => gitlab::pull(opts, key)?,
        Tracker::Odoo => odoo::pull(opts, key)?,
        Tracker::Jira => jira::pull(opts, key)?,
    };
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// `build --pull`: the pull the config's `[pull]` table describes. An error here stops the
/// build before anything is read or written, so the previous site stays as it was.
pub fn pull_for_build(cfg: &crate::config::Config) -> Result<(PullSummary, PathBuf)> {
    let Some(p) = &cfg.pull else {
        bail!(
            "{}: build --pull needs a [pull] table (tracker, url, project, key_env, snapshot); see docs/guide/pulling.md",
            cfg.path.display()
        );
    };
    let tracker = match p.tracker.as_str() {
        "redmine" => Tracker::Redmine,
        "mantis" => Tracker::Mantis,
        "gitlab" => Tracker::Gitlab,
        "odoo" => Tracker::Odoo,
        "jira" => Tracker::Jira,
        _ => Tracker::Github,
    };
    let mut o = PullOptions::new(tracker, &p.url, &p.project, &p.key_env, &p.snapshot);
    o.wiki = p.wiki.clone();
    o.markup = cfg.redmine_markup_set.then_some(cfg.redmine_markup);
    o.subprojects = p.subprojects.clone();
    o.user_env = p.user_env.clone();
    o.jira = jira::JiraPull {
        api: p.jira_api,
        jql: p.jql.clone(),
        email_env: p.email_env.clone(),
        public_security_levels: cfg.privacy.public_security_levels.clone(),
    };
    let s = pull(&o)
        .with_context(|| format!("pull from {} failed; the site was not rebuilt", p.url))?;
    Ok((s, p.snapshot.clone()))
}

/// The key from the environment; an unset or empty variable is an error, never "anonymous".
fn read_key(var: &str) -> Result<String> {
    if var.is_empty() || var.contains('=') {
        bail!("--key-env must name an environment variable, such as REDMINE_API_KEY");
    }
    match std::env::var(var) {
        Ok(k) if !k.trim().is_empty() => Ok(k.trim().to_string()),
        Ok(_) => bail!("the environment variable {var} is empty; it must hold the API key"),
        Err(std::env::VarError::NotPresent) => {
            bail!("the environment variable {var} is not set; it must hold the API key")
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            bail!("the environment variable {var} is not valid UTF-8")
        }
    }
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, synced, then renamed,
/// so a reader (or a crash) never sees half a snapshot.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "snapshot".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Reads an existing snapshot for an incremental pull; `None` when there is none (or `--full`).
fn read_previous(opts: &PullOptions) -> Result<Option<serde_json::Value>> {
    if opts.full || !opts.out.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&opts.out)
        .with_context(|| format!("cannot read the previous snapshot {}", opts.out.display()))?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not a snapshot Porchlight can update (use --full to replace it)",
            opts.out.display()
        )
    })?;
    Ok(Some(v))
}

/// A progress line on stderr, rewritten in place; silent when not on a terminal (CI logs).
struct Progress {
    on: bool,
    what: &'static str,
    last: Mutex<Instant>,
}

impl Progress {
    fn new(on: bool, what: &'static str) -> Self {
        Progress {
            on,
            what,
            last: Mutex::new(Instant::now() - Duration::from_secs(1)),
        }
    }
    fn tick(&self, done: usize, total: Option<usize>) {
        if !self.on {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        // At most 10 redraws a second: a fast local server would otherwise flood the terminal.
        if last.elapsed() < Duration::from_millis(100) && total != Some(done) {
            return;
        }
        *last = Instant::now();
        match total {
            Some(t) => eprint!("\r{}: {done}/{t}   ", self.what),
            None => eprint!("\r{}: {done}   ", self.what),
        }
    }
    fn finish(&self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
}

/// Runs `f` on every item with at most `threads` in flight; the first error stops the rest.
/// Results come back in input order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    progress: &Progress,
    f: impl Fn(&T) -> Result<R, HttpError> + Sync,
) -> Result<Vec<R>, HttpError> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let first_error: Mutex<Option<HttpError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, 16).min(items.len().max(1)) {
            s.spawn(|| loop {
                if failed.load(Ordering::Relaxed) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { return };
                match f(item) {
                    Ok(r) => {
                        if let Ok(mut v) = results.lock() {
                            v[i] = Some(r);
                        }
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        progress.tick(n, Some(items.len()));
                    }
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        if let Ok(mut slot) = first_error.lock() {
                            slot.get_or_insert(e);
                        }
                        return;
                    }
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().ok().flatten() {
        return Err(e);
    }
    let v = results.into_inner().unwrap_or_default();
    Ok(v.into_iter().flatten().collect())
}
