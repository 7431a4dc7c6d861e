//! The build, stage by stage: config → sources → privacy gate → plan → render + search index →
//! output. `cmd` functions in main.rs only call into here.

pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::model::Corpus;
use crate::plan::{self, PageKind};
use crate::privacy::{self, PublicSite};
use crate::render;
use crate::search::{self, EntryKind, SearchEntry, SearchSection};
use crate::sources;
use crate::render::theme::Theme;

/// What `build` and `check` were asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub config: PathBuf,
    /// Output folder; `None` means `public/` next to the config file.
    pub out: Option<PathBuf>,
    /// "Today" for SLA and overdue figures.
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
    let files = read_ticket_files(cfg)?;
    check_ids(&files)?;
    let mut corpus = Corpus::default();
    for (_, part) in files {
        corpus.extend(part);
    }
    corpus.docs.extend(read_doc_sources(cfg)?);
    clean_doc_slugs(&mut corpus.docs)?;
    Ok(corpus)
}

/// Every ticket export file the config names (a `tickets` entry may be a folder, see
/// [`sources::export_files`]), read in parallel, in config order and then path order.
pub fn read_ticket_files(cfg: &Config) -> Result<Vec<(PathBuf, Corpus)>> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    for entry in &cfg.tickets {
        if entry.is_dir() {
            let statuses = sources::redmine::read_statuses_beside(
                &entry.join(sources::redmine::STATUSES_FILE),
            )?
            .unwrap_or_default();
            let files = sources::export_files(entry)?;
            let parts: Vec<(PathBuf, Corpus)> = files
                .into_par_iter()
                .map(|f| {
                    let c =
                        sources::read_export_file(&f, cfg.format, cfg.redmine_markup, &statuses)?;
                    Ok((f, c))
                })
                .collect::<Result<_, sources::SourceError>>()?;
            out.extend(parts);
        } else {
            let c = sources::read_export_with(entry, cfg.format, cfg.redmine_markup)?;
            out.push((entry.clone(), c));
        }
    }
    Ok(out)
}

/// Refuses a ticket id that appears twice, naming where.
pub fn check_ids(files: &[(PathBuf, Corpus)]) -> Result<()> {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    for (path, part) in files {
        for t in &part.tickets {
            if let Some(prev) = first_seen.insert(&t.id, path) {
                if prev == path {
                    bail!(
                        "{}: ticket id {} appears twice; each ticket must have its own id",
                        path.display(),
                        t.id
                    );
                }
                bail!(
                    "ticket id {} appears in both {} and {}; each ticket must have its own id",
                    t.id,
                    prev.display(),
                    path.display()
                );
            }
        }
    }
    Ok(())
}

/// The docs folder and, with `[pull]`, the pulled Redmine wiki (published under docs/wiki/
/// unless it sits inside the docs folder, which already read it).
pub fn read_doc_sources(cfg: &Config) -> Result<Vec<crate::model::Doc>> {
    let mut docs = Vec::new();
    if let Some(dir) = &cfg.docs {
        docs.extend(sources::docs::read_dir(dir)?);
    }
    if let Some(wiki) = cfg.pull.as_ref().and_then(|p| p.wiki.as_ref()) {
        let inside_docs = cfg.docs.as_ref().is_some_and(|d| wiki.starts_with(d));
        if wiki.is_dir() && !inside_docs {
            for mut d in sources::docs::read_dir(wiki)? {
                d.slug = format!("wiki/{}", d.slug);
                docs.push(d);
            }
        }
    }
    Ok(docs)
}

