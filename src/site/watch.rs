//! The watch loop's memory: what the last build computed, kept between saves so a change
//! redoes only what it touched.
//!
//! `porchlight watch` and `serve` hold one [`Session`]. Its first build is a normal full build
//! (atomic folder swap) that also keeps, per ticket, a fingerprint of the raw ticket and the
//! gate's verdict, and the public model, rendered docs, search entries, search-index cache and
//! manifest. After a save of ticket files it re-reads only those files, re-gates only the
//! tickets whose fingerprint changed (and the customer tickets that roll up an internal issue
//! that changed), and re-renders only the pages that show them: the ticket's page and feed, its
//! page of the ticket list, the home page, the site feed, the sitemap, the search files and
//! the other site-wide pages. Files are replaced in place ([`output::update_site`]).
//!
//! What forces a full build instead: the first build, a change of the config, the theme or a
//! tickets folder's non-ticket files (`issue_statuses.json`), a new day (ages and overdue
//! marks are by date), a path it cannot place, and any error (the next save then starts
//! over, so a failed update never leaves the memory out of step with the folder). A change
//! of docs re-reads and re-renders the docs but not the tickets.
//!
//! Both builds run the same stage functions (`site`, `plan`, `privacy`): a full build runs
//! them as `site::build` does, keeping what they made; an update runs them on what changed
//! (one file read, some tickets gated, the pages a `plan::Change` names rendered). The
//! result is the same bytes a full build writes: `tests/watch_incremental.rs` compares
//! every file after every kind of change.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;

use crate::model::{Corpus, Doc, Ticket};
use crate::output::{self, Change};
use crate::plan;
use crate::privacy::{self, id_order, list_order, PublicTicket, Rollup, Verdict, VerdictKind};
use crate::render;
use crate::render::feedback::RawFeedback;
use crate::search::{IndexCache, SearchEntry};
use crate::site::{self, BuildOptions, Front, Published, SiteWide, Summary, TicketSources};
use crate::sources;

/// The watch loop's build state; empty until the first build and after any error.
#[derive(Default)]
pub struct Session {
    state: Option<Box<State>>,
}

/// What must be the same for an incremental rebuild to be valid.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    config: PathBuf,
    out: PathBuf,
    today: NaiveDate,
    strict: bool,
}

struct State {
    key: Key,
    now: DateTime<Utc>,
    front: Front,
    /// The config's `tickets` entries, to read changed files of.
    sources: TicketSources,
    /// Ticket export files in read order (config order, then path order in a folder).
    files: Vec<FileState>,
    /// Every ticket read, private ones included, by id.
    memos: HashMap<String, Memo>,
    /// Internal issue id → the tickets that name it as their related internal issue.
    dependents: HashMap<String, BTreeSet<String>>,
    /// The listed tickets, which `#123` in ticket text links to.
    refs: privacy::TicketRefs,
    /// Every ticket id some ticket's text references as `#ID` (only ever grows): when one of
    /// them becomes listed or stops being listed, the texts that name it are rendered again
    /// by a full build.
    mentioned: HashSet<String>,
    /// The public site as the pages are made from it, kept up to date ticket by ticket.
    published: Published,
    /// The search entries of `published`, in site order: docs, then listed tickets.
    entries: Vec<SearchEntry>,
    manifest: output::Manifest,
    index: IndexCache,
    /// Positions in `entries` replaced since the index was last built (a ticket's new
    /// stage included: it keeps its place), or `None` when entries were removed, moved or
    /// inserted before others (the index then compares them all). Entries appended at the end
    /// (a new ticket, opened last) need no position: the index takes any
    /// entries past its last length as changed.
    entries_changed: Option<Vec<usize>>,
    /// The parts of `new/suggest.json`: the docs, and per listed ticket (in site order) its
    /// entry when open.
    suggest_docs: String,
    suggest: Vec<Option<String>>,
}

struct FileState {
    path: Arc<Path>,
    /// Position of its `tickets` entry in the config.
    entry: usize,
    ids: Vec<String>,
    /// Docs the export carries (the native format may).
    docs: Vec<Doc>,
}

/// What the session remembers of one raw ticket (not the ticket itself: that would double
/// the memory of a large site).
struct Memo {
    file: Arc<Path>,
    fingerprint: u64,
    rollup: Rollup,
    related: Option<String>,
    /// Its project, for [`privacy::check_project_names`] when a save adds tickets.
    project: Option<String>,
    /// Kept only for tickets that name a related internal issue: they are re-gated when that
    /// issue changes, without re-reading their file.
    raw: Option<Ticket>,
    /// PRIVACY: crate-internal scan result; only `feedback::collect` reads it.
    feedback: Option<RawFeedback>,
    /// `None` until the ticket has been gated.
    verdict: Option<Verdict>,
    /// The opening date of its public version, which places it in `site.tickets` (see
    /// [`find`]); carried with `verdict` until the ticket is gated again.
    opened: Option<DateTime<Utc>>,
}

