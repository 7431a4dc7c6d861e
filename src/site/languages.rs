//! A site in several languages (`languages = ["de", "en", "fr"]`): each language's part is
//! the site of one language, made by the same stages as a site in one language, with that
//! language's words, dates and docs, below its own URL prefix ("fr/"; the default language at
//! the root unless `default_language_at_root = false`). All parts go into one output folder
//! in one atomic swap.
//!
//! What does not depend on the language is done once: reading the exports, the gate,
//! rendering ticket text to HTML, and analysing it for search. A ticket's text is indexed once,
//! in the index of the language it is written in; its page is made in every language, since
//! only the page around the text changes. Each language's docs are its own files, and a doc
//! missing in one language is shown there in another, with a note (see [`docs_in`]).
//!
//! `watch` and `serve` rebuild a multilingual site in full on every save (the incremental
//! update knows one language).

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::Result;

use super::{
    all_warnings, anchor_warnings, check_strict, doc_anchors, doc_entries, doc_files_beside,
    index_sizes, language_front, load_corpus, output_sizes, site_wide_files, step,
    ticket_entry_from, written, Anchors, BuildOptions, Front, Published, SiteOutput, SiteWide,
    Steps, Summary,
};
use crate::config::SiteLanguage;
use crate::model::Doc;
use crate::privacy::{self, PublicDoc, PublicSite};
use crate::render::feedback::{self, RawFeedback};
use crate::render::DocRender;
use crate::search::{self, SearchEntry, SearchLanguage};

/// One front per language of the site, the default language's (`first`) first: each with the
/// config of its part, its words and its templates. Every front's config lists the languages
/// with their own names, for the language picker.
pub(crate) fn fronts(steps: &mut Steps, first: Front) -> Result<Vec<Front>> {
    let codes: Vec<String> = first.cfg.languages.iter().skip(1).cloned().collect();
    let mut fronts = Vec::with_capacity(codes.len() + 1);
    for code in codes {
        let cfg = first.cfg.for_language(&code);
        fronts.push(language_front(steps, cfg, first.theme.clone())?);
    }
    fronts.insert(0, first);
    let languages: Vec<SiteLanguage> = fronts
        .iter()
        .map(|f| SiteLanguage {
            code: f.cfg.language.clone(),
            name: f.texts.get("language-name").to_string(),
            prefix: f.cfg.language_prefix(&f.cfg.language),
        })
        .collect();
    for f in &mut fronts {
        f.cfg.site_languages = languages.clone();
    }
    Ok(fronts)
}

/// The docs of language `code`'s part: for every doc of any language (by slug), its version in
/// `code`; without one, the default language's, else the first language's that has one, in
/// site order. Each doc knows which languages have their own version. So every part has the
/// same doc URLs, and the language picker never leads to a missing page. A draft version
/// counts as none (the gate would drop it); a doc whose every version is a draft is one in
/// every part.
pub(crate) fn docs_in(code: &str, all: &[Doc], languages: &[String]) -> Vec<Doc> {
    let lang_of = |d: &Doc| d.language.clone().unwrap_or_default();
    let mut by_slug: BTreeMap<&str, Vec<&Doc>> = BTreeMap::new();
    for d in all {
        by_slug.entry(d.slug.as_str()).or_default().push(d);
    }
    by_slug
        .into_values()
        .filter_map(|versions| {
            let rank = |d: &&&Doc| {
                let l = lang_of(d);
                let at = languages.iter().position(|x| *x == l).unwrap_or(usize::MAX);
                (d.draft, l != code, at)
            };
            let mut chosen = (*versions.iter().min_by_key(rank)?).clone();
            let mut have: Vec<String> = versions
                .iter()
                .filter(|d| !d.draft)
                .map(|d| lang_of(d))
                .collect();
            have.sort_by_key(|l| languages.iter().position(|x| x == l));
            chosen.translations = have;
            Some(chosen)
        })
        .collect()
}

/// Files made up front, by path.
type Files = Vec<(String, Vec<u8>)>;

/// Language `code`'s part as the later stages see it.
struct Part {
    published: Published,
    entries: Vec<SearchEntry>,
}

