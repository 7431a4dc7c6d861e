//! The build, stage by stage: config → sources → privacy gate → plan → render + search index →
//! output. Each stage is one function, here or in its module: [`build`] runs them on the whole
//! site, and the watch loop (`watch.rs`) runs the same ones on what changed. The `cli`
//! commands only call into here.

mod languages;
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::model::Corpus;
use crate::plan;
use crate::privacy::{self, PublicSite};
use crate::render;
use crate::render::theme::Theme;
use crate::search::{self, EntryKind, SearchEntry, SearchSection};
use crate::sources;

/// What `build` and `check` were asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub config: PathBuf,
    /// Output folder; `None` means `public/` next to the config file.
    pub out: Option<PathBuf>,
    /// The build's moment: promises are judged at it to the second, ages and due dates by date.
    pub now: DateTime<Utc>,
    pub strict: bool,
    /// `false` for `check`: everything is read, gated and rendered in memory, nothing written.
    pub write: bool,
    /// Show a progress bar when stderr is a terminal.
    pub progress: bool,
}

/// The one-screen summary of a build.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub out: PathBuf,
    pub tickets_published: usize,
    pub tickets_private: usize,
    /// Of projects `[sources] projects` does not name.
    pub tickets_other_project: usize,
    pub tickets_refused: usize,
    /// Rendered at secret links only.
    pub tickets_unlisted: usize,
    /// Unlisted but not rendered: no secret set.
    pub unlisted_without_secret: usize,
    pub notes_published: usize,
    pub notes_private: usize,
    /// Export items that are not tickets, by reason ("pull requests").
    pub skipped: crate::model::Skipped,
    pub docs: usize,
    pub drafts: usize,
    pub files: usize,
    pub bytes: u64,
    /// Set when the site was written.
    pub write: Option<crate::output::WriteStats>,
    pub warnings: Vec<String>,
    pub steps: Vec<(&'static str, Duration)>,
    pub total: Duration,
}

/// Raised when `--strict` turns warnings into a failure (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{count} input warning(s) and --strict is set; nothing was written")]
pub struct StrictFailure {
    pub count: usize,
}

/// Reads every configured source into one corpus and checks ids are unique.
pub fn load_corpus(cfg: &Config) -> Result<Corpus> {
    let (_, files) = read_tickets(cfg)?;
    corpus_of(cfg, files)
}

/// One ticket export file as read.
pub struct TicketFile {
    pub path: PathBuf,
    /// Position of its `tickets` entry in the config.
    pub entry: usize,
    pub corpus: Corpus,
}

/// The config's `tickets` entries, ready to read: each a file, or a folder (see
/// [`sources::export_files`]) with the Redmine status names it carries
/// (`issue_statuses.json`, read once for the folder instead of once per file).
pub struct TicketSources {
    entries: Vec<(PathBuf, Option<sources::redmine::StatusNames>)>,
    format: Option<sources::Format>,
    markup: crate::model::Markup,
    /// `[sources] redmine_markup` was given (else a snapshot's recorded formatting wins).
    markup_set: bool,
    jira: sources::jira::JiraOptions,
}

impl TicketSources {
    pub fn open(cfg: &Config) -> Result<TicketSources> {
        let mut entries = Vec::with_capacity(cfg.tickets.len());
        for entry in &cfg.tickets {
            let statuses = if entry.is_dir() {
                let beside = entry.join(sources::redmine::STATUSES_FILE);
                Some(sources::redmine::read_statuses_beside(&beside)?.unwrap_or_default())
            } else {
                None
            };
            entries.push((entry.clone(), statuses));
        }
        Ok(TicketSources {
            entries,
            format: cfg.format,
            markup: cfg.redmine_markup,
            markup_set: cfg.redmine_markup_set,
            jira: sources::jira::JiraOptions {
                public_security_levels: cfg.privacy.public_security_levels.clone(),
                export_has_security: cfg.privacy.jira_export_has_security,
            },
        })
    }

    /// Reads one export file of the `tickets` entry at position `entry`.
    pub fn read(&self, entry: usize, path: &Path) -> Result<Corpus, sources::SourceError> {
        match self.entries.get(entry).and_then(|(_, s)| s.as_ref()) {
            Some(statuses) => {
                sources::read_export_file(path, self.format, self.markup, statuses, &self.jira)
            }
            None => {
                // A pull snapshot says how the server formats text (see `pull redmine`).
                let markup = if self.markup_set {
                    self.markup
                } else {
                    sources::redmine::recorded_formatting(path).unwrap_or(self.markup)
                };
                sources::read_export_with(path, self.format, markup, &self.jira)
            }
        }
    }

    /// Every export file, in read order: config order, then path order in a folder. The
    /// files of a folder are read in parallel; a single export file is read on this thread
    /// (the Redmine reader cuts it here while it converts issues on the thread pool).
    pub fn read_all(&self) -> Result<Vec<TicketFile>> {
        use rayon::prelude::*;
        let mut files = Vec::new();
        for (entry, (path, statuses)) in self.entries.iter().enumerate() {
            let file = |path: PathBuf| {
                let corpus = self.read(entry, &path)?;
                Ok(TicketFile {
                    path,
                    entry,
                    corpus,
                })
            };
            if statuses.is_some() {
                let paths = sources::export_files(path)?;
                let read: Vec<TicketFile> = paths
                    .into_par_iter()
                    .map(file)
                    .collect::<Result<_, sources::SourceError>>()?;
                files.extend(read);
            } else {
                files.push(file(path.clone())?);
            }
        }
        Ok(files)
    }
}