/// A stable fingerprint of a raw ticket: equal tickets give equal values within a process.
fn fingerprint(t: &Ticket) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// Absolute and canonical, as the watcher reports paths (see `serve::absolute`).
fn absolute(p: &Path) -> PathBuf {
    crate::output::paths::absolute(p)
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Forgets everything: the next rebuild is a full build.
    pub fn reset(&mut self) {
        self.state = None;
    }

    /// Builds after `changed` paths changed (empty: nothing known, build everything).
    /// Incremental when it can be, a full build otherwise; see the module note.
    pub fn rebuild(&mut self, opts: &BuildOptions, changed: &BTreeSet<PathBuf>) -> Result<Summary> {
        let config = absolute(&opts.config);
        let out = match &opts.out {
            Some(o) => absolute(o),
            // As `build`: `public/` next to the config.
            None => config
                .parent()
                .map(|r| r.join("public"))
                .unwrap_or_else(|| PathBuf::from("public")),
        };
        let key = Key {
            config,
            out,
            today: opts.now.date_naive(),
            strict: opts.strict,
        };
        let incremental = !changed.is_empty()
            && self.state.as_ref().is_some_and(|s| {
                s.key == key && !s.promise_fell_due(opts.now) && s.placeable(changed)
            });
        let mut r = if incremental {
            let state = self.state.as_mut().expect("checked above");
            state.update(opts, changed)
        } else {
            Err(NeedsFull.into())
        };
        if r.as_ref().is_err_and(|e| e.is::<NeedsFull>()) {
            self.state = None;
            r = full(opts, key).map(|(summary, state)| {
                self.state = state.map(Box::new);
                summary
            });
        }
        if r.is_err() {
            self.state = None;
        }
        r
    }
}

/// An incremental update found it cannot do the work (a referenced ticket joined or left the
/// listed ones); nothing was written, and a full build follows.
#[derive(Debug, thiserror::Error)]
#[error("a full build is needed")]
struct NeedsFull;

/// The ids that `#ID` references in the ticket's text name.
fn mentions_of(t: &Ticket) -> impl Iterator<Item = &str> {
    crate::markup::refs::mentions(&t.description).chain(
        t.notes
            .iter()
            .flat_map(|n| crate::markup::refs::mentions(&n.text)),
    )
}

/// A full build that keeps its state: the stages of `site::build`, with the site and the
/// search entries lent to the output stage instead of handed over.
/// A full build that keeps its state; a multilingual site keeps none, so every save builds it
/// in full (see `site::languages`).
fn full(opts: &BuildOptions, key: Key) -> Result<(Summary, Option<State>)> {
    let started = Instant::now();
    let mut opts = opts.clone();
    opts.out = Some(key.out.clone());
    let mut steps = site::Steps::new(false);
    let front = site::load_front(&mut steps, &opts.config)?;
    if front.cfg.multilingual() {
        return site::languages::build(&opts, started, steps, front).map(|s| (s, None));
    }
    let cfg = &front.cfg;
    let (sources, read) = site::step(&mut steps, "read", || site::read_tickets(cfg))?;
    let marker = front.intake.marker.clone();
    let mut files = Vec::with_capacity(read.len());
    let mut memos: HashMap<String, Memo> = HashMap::new();
    for f in &read {
        let path: Arc<Path> = absolute(&f.path).into();
        let new: Vec<(String, Memo)> = f
            .corpus
            .tickets
            .par_iter()
            .map(|t| (t.id.clone(), memo(t, &path, cfg, &marker)))
            .collect();
        files.push(FileState {
            path,
            entry: f.entry,
            ids: new.iter().map(|(id, _)| id.clone()).collect(),
            docs: f.corpus.docs.clone(),
        });
        memos.extend(new);
    }
    let all = || read.iter().flat_map(|f| &f.corpus.tickets);
    let refs = privacy::TicketRefs::of(all(), cfg);
    let mentioned: HashSet<String> = all().flat_map(mentions_of).map(str::to_string).collect();
    let corpus = site::corpus_of(cfg, read)?;
    let raw_feedback = crate::render::feedback::scan(&corpus.tickets, &marker);
    let (site, verdicts) = site::step(&mut steps, "gate", || {
        Ok(privacy::gate_with_verdicts(corpus, cfg, opts.now))
    })?;
    let mut at = 0;
    for f in &files {
        for id in &f.ids {
            if let Some(m) = memos.get_mut(id) {
                m.verdict = Some(verdicts[at].clone());
            }
            at += 1;
        }
    }
    for t in site.tickets.iter().chain(&site.unlisted) {
        if let Some(m) = memos.get_mut(t.id()) {
            m.opened = Some(t.opened());
        }
    }
    let mut dependents: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (id, m) in &memos {
        if let Some(r) = &m.related {
            dependents.entry(r.clone()).or_default().insert(id.clone());
        }
    }
    let (published, entries) = site::step(&mut steps, "docs", || {
        Ok(site::publish(&front, site, &raw_feedback))
    })?;
    let suggest_docs = crate::render::feedback::suggest_docs(&published.site, &published.docs);
    let suggest: Vec<Option<String>> = published
        .site
        .tickets
        .par_iter()
        .map(crate::render::feedback::suggest_ticket)
        .collect();
    let mut index = IndexCache::in_language(&crate::search::SearchLanguage::for_code(
        &front.cfg.language,
    ));
    let (summary, manifest) = site::finish(
        &opts,
        started,
        steps,
        &front,
        &published,
        |_| {
            crate::render::feedback::suggest_assemble(
                &suggest_docs,
                suggest.iter().flatten().map(String::as_str),
            )
        },
        |_| index.build(&entries),
    )?;
    let state = State {
        suggest_docs,
        suggest,
        key,
        now: opts.now,
        front,
        sources,
        files,
        memos,
        dependents,
        refs,
        mentioned,
        published,
        entries,
        manifest,
        index,
        entries_changed: Some(Vec::new()),
    };
    Ok((summary, Some(state)))
}

