//! Preview loop: `porchlight serve` and `porchlight watch`.
//!
//! Both watch the config file, the configured ticket exports, the docs folder and `themes/`
//! next to the config with `notify`, wait for a burst of saves to settle (debounce), then run
//! the whole build again. `serve` builds into a private folder (`.porchlight-serve/site` next to
//! the config, never `public/`), serves it on 127.0.0.1 and tells open pages to reload through
//! server-sent events; the reload script is added to HTML responses by the server only, so it
//! never reaches `build` output. `watch` writes to the normal output folder and serves nothing.
//!
//! Rebuilds are incremental (`site::watch::Session`): a save of ticket files re-reads those
//! files and re-renders only the pages that show the changed tickets, plus the site-wide pages,
//! feeds, sitemap and search files; a change of the config or the theme, or any error, makes
//! the next rebuild a full one. Requests wait while a rebuild runs, so a page never sees a
//! half-updated site.

mod http;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::config::Config;
use crate::output::paths::absolute;
use crate::site::watch::Session;
use crate::site::{BuildOptions, Summary};

/// A burst of events closer together than this is one rebuild. Short, because it is part of
/// the time between a save and the written files: an editor's save (write, rename, chmod)
/// and a `git checkout` of many files both arrive in bursts well under it.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
/// A steady stream of events still rebuilds at least this often.
const MAX_DEBOUNCE: Duration = Duration::from_secs(2);

/// What a file-system change means for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Not an input: the output folder, the serve folder, editor swap and backup files, or
    /// any other file that happens to sit next to the config.
    Ignored,
    /// A ticket export or a file in the docs folder.
    Content,
    /// A file under `themes/`.
    Theme,
    /// The config file itself: sources and theme may have moved, so watches are renewed.
    Config,
}

impl ChangeKind {
    fn label(self) -> &'static str {
        match self {
            ChangeKind::Ignored => "ignored",
            ChangeKind::Content => "content",
            ChangeKind::Theme => "theme",
            ChangeKind::Config => "config",
        }
    }
}

/// The inputs of a site as absolute paths: what is watched and how changes are classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchPaths {
    /// The config file.
    pub config: PathBuf,
    /// The folder of the config file (the site root).
    pub root: PathBuf,
    /// Ticket export files.
    pub tickets: Vec<PathBuf>,
    /// Folders of ticket files (`tickets` entries that were folders when the config was read).
    pub ticket_dirs: Vec<PathBuf>,
    /// The docs folder, if configured.
    pub docs: Option<PathBuf>,
    /// The wiki folder `pull` writes (`[pull] wiki`), read as docs.
    pub wiki: Option<PathBuf>,
    /// `themes/` next to the config.
    pub themes: PathBuf,
    /// Folders whose changes never trigger a build (output folders and their temp siblings).
    pub ignored: Vec<PathBuf>,
}

impl WatchPaths {
    /// Watch paths from a loaded config. `out` is the folder the loop writes to.
    pub fn from_config(config_path: &Path, cfg: Option<&Config>, out: &Path) -> WatchPaths {
        let config = absolute(config_path);
        let root = config
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let out = absolute(out);
        let mut ignored = vec![
            out.clone(),
            root.join("public"),
            root.join(".porchlight-serve"),
        ];
        if let (Some(dir), Some(name)) = (out.parent(), out.file_name()) {
            let name = name.to_string_lossy();
            for tag in ["tmp", "old", "manifest.json", "manifest-new.json"] {
                ignored.push(dir.join(format!(".{name}.porchlight-{tag}")));
            }
        }
        let tickets: Vec<PathBuf> = cfg
            .map(|c| c.tickets.iter().map(|t| absolute(&root.join(t))).collect())
            .unwrap_or_default();
        WatchPaths {
            ticket_dirs: tickets.iter().filter(|t| t.is_dir()).cloned().collect(),
            tickets,
            docs: cfg
                .and_then(|c| c.docs.as_ref())
                .map(|d| absolute(&root.join(d))),
            wiki: cfg
                .and_then(|c| c.pull.as_ref())
                .and_then(|p| p.wiki.as_ref())
                .map(|w| absolute(&root.join(w))),
            themes: root.join("themes"),
            config,
            root,
            ignored,
        }
    }