/// Stage "read" for tickets: every export file the config names, ids checked.
pub fn read_tickets(cfg: &Config) -> Result<(TicketSources, Vec<TicketFile>)> {
    let sources = TicketSources::open(cfg)?;
    let files = sources.read_all()?;
    check_ids(
        files
            .iter()
            .map(|f| (f.entry, f.path.as_path(), f.corpus.tickets.as_slice())),
        |_| None,
    )?;
    Ok((sources, files))
}

/// The corpus of the files read and of the docs: the docs the exports carry, then the docs
/// folder and the wiki ([`read_docs`]).
pub fn corpus_of(cfg: &Config, files: Vec<TicketFile>) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut export_docs = Vec::new();
    for f in files {
        let mut part = f.corpus;
        export_docs.append(&mut part.docs);
        corpus.extend(part);
    }
    privacy::check_projects(corpus.tickets.iter(), cfg)?;
    let translations;
    (corpus.docs, corpus.assets, translations) = read_docs(cfg, export_docs)?;
    if translations > 0 {
        corpus
            .skipped
            .insert(sources::docs::OTHER_LANGUAGES.to_string(), translations);
    }
    Ok(corpus)
}

/// Refuses a ticket id that appears twice, naming where. `files` are the files read, each
/// with the position of its `tickets` entry: all of them, or those the watch loop read
/// again, whose ids `elsewhere` looks up in the files it did not read again. The two files
/// are named in read order (config order, then path order), as a full build meets them.
pub fn check_ids<'a>(
    files: impl IntoIterator<Item = (usize, &'a Path, &'a [crate::model::Ticket])>,
    elsewhere: impl Fn(&str) -> Option<(usize, &'a Path)>,
) -> Result<()> {
    let mut first_seen: HashMap<&str, (usize, &Path)> = HashMap::new();
    for (entry, path, tickets) in files {
        for t in tickets {
            let prev = match first_seen.insert(&t.id, (entry, path)) {
                Some(prev) if prev.1 == path => bail!(
                    "{}: ticket id {} appears twice; each ticket must have its own id",
                    path.display(),
                    t.id
                ),
                Some(prev) => prev,
                None => match elsewhere(&t.id) {
                    Some(prev) => prev,
                    None => continue,
                },
            };
            let (a, b) = if prev <= (entry, path) {
                (prev.1, path)
            } else {
                (path, prev.1)
            };
            bail!(
                "ticket id {} appears in both {} and {}; each ticket must have its own id",
                t.id,
                a.display(),
                b.display()
            );
        }
    }
    Ok(())
}

/// Stage "read" for docs: the docs the ticket exports carry (the native format may), the
/// docs folder and, with `[pull]`, the pulled Redmine wiki (published under docs/wiki/ unless
/// it sits inside the docs folder, which already read it); slugs cleaned.
/// Also returns how many docs were left out as translations into languages the site does not
/// publish (see [`sources::docs::OTHER_LANGUAGES`]).
pub fn read_docs(
    cfg: &Config,
    mut docs: Vec<crate::model::Doc>,
) -> Result<(Vec<crate::model::Doc>, crate::model::DocAssets, usize)> {
    let mut assets = crate::model::DocAssets::default();
    if let Some(dir) = &cfg.docs {
        let (read, files) = sources::docs::read_dir(dir)?;
        docs.extend(read);
        assets = files;
    }
    if let Some(wiki) = cfg.pull.as_ref().and_then(|p| p.wiki.as_ref()) {
        let inside_docs = cfg.docs.as_ref().is_some_and(|d| wiki.starts_with(d));
        if wiki.is_dir() && !inside_docs {
            let (read, files) = sources::docs::read_dir(wiki)?;
            for mut d in read {
                d.slug = format!("wiki/{}", d.slug);
                d.folder = format!("wiki/{}", d.folder)
                    .trim_end_matches('/')
                    .to_string();
                docs.push(d);
            }
            assets.extend_under("wiki/", files);
        }
    }
    let before = docs.len();
    if cfg.multilingual() {
        for d in &mut docs {
            let (lang, slug) =
                sources::docs::doc_language(&d.slug, &cfg.languages, &cfg.default_language);
            d.slug = slug;
            d.language = Some(lang);
        }
    } else {
        docs.retain(|d| !sources::docs::is_translation(&d.slug, &cfg.language));
    }
    let translations = before - docs.len();
    clean_doc_slugs(&mut docs)?;
    Ok((docs, assets, translations))
}

/// Cleans every doc slug and alias ([`crate::markup::slug::clean_slug`]) and refuses two docs
/// at one URL, an alias included (an alias is a path below `docs/`: `old/path`; a leading
/// `/docs/` is taken off).
fn clean_doc_slugs(docs: &mut [crate::model::Doc]) -> Result<()> {
    // Each language's docs have their own URLs (the same slug in two languages is one doc
    // translated).
    let mut slugs: HashMap<(Option<String>, String), String> = HashMap::new();
    let mut claim = |lang: &Option<String>, slug: &str, source: &str, how: &str| -> Result<()> {
        let key = (lang.clone(), slug.to_string());
        match slugs.get(&key) {
            Some(prev) => {
                let lang = lang
                    .as_ref()
                    .map(|l| format!(" in {l}"))
                    .unwrap_or_default();
                bail!(
                    "{prev} and {source} both claim docs/{slug}/{how}{lang}; rename one of them or remove the alias",
                )
            }
            None => {
                slugs.insert(key, source.to_string());
                Ok(())
            }
        }
    };
    for d in docs.iter_mut() {
        d.slug = crate::markup::slug::clean_slug(&d.slug)
            .with_context(|| format!("{}: doc slug {:?}", d.source, d.slug))?;
        claim(&d.language, &d.slug, &d.source, "")?;
    }
    for d in docs.iter_mut() {
        for a in &mut d.aliases {
            let trimmed = a.trim().trim_start_matches('/');
            let trimmed = if a.trim().starts_with("/docs/") {
                trimmed.strip_prefix("docs/").unwrap_or(trimmed)
            } else {
                trimmed
            };
            let slug = crate::markup::slug::clean_slug(trimmed)
                .with_context(|| format!("{}: alias {a:?}", d.source))?;
            if slug.is_empty() {
                bail!(
                    "{}: alias {a:?} names the docs index; an alias must be a path below docs/ such as \"old/path\"",
                    d.source
                );
            }
            *a = slug;
        }
        for a in &d.aliases {
            claim(&d.language, a, &d.source, " (as an alias)")?;
        }
    }
    Ok(())
}