/// Which `tickets` entry (by config position) holds `path`.
fn entry_of(entries: &[PathBuf], path: &Path) -> Option<usize> {
    entries
        .iter()
        .position(|e| e == path || (e.is_dir() && path.starts_with(e)))
}

fn memo(t: &Ticket, file: &Arc<Path>, cfg: &crate::config::Config, marker: &str) -> Memo {
    let related = privacy::related_internal(t).map(str::to_string);
    Memo {
        file: Arc::clone(file),
        fingerprint: fingerprint(t),
        rollup: privacy::rollup_of(t, cfg),
        raw: related.is_some().then(|| t.clone()),
        project: t.project.clone(),
        related,
        feedback: crate::render::feedback::scan(std::slice::from_ref(t), marker).pop(),
        // Set right after the gate.
        verdict: None,
        opened: None,
    }
}

/// What one update changed in the public model.
#[derive(Default)]
struct Touched {
    /// Listed tickets (by id) whose page, feed and list page are rendered again.
    listed: BTreeSet<String>,
    /// Unlisted tickets whose secret-link page is rendered again.
    unlisted: BTreeSet<String>,
    /// Files of tickets that left the site (or moved to another URL).
    gone: Vec<String>,
    /// Listed tickets taken out and put in: when they differ, every list page moves.
    listed_out: BTreeSet<String>,
    listed_in: BTreeSet<String>,
    /// A listed ticket was taken out and put back at another place (a new opening date).
    reordered: bool,
    /// The lowest position a listed ticket was taken out of or put in at, as each happened
    /// (a change at position p moves nothing below p, so nothing below the lowest moved).
    moved_from: Option<usize>,
    /// The lowest position of a listed ticket that kept its place but changed stage: it left
    /// one stage's list (and maybe Open or Closed) and joined another.
    restaged: Option<usize>,
    /// A listed ticket's last-update date changed (the sitemap's `lastmod`).
    lastmod: bool,
    /// A listed ticket's title or stage changed (the new-ticket page's suggestions).
    card: bool,
    /// A ticket that is or was a feedback ticket changed (the docs' feedback lists).
    feedback: bool,
    /// A changed ticket had or has a warning.
    warnings: bool,
}

impl Touched {
    /// A listed ticket was taken out of or put in at position `i`.
    fn moved(&mut self, i: usize) {
        self.moved_from = Some(self.moved_from.map_or(i, |m| m.min(i)));
    }

    /// Whether the set of listed tickets changed.
    fn listed_set(&self) -> bool {
        self.listed_out != self.listed_in || self.reordered
    }

    /// The sitemap names every list page: a new stage may change how many a list has.
    fn sitemap(&self) -> bool {
        self.lastmod || self.listed_set() || self.restaged.is_some()
    }

    /// Where the filtered lists (open, closed, per stage) may have changed from.
    fn refiled_from(&self) -> Option<usize> {
        match (self.moved_from, self.restaged) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn suggestions(&self) -> bool {
        self.card || self.listed_set()
    }
}

impl State {
    fn entries(&self) -> Vec<PathBuf> {
        self.front.cfg.tickets.iter().map(|p| absolute(p)).collect()
    }

    fn docs_dirs(&self) -> Vec<PathBuf> {
        let cfg = &self.front.cfg;
        let mut dirs: Vec<PathBuf> = cfg.docs.iter().map(|p| absolute(p)).collect();
        if let Some(w) = cfg.pull.as_ref().and_then(|p| p.wiki.as_ref()) {
            dirs.push(absolute(w));
        }
        dirs
    }

    /// Whether every changed path is a ticket file or under a docs folder, so the update can
    /// be incremental.
    /// A promise of an open ticket fell due since the full build: its pages (and its card's
    /// "Past our target") changed without any change of its own, so the next build is full.
    /// Incremental updates gate changed tickets with the full build's `now`, which keeps the
    /// site one picture of one moment until then.
    fn promise_fell_due(&self, now: DateTime<Utc>) -> bool {
        let site = &self.published.site;
        site.tickets
            .iter()
            .chain(&site.unlisted)
            .any(|t| t.next_due().is_some_and(|d| d < now))
    }

