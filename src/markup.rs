//! Turns ticket text and docs into safe HTML plus plain text for the search index.
//!
//! Ticket text is untrusted: it is rendered from its markup and then cleaned by ammonia (an
//! allow-list HTML sanitiser), never by hand-written filters. Docs are cleaned the same way
//! with a slightly wider allow-list (heading ids, images, code classes).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::model::Markup;

/// Rendered HTML and the same content as plain text.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub text: String,
}

fn md_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

static TICKET_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Images in customer text would load third-party URLs (tracking pixels); they become links
    // in `ticket_events` and are not allowed here at all.
    b.rm_tags(["img"]);
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.link_rel(Some("nofollow noopener noreferrer ugc"));
    b
});

static DOC_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.add_tag_attributes("code", ["class"]);
    b.add_tag_attributes("a", ["class"]);
    b.link_rel(Some("noopener"));
    b
});

/// Renders untrusted ticket text (description, note, resolution).
pub fn render_ticket_text(src: &str, markup: Markup) -> Rendered {
    match markup {
        Markup::Markdown => {
            let events: Vec<Event> = Parser::new_ext(src, md_options())
                .map(ticket_event)
                .collect();
            let text = plain_text(&events);
            let mut html = String::with_capacity(src.len() + src.len() / 4);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            Rendered {
                html: TICKET_CLEANER.clean(&html).to_string(),
                text,
            }
        }
        Markup::Textile => {
            // Sanitise once; the plain text is taken from the cleaned HTML.
            let html = TICKET_CLEANER
                .clean(&crate::sources::textile::to_html(src))
                .to_string();
            Rendered {
                text: html_to_text(&html),
                html,
            }
        }
        Markup::Plain => render_plain(src),
    }
}

/// Ticket Markdown: headings are pushed down two levels (a `#` in a note must not compete
/// with the page title) and images become plain links.
fn ticket_event(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    }
}