/// Builds a multilingual site: the stages of [`super::build`], with the parts per language.
pub(crate) fn build(
    opts: &BuildOptions,
    started: Instant,
    mut steps: Steps,
    first: Front,
) -> Result<Summary> {
    let fronts = fronts(&mut steps, first)?;
    let cfg = &fronts[0].cfg;
    let mut corpus = step(&mut steps, "read", || load_corpus(cfg))?;
    let raw_feedback = feedback::scan(&corpus.tickets, &fronts[0].intake.marker);
    let all_docs = std::mem::take(&mut corpus.docs);
    let mut docs: Vec<Vec<Doc>> = fronts
        .iter()
        .map(|f| docs_in(&f.cfg.language, &all_docs, &cfg.languages))
        .collect();
    drop(all_docs);
    corpus.docs = std::mem::take(&mut docs[0]);
    let (site, other_docs) = step(&mut steps, "gate", || {
        let site = privacy::gate(corpus, cfg, opts.now);
        // PRIVACY: every language's docs go through the gate (drafts stay out).
        let other: Vec<Vec<PublicDoc>> = docs
            .into_iter()
            .skip(1)
            .map(|d| privacy::gate_docs(d).0)
            .collect();
        Ok((site, other))
    })?;
    let parts = step(&mut steps, "docs", || {
        Ok(publish(&fronts, site, other_docs, &raw_feedback))
    })?;
    drop(raw_feedback);
    finish(opts, started, steps, &fronts, parts)
}

/// Stage "docs" for every language: each part's docs rendered and joined to the feedback, and
/// the search entries. A ticket's plain text is moved out once, into the entry of the index of
/// its language. The gated site (tickets) ends up in the first part.
fn publish(
    fronts: &[Front],
    mut site: PublicSite,
    other_docs: Vec<Vec<PublicDoc>>,
    raw_feedback: &[RawFeedback],
) -> Vec<Part> {
    use rayon::prelude::*;
    let cfg = &fronts[0].cfg;
    let tickets: Vec<(usize, SearchEntry)> = site
        .tickets
        .par_iter_mut()
        .map(|t| {
            let (description, notes) = t.take_plain_text();
            let lang = ticket_language(cfg, t.title(), &description, &notes);
            t.set_language(&cfg.languages[lang]);
            let entry = ticket_entry_from(&fronts[lang].texts, t, description, notes);
            (lang, entry)
        })
        .collect();
    let recency = crate::render::recency(&site);
    let all_docs: Vec<Vec<PublicDoc>> = std::iter::once(std::mem::take(&mut site.docs))
        .chain(other_docs)
        .collect();
    let renders = render_once(&mut site, &all_docs);
    let mut parts = Vec::with_capacity(fronts.len());
    for (front, docs) in fronts.iter().zip(all_docs) {
        let mut renders: Vec<DocRender> =
            docs.iter().map(|d| renders[d.source()].clone()).collect();
        site.docs = docs;
        let entries = doc_entries(&mut site, &mut renders);
        let flow = feedback::Flow {
            feedback: feedback::collect(
                raw_feedback,
                &site,
                &renders,
                front.cfg.base_path(),
                &front.intake.marker,
            ),
            intake: front.intake.clone(),
        };
        parts.push(Part {
            published: Published {
                site: PublicSite {
                    docs: std::mem::take(&mut site.docs),
                    ..PublicSite::default()
                },
                docs: renders,
                flow,
                recency: recency.clone(),
            },
            entries,
        });
    }
    if let Some(p) = parts.first_mut() {
        site.hand_over(&mut p.published.site);
    }
    for (lang, entry) in tickets {
        parts[lang].entries.push(entry);
    }
    parts
}

/// Every doc of every part rendered once, by source: a doc shown in several parts (where it is
/// not translated) is the same HTML in each, as its links, anchors and files do not depend on
/// the language.
fn render_once(site: &mut PublicSite, parts: &[Vec<PublicDoc>]) -> HashMap<String, DocRender> {
    let mut seen = std::collections::HashSet::new();
    site.docs = parts
        .iter()
        .flatten()
        .filter(|d| seen.insert(d.source()))
        .cloned()
        .collect();
    let renders = crate::render::render_docs(site);
    std::mem::take(&mut site.docs)
        .into_iter()
        .map(|d| d.source().to_string())
        .zip(renders)
        .collect()
}

/// The position in the site's languages (the default's 0) of the language a ticket is
/// written in: its subject, description and notes as the customer and the team wrote them.
fn ticket_language(
    cfg: &crate::config::Config,
    title: &str,
    description: &str,
    notes: &[String],
) -> usize {
    let mut text = String::with_capacity(search::DETECT_BYTES + 64);
    for part in std::iter::once(title)
        .chain(std::iter::once(description))
        .chain(notes.iter().map(String::as_str))
    {
        if text.len() >= search::DETECT_BYTES {
            break;
        }
        text.push_str(part);
        text.push('\n');
    }
    let code = search::opening_language(&text, &cfg.languages, &cfg.default_language);
    cfg.languages.iter().position(|l| *l == code).unwrap_or(0)
}