    fn placeable(&self, changed: &BTreeSet<PathBuf>) -> bool {
        let entries = self.entries();
        let docs = self.docs_dirs();
        changed.iter().all(|p| {
            let p = absolute(p);
            match entry_of(&entries, &p) {
                Some(i) if entries[i] == p => p.is_file(),
                // In a tickets folder: only ticket files, existing or known (a vanished path
                // that was never read may have been a folder named like a file).
                Some(_) => {
                    sources::is_export_file(&p)
                        && (p.is_file() || self.files.iter().any(|f| *f.path == *p))
                }
                None => docs.iter().any(|d| p.starts_with(d)),
            }
        })
    }

    fn update(&mut self, opts: &BuildOptions, changed: &BTreeSet<PathBuf>) -> Result<Summary> {
        let started = Instant::now();
        let mut steps = site::Steps::new(false);
        let entries = self.entries();
        let docs_dirs = self.docs_dirs();
        let mut ticket_paths = BTreeSet::new();
        let mut docs_changed = false;
        // `pull` rewrites the wiki folder next to the snapshot it rewrites: a snapshot change
        // re-reads the docs too.
        let snapshot = self.front.cfg.pull.as_ref().map(|p| absolute(&p.snapshot));
        for p in changed {
            let p = absolute(p);
            if entry_of(&entries, &p).is_some() {
                docs_changed |= snapshot.as_ref() == Some(&p);
                ticket_paths.insert(p);
            } else if docs_dirs.iter().any(|d| p.starts_with(d)) {
                docs_changed = true;
            }
        }
        let old_list_pages = plan::list_pages(self.published.site.tickets.len());
        let old_counts = plan::filtered_counts(self.published.recency.iter().map(|r| r.stage));

        // Read the changed ticket files and find the tickets that changed.
        let (pending, removed, export_docs_changed, feedback_changed) =
            site::step(&mut steps, "read", || {
                self.read_changes(&entries, &ticket_paths)
            })?;
        docs_changed |= export_docs_changed;

        // `#ID` links: a ticket that joins or leaves the listed ones changes the text of every
        // ticket that names it; those are rendered by a full build (before anything is
        // written here).
        let cfg = &self.front.cfg;
        for t in &pending {
            self.mentioned.extend(mentions_of(t).map(str::to_string));
        }
        let mut refs = self.refs.clone();
        let mut moved: Vec<&str> = Vec::new();
        for id in &removed {
            if refs.update(id, None, cfg) {
                moved.push(id);
            }
        }
        for t in &pending {
            if refs.update(&t.id, Some(t), cfg) {
                moved.push(&t.id);
            }
        }
        if moved.iter().any(|id| self.mentioned.contains(*id)) {
            return Err(NeedsFull.into());
        }
        self.refs = refs;

        // Gate them (and the tickets that roll up a changed internal issue).
        let mut touched = site::step(&mut steps, "gate", || Ok(self.regate(pending, removed)))?;
        touched.feedback |= feedback_changed;

        // Docs: re-read, gate and render all of them when any changed.
        let old_doc_files = if docs_changed {
            self.doc_files()
        } else {
            BTreeSet::new()
        };
        site::step(&mut steps, "docs", || {
            let cfg = &self.front.cfg;
            if docs_changed {
                let docs: Vec<Doc> = self.files.iter().flat_map(|f| f.docs.clone()).collect();
                let (docs, assets, _) = site::read_docs(cfg, docs)?;
                let p = &mut self.published;
                (p.site.docs, p.site.report.drafts) = privacy::gate_docs(docs);
                // PRIVACY: the docs folder's own files, as the gate passes them on in `gate`.
                p.site.assets = assets;
                let (docs, entries) = site::publish_docs(&mut p.site);
                p.docs = docs;
                // Search entries follow the site's order: docs, then listed tickets.
                let old_ndocs = self.entries.len() - p.site.tickets.len();
                self.entries.splice(0..old_ndocs, entries);
                self.entries_changed = None;
            }
            // Counts were kept up to date ticket by ticket; the warnings, which follow corpus
            // order, are collected again only when a changed ticket had or has one.
            if touched.warnings {
                let report = privacy::report_from(self.verdicts(), cfg);
                self.published.site.report.warnings = report.warnings;
            }
            Ok(())
        })?;
        let mut summary = Summary::of(self.key.out.clone(), &self.published);
        site::check_strict(opts.strict, &summary.warnings)?;

        // Feedback lists per doc: joined again when a feedback ticket, the listed set (the
        // lists hold positions in it) or the docs changed.
        let feedback = touched.feedback || touched.listed_set() || docs_changed;
        let old_feedback = if feedback {
            let raw: Vec<RawFeedback> = self
                .files
                .iter()
                .flat_map(|f| f.ids.iter())
                .filter_map(|id| self.memos.get(id).and_then(|m| m.feedback.clone()))
                .collect();
            let p = &self.published;
            let (cfg, marker) = (&self.front.cfg, &self.front.intake.marker);
            let new =
                crate::render::feedback::collect(&raw, &p.site, &p.docs, cfg.base_path(), marker);
            Some(std::mem::replace(&mut self.published.flow.feedback, new))
        } else {
            None
        };

        // The pages to make again, and the ticket feeds.
        let t = Instant::now();
        let p = &self.published;
        let site = &p.site;
        let change = plan::Change {
            docs: docs_changed,
            // List pages are cut from the oldest ticket: one put in or taken out moves the
            // newer ones (see `plan::list_pages`).
            moved_from: touched.moved_from,
            refiled_from: touched.refiled_from(),
            old_counts,
            old_list_pages,
            // After a docs change, also the intake tickets: their "Asked from" line shows a
            // doc's title and heading.
            tickets: touched
                .listed
                .iter()
                .filter_map(|id| {
                    let opened = self.memos.get(id).and_then(|m| m.opened)?;
                    find(&site.tickets, opened, id).ok()
                })
                .chain(asked_from(&site.tickets, docs_changed))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            unlisted: touched
                .unlisted
                .iter()
                .filter_map(|id| find_unlisted(&site.unlisted, id).ok())
                .chain(asked_from(&site.unlisted, docs_changed))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            // Besides a docs change, the docs whose feedback tickets may show a changed card.
            doc_pages: if touched.listed_set() || !touched.listed.is_empty() {
                let by_doc = &p.flow.feedback.by_doc;
                let old_by_doc = old_feedback.as_ref().map_or(by_doc, |f| &f.by_doc);
                (0..site.docs.len())
                    .filter(|&i| {
                        !by_doc.get(i).is_none_or(Vec::is_empty)
                            || !old_by_doc.get(i).is_none_or(Vec::is_empty)
                    })
                    .collect()
            } else {
                Vec::new()
            },
        };
        let pages = plan::pages(
            site,
            self.front.cfg.base_path(),
            plan::Scope::Changed(&change),
        );
        let made =
            site::SiteOutput::new(&self.front, p, &pages, Some(&change.tickets), &[]).make_all()?;
        let mut changes: Vec<Change> = made.into_iter().map(|(p, b)| (p, Some(b))).collect();
        if docs_changed {
            // The files docs reference (a changed image too) and the alias redirects.
            let beside = site::doc_files_beside(&self.front.cfg, p)?;
            changes.extend(beside.into_iter().map(|(p, b)| (p, Some(b))));
        }
        steps.done.push(("pages", t.elapsed()));
        let t = Instant::now();
        // Site-wide files, each only when what it shows may have changed.
        if docs_changed {
            self.suggest_docs = crate::render::feedback::suggest_docs(site, &p.docs);
        }
        let which = SiteWide {
            report: feedback,
            suggest: touched.suggestions() || docs_changed,
            sitemaps: touched.sitemap() || docs_changed,
            fixed: false,
        };
        let small = site::site_wide_files(&self.front, p, which, || {
            crate::render::feedback::suggest_assemble(
                &self.suggest_docs,
                self.suggest.iter().flatten().map(String::as_str),
            )
        });
        // Files of a kind that may have shrunk: sitemaps, list pages, docs.
        let mut keep: BTreeSet<&str> = small.iter().map(|(p, _)| p.as_str()).collect();
        let doc_files = if docs_changed {
            self.doc_files()
        } else {
            BTreeSet::new()
        };
        keep.extend(doc_files.iter().map(String::as_str));
        let mut gone: Vec<String> = touched.gone.clone();
        if which.sitemaps {
            gone.extend(gone_under(&self.manifest, "sitemaps/", &keep));
        }
        gone.extend(plan::lists_gone(&change, site));
        gone.extend(
            old_doc_files
                .into_iter()
                .filter(|f| !keep.contains(f.as_str())),
        );
        changes.extend(small.into_iter().map(|(p, b)| (p, Some(b))));
        steps.done.push(("feeds", t.elapsed()));
        let t = Instant::now();
        let written: BTreeSet<&str> = changes.iter().map(|(p, _)| p.as_str()).collect();
        let gone: BTreeSet<String> = gone
            .into_iter()
            .filter(|p| !written.contains(p.as_str()))
            .collect();
        changes.extend(gone.into_iter().map(|p| (p, None)));
        let out = self.key.out.clone();
        let mut stats = output::update_site(&out, &mut self.manifest, changes, false)?;
        steps.done.push(("write", t.elapsed()));

        // The search index: the files it made anew, then the ones no longer made go.
        let t = Instant::now();
        let (index_files, paths) = self
            .index
            .update(&self.entries, self.entries_changed.as_deref());
        self.entries_changed = Some(Vec::new());
        let mut keep: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        // The search page lives in the same folder as the index files.
        keep.insert("search/index.html");
        let gone = gone_under(&self.manifest, "search/", &keep);
        let mut changes: Vec<Change> = index_files.into_iter().map(|(p, b)| (p, Some(b))).collect();
        changes.extend(gone.into_iter().map(|p| (p, None)));
        let search = output::update_site(&out, &mut self.manifest, changes, true)?;
        stats.changed += search.changed;
        stats.unchanged += search.unchanged;
        stats.removed += search.removed;
        stats.bytes += search.bytes;
        stats.files = search.files;
        stats.changed_paths.extend(search.changed_paths);
        stats.changed_paths.sort();
        steps.done.push(("search", t.elapsed()));

        summary.wrote(stats);
        Ok(summary.timed(steps, started))
    }