/// The files published beside the doc pages: every file of the docs folder that a published
/// doc references (read now, at the same path below `docs/`), and a redirect page at each
/// alias of a published doc.
pub(crate) fn doc_files_beside(cfg: &Config, p: &Published) -> Result<Vec<(String, Vec<u8>)>> {
    let used: std::collections::BTreeSet<&str> = p
        .docs
        .iter()
        .flat_map(|r| r.rendered.assets.iter().map(String::as_str))
        .collect();
    let mut files = Vec::with_capacity(used.len());
    for rel in used {
        let Some(file) = p.site.assets().files.get(rel) else {
            continue;
        };
        // Symlinks were never listed; one put in place since is refused, not followed.
        let meta = std::fs::symlink_metadata(&file.path)
            .with_context(|| format!("{}: reading a file docs reference", file.path.display()))?;
        if !meta.is_file() {
            bail!(
                "{}: a file docs reference is no longer a plain file (a symbolic link?); it is not published",
                file.path.display()
            );
        }
        let bytes = std::fs::read(&file.path)
            .with_context(|| format!("{}: reading a file docs reference", file.path.display()))?;
        files.push((format!("docs/{rel}"), bytes));
    }
    for d in &p.site.docs {
        let to = crate::model::urls::doc_url(d.slug());
        for a in d.aliases() {
            let from = crate::model::urls::doc_url(a);
            let page = render::redirects::redirect_page(&cfg.base_url, &from, &to, d.title());
            files.push((format!("{from}index.html"), page.into_bytes()));
        }
    }
    Ok(files)
}

/// The paths [`doc_files_beside`] writes, without reading the files.
pub(crate) fn doc_paths_beside(p: &Published) -> Vec<String> {
    let mut paths: Vec<String> = p
        .docs
        .iter()
        .flat_map(|r| r.rendered.assets.iter().map(|a| format!("docs/{a}")))
        .collect();
    for d in &p.site.docs {
        for a in d.aliases() {
            paths.push(format!("{}index.html", crate::model::urls::doc_url(a)));
        }
    }
    paths
}

/// Every doc page's heading ids, by URL (old URLs that redirect to a doc included), with the
/// doc's source for messages. Kept beside the output (`.public.porchlight-anchors.json`), so
/// the next build can warn when an id that links in sent replies point to is gone.
pub(crate) type Anchors = std::collections::BTreeMap<String, (String, Vec<String>)>;

pub(crate) fn doc_anchors(p: &Published) -> Anchors {
    let mut anchors = Anchors::new();
    for (d, r) in p.site.docs.iter().zip(&p.docs) {
        let ids: Vec<String> = r
            .rendered
            .sections
            .iter()
            .filter_map(|s| s.anchor.clone())
            .collect();
        for a in d.aliases() {
            let v = (d.source().to_string(), ids.clone());
            anchors.insert(crate::model::urls::doc_url(a), v);
        }
        anchors.insert(
            crate::model::urls::doc_url(d.slug()),
            (d.source().to_string(), ids),
        );
    }
    anchors
}

fn anchors_path(out: &Path) -> PathBuf {
    crate::output::paths::sibling(out, "anchors.json")
}

/// A warning for each heading id of the previous build's doc pages that the same URL no longer
/// has. Nothing when there was no previous build (or its file is unreadable).
pub(crate) fn anchor_warnings(out: &Path, now: &Anchors) -> Vec<String> {
    let Some(before) = std::fs::read(anchors_path(out)).ok().and_then(|b| {
        serde_json::from_slice::<std::collections::BTreeMap<String, Vec<String>>>(&b).ok()
    }) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for (url, old) in &before {
        let Some((source, ids)) = now.get(url) else {
            continue;
        };
        for id in old {
            if !ids.contains(id) {
                warnings.push(format!(
                    "{source}: heading id #{id} of {url} existed in the previous build and is gone; links to {url}#{id} now land at the top of the page (keep it with `## Heading {{#{id}}}`)"
                ));
            }
        }
    }
    warnings
}

