//! Knowledge-base articles: rendering with heading ids and anchors, the table of contents,
//! the sections the search index reads, and links between docs.

use super::*;

/// One entry of a doc's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A part of a doc under one heading, as plain text (for the search index).
#[derive(Debug, Clone)]
pub(crate) struct DocSection {
    pub heading: Option<String>,
    pub anchor: Option<String>,
    pub text: String,
}

/// A rendered knowledge-base article.
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderedDoc {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<DocSection>,
    /// Relative `.md` links whose target is not a published doc.
    pub broken_links: Vec<String>,
    /// Files of the docs folder it references, published with it (paths below `docs/`).
    pub assets: Vec<String>,
    /// References to files that are not published (missing, outside the folder, a link).
    pub asset_problems: Vec<assets::AssetProblem>,
}

/// Renders a doc. `slug` is the doc's own slug ("billing/refunds"); relative links to other
/// `.md` files are rewritten to their page URLs (`{root}docs/billing/x/`), checked against
/// `known` slugs.
pub(crate) fn render_doc(
    src: &str,
    slug: &str,
    is_index: bool,
    root: &str,
    known: &BTreeSet<String>,
    files: &assets::DocFiles<'_>,
) -> RenderedDoc {
    let src_with_callouts = callouts::admonitions(src);
    let src: &str = &src_with_callouts;
    let (mut out, events) = doc_without_html(src, slug, is_index, root, known, files);
    // Most docs have no raw HTML: the fast path writes ammonia's output directly. Anything it
    // cannot prove identical goes through ammonia.
    out.html = render_doc_html_fast(src, &events)
        .unwrap_or_else(|| render_doc_html_sanitised(src, events));
    if !out.assets.is_empty() {
        assets::size_images(&mut out.html, root, &out.assets, files.assets);
        out.assets.sort();
        out.assets.dedup();
    }
    out
}

/// Everything of [`render_doc`] but the HTML, and the event stream the HTML is written from
/// (heading ids set, "¶" anchors inserted, `.md` links rewritten).
pub(super) fn doc_without_html<'a>(
    src: &'a str,
    slug: &str,
    is_index: bool,
    root: &str,
    known: &BTreeSet<String>,
    files: &assets::DocFiles<'_>,
) -> (RenderedDoc, Vec<Event<'a>>) {
    let mut events: Vec<Event> = Parser::new_ext(
        src,
        md_options() | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_GFM,
    )
    .collect();
    let mut out = RenderedDoc::default();
    let dir: &str = if is_index {
        slug
    } else {
        slug.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    };
    let base = assets::RefBase {
        dir: files.folder,
        root,
        assets: files.assets,
        src,
    };

    // Pass 1: heading ids (explicit `{#id}` wins, else a slug of the text; duplicates numbered)
    // and link rewriting.
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level as u8;
                let explicit = id.as_ref().map(|s| slugify(s));
                let end = (i..events.len())
                    .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len());
                let title = plain_text(&events[i + 1..end]);
                let base = explicit.filter(|s| !s.is_empty()).unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() {
                        "section".to_string()
                    } else {
                        s
                    }
                });
                let n = used.entry(base.clone()).or_insert(0);
                let id = if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                *n += 1;
                if let Event::Start(Tag::Heading {
                    id: slot,
                    classes,
                    attrs,
                    ..
                }) = &mut events[i]
                {
                    *slot = Some(CowStr::from(id.clone()));
                    classes.clear();
                    attrs.clear();
                }
                if (2..=3).contains(&level) {
                    out.toc.push(TocEntry {
                        level,
                        id: id.clone(),
                        title: title.clone(),
                    });
                }
                // The "¶" link staff copy into replies.
                events.insert(
                    end,
                    Event::Html(CowStr::from(format!("{ANCHOR_OPEN}{id}{ANCHOR_CLOSE}"))),
                );
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let new = rewrite_doc_link(dest_url, dir, root, known, &mut out.broken_links)
                    .or_else(|| {
                        assets::rewrite_asset(
                            dest_url,
                            false,
                            &base,
                            &mut out.assets,
                            &mut out.asset_problems,
                        )
                    });
                if let (Some(new), Event::Start(Tag::Link { dest_url, .. })) = (new, &mut events[i])
                {
                    *dest_url = CowStr::from(new);
                }
            }
            // Task lists: the state as text (ammonia allows no `<input>`; a screen reader
            // reads the symbol's name).
            Event::TaskListMarker(done) => {
                let mark = if *done { "\u{2611} " } else { "\u{2610} " };
                events[i] = Event::Text(CowStr::from(mark));
            }
            // GitHub alerts: call-outs with their kind written out (see `callouts`).
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = callouts::github_kind(*kind);
                events[i] = Event::Html(CowStr::from(callouts::open(class, title)));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events[i] = Event::Html(CowStr::from(callouts::CLOSE));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let new = assets::rewrite_asset(
                    dest_url,
                    true,
                    &base,
                    &mut out.assets,
                    &mut out.asset_problems,
                );
                if let (Some(new), Event::Start(Tag::Image { dest_url, .. })) =
                    (new, &mut events[i])
                {
                    *dest_url = CowStr::from(new);
                }
            }
            _ => {}
        }
        i += 1;
    }

    // Pass 2: sections for search.
    let mut current = DocSection {
        heading: None,
        anchor: None,
        text: String::new(),
    };
    let mut j = 0;
    while j < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[j] {
            let anchor = id.as_ref().map(|s| s.to_string());
            let end = (j..events.len())
                .find(|&k| matches!(events[k], Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len());
            let heading = plain_text(&events[j + 1..end]);
            let done = std::mem::replace(
                &mut current,
                DocSection {
                    heading: Some(heading),
                    anchor,
                    text: String::new(),
                },
            );
            if done.heading.is_some() || !done.text.trim().is_empty() {
                out.sections.push(done);
            }
            j = end + 1;
            continue;
        }
        match &events[j] {
            Event::Text(t) | Event::Code(t) => current.text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => current.text.push(' '),
            _ => {}
        }
        j += 1;
    }
    current.text = current
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    out.sections.push(current);
    for s in &mut out.sections {
        s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    (out, events)
}