    /// Every verdict in corpus order (files in read order, tickets in file order).
    fn verdicts(&self) -> impl Iterator<Item = &Verdict> {
        self.files
            .iter()
            .flat_map(|f| f.ids.iter())
            .filter_map(|id| self.memos.get(id).and_then(|m| m.verdict.as_ref()))
    }

    /// The files of the doc pages (and of the docs index, which a root doc replaces), of the
    /// files they reference and of their alias redirects.
    fn doc_files(&self) -> BTreeSet<String> {
        let mut files: BTreeSet<String> = self
            .published
            .site
            .docs
            .iter()
            .map(|d| format!("{}index.html", crate::model::urls::doc_url(d.slug())))
            .collect();
        files.extend(site::doc_paths_beside(&self.published));
        files
    }

    /// Re-reads the changed ticket files. Returns the tickets to gate again (new or changed),
    /// the ids that are gone, and whether the docs an export carries changed.
    #[allow(clippy::type_complexity)]
    fn read_changes(
        &mut self,
        entries: &[PathBuf],
        paths: &BTreeSet<PathBuf>,
    ) -> Result<(Vec<Ticket>, BTreeSet<String>, bool, bool)> {
        let cfg = &self.front.cfg;
        // Read every changed file first (a ticket may move from one file to another in one
        // save of several files), then check ids, then apply.
        let mut parts: Vec<(Arc<Path>, usize, Option<Corpus>)> = Vec::new();
        for p in paths {
            let Some(entry) = entry_of(entries, p) else {
                continue;
            };
            let part = if p.is_file() {
                Some(self.sources.read(entry, p)?)
            } else {
                None
            };
            let path: Arc<Path> = match self.files.iter().find(|f| &*f.path == p.as_path()) {
                Some(f) => Arc::clone(&f.path),
                None => p.as_path().into(),
            };
            parts.push((path, entry, part));
        }
        // Ids stay unique: within a file, and across files (changed and unchanged). The
        // changed files in read order, as a full build meets them.
        parts.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        let changed_files: BTreeSet<&Path> = parts.iter().map(|(p, _, _)| &**p).collect();
        let memos = &self.memos;
        site::check_ids(
            parts
                .iter()
                .filter_map(|(p, e, c)| Some((*e, &**p, c.as_ref()?.tickets.as_slice()))),
            |id| {
                let m = memos
                    .get(id)
                    .filter(|m| !changed_files.contains(&*m.file))?;
                Some((entry_of(entries, &m.file).unwrap_or(0), &*m.file))
            },
        )?;
        // Exports of several projects need `[sources] projects`, as in a full build.
        privacy::check_project_names(
            memos
                .values()
                .filter(|m| !changed_files.contains(&*m.file))
                .map(|m| m.project.as_deref())
                .chain(
                    parts
                        .iter()
                        .flat_map(|(_, _, c)| c.iter().flat_map(|c| &c.tickets))
                        .map(|t| t.project.as_deref()),
                ),
            cfg,
        )?;
        let new_ids: BTreeSet<String> = parts
            .iter()
            .flat_map(|(_, _, c)| c.iter().flat_map(|c| &c.tickets))
            .map(|t| t.id.clone())
            .collect();
        let marker = self.front.intake.marker.clone();
        let mut pending: Vec<Ticket> = Vec::new();
        let mut removed: BTreeSet<String> = BTreeSet::new();
        let mut docs_changed = false;
        let mut feedback = false;
        let mut files_moved = false;
        for (path, entry, part) in parts {
            let at = self.files.iter().position(|f| f.path == path);
            if let Some(i) = at {
                for id in &self.files[i].ids {
                    if !new_ids.contains(id) {
                        removed.insert(id.clone());
                    }
                }
            }
            let Some(part) = part else {
                if let Some(i) = at {
                    docs_changed |= !self.files[i].docs.is_empty();
                    self.files.remove(i);
                    files_moved = true;
                }
                continue;
            };
            let ids: Vec<String> = part.tickets.iter().map(|t| t.id.clone()).collect();
            for t in part.tickets {
                let same = self
                    .memos
                    .get(&t.id)
                    .is_some_and(|m| m.file == path && m.fingerprint == fingerprint(&t));
                if same {
                    continue;
                }
                let mut m = memo(&t, &path, cfg, &marker);
                // Keep the old verdict until the ticket is gated again: it says where the
                // old public version sits.
                if let Some(old) = self.memos.remove(&t.id) {
                    m.verdict = old.verdict;
                    m.opened = old.opened;
                    feedback |= old.feedback.is_some();
                }
                self.memos.insert(t.id.clone(), m);
                pending.push(t);
            }
            match at {
                Some(i) => {
                    docs_changed |= self.files[i].docs != part.docs;
                    self.files[i].ids = ids;
                    self.files[i].docs = part.docs;
                }
                None => {
                    docs_changed |= !part.docs.is_empty();
                    self.files.push(FileState {
                        path,
                        entry,
                        ids,
                        docs: part.docs,
                    });
                    files_moved = true;
                }
            }
        }
        if files_moved {
            self.files
                .sort_by(|a, b| a.entry.cmp(&b.entry).then_with(|| a.path.cmp(&b.path)));
        }
        Ok((pending, removed, docs_changed, feedback))
    }