/// Writes the heading ids beside the output for the next build's [`anchor_warnings`].
pub(crate) fn write_anchors(out: &Path, anchors: &Anchors) -> Result<()> {
    let map: std::collections::BTreeMap<&str, &[String]> = anchors
        .iter()
        .map(|(k, (_, ids))| (k.as_str(), ids.as_slice()))
        .collect();
    let path = anchors_path(out);
    let json = serde_json::to_vec_pretty(&map)?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The build's steps with their times, and a progress bar on stderr when it is a terminal
/// (never in CI logs, pipes, `--quiet` or `--json`).
pub(crate) struct Steps {
    done: Vec<(&'static str, Duration)>,
    bar: indicatif::ProgressBar,
}

/// Number of timed steps in `build`, for the bar's length.
const STEP_COUNT: u64 = 8;

impl Steps {
    pub(crate) fn new(progress: bool) -> Steps {
        use std::io::IsTerminal;
        let bar = if progress && std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(STEP_COUNT);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{bar:20}] {pos}/{len} {msg} ({elapsed})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Steps {
            done: Vec::new(),
            bar,
        }
    }

    fn finish(self) -> Vec<(&'static str, Duration)> {
        self.bar.finish_and_clear();
        self.done
    }
}

pub(crate) fn step<T>(
    steps: &mut Steps,
    name: &'static str,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    steps.bar.set_message(name);
    let t = Instant::now();
    let r = f();
    if r.is_err() {
        steps.bar.finish_and_clear();
    }
    let r = r?;
    steps.done.push((name, t.elapsed()));
    steps.bar.inc(1);
    Ok(r)
}

/// What every build loads before the sources: config, theme, templates and intake.
pub(crate) struct Front {
    pub cfg: Config,
    /// Shared by every language of a multilingual site.
    pub theme: std::sync::Arc<Theme>,
    /// The words of the site's language (`default_language`).
    pub texts: std::sync::Arc<crate::i18n::Texts>,
    /// Translation keys that fell back to English, reported with the input warnings.
    pub text_warnings: Vec<String>,
    pub tera: tera::Tera,
    pub intake: crate::render::intake::Intake,
}

/// The front of the site's default language (on a multilingual site, of its part: see
/// `languages::fronts` for the others).
pub(crate) fn load_front(steps: &mut Steps, config: &Path) -> Result<Front> {
    let cfg = step(steps, "config", || Config::load(config))?;
    let cfg = if cfg.multilingual() {
        cfg.for_language(&cfg.default_language)
    } else {
        cfg
    };
    let theme = step(steps, "theme", || {
        let mut theme = Theme::load(&cfg.root, &cfg.theme)?;
        if let Some(f) = &cfg.favicon {
            theme.replace_favicon(f)?;
        }
        Ok(std::sync::Arc::new(theme))
    })?;
    let mut cfg = cfg;
    cfg.workflow.category_aliases = category_aliases(&cfg, &theme)?;
    language_front(steps, cfg, theme)
}

/// The names the new-ticket page's categories go by in every language the theme speaks (see
/// `Workflow::category_aliases`): a ticket keeps its category's promises and shows its name
/// in the page's language whichever language's page it was filed from, also after the site
/// changed languages. A language whose words do not load is left out here; the site's own
/// languages report their errors when their words are loaded.
fn category_aliases(
    cfg: &Config,
    theme: &Theme,
) -> Result<std::collections::BTreeMap<String, String>> {
    let intake = load_intake(cfg)?;
    let path = cfg.path.display().to_string();
    let texts: Vec<crate::i18n::Texts> = crate::i18n::Catalogs::languages(theme)
        .into_iter()
        .filter_map(|code| {
            crate::i18n::Texts::load(theme, code, cfg.strings.get(code), &path)
                .ok()
                .map(|(t, _)| t)
        })
        .collect();
    let all: Vec<&crate::i18n::Texts> = texts.iter().collect();
    Ok(intake.category_aliases(&all))
}

/// The front of `cfg`'s language on `theme`: its words, templates and intake.
pub(crate) fn language_front(
    steps: &mut Steps,
    cfg: Config,
    theme: std::sync::Arc<Theme>,
) -> Result<Front> {
    let (mut texts, text_warnings) = step(steps, "translations", || {
        crate::i18n::Texts::load(
            &*theme,
            &cfg.language,
            cfg.strings.get(&cfg.language),
            &cfg.path.display().to_string(),
        )
    })?;
    let intake = load_intake(&cfg)?;
    texts.set_categories(intake.category_names(&cfg.workflow.category_aliases, &texts));
    let texts = std::sync::Arc::new(texts);
    let tera = step(steps, "templates", || {
        render::load_templates(&theme, &texts)
    })?;
    Ok(Front {
        cfg,
        theme,
        texts,
        text_warnings,
        tera,
        intake,
    })
}

/// Runs the whole pipeline. Each stage is a function the watch loop (`watch.rs`) runs as
/// well, on what changed.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let mut steps = Steps::new(opts.progress);
    let front = load_front(&mut steps, &opts.config)?;
    if front.cfg.multilingual() {
        return languages::build(opts, started, steps, front);
    }
    let corpus = step(&mut steps, "read", || load_corpus(&front.cfg))?;
    // PRIVACY: labels and raw descriptions are gone after the gate, so feedback tickets are
    // found here; feedback::collect keeps only what the gate publishes.
    let raw_feedback = crate::render::feedback::scan(&corpus.tickets, &front.intake.marker);
    let site = step(&mut steps, "gate", || {
        Ok(privacy::gate(corpus, &front.cfg, opts.now))
    })?;
    let lang = search::SearchLanguage::for_code(&front.cfg.language);
    let (published, mut entries) = step(&mut steps, "docs", || {
        Ok(publish(&front, site, &raw_feedback))
    })?;
    drop(raw_feedback);
    // The build hands the site and the search entries over: each is let go as soon as its
    // stage is done with it (see `finish`).
    let (summary, _) = finish(
        opts,
        started,
        steps,
        &front,
        published,
        |p| crate::render::feedback::suggest_json(&p.site, &p.docs),
        move |emit| search::build_index_freeing(&mut entries, &lang, emit),
    )?;
    Ok(summary)
}