    /// (path, recursive) pairs to register with the watcher. Single files are watched through
    /// their folder, because editors often save by writing a new file and renaming it over the
    /// old one, which ends a watch on the file itself.
    fn targets(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut t = BTreeSet::new();
        t.insert((self.root.clone(), false));
        for f in &self.tickets {
            if self.ticket_dirs.contains(f) {
                // A folder of ticket files (one per ticket).
                t.insert((f.clone(), true));
            } else if let Some(dir) = f.parent() {
                t.insert((dir.to_path_buf(), false));
            }
        }
        for d in self.docs.iter().chain(self.wiki.iter()) {
            if d.is_dir() || Some(d) == self.docs.as_ref() {
                t.insert((d.clone(), true));
            }
        }
        if self.themes.is_dir() {
            t.insert((self.themes.clone(), true));
        }
        // A recursive watch covers the same folder watched flat.
        let recursive: Vec<PathBuf> = t
            .iter()
            .filter(|(_, r)| *r)
            .map(|(p, _)| p.clone())
            .collect();
        t.retain(|(p, r)| *r || !recursive.iter().any(|d| p.starts_with(d)));
        t
    }
}

/// Editor swap, backup and lock files, and hidden files: never inputs.
fn is_temp_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// Classifies one changed path.
pub fn change_kind(w: &WatchPaths, path: &Path) -> ChangeKind {
    if w.ignored.iter().any(|d| path.starts_with(d)) {
        return ChangeKind::Ignored;
    }
    if path == w.config {
        return ChangeKind::Config;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if is_temp_file(&name) {
        return ChangeKind::Ignored;
    }
    // Hidden folders below the site root (.git, editor state) are not inputs either.
    let hidden_dir = |base: &Path| {
        path.strip_prefix(base).is_ok_and(|rel| {
            rel.components()
                .any(|c| matches!(c, Component::Normal(s) if s.to_string_lossy().starts_with('.')))
        })
    };
    if w.tickets.iter().any(|t| path == t) {
        return ChangeKind::Content;
    }
    // A file in a folder of ticket files (the folder itself is no file, so `path == t` above
    // only matches single export files).
    if w.ticket_dirs
        .iter()
        .any(|t| path.starts_with(t) && !hidden_dir(t))
    {
        return ChangeKind::Content;
    }
    for d in w.docs.iter().chain(w.wiki.iter()) {
        if path.starts_with(d) && !hidden_dir(d) {
            return ChangeKind::Content;
        }
    }
    if path.starts_with(&w.themes) && !hidden_dir(&w.themes) {
        return ChangeKind::Theme;
    }
    ChangeKind::Ignored
}

/// Classifies a notify event: the strongest kind among its paths, and the paths that are
/// inputs, in event order. Reads (access events, which the build itself causes) are ignored,
/// or every build would start the next one.
pub fn event_change<'e>(w: &WatchPaths, event: &'e notify::Event) -> (ChangeKind, Vec<&'e Path>) {
    let mut kind = ChangeKind::Ignored;
    let mut inputs = Vec::new();
    if matches!(event.kind, EventKind::Access(_)) {
        return (kind, inputs);
    }
    for p in &event.paths {
        let k = change_kind(w, p);
        if k != ChangeKind::Ignored {
            kind = kind.max(k);
            inputs.push(p.as_path());
        }
    }
    (kind, inputs)
}

/// Options shared by `serve` and `watch`.
#[derive(Debug, Clone)]
pub struct LoopOptions {
    pub config: PathBuf,
    /// Fixed "today"; `None` reads the clock at every rebuild.
    pub now: Option<DateTime<Utc>>,
    pub strict: bool,
    pub quiet: bool,
}

/// `porchlight serve` options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub common: LoopOptions,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Holds the watcher and the receiving end of its events; renews watches when inputs move.
struct Inputs {
    config: PathBuf,
    out: PathBuf,
    paths: WatchPaths,
    targets: BTreeSet<(PathBuf, bool)>,
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
}

impl Inputs {
    fn new(config: &Path, out: &Path) -> Result<Inputs> {
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
        let cfg = Config::load(config).ok();
        let paths = WatchPaths::from_config(config, cfg.as_ref(), out);
        let mut inputs = Inputs {
            config: config.to_path_buf(),
            out: out.to_path_buf(),
            paths,
            targets: BTreeSet::new(),
            watcher,
            rx,
        };
        inputs.rewatch()?;
        Ok(inputs)
    }