    /// Gates the pending tickets and the ones whose related internal issue changed; removes
    /// the gone ones. Keeps `site.tickets`/`site.unlisted` sorted and the search entries in
    /// step.
    fn regate(&mut self, pending: Vec<Ticket>, removed: BTreeSet<String>) -> Touched {
        let mut touched = Touched::default();
        // Internal issues whose rollup may have changed: their dependents are gated again.
        let mut moved: BTreeSet<String> = removed.clone();
        moved.extend(pending.iter().map(|t| t.id.clone()));
        for id in &removed {
            if let Some(m) = self.memos.remove(id) {
                touched.feedback |= m.feedback.is_some();
                if let Some(v) = &m.verdict {
                    count(&mut self.published.site.report, v, false, &mut touched);
                    self.unpublish(id, v.kind, m.opened, &mut touched);
                }
                if let Some(r) = &m.related {
                    if let Some(d) = self.dependents.get_mut(r) {
                        d.remove(id);
                    }
                }
            }
        }
        // Dependents map: drop stale links of the pending tickets, add the new ones.
        for t in &pending {
            for d in self.dependents.values_mut() {
                d.remove(&t.id);
            }
        }
        for t in &pending {
            if let Some(r) = privacy::related_internal(t) {
                self.dependents
                    .entry(r.to_string())
                    .or_default()
                    .insert(t.id.clone());
            }
        }
        let mut work: BTreeMap<String, Ticket> =
            pending.into_iter().map(|t| (t.id.clone(), t)).collect();
        for id in &moved {
            for d in self.dependents.get(id).into_iter().flatten() {
                if !work.contains_key(d) {
                    if let Some(raw) = self.memos.get(d).and_then(|m| m.raw.clone()) {
                        work.insert(d.clone(), raw);
                    }
                }
            }
        }
        let cfg = &self.front.cfg;
        let now = self.now;
        let memos = &self.memos;
        let refs = &self.refs;
        let gated: Vec<(String, Option<PublicTicket>, Verdict)> = work
            .into_par_iter()
            .map(|(id, t)| {
                let rollup = privacy::related_internal(&t)
                    .and_then(|r| memos.get(r))
                    .map(|m| m.rollup.clone());
                let (p, v) = privacy::gate_one(t, cfg, now, rollup, refs);
                (id, p, v)
            })
            .collect();
        let ndocs = self.published.site.docs.len();
        for (id, public, verdict) in gated {
            let old_opened = self.memos.get(&id).and_then(|m| m.opened);
            let opened = public.as_ref().map(|p| p.opened());
            let old = self.memos.get(&id).and_then(|m| m.verdict.as_ref());
            if let Some(v) = old {
                count(&mut self.published.site.report, v, false, &mut touched);
            }
            count(
                &mut self.published.site.report,
                &verdict,
                true,
                &mut touched,
            );
            let old = old.map(|v| v.kind);
            match (old, public) {
                // Listed before and after, opened on the same date: same place in the list.
                (Some(VerdictKind::Listed), Some(p)) if !p.unlisted() && old_opened == opened => {
                    let site = &mut self.published.site;
                    if let Ok(i) = find(&site.tickets, p.opened(), &id) {
                        let mut p = p;
                        let before = &site.tickets[i];
                        touched.lastmod |=
                            before.updated().date_naive() != p.updated().date_naive();
                        touched.card |= before.title() != p.title() || before.stage() != p.stage();
                        if before.stage() != p.stage() {
                            touched.restaged = Some(touched.restaged.map_or(i, |r| r.min(i)));
                        }
                        self.entries[ndocs + i] = site::ticket_entry(&self.front.texts, &mut p);
                        if let Some(c) = &mut self.entries_changed {
                            c.push(ndocs + i);
                        }
                        self.suggest[i] = crate::render::feedback::suggest_ticket(&p);
                        self.published.recency[i] = render::Recency::of(&p);
                        site.tickets[i] = p;
                        touched.listed.insert(id.clone());
                    }
                }
                (old, public) => {
                    // Listed before and after, at another place: every list moves from it.
                    touched.reordered |= old == Some(VerdictKind::Listed)
                        && public.as_ref().is_some_and(|p| !p.unlisted());
                    if let Some(kind) = old {
                        self.unpublish(&id, kind, old_opened, &mut touched);
                    }
                    if let Some(p) = public {
                        self.publish(p, &mut touched);
                    }
                }
            }
            if let Some(m) = self.memos.get_mut(&id) {
                touched.feedback |= m.feedback.is_some();
                m.verdict = Some(verdict);
                m.opened = opened;
            }
        }
        touched
    }