/// The public site as its pages are made: the gate's site with the docs rendered, the
/// feedback joined to it and the tickets' [`render::Recency`]. Made by [`publish`], which
/// moves the plain text of tickets and docs into the search entries: no later stage reads it
/// here (the pages are made from the HTML).
pub(crate) struct Published {
    pub site: PublicSite,
    pub docs: Vec<render::DocRender>,
    pub flow: crate::render::feedback::Flow,
    /// One per listed ticket, in site order.
    pub recency: Vec<render::Recency>,
}

/// Stage "docs": splits the gate's site into what the pages are made from and what the
/// search index is built from. The docs are rendered, the feedback tickets joined to them,
/// and the plain text of tickets and docs moved into the entries (docs, then listed
/// tickets, in site order).
pub(crate) fn publish(
    front: &Front,
    mut site: PublicSite,
    raw_feedback: &[crate::render::feedback::RawFeedback],
) -> (Published, Vec<SearchEntry>) {
    use rayon::prelude::*;
    let (docs, mut entries) = publish_docs(&mut site);
    let tickets: Vec<SearchEntry> = site
        .tickets
        .par_iter_mut()
        .map(|t| ticket_entry(&front.texts, t))
        .collect();
    entries.extend(tickets);
    let flow = crate::render::feedback::Flow {
        feedback: crate::render::feedback::collect(
            raw_feedback,
            &site,
            &docs,
            front.cfg.base_path(),
            &front.intake.marker,
        ),
        intake: front.intake.clone(),
    };
    let recency = render::recency(&site);
    let published = Published {
        site,
        docs,
        flow,
        recency,
    };
    (published, entries)
}

/// The docs' part of [`publish`]: renders every doc's Markdown once, and moves each doc's
/// plain text into its search entry (in site order). The Markdown is let go: the pages are
/// made from the HTML (65 MB of sources at 10,000 docs).
pub(crate) fn publish_docs(site: &mut PublicSite) -> (Vec<render::DocRender>, Vec<SearchEntry>) {
    let mut docs = render::render_docs(site);
    let entries = doc_entries(site, &mut docs);
    (docs, entries)
}

/// The docs' search entries, each doc's plain text moved out of its render `docs` (in site
/// order); the docs' Markdown is let go.
pub(crate) fn doc_entries(
    site: &mut PublicSite,
    docs: &mut [render::DocRender],
) -> Vec<SearchEntry> {
    for d in &mut site.docs {
        d.drop_body();
    }
    site.docs
        .iter()
        .zip(docs.iter_mut())
        .map(|(d, r)| SearchEntry {
            url: crate::model::urls::doc_url(d.slug()),
            title: d.title().to_string(),
            kind: EntryKind::Doc,
            stage: None,
            summary: d.description().map(str::to_string),
            sections: r
                .rendered
                .sections
                .iter_mut()
                .map(|s| SearchSection {
                    heading: s.heading.clone(),
                    anchor: s.anchor.clone(),
                    text: std::mem::take(&mut s.text),
                })
                .collect(),
        })
        .collect()
}

/// The search entry of a listed ticket. Its plain text (description and notes), which only
/// the index reads, is moved out of the ticket instead of copied: at 100,000 tickets it is
/// about 230 MB that would otherwise be held twice while the index is built and the pages
/// are written.
pub(crate) fn ticket_entry(
    tx: &crate::i18n::Texts,
    t: &mut crate::privacy::PublicTicket,
) -> SearchEntry {
    let (description, notes) = t.take_plain_text();
    ticket_entry_from(tx, t, description, notes)
}

/// [`ticket_entry`] of the plain text already taken out of the ticket.
pub(crate) fn ticket_entry_from(
    tx: &crate::i18n::Texts,
    t: &crate::privacy::PublicTicket,
    description: String,
    notes: Vec<String>,
) -> SearchEntry {
    let sections = render::ticket_sections_with(tx, t, description, notes);
    SearchEntry {
        url: crate::model::urls::ticket_url(t.id()),
        title: format!("#{} {}", t.id(), t.title()),
        kind: EntryKind::Ticket,
        stage: Some(tx.stage_name(t.stage()).to_string()),
        summary: None,
        sections: sections
            .into_iter()
            .map(|s| SearchSection {
                heading: s.heading,
                anchor: s.anchor,
                text: s.text,
            })
            .collect(),
    }
}

/// Warnings of the gate and the docs, in the order the summary prints them.
pub(crate) fn all_warnings(site: &PublicSite, docs: &[render::DocRender]) -> Vec<String> {
    let mut warnings = site.report.warnings.clone();
    for (d, r) in site.docs.iter().zip(docs) {
        warnings.extend(d.warnings().iter().cloned());
        for p in &r.rendered.asset_problems {
            warnings.push(format!(
                "{}: line {}: {}",
                d.source(),
                d.body_line() + p.line - 1,
                p.message
            ));
        }
        for link in &r.rendered.broken_links {
            warnings.push(format!(
                "{}: link {link:?} points to no published doc",
                d.source()
            ));
        }
    }
    warnings
}

/// `--strict`: prints the warnings and fails when there are any.
pub(crate) fn check_strict(strict: bool, warnings: &[String]) -> Result<()> {
    if strict && !warnings.is_empty() {
        for w in warnings {
            eprintln!("warning: {w}");
        }
        return Err(StrictFailure {
            count: warnings.len(),
        }
        .into());
    }
    Ok(())
}