    /// Re-reads the config (if it parses) and watches what it names now.
    fn refresh(&mut self) -> Result<()> {
        if let Ok(cfg) = Config::load(&self.config) {
            self.paths = WatchPaths::from_config(&self.config, Some(&cfg), &self.out);
        } else {
            // Keep the previous sources; a broken config is fixed by editing it, which the
            // root watch sees.
            self.paths.themes = self.paths.root.join("themes");
        }
        self.rewatch()
    }

    fn rewatch(&mut self) -> Result<()> {
        let want = self.paths.targets();
        for (p, _) in self.targets.difference(&want) {
            let _ = self.watcher.unwatch(p);
        }
        for (p, r) in want.difference(&self.targets) {
            let mode = if *r {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = self.watcher.watch(p, mode) {
                // A configured folder that does not exist yet: the build reports it.
                if p.exists() {
                    return Err(e).with_context(|| format!("watching {}", p.display()));
                }
            }
        }
        self.targets = want;
        Ok(())
    }

    /// Blocks until an input changed, then until changes have been quiet for [`DEBOUNCE`].
    /// Returns the strongest kind, the first changed path and every changed input path.
    fn wait_for_change(&mut self) -> Result<(ChangeKind, PathBuf, BTreeSet<PathBuf>)> {
        let mut kind = ChangeKind::Ignored;
        let mut all: Vec<PathBuf> = Vec::new();
        let note = |ev: notify::Result<notify::Event>,
                    kind: &mut ChangeKind,
                    all: &mut Vec<PathBuf>| match ev {
            Ok(ev) => {
                let (k, inputs) = event_change(&self.paths, &ev);
                *kind = (*kind).max(k);
                all.extend(inputs.into_iter().map(Path::to_path_buf));
                // A rescan request (events were dropped): nothing can be trusted.
                if ev.attrs.flag() == Some(notify::event::Flag::Rescan) {
                    *kind = (*kind).max(ChangeKind::Config);
                }
            }
            Err(e) => eprintln!("warning: file watcher: {e}"),
        };
        while kind == ChangeKind::Ignored {
            let ev = self.rx.recv().context("the file watcher stopped")?;
            note(ev, &mut kind, &mut all);
        }
        let started = Instant::now();
        while started.elapsed() < MAX_DEBOUNCE {
            match self.rx.recv_timeout(DEBOUNCE) {
                Ok(ev) => note(ev, &mut kind, &mut all),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the file watcher stopped"),
            }
        }
        let first = all.first().cloned().unwrap_or_default();
        Ok((kind, first, all.into_iter().collect()))
    }
}

fn build_options(o: &LoopOptions, out: &Path) -> BuildOptions {
    BuildOptions {
        // The rebuild loop prints its own one-line report per rebuild.
        progress: false,
        config: o.config.clone(),
        out: Some(out.to_path_buf()),
        now: o.now.unwrap_or_else(Utc::now),
        strict: o.strict,
        write: true,
    }
}

/// The error with every cause, one per line, as printed and as shown in the page.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut s = format!("error: {e}");
    for cause in e.chain().skip(1) {
        s.push_str(&format!("\n  Reason: {cause}"));
    }
    s
}

fn print_result(quiet: bool, why: Option<(ChangeKind, &Path, &Path)>, r: &Result<Summary>) {
    match r {
        Ok(s) => {
            for w in &s.warnings {
                eprintln!("warning: {w}");
            }
            if !quiet {
                let changed = s.write.as_ref().map(|w| w.changed + w.removed).unwrap_or(0);
                match why {
                    Some((kind, path, root)) => {
                        let shown = path.strip_prefix(root).unwrap_or(path);
                        let steps: Vec<String> = s
                            .steps
                            .iter()
                            .map(|(n, d)| format!("{n} {}", d.as_millis()))
                            .collect();
                        println!(
                            "Change in {} ({}): rebuilt in {} ms, {changed} file(s) changed ({} ms)",
                            shown.display(),
                            kind.label(),
                            s.total.as_millis(),
                            steps.join(", ")
                        );
                    }
                    None => println!(
                        "Built {} in {} ms ({} files)",
                        s.out.display(),
                        s.total.as_millis(),
                        s.files
                    ),
                }
            }
        }
        Err(e) => eprintln!("{}", error_text(e)),
    }
    let _ = std::io::stdout().flush();
}