/// The stages after "docs" (as `site::finish`): summary and `--strict` over every part, then
/// each part's pages, files and search index written below its prefix, all in one output
/// folder swapped in at the end.
fn finish(
    opts: &BuildOptions,
    started: Instant,
    mut steps: Steps,
    fronts: &[Front],
    mut parts: Vec<Part>,
) -> Result<Summary> {
    let cfg0 = &fronts[0].cfg;
    let out = opts.out.clone().unwrap_or_else(|| cfg0.root.join("public"));
    let mut summary = {
        let p = &parts[0].published;
        Summary::of(out.clone(), p)
    };
    // The other parts' doc warnings; a doc shown in another language repeats its original's.
    let mut seen: std::collections::BTreeSet<String> = summary.warnings.iter().cloned().collect();
    let mut anchors = Anchors::new();
    for (i, (front, part)) in fronts.iter().zip(&parts).enumerate() {
        let p = &part.published;
        // The first part holds the gate's report; the others add their docs' warnings.
        if i > 0 {
            for w in all_warnings(&p.site, &p.docs) {
                if seen.insert(w.clone()) {
                    summary.warnings.push(w);
                }
            }
        }
        let prefix = front.cfg.language_prefix(&front.cfg.language);
        for (url, v) in doc_anchors(p) {
            anchors.insert(format!("{prefix}{url}"), v);
        }
    }
    for f in fronts {
        for w in &f.text_warnings {
            if seen.insert(w.clone()) {
                summary.warnings.push(w.clone());
            }
        }
    }
    summary
        .warnings
        .extend(anchor_warnings(&summary.out, &anchors));
    check_strict(opts.strict, &summary.warnings)?;
    let root_files = root_files(fronts);

    if !opts.write {
        // `check`: every page of every part rendered and every index built; sizes only.
        let (mut count, mut bytes) = (root_files.len(), 0u64);
        bytes += root_files.iter().map(|f| f.1.len() as u64).sum::<u64>();
        // Every part has the ticket feeds the first part makes (see `write_part`).
        let mut feeds = (0, 0);
        for i in 0..parts.len() {
            hand_over(&mut parts, i.saturating_sub(1), i);
            let part = &mut parts[i];
            let (c, b) = step(&mut steps, "render", || {
                let (c, b, f) = check_part(fronts, i, part)?;
                if i == 0 {
                    feeds = f;
                }
                Ok((c + feeds.0, b + feeds.1))
            })?;
            count += c;
            bytes += b;
        }
        summary.files = count;
        summary.bytes = bytes;
        return Ok(summary.timed(steps, started));
    }

    let t = Instant::now();
    let (stats, _manifest, (search, pages)) = crate::output::write_site_with(&out, |sink| {
        let (mut search, mut pages) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
        for i in 0..parts.len() {
            hand_over(&mut parts, i.saturating_sub(1), i);
            let (s, p) = write_part(sink, fronts, i, &mut parts[i])?;
            search += s;
            pages += p;
        }
        sink.write_owned(root_files)?;
        Ok((search, pages))
    })?;
    written(
        summary,
        steps,
        started,
        [search, pages, t.elapsed()],
        &anchors,
        stats,
    )
}

/// Moves the tickets (and the rest of the gated site but the docs) from part `from`, which
/// holds them, into part `to`.
fn hand_over(parts: &mut [Part], from: usize, to: usize) {
    if from == to {
        return;
    }
    let (a, b) = if from < to {
        let (x, y) = parts.split_at_mut(to);
        (&mut x[from], &mut y[0])
    } else {
        let (x, y) = parts.split_at_mut(from);
        (&mut y[0], &mut x[to])
    };
    a.published.site.hand_over(&mut b.published.site);
}

/// Part `front`'s files below its prefix: plan, site-wide files, files beside the docs. The
/// 404 page of the default language is also the site's own at the root, when that language
/// has a prefix. `robots.txt` is the site's (see [`root_files`]).
fn part_files(front: &Front, p: &Published) -> Result<(Vec<crate::plan::PlannedPage>, Files)> {
    let cfg = &front.cfg;
    let prefix = cfg.language_prefix(&cfg.language);
    let mut pages = crate::plan::plan(&p.site, cfg.base_path()).pages;
    let root_404 = (cfg.language == cfg.default_language && !prefix.is_empty())
        .then(|| pages.iter().find(|pg| pg.file == "404.html").cloned())
        .flatten();
    for pg in &mut pages {
        pg.file.insert_str(0, &prefix);
    }
    pages.extend(root_404);
    let mut files = site_wide_files(front, p, SiteWide::ALL, || {
        feedback::suggest_json(&p.site, &p.docs)
    });
    files.retain(|(path, _)| path != "robots.txt");
    files.extend(doc_files_beside(cfg, p)?);
    for f in &mut files {
        f.0.insert_str(0, &prefix);
    }
    Ok((pages, files))
}