impl Summary {
    /// What the site publishes and the gate withheld, and the warnings; the files are added
    /// once written ([`Summary::wrote`]).
    pub(crate) fn of(out: PathBuf, p: &Published) -> Summary {
        let site = &p.site;
        Summary {
            out,
            tickets_published: site.tickets.len(),
            tickets_private: site.report.tickets_private,
            tickets_other_project: site.report.tickets_other_project,
            skipped: site.report.skipped.clone(),
            tickets_unlisted: site.report.tickets_unlisted,
            unlisted_without_secret: site.report.unlisted_without_secret,
            tickets_refused: site.report.tickets_refused,
            notes_published: site.tickets.iter().map(|t| t.notes().len()).sum(),
            notes_private: site.report.notes_private,
            docs: site.docs.len(),
            drafts: site.report.drafts,
            warnings: all_warnings(site, &p.docs),
            ..Summary::default()
        }
    }

    /// Adds what the output stage wrote.
    pub(crate) fn wrote(&mut self, stats: crate::output::WriteStats) {
        self.files = stats.files;
        self.bytes = stats.bytes;
        self.write = Some(stats);
    }

    /// Adds the steps' times.
    pub(crate) fn timed(mut self, steps: Steps, started: Instant) -> Summary {
        self.steps = steps.finish();
        self.total = started.elapsed();
        self
    }
}

/// Which site-wide files to make: a full build makes them all, the watch loop those a change
/// shows differently. The site feed is always made (it is small).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SiteWide {
    /// The docs feedback report.
    pub report: bool,
    /// The new-ticket page's suggestions.
    pub suggest: bool,
    pub sitemaps: bool,
    /// `robots.txt` and the theme's static files, which only the config and the theme change.
    pub fixed: bool,
}

impl SiteWide {
    pub const ALL: SiteWide = SiteWide {
        report: true,
        suggest: true,
        sitemaps: true,
        fixed: true,
    };
}

/// Stage "site-wide files": the small files made up front (pages and ticket feeds are made
/// while they are written, by [`SiteOutput`]): the docs feedback report, the new-ticket
/// suggestions (made by `suggest`), the site feed, the sitemaps, `robots.txt` and the theme's
/// static files, as `which` picks.
pub(crate) fn site_wide_files(
    front: &Front,
    p: &Published,
    which: SiteWide,
    suggest: impl FnOnce() -> Vec<u8>,
) -> Vec<(String, Vec<u8>)> {
    use crate::render::{feedback, feeds};
    let cfg = &front.cfg;
    let mut files = Vec::new();
    if which.report {
        // Not linked from any page; holds only doc paths, counts and public ticket ids.
        let report = feedback::report_json(&p.flow.feedback.report);
        files.push((feedback::REPORT_FILE.to_string(), report));
    }
    if which.suggest {
        files.push((feedback::SUGGEST_FILE.to_string(), suggest()));
    }
    let feed = feeds::site_feed(cfg, &front.texts, &p.site, &p.recency);
    files.push(("feed.xml".to_string(), feed.into_bytes()));
    if which.sitemaps {
        let sitemaps = feeds::sitemaps(cfg, &p.site).into_iter();
        files.extend(sitemaps.map(|(path, text)| (path, text.into_bytes())));
    }
    if which.fixed {
        files.push((
            "robots.txt".to_string(),
            feeds::robots([cfg.base_url.as_str()]).into_bytes(),
        ));
        for (name, bytes) in front.theme.statics() {
            files.push((format!("static/{name}"), bytes.to_vec()));
        }
    }
    files
}

/// The stages after "docs" of a full build: the summary and `--strict`, the plan, the
/// site-wide files (`suggest` makes the suggestions), then render, search index and write
/// into a fresh folder swapped in at the end (`check`: everything made, sizes counted,
/// nothing written). `index` builds the search files from the entries it owns or borrows,
/// handing excerpt bundles to its `Emit` early.
///
/// Ownership says what is kept: a plain build hands `published` and its entries over, and
/// each is dropped as soon as its stage is done (the site when the pages are written: the
/// index goes on alone for a while after that, about a second at 100,000 tickets, and the
/// site was ~100 MB of the ~650 MB in use then, measured with a counting allocator); the
/// watch loop lends them and keeps them for its next save.
pub(crate) fn finish<P: std::borrow::Borrow<Published> + Send>(
    opts: &BuildOptions,
    started: Instant,
    mut steps: Steps,
    front: &Front,
    published: P,
    suggest: impl FnOnce(&Published) -> Vec<u8>,
    index: impl FnOnce(&search::Emit<'_>) -> Vec<(String, Vec<u8>)> + Send,
) -> Result<(Summary, crate::output::Manifest)> {
    let p = published.borrow();
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| front.cfg.root.join("public"));
    let mut summary = Summary::of(out, p);
    summary.warnings.extend(front.text_warnings.iter().cloned());
    let anchors = doc_anchors(p);
    summary
        .warnings
        .extend(anchor_warnings(&summary.out, &anchors));
    check_strict(opts.strict, &summary.warnings)?;
    let plan = plan::plan(&p.site, front.cfg.base_path());
    let mut files = site_wide_files(front, p, SiteWide::ALL, || suggest(p));
    files.extend(doc_files_beside(&front.cfg, p)?);
    if !opts.write {
        // `check`: every page is still rendered (to find template errors) and the index
        // built; only sizes are kept.
        let (index_count, index_bytes) = step(&mut steps, "search", || Ok(index_sizes(index)))?;
        let (count, bytes) = step(&mut steps, "render", || {
            output_sizes(&SiteOutput::new(
                front,
                published.borrow(),
                &plan.pages,
                None,
                &files,
            ))
        })?;
        summary.files = count + index_count;
        summary.bytes = bytes + index_bytes;
        return Ok((summary.timed(steps, started), Default::default()));
    }
    // The search index is built on the thread pool while the pages are rendered and
    // written: writing is one thread's work (see `output::write_site_with`), and the index
    // keeps the other cores busy meanwhile. Its excerpt bundles are written as they are made
    // (their text is freed then), its other files last.
    let t = Instant::now();
    let (stats, manifest, (search, pages)) =
        crate::output::write_site_with(&summary.out, |sink| {
            // Excerpt bundles the index hands out early; a failed send means the writer
            // stopped, whose own error is the one reported.
            let emit = |path: String, bytes: Vec<u8>| {
                let _ = sink.write_owned(vec![(path, bytes)]);
            };
            let ((index_files, search), pages) = rayon::join(
                || {
                    let t = Instant::now();
                    (index(&emit), t.elapsed())
                },
                // Owns `published`, `plan` and `files`: they go when the pages are written.
                move || {
                    let t = Instant::now();
                    let all = SiteOutput::new(front, published.borrow(), &plan.pages, None, &files);
                    sink.write_all(&all).map(|()| t.elapsed())
                },
            );
            let pages = pages?;
            sink.write_owned(index_files)?;
            Ok((search, pages))
        })?;
    let summary = written(
        summary,
        steps,
        started,
        [search, pages, t.elapsed()],
        &anchors,
        stats,
    )?;
    Ok((summary, manifest))
}