fn demote(l: HeadingLevel) -> HeadingLevel {
    match l {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Plain text: paragraphs separated by blank lines, line breaks kept, everything escaped.
fn render_plain(src: &str) -> Rendered {
    let src = src.replace("\r\n", "\n");
    let mut html = String::with_capacity(src.len() + 64);
    for para in src.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        for (i, line) in para.lines().enumerate() {
            if i > 0 {
                html.push_str("<br>\n");
            }
            html.push_str(&escape_html(line));
        }
        html.push_str("</p>\n");
    }
    Rendered {
        html,
        text: src.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if !s.contains(['<', '>', '&', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text of already-sanitised HTML (tags dropped, common entities decoded), for search.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text of a Markdown event stream. Raw HTML is left out.
fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One entry of a doc's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A part of a doc under one heading, as plain text (for the search index).
#[derive(Debug, Clone)]
pub struct DocSection {
    pub heading: Option<String>,
    pub anchor: Option<String>,
    pub text: String,
}

/// A rendered knowledge-base article.
#[derive(Debug, Clone, Default)]
pub struct RenderedDoc {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<DocSection>,
    /// Relative `.md` links whose target is not a published doc.
    pub broken_links: Vec<String>,
}

/// Renders a doc. `slug` is the doc's own slug ("billing/refunds"); relative links to other
/// `.md` files are rewritten to their page URLs (`{root}docs/billing/x/`), checked against
/// `known` slugs.
pub fn render_doc(
    src: &str,
    slug: &str,
    is_index: bool,
    root: &str,
    known: &BTreeSet<String>,
) -> RenderedDoc {
    let mut events: Vec<Event> =
        Parser::new_ext(src, md_options() | Options::ENABLE_HEADING_ATTRIBUTES).collect();
    let mut out = RenderedDoc::default();
    let dir: &str = if is_index {
        slug
    } else {
        slug.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
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
                    Event::Html(CowStr::from(format!(
                    "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">¶</a>"
                ))),
                );
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(new) =
                    rewrite_doc_link(dest_url, dir, root, known, &mut out.broken_links)
                {
                    if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i] {
                        *dest_url = CowStr::from(new);
                    }
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

    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = DOC_CLEANER.clean(&html).to_string();
    out
}

/// `../billing/x.md#fees` from folder `account` → `{root}docs/billing/x/#fees`.
fn rewrite_doc_link(
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
    let path = path.strip_suffix(".md")?;
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if target == "index" || target.ends_with("/index") {
        target.truncate(target.len() - "index".len());
        target = target.trim_end_matches('/').to_string();
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

/// Heading anchor from text: lower-case letters and digits joined by single hyphens.
/// Stable across builds and independent of position, so links pasted into replies keep working.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out.truncate(
        out.char_indices()
            .nth(80)
            .map(|(i, _)| i)
            .unwrap_or(out.len()),
    );
    out
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").unwrap()
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+|\b0)\d[\d \t()./-]{6,}\d").unwrap());
/// Dates and times inside a phone-shaped match ("03.11.2026 06:12", "2026-11-23") mean it is
/// not a phone number.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})\b")
        .unwrap()
});

/// Replaces e-mail addresses and phone numbers in public text.
pub fn mask_contacts(text: &str, emails: bool, phones: bool) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if emails && text.contains('@') {
        if let Cow::Owned(s) = EMAIL.replace_all(&out, "[e-mail hidden]") {
            out = Cow::Owned(s);
        }
    }
    if phones {
        let replaced = PHONE.replace_all(&out, |c: &regex::Captures| {
            let m = &c[0];
            let digits = m.chars().filter(char::is_ascii_digit).count();
            if (8..=15).contains(&digits) && !DATE_LIKE.is_match(m) {
                "[phone hidden]".to_string()
            } else {
                m.to_string()
            }
        });
        if let Cow::Owned(s) = replaced {
            out = Cow::Owned(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_markdown_is_sanitised() {
        let r = render_ticket_text(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> ![p](https://t.example/p.png)\n\n# Big",
            Markup::Markdown,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("<h3>Big</h3>"), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://t.example/p.png\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn plain_text_is_escaped_with_breaks() {
        let r = render_ticket_text("a <b>\r\nc\r\n\r\nd", Markup::Plain);
        assert_eq!(r.html, "<p>a &lt;b&gt;<br>\nc</p>\n<p>d</p>\n");
    }

    #[test]
    fn doc_headings_get_stable_ids_toc_and_links() {
        let known: BTreeSet<String> =
            ["billing/refunds".to_string(), "account/x".to_string()].into();
        let d = render_doc(
            "Intro [r](../billing/refunds.md#fees) [gone](nope.md)\n\n## Before you begin\n\ntext\n\n## Before you begin\n\n### Keys {#rotate-keys}\n",
            "account/x",
            false,
            "../../../",
            &known,
        );
        assert!(
            d.html.contains("<h2 id=\"before-you-begin\">"),
            "{}",
            d.html
        );
        assert!(
            d.html.contains("<h2 id=\"before-you-begin-1\">"),
            "{}",
            d.html
        );
        assert!(d.html.contains("<h3 id=\"rotate-keys\">"), "{}", d.html);
        assert!(
            d.html
                .contains("href=\"../../../docs/billing/refunds/#fees\""),
            "{}",
            d.html
        );
        assert_eq!(d.broken_links, vec!["nope.md".to_string()]);
        assert_eq!(d.toc.len(), 3);
        assert_eq!(d.sections[1].heading.as_deref(), Some("Before you begin"));
        assert_eq!(d.sections[1].text, "text");
    }

    #[test]
    fn contacts_are_masked_but_dates_and_versions_are_not() {
        let s = mask_contacts(
            "mail jane.doe@example.org or call +49 30 1234 5678, v4.12.1 on 2026-11-23, 01.02.2026",
            true,
            true,
        );
        assert_eq!(
            s,
            "mail [e-mail hidden] or call [phone hidden], v4.12.1 on 2026-11-23, 01.02.2026"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Rotating API keys (v2)!"), "rotating-api-keys-v2");
        assert_eq!(slugify("Don't panic"), "dont-panic");
        assert_eq!(slugify("Über Größe"), "über-größe");
    }
}