/// The paths an incremental rebuild may use: none (a full build) after a change of the
/// config or the theme.
fn changed_inputs(kind: ChangeKind, paths: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    if kind == ChangeKind::Content {
        paths.clone()
    } else {
        BTreeSet::new()
    }
}

/// The private build folder of `serve`: `.porchlight-serve/site` next to the config.
pub fn serve_dir(config: &Path) -> PathBuf {
    let root = absolute(config)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    root.join(".porchlight-serve").join("site")
}

/// `porchlight watch`: build, then rebuild into the same folder after every change.
pub fn watch(o: &LoopOptions, out: Option<PathBuf>) -> Result<()> {
    let out = match out {
        Some(o) => o,
        None => absolute(&o.config)
            .parent()
            .map(|r| r.join("public"))
            .unwrap_or_else(|| PathBuf::from("public")),
    };
    let mut inputs = Inputs::new(&o.config, &out)?;
    let mut session = Session::new();
    let none = BTreeSet::new();
    print_result(
        o.quiet,
        None,
        &session.rebuild(&build_options(o, &out), &none),
    );
    if !o.quiet {
        println!("Watching for changes (Ctrl-C to stop)");
    }
    loop {
        let (kind, path, paths) = inputs.wait_for_change()?;
        let r = session.rebuild(&build_options(o, &out), &changed_inputs(kind, &paths));
        print_result(o.quiet, Some((kind, &path, &inputs.paths.root)), &r);
        inputs.refresh()?;
    }
}