/// `check`: the number and bytes of the search files `index` makes (those it hands out early
/// included), none kept.
pub(crate) fn index_sizes(
    index: impl FnOnce(&search::Emit<'_>) -> Vec<(String, Vec<u8>)>,
) -> (usize, u64) {
    let early = std::sync::Mutex::new((0usize, 0u64));
    let count_early = |_: String, bytes: Vec<u8>| {
        let mut e = early.lock().unwrap_or_else(|e| e.into_inner());
        e.0 += 1;
        e.1 += bytes.len() as u64;
    };
    let files = index(&count_early);
    let (n, b) = early.into_inner().unwrap_or_else(|e| e.into_inner());
    (
        n + files.len(),
        b + files.iter().map(|f| f.1.len() as u64).sum::<u64>(),
    )
}

/// `check`: every file of `all` made (so template errors show) and counted, none kept.
pub(crate) fn output_sizes(all: &SiteOutput<'_>) -> Result<(usize, u64)> {
    use crate::output::SiteFiles;
    use rayon::prelude::*;
    let bytes = (0..all.count())
        .into_par_iter()
        .map(|i| all.bytes(i).map(|b| b.len() as u64))
        .sum::<Result<u64>>()?;
    Ok((all.count(), bytes))
}

/// The end of a build that wrote its site: the times of the index, the pages and the whole
/// write, the doc anchors kept for the next build, and what was written.
pub(crate) fn written(
    mut summary: Summary,
    mut steps: Steps,
    started: Instant,
    [search, pages, write]: [Duration; 3],
    anchors: &Anchors,
    stats: crate::output::WriteStats,
) -> Result<Summary> {
    steps.done.push(("search", search));
    steps.done.push(("pages", pages));
    steps.done.push(("write", write));
    write_anchors(&summary.out, anchors)?;
    summary.wrote(stats);
    Ok(summary.timed(steps, started))
}

/// Stage "render": every file of the site a plan names, made when the writer asks for it:
/// the planned pages, the feeds of listed tickets, and the site-wide files made up front.
pub(crate) struct SiteOutput<'a> {
    renderer: render::PageRenderer<'a>,
    cfg: &'a Config,
    texts: &'a crate::i18n::Texts,
    pages: &'a [plan::PlannedPage],
    /// Ticket feeds: path and ticket.
    feeds: Vec<(String, &'a crate::privacy::PublicTicket)>,
    /// The words of ticket feeds by the ticket's language; empty: this part's.
    feed_texts: Vec<(&'a str, &'a crate::i18n::Texts)>,
    ready: &'a [(String, Vec<u8>)],
}

impl<'a> SiteOutput<'a> {
    /// The files of `pages`, of the feeds of the listed tickets at `feeds` (positions in the
    /// site; `None`: all of them) and `ready`.
    pub(crate) fn new(
        front: &'a Front,
        published: &'a Published,
        pages: &'a [plan::PlannedPage],
        feeds: Option<&[usize]>,
        ready: &'a [(String, Vec<u8>)],
    ) -> Self {
        use crate::render::feeds::{feed_tickets, ticket_feed_path};
        let all = feed_tickets(&published.site);
        let feed = |t: &'a crate::privacy::PublicTicket| (ticket_feed_path(t), t);
        SiteOutput {
            renderer: render::PageRenderer::with_recency(
                &front.tera,
                &front.texts,
                &front.cfg,
                &published.site,
                &published.docs,
                &published.flow,
                &published.recency,
            ),
            cfg: &front.cfg,
            texts: &front.texts,
            pages,
            feeds: match feeds {
                None => all.iter().map(feed).collect(),
                Some(at) => at.iter().map(|&i| feed(&all[i])).collect(),
            },
            feed_texts: Vec::new(),
            ready,
        }
    }

    /// Ticket feeds in the language each ticket is written in, one of `fronts`' (a site in
    /// several languages writes each ticket's feed once, see `site::languages`).
    pub(crate) fn feeds_in_ticket_language(mut self, fronts: &'a [Front]) -> Self {
        self.feed_texts = fronts
            .iter()
            .map(|f| (f.cfg.language.as_str(), &*f.texts))
            .collect();
        self
    }

    /// The same files below `prefix` ("de/"): the pages' and ready files' paths carry it
    /// already (`site::languages`), the feeds' get it here.
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        for f in &mut self.feeds {
            f.0.insert_str(0, prefix);
        }
        self
    }

    /// Every file, made in parallel.
    pub(crate) fn make_all(&self) -> Result<Vec<(String, Vec<u8>)>> {
        use crate::output::SiteFiles;
        use rayon::prelude::*;
        (0..self.count())
            .into_par_iter()
            .map(|i| Ok((self.path(i).to_string(), self.bytes(i)?.into_owned())))
            .collect()
    }
}