/// Doc HTML the general way: pulldown-cmark's HTML, cleaned by ammonia. Used for every doc the
/// fast path declines, and in tests as the reference it must match byte for byte.
pub(super) fn render_doc_html_sanitised(src: &str, events: Vec<Event>) -> String {
    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    DOC_CLEANER.clean(&html).to_string()
}

/// Doc HTML without ammonia, or `None` when the doc needs it.
///
/// Why skipping ammonia is safe here: the reasoning of `render_markdown_fast` holds for docs
/// (without raw HTML every tag is one pulldown-cmark wrote from a fixed set, all text and
/// attribute values escaped). Only `DOC_CLEANER`'s wider allow-list changes what ammonia
/// leaves: heading `id`s (`render_doc` gives every heading one), the `language-…` class on
/// code blocks, `<img>` with src (scheme-checked like an href), alt and title, and rel
/// `noopener`. The one raw HTML `render_doc` itself inserts, the "¶" anchor, is taken only
/// inside its own heading and with exactly the id that heading has, and written as ammonia
/// writes it (class kept, `aria-label` dropped). Everything else the ticket path declines
/// (other raw HTML, nested links, NUL, URLs it cannot judge) goes through ammonia here too.
/// Tests compare both paths on the site's docs, the bench docs and generated docs.
pub(super) fn render_doc_html_fast(src: &str, events: &[Event]) -> Option<String> {
    if src.contains('\0') {
        return None;
    }
    // Docs are the team's own text: nothing is masked.
    let mut html = FastHtml::new(src.len() * 3 / 2, Cleaner::Doc, Mask::NONE);
    for e in events {
        html.event(e)?;
    }
    Some(html.finish())
}

/// `../billing/x.md#fees` from folder `account` → `{root}docs/billing/x/#fees`.
pub(super) fn rewrite_doc_link(
    dest: &str,
    dir: &str,
    root: &str,
    known: &BTreeSet<String>,
    broken: &mut Vec<String>,
) -> Option<String> {
    if dest.contains("://")
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    // `[Install](Installation)`: GitHub wikis link pages by name, without `.md`. Such a link
    // is taken when it names a published doc, and left as written otherwise.
    let wiki_style = !path.ends_with(".md")
        && !path.is_empty()
        && !path.ends_with('/')
        && !path.rsplit('/').next().unwrap_or("").contains('.');
    let path = if wiki_style {
        path
    } else {
        path.strip_suffix(".md")?
    };
    // A link climbing above the docs folder stays at its top.
    let parts = assets::join_path(dir, path, true)?;
    let mut target = parts.join("/");
    if target == "index" || target.ends_with("/index") {
        target.truncate(target.len() - "index".len());
        target = target.trim_end_matches('/').to_string();
    }
    // Slugs are cleaned (`FAQ.md` is published at `docs/faq/`); the link follows.
    if !known.contains(&target) {
        if let Ok(clean) = crate::markup::slug::clean_slug(&target) {
            target = clean;
        }
    }
    if wiki_style && !known.contains(&target) {
        return None;
    }
    if !known.contains(&target) {
        broken.push(dest.to_string());
    }
    let mut url = format!("{root}docs/");
    if !target.is_empty() {
        url.push_str(&target);
        url.push('/');
    }
    if let Some(f) = frag {
        url.push('#');
        url.push_str(f);
    }
    Some(url)
}