/// `porchlight serve`: build into a private folder, serve it, rebuild and reload on changes.
pub fn serve(o: &ServeOptions) -> Result<()> {
    let out = serve_dir(&o.common.config);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the serve folder {}", parent.display()))?;
    }
    let listener = std::net::TcpListener::bind(("127.0.0.1", o.port))
        .with_context(|| format!("listening on 127.0.0.1:{}", o.port))?;
    let port = listener
        .local_addr()
        .context("reading the bound port")?
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    println!("Serving {url}");
    let _ = std::io::stdout().flush();

    let state = Arc::new(http::State::new(out.clone()));
    let mut inputs = Inputs::new(&o.common.config, &out)?;
    let mut session = Session::new();
    state.rebuild(|| {
        let r = session.rebuild(&build_options(&o.common, &out), &BTreeSet::new());
        print_result(o.common.quiet, None, &r);
        r.as_ref().err().map(error_text)
    });
    {
        let state = Arc::clone(&state);
        std::thread::Builder::new()
            .name("http".into())
            .spawn(move || http::run(listener, state))
            .context("starting the server thread")?;
    }
    if o.open {
        // Best effort: no browser opener on this system is not an error.
        let _ = std::process::Command::new("xdg-open")
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    if !o.common.quiet {
        println!("Watching for changes (Ctrl-C to stop)");
        let _ = std::io::stdout().flush();
    }
    loop {
        let (kind, path, paths) = inputs.wait_for_change()?;
        let root = inputs.paths.root.clone();
        let changed = changed_inputs(kind, &paths);
        state.rebuild(|| {
            let r = session.rebuild(&build_options(&o.common, &out), &changed);
            print_result(o.common.quiet, Some((kind, &path, &root)), &r);
            r.as_ref().err().map(error_text)
        });
        inputs.refresh()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> WatchPaths {
        WatchPaths {
            config: PathBuf::from("/s/porchlight.toml"),
            root: PathBuf::from("/s"),
            tickets: vec![
                PathBuf::from("/s/content/tickets.json"),
                PathBuf::from("/exports/t.csv"),
                PathBuf::from("/s/tickets"),
            ],
            ticket_dirs: vec![PathBuf::from("/s/tickets")],
            docs: Some(PathBuf::from("/s/content/docs")),
            wiki: Some(PathBuf::from("/s/snapshot/wiki")),
            themes: PathBuf::from("/s/themes"),
            ignored: vec![
                PathBuf::from("/s/public"),
                PathBuf::from("/s/.public.porchlight-tmp"),
                PathBuf::from("/s/.porchlight-serve"),
            ],
        }
    }

    #[test]
    fn change_kinds_of_paths() {
        let w = paths();
        let k = |p: &str| change_kind(&w, Path::new(p));
        assert_eq!(k("/s/porchlight.toml"), ChangeKind::Config);
        assert_eq!(k("/s/content/tickets.json"), ChangeKind::Content);
        assert_eq!(k("/exports/t.csv"), ChangeKind::Content);
        assert_eq!(k("/s/tickets/4101.json"), ChangeKind::Content);
        assert_eq!(k("/s/snapshot/wiki/Install.md"), ChangeKind::Content);
        assert_eq!(k("/s/tickets/2026/4101.json"), ChangeKind::Content);
        assert_eq!(k("/s/tickets/.4101.json.swp"), ChangeKind::Ignored);
        assert_eq!(k("/s/tickets/.git/index"), ChangeKind::Ignored);
        assert_eq!(k("/s/content/docs/billing/refunds.md"), ChangeKind::Content);
        // A doc's image or attachment: the docs are re-read and the file published again.
        assert_eq!(
            k("/s/content/docs/billing/img/refund.png"),
            ChangeKind::Content
        );
        assert_eq!(k("/s/content/docs/new-folder"), ChangeKind::Content);
        assert_eq!(k("/s/themes/default/templates/doc.html"), ChangeKind::Theme);
        assert_eq!(k("/s/themes"), ChangeKind::Theme);
        // Output and serve folders.
        assert_eq!(k("/s/public/docs/index.html"), ChangeKind::Ignored);
        assert_eq!(
            k("/s/.public.porchlight-tmp/index.html"),
            ChangeKind::Ignored
        );
        assert_eq!(
            k("/s/.porchlight-serve/site/index.html"),
            ChangeKind::Ignored
        );
        // Editor temp files.
        assert_eq!(
            k("/s/content/docs/billing/.refunds.md.swp"),
            ChangeKind::Ignored
        );
        assert_eq!(
            k("/s/content/docs/billing/refunds.md~"),
            ChangeKind::Ignored
        );
        assert_eq!(k("/s/content/docs/billing/4913"), ChangeKind::Ignored);
        assert_eq!(k("/s/content/docs/#refunds.md#"), ChangeKind::Ignored);
        assert_eq!(k("/s/porchlight.toml.tmp"), ChangeKind::Ignored);
        assert_eq!(k("/s/themes/default/.git/index"), ChangeKind::Ignored);
        // Unrelated files next to the config.
        assert_eq!(k("/s/README.md"), ChangeKind::Ignored);
        assert_eq!(k("/s/content/other.json"), ChangeKind::Ignored);
    }

    #[test]
    fn events_take_the_strongest_kind_and_skip_reads() {
        use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};
        let w = paths();
        let ev = |kind, ps: &[&str]| {
            let mut e = notify::Event::new(kind);
            for p in ps {
                e = e.add_path(PathBuf::from(p));
            }
            e
        };
        let read = ev(EventKind::Access(AccessKind::Any), &["/s/porchlight.toml"]);
        assert_eq!(event_change(&w, &read), (ChangeKind::Ignored, vec![]));
        let rename = ev(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/s/content/docs/a.md~", "/s/content/docs/a.md"],
        );
        assert_eq!(
            event_change(&w, &rename),
            (ChangeKind::Content, vec![Path::new("/s/content/docs/a.md")])
        );
        let both = ev(
            EventKind::Create(CreateKind::File),
            &["/s/themes/default/static/x.css", "/s/porchlight.toml"],
        );
        assert_eq!(event_change(&w, &both).0, ChangeKind::Config);
        assert_eq!(event_change(&w, &both).1.len(), 2);
        let out = ev(
            EventKind::Create(CreateKind::File),
            &["/s/public/index.html"],
        );
        assert_eq!(event_change(&w, &out), (ChangeKind::Ignored, vec![]));
    }

    #[test]
    fn files_are_watched_through_their_folder_and_nested_watches_merge() {
        let mut w = paths();
        w.docs = Some(PathBuf::from("/s"));
        let t = w.targets();
        assert!(t.contains(&(PathBuf::from("/s"), true)));
        assert!(!t.contains(&(PathBuf::from("/s"), false)));
        assert!(!t.contains(&(PathBuf::from("/s/content"), false)));
        assert!(t.contains(&(PathBuf::from("/exports"), false)));
    }
}