/// Cleans every doc slug ([`crate::markup::slug::clean_slug`]) and refuses two docs at one URL.
pub fn clean_doc_slugs(docs: &mut [crate::model::Doc]) -> Result<()> {
    let mut slugs: HashMap<String, String> = HashMap::new();
    for d in docs {
        d.slug =
            crate::markup::slug::clean_slug(&d.slug).with_context(|| format!("{}: doc slug {:?}", d.source, d.slug))?;
        if let Some(prev) = slugs.insert(d.slug.clone(), d.source.clone()) {
            bail!(
                "{} and {} both publish docs/{}/; rename one of them",
                prev,
                d.source,
                d.slug
            );
        }
    }
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

/// The search entries of the docs, in site order.
/// The docs' plain text is moved out of `docs` (only the index uses it; their pages are made
/// from the HTML).
pub fn doc_entries(site: &PublicSite, docs: &mut [render::DocRender]) -> Vec<SearchEntry> {
    site.docs
        .iter()
        .zip(docs)
        .map(|(d, r)| SearchEntry {
            url: crate::model::urls::doc_url(&d.slug),
            title: d.title.clone(),
            kind: EntryKind::Doc,
            stage: None,
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

/// The search entry of a listed ticket.
pub fn ticket_entry(t: &crate::privacy::PublicTicket) -> SearchEntry {
    entry_of(t, render::ticket_sections(t))
}

/// The search entries of the public model (docs, then listed tickets, in site order). The
/// plain text of tickets and docs, which only the index uses, is moved out instead of copied:
/// at 100,000 tickets it is about 230 MB that would otherwise be held twice while the index
/// is built and the pages are written.
pub fn take_search_entries(
    site: &mut PublicSite,
    docs: &mut [render::DocRender],
) -> Vec<SearchEntry> {
    use rayon::prelude::*;
    let mut out = doc_entries(site, docs);
    let tickets: Vec<SearchEntry> = site
        .tickets
        .par_iter_mut()
        .map(|t| {
            let description = std::mem::take(&mut t.description.text);
            let notes = t
                .notes
                .iter_mut()
                .map(|n| std::mem::take(&mut n.body.text))
                .collect();
            entry_of(t, render::ticket_sections_with(t, description, notes))
        })
        .collect();
    out.extend(tickets);
    out
}

fn entry_of(
    t: &crate::privacy::PublicTicket,
    sections: Vec<crate::markup::DocSection>,
) -> SearchEntry {
    SearchEntry {
        url: crate::model::urls::ticket_url(&t.id),
        title: format!("#{} {}", t.id, t.title),
        kind: EntryKind::Ticket,
        stage: Some(t.stage.name().to_string()),
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

/// Runs the whole pipeline.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let mut steps = Steps::new(opts.progress);
    let front = load_front(&mut steps, &opts.config)?;
    let corpus = step(&mut steps, "read", || load_corpus(&front.cfg))?;
    // PRIVACY: labels and raw descriptions are gone after the gate, so feedback tickets are
    // found here; feedback::collect keeps only what the gate publishes.
    let raw_feedback = crate::render::feedback::scan(&corpus.tickets, &front.intake.marker);
    let site = step(&mut steps, "gate", || {
        Ok(privacy::gate(corpus, &front.cfg, opts.now))
    })?;
    let (summary, _) = finish(
        opts,
        started,
        steps,
        &front,
        site,
        &raw_feedback,
        false,
        search::build_index_freeing,
    )?;
    Ok(summary)
}

/// What every build loads before the sources: config, theme, templates and intake.
pub(crate) struct Front {
    pub cfg: Config,
    pub theme: Theme,
    pub tera: tera::Tera,
    pub intake: crate::render::intake::Intake,
}

pub(crate) fn load_front(steps: &mut Steps, config: &Path) -> Result<Front> {
    let cfg = step(steps, "config", || Config::load(config))?;
    let theme = step(steps, "theme", || Theme::load(&cfg.root, &cfg.theme))?;
    let tera = step(steps, "templates", || render::load_templates(&theme))?;
    let intake = load_intake(&cfg)?;
    Ok(Front {
        cfg,
        theme,
        tera,
        intake,
    })
}

/// What a full build leaves for the watch loop's next incremental rebuild.
pub(crate) struct Rest {
    pub site: PublicSite,
    pub docs: Vec<render::DocRender>,
    pub flow: crate::render::feedback::Flow,
    pub entries: Vec<SearchEntry>,
    pub manifest: std::collections::BTreeMap<String, String>,
}

/// Warnings of the gate and the docs, in the order the summary prints them.
pub(crate) fn all_warnings(site: &PublicSite, docs: &[render::DocRender]) -> Vec<String> {
    let mut warnings = site.report.warnings.clone();
    for (d, r) in site.docs.iter().zip(docs) {
        for link in &r.rendered.broken_links {
            warnings.push(format!(
                "{}: link {link:?} points to no published doc",
                d.source
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

/// The feedback report and the new-ticket page's suggestions (small files made up front).
pub(crate) fn feedback_files(
    site: &PublicSite,
    docs: &[render::DocRender],
    flow: &crate::render::feedback::Flow,
) -> Vec<(String, Vec<u8>)> {
    vec![
        // Not linked from any page; holds only doc paths, counts and public ticket ids.
        (
            crate::render::feedback::REPORT_FILE.to_string(),
            crate::render::feedback::report_json(&flow.feedback.report),
        ),
        (
            crate::render::feedback::SUGGEST_FILE.to_string(),
            crate::render::feedback::suggest_json(site, docs),
        ),
    ]
}

/// The rest of a full build after the gate: docs, feedback, warnings, search index, feeds,
/// then pages rendered while they are written. `index` builds the search files.
// The stages before hand over their parts; a struct for two callers would only rename them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish(
    opts: &BuildOptions,
    started: Instant,
    mut steps: Steps,
    front: &Front,
    site: PublicSite,
    raw_feedback: &[crate::render::feedback::RawFeedback],
    keep: bool,
    index: impl FnOnce(&mut [SearchEntry], &search::Emit<'_>) -> Vec<(String, Vec<u8>)> + Send,
) -> Result<(Summary, Rest)> {
    let cfg = &front.cfg;
    let plan = plan::plan(&site, cfg.base_path());
    let mut docs = step(&mut steps, "docs", || Ok(render::render_docs(&site)))?;
    let mut site = site;
    if !keep {
        // A plain build is done with the docs' Markdown: pages are made from the HTML
        // (65 MB of sources at 10,000 docs).
        for d in &mut site.docs {
            d.body = String::new();
        }
    }
    let flow = crate::render::feedback::Flow {
        feedback: crate::render::feedback::collect(
            raw_feedback,
            &site,
            &docs,
            cfg.base_path(),
            &front.intake.marker,
        ),
        intake: front.intake.clone(),
    };
    let warnings = all_warnings(&site, &docs);
    check_strict(opts.strict, &warnings)?;

    // The small files are made here; pages and ticket feeds are rendered while they are
    // written (`SiteOutput`), so the rendered site is never held in memory all at once.
    let mut files = feedback_files(&site, &docs, &flow);
    let mut entries = take_search_entries(&mut site, &mut docs);
    files.extend(crate::render::feeds::site_files(cfg, &site));
    for (name, bytes) in front.theme.statics() {
        files.push((format!("static/{name}"), bytes.to_vec()));
    }
    let mut summary = Summary {
        out: opts.out.clone().unwrap_or_else(|| cfg.root.join("public")),
        tickets_published: site.tickets.len(),
        tickets_private: site.report.tickets_private,
        skipped: site.report.skipped.clone(),
        tickets_unlisted: site.report.tickets_unlisted,
        unlisted_without_secret: site.report.unlisted_without_secret,
        tickets_refused: site.report.tickets_refused,
        notes_published: site.tickets.iter().map(|t| t.notes.len()).sum(),
        notes_private: site.report.notes_private,
        docs: plan
            .pages
            .iter()
            .filter(|p| matches!(p.kind, PageKind::Doc(_)))
            .count(),
        drafts: site.report.drafts,
        warnings,
        ..Summary::default()
    };
    // The parts the pages are rendered from. A plain build drops them as soon as the pages
    // are written: the index goes on alone for a while after that (about a second at 100,000
    // tickets), and they were ~100 MB of the ~650 MB in use then (measured with a counting
    // allocator).
    let mut held = Some((site, docs, plan));
    let manifest = if opts.write {
        // The search index is built on the thread pool while the pages are rendered and
        // written: writing is one thread's work (see `output::write_site_with`), and the
        // index keeps the other cores busy meanwhile. Its excerpt bundles are written as
        // they are made (their text is freed then), its other files last.
        let t = Instant::now();
        let parts = held.take();
        let (stats, manifest, (search, pages)) =
            crate::output::write_site_with(&summary.out, |sink| {
                // Excerpt bundles the index hands out early; a failed send means the
                // writer stopped, whose own error is the one reported.
                let emit = |path: String, bytes: Vec<u8>| {
                    let _ = sink.write_owned(vec![(path, bytes)]);
                };
                let ((index_files, search), (pages, parts)) = rayon::join(
                    || {
                        let t = Instant::now();
                        (index(&mut entries, &emit), t.elapsed())
                    },
                    || {
                        let t = Instant::now();
                        let written = parts.as_ref().map_or(Ok(()), |(site, docs, plan)| {
                            sink.write_all(&SiteOutput::new(front, &flow, &files, site, docs, plan))
                        });
                        (written.map(|()| t.elapsed()), parts.filter(|_| keep))
                    },
                );
                held = parts;
                let pages = pages?;
                sink.write_owned(index_files)?;
                Ok((search, pages))
            })?;
        steps.done.push(("search", search));
        steps.done.push(("pages", pages));
        steps.done.push(("write", t.elapsed()));
        summary.files = stats.files;
        summary.bytes = stats.bytes;
        summary.write = Some(stats);
        manifest
    } else {
        // `check`: every page is still rendered (to find template errors) and the index
        // built; only sizes are kept.
        let early = std::sync::Mutex::new((0usize, 0u64));
        let count_early = |_: String, bytes: Vec<u8>| {
            let mut e = early.lock().unwrap_or_else(|e| e.into_inner());
            e.0 += 1;
            e.1 += bytes.len() as u64;
        };
        let index_files = step(&mut steps, "search", || {
            Ok(index(&mut entries, &count_early))
        })?;
        let early = early.into_inner().unwrap_or_else(|e| e.into_inner());
        let (count, bytes) = step(&mut steps, "render", || {
            use crate::output::SiteFiles;
            use rayon::prelude::*;
            let Some((site, docs, plan)) = &held else {
                return Ok((0, 0));
            };
            let all = SiteOutput::new(front, &flow, &files, site, docs, plan);
            let bytes = (0..all.count())
                .into_par_iter()
                .map(|i| all.bytes(i).map(|b| b.len() as u64))
                .sum::<Result<u64>>()?;
            Ok((all.count(), bytes))
        })?;
        summary.files = count + index_files.len() + early.0;
        summary.bytes = bytes + index_files.iter().map(|f| f.1.len() as u64).sum::<u64>() + early.1;
        Default::default()
    };
    // A plain build needs the entries no more (the watch loop keeps them).
    let entries = if keep { entries } else { Vec::new() };
    summary.steps = steps.finish();
    summary.total = started.elapsed();
    // Only a plain build that wrote its files has let go of the site.
    let (site, docs) = held.map(|(s, d, _)| (s, d)).unwrap_or_default();
    Ok((
        summary,
        Rest {
            site,
            docs,
            flow,
            entries,
            manifest,
        },
    ))
}

/// Every file of the site: pages and ticket feeds are rendered when the writer asks for them.
struct SiteOutput<'a> {
    renderer: render::PageRenderer<'a>,
    cfg: &'a Config,
    pages: &'a [plan::PlannedPage],
    feed_tickets: &'a [crate::privacy::PublicTicket],
    feed_paths: Vec<String>,
    ready: &'a [(String, Vec<u8>)],
}

impl<'a> SiteOutput<'a> {
    fn new(
        front: &'a Front,
        flow: &'a crate::render::feedback::Flow,
        ready: &'a [(String, Vec<u8>)],
        site: &'a PublicSite,
        docs: &'a [render::DocRender],
        plan: &'a plan::SitePlan,
    ) -> Self {
        let feed_tickets = crate::render::feeds::feed_tickets(site);
        SiteOutput {
            renderer: render::PageRenderer::new(&front.tera, &front.cfg, site, docs, flow),
            cfg: &front.cfg,
            pages: &plan.pages,
            feed_paths: feed_tickets
                .iter()
                .map(crate::render::feeds::ticket_feed_path)
                .collect(),
            feed_tickets,
            ready,
        }
    }
}

impl crate::output::SiteFiles for SiteOutput<'_> {
    fn count(&self) -> usize {
        self.pages.len() + self.feed_paths.len() + self.ready.len()
    }

    fn path(&self, i: usize) -> &str {
        let (p, f) = (self.pages.len(), self.feed_paths.len());
        if i < p {
            &self.pages[i].file
        } else if i < p + f {
            &self.feed_paths[i - p]
        } else {
            &self.ready[i - p - f].0
        }
    }

    fn bytes(&self, i: usize) -> Result<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow;
        let (p, f) = (self.pages.len(), self.feed_paths.len());
        Ok(if i < p {
            Cow::Owned(self.renderer.render(&self.pages[i])?)
        } else if i < p + f {
            Cow::Owned(crate::render::feeds::ticket_feed(self.cfg, &self.feed_tickets[i - p]).into_bytes())
        } else {
            Cow::Borrowed(&self.ready[i - p - f].1)
        })
    }
}

/// The validated `[intake]` table; errors name the config file.
fn load_intake(cfg: &Config) -> Result<crate::render::intake::Intake> {
    crate::render::intake::Intake::from_table(&cfg.intake)
        .map_err(|e| anyhow::anyhow!("{}: {e}", cfg.path.display()))
}

/// `porchlight report docs`: the documentation feedback report, computed exactly as `build`
/// computes the report file; nothing is written.
pub fn report_docs(config: &Path, now: DateTime<Utc>) -> Result<crate::render::feedback::DocsReport> {
    let cfg = Config::load(config)?;
    let intake = load_intake(&cfg)?;
    let corpus = load_corpus(&cfg)?;
    // PRIVACY: see `build`; collect drops everything the gate does not publish.
    let raw = crate::render::feedback::scan(&corpus.tickets, &intake.marker);
    let site = privacy::gate(corpus, &cfg, now);
    let docs = render::render_docs(&site);
    Ok(crate::render::feedback::collect(&raw, &site, &docs, cfg.base_path(), &intake.marker).report)
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