impl crate::output::SiteFiles for SiteOutput<'_> {
    fn count(&self) -> usize {
        self.pages.len() + self.feeds.len() + self.ready.len()
    }

    fn path(&self, i: usize) -> &str {
        let (p, f) = (self.pages.len(), self.feeds.len());
        if i < p {
            &self.pages[i].file
        } else if i < p + f {
            &self.feeds[i - p].0
        } else {
            &self.ready[i - p - f].0
        }
    }

    fn bytes(&self, i: usize) -> Result<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow;
        let (p, f) = (self.pages.len(), self.feeds.len());
        Ok(if i < p {
            Cow::Owned(self.renderer.render(&self.pages[i])?)
        } else if i < p + f {
            let t = self.feeds[i - p].1;
            let texts = self
                .feed_texts
                .iter()
                .find(|(code, _)| t.language() == Some(*code))
                .map_or(self.texts, |(_, texts)| *texts);
            Cow::Owned(crate::render::feeds::ticket_feed(self.cfg, texts, t).into_bytes())
        } else {
            Cow::Borrowed(&self.ready[i - p - f].1)
        })
    }
}

/// The validated `[intake]` table; errors name the config file. Without its own
/// `[[intake.categories]]`, the built-in categories promise what the workflow promises.
fn load_intake(cfg: &Config) -> Result<crate::render::intake::Intake> {
    let mut intake = crate::render::intake::Intake::from_table(&cfg.intake)
        .map_err(|e| anyhow::anyhow!("{}: {e}", cfg.path.display()))?;
    if !cfg.intake.contains_key("categories") {
        intake.promise_first_answers(&cfg.workflow);
    }
    Ok(intake)
}

/// `porchlight report docs`: the documentation feedback report, computed exactly as `build`
/// computes the report file; nothing is written.
pub fn report_docs(
    config: &Path,
    now: DateTime<Utc>,
) -> Result<crate::render::feedback::DocsReport> {
    let cfg = Config::load(config)?;
    let intake = load_intake(&cfg)?;
    let corpus = load_corpus(&cfg)?;
    // PRIVACY: see `build`; collect drops everything the gate does not publish.
    let raw = crate::render::feedback::scan(&corpus.tickets, &intake.marker);
    let site = privacy::gate(corpus, &cfg, now);
    let docs = render::render_docs(&site);
    Ok(
        crate::render::feedback::collect(&raw, &site, &docs, cfg.base_path(), &intake.marker)
            .report,
    )
}

/// Writes a new site skeleton into `dir`: config, the default content and the default theme.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join("porchlight.toml").exists() {
        bail!(
            "{} already has a porchlight.toml; init does not overwrite a site",
            dir.display()
        );
    }
    let mut written = Vec::new();
    let mut put = |rel: &str, bytes: &[u8]| -> Result<()> {
        crate::output::check_rel_path(rel)?;
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        if p.exists() {
            bail!(
                "{} already exists; init does not overwrite files",
                p.display()
            );
        }
        std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
        written.push(p);
        Ok(())
    };
    put("porchlight.toml", DEFAULT_CONFIG.as_bytes())?;
    for (rel, bytes) in crate::render::theme::DEFAULT_CONTENT {
        put(&format!("content/{rel}"), bytes)?;
    }
    for (rel, bytes) in Theme::default_files() {
        put(&format!("themes/default/{rel}"), bytes)?;
    }
    Ok(written)
}

/// The repository's own porchlight.toml, which `init` copies.
pub const DEFAULT_CONFIG: &str = include_str!("../../porchlight.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_id_names_both_files_in_read_order() {
        let t = |id: &str| crate::model::Ticket {
            id: id.into(),
            ..Default::default()
        };
        let (a, b) = (Path::new("a.json"), Path::new("b.json"));
        let in_a = [t("1"), t("2")];
        let in_b = [t("3"), t("2")];
        let both =
            "ticket id 2 appears in both a.json and b.json; each ticket must have its own id";
        let err = |r: Result<()>| r.unwrap_err().to_string();
        // A full build reads both files.
        let all = [(0, a, &in_a[..]), (1, b, &in_b[..])];
        assert_eq!(err(check_ids(all, |_| None)), both);
        // The watch loop read one of them again: the other, earlier or later in read
        // order, holds the id.
        let held_by = |entry, path| move |id: &str| (id == "2").then_some((entry, path));
        assert_eq!(err(check_ids([(1, b, &in_b[..])], held_by(0, a))), both);
        assert_eq!(err(check_ids([(0, a, &in_a[..])], held_by(1, b))), both);
        // Within one file; and no duplicate at all.
        let twice = [t("5"), t("5")];
        assert_eq!(
            err(check_ids([(0, a, &twice[..])], |_| None)),
            "a.json: ticket id 5 appears twice; each ticket must have its own id"
        );
        assert!(check_ids([(0, a, &in_a[..]), (1, b, &[t("3")][..])], |_| None).is_ok());
    }
}