/// Writes part `i` into `sink`: its pages while its search index is built alongside (as
/// `site::finish` does). Returns the index's and the pages' times.
///
/// A ticket's feed is one file, made by the first part (the default language's) in the
/// language the ticket is written in, and repeated at the same place in every other part:
/// the feed of a ticket is the same whichever page a customer follows it from, its entries
/// keep their ids when they change the page's language, and the other parts cost no feed
/// rendering, hashing or file of their own (hard links). At 100,000 tickets the feeds were a
/// third of each further language's files.
fn write_part(
    sink: &crate::output::Sink,
    fronts: &[Front],
    i: usize,
    part: &mut Part,
) -> Result<(std::time::Duration, std::time::Duration)> {
    let front = &fronts[i];
    let cfg = &front.cfg;
    let prefix = cfg.language_prefix(&cfg.language);
    let (pages, files) = part_files(front, &part.published)?;
    let lang = SearchLanguage::for_code(&cfg.language);
    let emit = |path: String, bytes: Vec<u8>| {
        let _ = sink.write_owned(vec![(format!("{prefix}{path}"), bytes)]);
    };
    let (published, entries) = (&part.published, &mut part.entries);
    let ((index_files, search), written) = rayon::join(
        || {
            let t = Instant::now();
            (
                search::build_index_freeing(entries, &lang, &emit),
                t.elapsed(),
            )
        },
        || {
            let t = Instant::now();
            if i == 0 {
                let all = SiteOutput::new(front, published, &pages, None, &files)
                    .feeds_in_ticket_language(fronts)
                    .under(&prefix);
                return sink.write_all(&all).map(|()| t.elapsed());
            }
            let all = SiteOutput::new(front, published, &pages, Some(&[]), &files).under(&prefix);
            sink.write_all(&all)?;
            let first = fronts[0].cfg.language_prefix(&fronts[0].cfg.language);
            let same = crate::render::feeds::feed_tickets(&published.site)
                .iter()
                .map(|t| {
                    let path = crate::render::feeds::ticket_feed_path(t);
                    (format!("{prefix}{path}"), format!("{first}{path}"))
                })
                .collect();
            sink.write_same(same).map(|()| t.elapsed())
        },
    );
    let pages = written?;
    let index_files = index_files
        .into_iter()
        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
        .collect();
    sink.write_owned(index_files)?;
    Ok((search, pages))
}

/// `check` of part `i`: its files made and counted, nothing written. Also returns the count
/// and bytes of the ticket feeds the first part makes (see [`write_part`]), which the other
/// parts repeat; theirs are not counted here.
fn check_part(fronts: &[Front], i: usize, part: &mut Part) -> Result<(usize, u64, (usize, u64))> {
    let front = &fronts[i];
    let (pages, files) = part_files(front, &part.published)?;
    let lang = SearchLanguage::for_code(&front.cfg.language);
    let entries = &mut part.entries;
    let (index_count, index_bytes) =
        index_sizes(|emit| search::build_index_freeing(entries, &lang, emit));
    let (count, bytes) = output_sizes(&SiteOutput::new(
        front,
        &part.published,
        &pages,
        Some(&[]),
        &files,
    ))?;
    let feeds = if i == 0 {
        output_sizes(
            &SiteOutput::new(front, &part.published, &[], None, &[])
                .feeds_in_ticket_language(fronts),
        )?
    } else {
        (0, 0)
    };
    Ok((count + index_count, bytes + index_bytes, feeds))
}

/// The site's own files at its root: `robots.txt` naming every part's sitemap, and, when the
/// default language has a prefix too, a home page that leads to it.
fn root_files(fronts: &[Front]) -> Files {
    let cfg = &fronts[0].cfg;
    let robots = crate::render::feeds::robots(fronts.iter().map(|f| f.cfg.base_url.as_str()));
    let mut files = vec![("robots.txt".to_string(), robots.into_bytes())];
    let prefix = cfg.language_prefix(&cfg.default_language);
    if !prefix.is_empty() {
        let page =
            crate::render::redirects::redirect_page(&cfg.site_base_url, "", &prefix, &cfg.title);
        files.push(("index.html".to_string(), page.into_bytes()));
    }
    files
}