    /// Takes a ticket's public version (opened on `opened`) out of the site, if it has one.
    fn unpublish(
        &mut self,
        id: &str,
        kind: VerdictKind,
        opened: Option<DateTime<Utc>>,
        touched: &mut Touched,
    ) {
        let ndocs = self.published.site.docs.len();
        match kind {
            VerdictKind::Listed => {
                let at = opened.and_then(|o| find(&self.published.site.tickets, o, id).ok());
                if let Some(i) = at {
                    touched.moved(i);
                    let t = self.published.site.tickets.remove(i);
                    self.entries.remove(ndocs + i);
                    self.entries_changed = None;
                    self.suggest.remove(i);
                    self.published.recency.remove(i);
                    touched.gone.push(format!("{}index.html", t.url()));
                    touched
                        .gone
                        .push(crate::render::feeds::ticket_feed_path(&t));
                    touched.listed_out.insert(id.to_string());
                    touched.listed.remove(id);
                }
            }
            VerdictKind::Unlisted => {
                if let Ok(i) = find_unlisted(&self.published.site.unlisted, id) {
                    let t = self.published.site.unlisted.remove(i);
                    touched.gone.push(format!("{}index.html", t.url()));
                    touched.unlisted.remove(id);
                }
            }
            _ => {}
        }
    }

    /// Puts a freshly gated public ticket into the site.
    fn publish(&mut self, mut t: PublicTicket, touched: &mut Touched) {
        let ndocs = self.published.site.docs.len();
        let id = t.id().to_string();
        if t.unlisted() {
            let i = find_unlisted(&self.published.site.unlisted, &id).unwrap_or_else(|i| i);
            self.published.site.unlisted.insert(i, t);
            touched.unlisted.insert(id);
        } else {
            let i = find(&self.published.site.tickets, t.opened(), &id).unwrap_or_else(|i| i);
            touched.moved(i);
            self.entries
                .insert(ndocs + i, site::ticket_entry(&self.front.texts, &mut t));
            // Appended at the end, it moves no other entry (see `entries_changed`).
            if i < self.published.site.tickets.len() {
                self.entries_changed = None;
            }
            self.suggest
                .insert(i, crate::render::feedback::suggest_ticket(&t));
            self.published.recency.insert(i, render::Recency::of(&t));
            self.published.site.tickets.insert(i, t);
            touched.listed_in.insert(id.clone());
            touched.listed.insert(id);
        }
    }
}

/// Adds (or takes away) one ticket's verdict in the gate's counts.
fn count(report: &mut privacy::GateReport, v: &Verdict, add: bool, touched: &mut Touched) {
    let f = |x: &mut usize, n: usize| {
        if add {
            *x += n
        } else {
            *x -= n
        }
    };
    match v.kind {
        VerdictKind::Private => f(&mut report.tickets_private, 1),
        VerdictKind::OtherProject => f(&mut report.tickets_other_project, 1),
        VerdictKind::Refused => f(&mut report.tickets_refused, 1),
        VerdictKind::UnlistedWithoutSecret => {
            f(&mut report.unlisted_without_secret, 1);
            // Its warning states the count.
            touched.warnings = true;
        }
        VerdictKind::Unlisted => f(&mut report.tickets_unlisted, 1),
        VerdictKind::Listed => {}
    }
    f(&mut report.notes_private, v.notes_private);
    touched.warnings |= !v.warnings.is_empty();
    // A ticket that matches a privacy rule or looks written in another markup feeds the
    // site-wide warnings (`privacy::report_from`): taking it out or putting it in may change
    // them.
    touched.warnings |= !v.facts.rules.is_empty() || v.facts.misread.is_some();
}

/// Paths in the manifest under `prefix` that are not in `keep`.
fn gone_under(manifest: &output::Manifest, prefix: &str, keep: &BTreeSet<&str>) -> Vec<String> {
    manifest
        .range(prefix.to_string()..)
        .take_while(|(p, _)| p.starts_with(prefix))
        .filter(|(p, _)| !keep.contains(p.as_str()))
        .map(|(p, _)| p.clone())
        .collect()
}

/// Where listed ticket `id`, opened on `opened`, is (or would go) in `site.tickets`, which is
/// in [`list_order`].
fn find(
    list: &[PublicTicket],
    opened: DateTime<Utc>,
    id: &str,
) -> std::result::Result<usize, usize> {
    list.binary_search_by(|t| list_order(t.opened(), t.id(), opened, id))
}

/// Where unlisted ticket `id` is (or would go) in `site.unlisted`, which is sorted by id.
fn find_unlisted(list: &[PublicTicket], id: &str) -> std::result::Result<usize, usize> {
    list.binary_search_by(|t| id_order(t.id(), id))
}

/// Positions of the tickets whose page names a doc ("Asked from"), when the docs changed.
fn asked_from(
    tickets: &[crate::privacy::PublicTicket],
    docs_changed: bool,
) -> impl Iterator<Item = usize> + '_ {
    tickets
        .iter()
        .enumerate()
        .filter(move |(_, t)| docs_changed && t.asked_from().is_some())
        .map(|(i, _)| i)
}
