//! Turns ticket text and docs into safe HTML plus plain text for the search index.
//!
//! Ticket text is untrusted: it is rendered from its markup and then cleaned by ammonia (an
//! allow-list HTML sanitiser), never by hand-written filters. Docs are cleaned the same way
//! with a slightly wider allow-list (heading ids, images, code classes). Markdown without raw
//! HTML skips ammonia: [`FastHtml`] writes the bytes ammonia would have written (see
//! `render_markdown_fast` and `render_doc_html_fast`).

pub(crate) mod assets;
pub(crate) mod callouts;
pub(crate) mod detect;
mod doc;
mod fast_html;
pub(crate) mod mask;
pub(crate) mod refs;
pub mod slug;
mod text;
pub mod textile;

pub use mask::Mask;
pub(crate) use slug::slugify;
#[allow(unused_imports)] // each glob brings what the others and the tests use
pub(crate) use {doc::*, fast_html::*, text::*};

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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

/// The `rel` ammonia adds to every ticket link. The fast path writes the same value, so both
/// read it from here.
const TICKET_LINK_REL: &str = "nofollow noopener noreferrer ugc";

static TICKET_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Images in customer text would load third-party URLs (tracking pixels); they become links
    // in `ticket_event` and are not allowed here at all.
    b.rm_tags(["img"]);
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.link_rel(Some(TICKET_LINK_REL));
    b
});

/// The `rel` ammonia adds to every doc link, read by `DOC_CLEANER` and the fast path alike.
const DOC_LINK_REL: &str = "noopener";

/// The "¶" link `render_doc` puts at the end of every heading, around the heading's id. The doc
/// fast path recognises exactly this raw HTML (see [`FastHtml::heading_anchor`]).
const ANCHOR_OPEN: &str = "<a class=\"anchor\" href=\"#";
const ANCHOR_CLOSE: &str = "\" aria-label=\"Link to this section\">¶</a>";

static DOC_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.add_tag_attributes("code", ["class"]);
    b.add_tag_attributes("a", ["class"]);
    // Call-outs (`callouts`): only their own classes, so a footnote's class still goes.
    b.add_allowed_classes("aside", callouts::CLASSES);
    b.add_allowed_classes("p", callouts::CLASSES);
    b.link_rel(Some(DOC_LINK_REL));
    b
});

/// Renders untrusted ticket text (description, note), masking contacts as `mask` says: in the
/// text and code of the rendered markup, never in its structure or link targets (see `mask`).
/// The plain text for search is masked alike.
pub fn render_ticket_text(src: &str, markup: Markup, mask: Mask) -> Rendered {
    let mut r = render_ticket_text_unshrunk(src, markup, mask);
    // Every public ticket's text stays in memory until its page is written: spare capacity
    // from the renderers' estimates would add up to hundreds of MB on a large site.
    r.html.shrink_to_fit();
    r.text.shrink_to_fit();
    r
}

fn render_ticket_text_unshrunk(src: &str, markup: Markup, mask: Mask) -> Rendered {
    match markup {
        // Most ticket text is Markdown without raw HTML: that takes the fast path, which writes
        // ammonia's output directly. Anything it cannot prove identical goes through ammonia.
        Markup::Markdown | Markup::GithubMarkdown => render_markdown_fast(src, markup, mask)
            .unwrap_or_else(|| render_markdown_sanitised(src, markup, mask)),
        Markup::Textile => clean_ticket_html(&crate::markup::textile::to_html(src), mask),
        // Plain text has no structure: masked as a whole, then escaped.
        Markup::Plain => render_plain(&mask.text(src)),
        // Tracker HTML (Odoo) is untrusted like the HTML Textile gives.
        Markup::Html => clean_ticket_html(src, mask),
    }
}

/// Ticket HTML (Textile's rendering, a tracker's own HTML): sanitised once, then the text
/// nodes of the clean HTML are masked (tags and link targets stay as they are); the plain
/// text is taken from the result.
fn clean_ticket_html(html: &str, mask: Mask) -> Rendered {
    let html = TICKET_CLEANER.clean(html).to_string();
    let html = match mask::mask_html(&html, mask) {
        Cow::Owned(masked) => masked,
        Cow::Borrowed(_) => html,
    };
    Rendered {
        text: html_to_text(&html),
        html,
    }
}

/// Ticket Markdown the general way: pulldown-cmark's HTML, cleaned by ammonia. Used for every
/// input the fast path declines (raw HTML, nested links, URLs it cannot judge), and in tests
/// as the reference the fast path must match byte for byte.
///
/// The events are masked as on the fast path; the text nodes and link targets of the clean
/// HTML are masked once more, which changes only what came from raw HTML (the events of text
/// the author wrote as HTML are not text events).
fn render_markdown_sanitised(src: &str, markup: Markup, mask: Mask) -> Rendered {
    let events: Vec<Event> = ticket_events(src, markup, mask).collect();
    let text = plain_text(&events);
    let mut html = String::with_capacity(src.len() + src.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = TICKET_CLEANER.clean(&html).to_string();
    Rendered {
        html: match mask::mask_html(&html, mask) {
            Cow::Owned(masked) => masked,
            Cow::Borrowed(_) => html,
        },
        text,
    }
}

/// Ticket Markdown without ammonia, or `None` when the input needs it.
///
/// Why skipping ammonia is safe here: without `Event::Html` / `Event::InlineHtml` every tag in
/// pulldown-cmark's output is one pulldown-cmark wrote itself from a fixed set (p, h3-h6, ul,
/// ol, li, blockquote, pre, code, em, strong, del, a, table parts, sup, div, br, hr, input),
/// and all text and attribute values are escaped. Ammonia then only (1) re-serialises
/// (html5ever's escaping, `<br>` for `<br />`, CR/CRLF read as LF), (2) drops attributes
/// outside its allow-list (code/footnote classes, ids, table `style`), (3) drops `<input>`
/// (task list boxes), (4) drops `href`s whose scheme is not allowed and (5) adds `rel` to
/// every `<a>`. [`FastHtml`] does exactly these steps on the event stream, so the bytes are the
/// ones ammonia would have written and sanitisation is not weakened. It gives up (and the
/// caller uses ammonia) on raw HTML other than a bare `<br>`, on nested links (html5ever would
/// restructure the tree), on a NUL character, on any event kind the ticket options never
/// produce, and on any http(s)/mailto URL whose validity it cannot decide exactly as
/// `url::Url::parse` would. Tests check fast and sanitised output are identical for generated
/// input, the fixtures and (with `PORCHLIGHT_FASTPATH_CORPORA`) the bench corpora.
fn render_markdown_fast(src: &str, markup: Markup, mask: Mask) -> Option<Rendered> {
    if src.contains('\0') {
        return None;
    }
    let mut html = FastHtml::new(src.len() + src.len() / 4, Cleaner::Ticket, mask);
    let mut text = PlainText::with_capacity(src.len());
    for e in ticket_events(src, markup, mask) {
        text.push_event(&e);
        html.event(&e)?;
    }
    Some(Rendered {
        html: html.finish(),
        text: text.finish(),
    })
}

/// The events of ticket Markdown in its flavour, contacts masked, for both the fast and the
/// sanitised path.
fn ticket_events(
    src: &str,
    markup: Markup,
    mask: Mask,
) -> Box<dyn Iterator<Item = Event<'_>> + '_> {
    let events = Parser::new_ext(src, md_options()).map(ticket_event);
    let events: Box<dyn Iterator<Item = Event<'_>> + '_> = if markup == Markup::GithubMarkdown {
        Box::new(github_flavour(events))
    } else {
        Box::new(events)
    };
    if mask.is_off() {
        events
    } else {
        Box::new(mask_events(events, mask))
    }
}

/// Masks contacts in what the reader sees of a ticket: text (in paragraphs, headings, link
/// text, code blocks), inline code and link titles. Link targets, raw HTML and the structure
/// stay as they are: the events around the text are passed on unchanged, so masking can never
/// turn a link into literal `[text](url)`. A target that would show an address is dropped when
/// the link is written (`FastHtml::link_start`, `mask::mask_html`).
///
/// pulldown-cmark splits text at characters that might be markup (`john_doe@…` can come as
/// `john`, `_doe@…`), so consecutive text events are merged first: an address or number is
/// always seen whole. Merged text writes the same HTML and plain text.
fn mask_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    mask: Mask,
) -> impl Iterator<Item = Event<'a>> {
    let masked = move |t: CowStr<'a>| match mask.text(&t) {
        Cow::Owned(m) => CowStr::from(m),
        Cow::Borrowed(_) => t,
    };
    pulldown_cmark::TextMergeStream::new(events).map(move |e| match e {
        Event::Text(t) => Event::Text(masked(t)),
        Event::Code(t) => Event::Code(masked(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: masked(title),
            id,
        }),
        other => other,
    })
}

/// GitHub's rendering of issue text on top of CommonMark: a line break in the source is a
/// break on the page, and bare URLs outside links and code become links.
fn github_flavour<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // Inside a link (its text is already linked) or a code block (GitHub links nothing
    // there), text stays as it is. Inline code is its own event kind and is never linked.
    let (mut in_link, mut in_code) = (0usize, 0usize);
    events.flat_map(move |e| {
        let out: Vec<Event<'a>> = match e {
            Event::SoftBreak => vec![Event::HardBreak],
            Event::Start(Tag::Link { .. }) => {
                in_link += 1;
                vec![e]
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                vec![e]
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code += 1;
                vec![e]
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = in_code.saturating_sub(1);
                vec![e]
            }
            Event::Text(t) if in_link == 0 && in_code == 0 => autolink(t),
            other => vec![other],
        };
        out
    })
}

/// Text with its bare URLs as links: `http://`, `https://` and `www.` (linked as `http://`,
/// as GitHub does). Trailing punctuation stays outside the link (linkify's rules, which
/// follow GFM's). Other things linkify finds (e-mail addresses, bare domains) stay text.
fn autolink(text: CowStr<'_>) -> Vec<Event<'_>> {
    let mut finder = linkify::LinkFinder::new();
    finder
        .kinds(&[linkify::LinkKind::Url])
        .url_must_have_scheme(false);
    let mut out = Vec::new();
    let mut last = 0;
    for link in finder.links(&text) {
        let url = link.as_str();
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let href = if lower.starts_with("http://") || lower.starts_with("https://") {
            url.to_string()
        } else if lower.starts_with("www.") {
            format!("http://{url}")
        } else {
            continue;
        };
        if link.start() > last {
            out.push(Event::Text(text[last..link.start()].to_string().into()));
        }
        out.push(Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Autolink,
            dest_url: href.into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(url.to_string().into()));
        out.push(Event::End(TagEnd::Link));
        last = link.end();
    }
    if out.is_empty() {
        return vec![Event::Text(text)];
    }
    if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
    out
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
            push_escaped(&mut html, line);
        }
        html.push_str("</p>\n");
    }
    Rendered {
        html,
        text: src.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

#[cfg(test)]
mod tests {
    /// The byte-run escaper against the obvious char-by-char one, on text mixing the five
    /// special characters with multi-byte characters at every position.
    /// Table cells keep a separator in the plain text (and so in search excerpts), on the
    /// fast and the sanitiser path and in Textile: a real row read "Owner yes yes yes".
    #[test]
    fn table_cells_keep_a_separator_in_plain_text() {
        let md = "| Role | Read | Write | Admin |\n|---|---|---|---|\n| Owner | yes | yes | yes |\n| Guest | yes | no | no |\n";
        let want = "Role | Read | Write | Admin Owner | yes | yes | yes Guest | yes | no | no";
        assert_eq!(
            render_ticket_text(md, Markup::Markdown, Mask::NONE).text,
            want
        );
        assert_eq!(
            render_markdown_sanitised(md, Markup::Markdown, Mask::NONE).text,
            want
        );
        assert_eq!(
            render_ticket_text(md, Markup::GithubMarkdown, Mask::NONE).text,
            want
        );
        let textile = "|_. Role |_. Read |\n| Owner | yes |\n";
        assert_eq!(
            render_ticket_text(textile, Markup::Textile, Mask::NONE).text,
            "Role | Read Owner | yes"
        );
        // A `|` in the text itself is text, and a one-cell row has no separator.
        assert_eq!(
            render_ticket_text("| a \\| b |\n|---|\n| c |\n", Markup::Markdown, Mask::NONE).text,
            "a | b c"
        );
    }

    #[test]
    fn escape_html_matches_char_by_char_escaping() {
        fn reference(s: &str) -> String {
            s.chars()
                .map(|c| match c {
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '&' => "&amp;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        }
        let alphabet = ['a', '<', '>', '&', '"', '\'', 'é', '€', '😀', ' ', '\n'];
        let mut rng = crate::test_rng::Lcg::new(12345);
        for len in 0..40 {
            for _ in 0..200 {
                let s = rng.string(&alphabet, len);
                assert_eq!(escape_html(&s), reference(&s), "{s:?}");
                let mut appended = String::from("kept ");
                push_escaped(&mut appended, &s);
                assert_eq!(appended, format!("kept {}", reference(&s)), "{s:?}");
            }
        }
        assert!(matches!(escape_html("plain é"), Cow::Borrowed(_)));
        assert_eq!(
            escape_html("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }

    use super::*;

    #[test]
    fn ticket_markdown_is_sanitised() {
        let r = render_ticket_text(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> ![p](https://t.example/p.png)\n\n# Big",
            Markup::Markdown,
            Mask::ALL,
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
        let r = render_ticket_text("a <b>\r\nc\r\n\r\nd", Markup::Plain, Mask::ALL);
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
            &Default::default(),
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
        let s = Mask::ALL.text(
            "mail jane.doe@example.org or call +49 30 1234 5678, v4.12.1 on 2026-11-23, 01.02.2026",
        );
        assert_eq!(
            s,
            "mail [e-mail hidden] or call [phone hidden], v4.12.1 on 2026-11-23, 01.02.2026"
        );
    }

    /// The sanitiser-based Markdown path, as it was before the fast path: the reference.
    fn reference(src: &str, mask: Mask) -> Rendered {
        render_markdown_sanitised(src, Markup::Markdown, mask)
    }

    /// The plain text as the code computed it before `PlainText` (concatenate, then collapse).
    fn plain_text_reference(events: &[Event]) -> String {
        let mut out = String::new();
        let mut cells = 0;
        for e in events {
            match e {
                Event::Text(t) | Event::Code(t) => out.push_str(t),
                Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
                Event::Start(Tag::TableCell) => {
                    if cells > 0 {
                        out.push_str(" | ");
                    }
                    cells += 1;
                }
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

    /// Asserts the fast path equals the reference for `src` (HTML and text), with masking off
    /// and on; returns whether the fast path took it.
    fn check_same(src: &str) -> bool {
        let events: Vec<Event> = Parser::new_ext(src, md_options())
            .map(ticket_event)
            .collect();
        assert_eq!(
            plain_text(&events),
            plain_text_reference(&events),
            "plain text differs for {src:?}"
        );
        let mut took = false;
        for mask in [Mask::NONE, Mask::ALL] {
            let slow = reference(src, mask);
            assert_eq!(
                render_ticket_text(src, Markup::Markdown, mask).html,
                slow.html
            );
            // GitHub's flavour goes through the same two paths: they must agree on it too.
            let gh_slow = render_markdown_sanitised(src, Markup::GithubMarkdown, mask);
            if let Some(gh_fast) = render_markdown_fast(src, Markup::GithubMarkdown, mask) {
                assert_eq!(
                    gh_fast.html, gh_slow.html,
                    "GitHub HTML differs for {src:?} ({mask:?})"
                );
                assert_eq!(
                    gh_fast.text, gh_slow.text,
                    "GitHub text differs for {src:?} ({mask:?})"
                );
            }
            took = match render_markdown_fast(src, Markup::Markdown, mask) {
                Some(fast) => {
                    assert_eq!(fast.html, slow.html, "HTML differs for {src:?} ({mask:?})");
                    assert_eq!(fast.text, slow.text, "text differs for {src:?} ({mask:?})");
                    true
                }
                None => false,
            };
        }
        took
    }

    #[test]
    fn github_text_keeps_line_breaks_and_links_bare_urls() {
        let src = "Log:\nERROR sync 42\nERROR sync 43\n\nSee https://example.com/a/b?x=1. \
                   and www.example.org, not `https://in.code/` nor [a link](https://x.example/).\n\n\
                   ```\nhttps://in.block/\n```";
        let r = render_ticket_text(src, Markup::GithubMarkdown, Mask::ALL);
        assert!(
            r.html
                .starts_with("<p>Log:<br>\nERROR sync 42<br>\nERROR sync 43</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("See <a href=\"https://example.com/a/b?x=1\" rel=\"nofollow noopener noreferrer ugc\">https://example.com/a/b?x=1</a>. and <a href=\"http://www.example.org\" rel=\"nofollow noopener noreferrer ugc\">www.example.org</a>, not <code>https://in.code/</code>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre><code>https://in.block/\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<a ").count(), 3, "{}", r.html);
        // The same text as plain Markdown: one paragraph line, no bare links.
        let md = render_ticket_text(src, Markup::Markdown, Mask::ALL);
        assert!(
            md.html
                .starts_with("<p>Log:\nERROR sync 42\nERROR sync 43</p>"),
            "{}",
            md.html
        );
        assert_eq!(md.html.matches("<a ").count(), 1);
    }

    #[test]
    fn fast_path_matches_ammonia_on_tricky_markdown() {
        let cases = [
            "",
            "plain",
            "Hi **bold** *em* ~~del~~ `co<de>&\"'` a&b <c> \"q\" 'a'",
            "# H1\n## H2\n### H3\n#### H4\n##### H5\n###### H6\nSetext\n===\n",
            "a  \nb\\\nc\r\nd\re",
            "- a\n- b\n  - c\n\n    code\n\n1. x\n2. y\n\n3) z\n",
            "7. seven\n8. eight\n",
            "- [ ] open\n- [x] done\n\n  loose\n",
            "> quote\n> > nested\n\n---\n***\n___\n",
            "```rust\nfn main() {}\n```\n\n~~~\n<b>&amp;\n~~~\n",
            "```\r\na\r\n\r\nb\r\n```\r\n",
            "|a|b|\n|:-|-:|\n|c *d*|`e`|\n|f|\n",
            "|a|\n|-|\n",
            "x[^1] y[^n] z[^1]\n\n[^1]: one\n[^n]: two *em*\n",
            "[^a]: defined first\n\nthen used[^a]",
            "[t](http://ex.com/a?b=c&d='e' \"ti&tle\\\"x\")",
            "[t](https://EXAMPLE.com:8080/x#y) [u](HTTP://a.b.c) [v](https://127.0.0.1/x)",
            "[rel](../a/b.md) [frag](#x) [q](?a=1) [proto](//evil.example/x) [empty]()",
            "[js](javascript:alert(1)) [js2](JaVaScRiPt:alert(1)) [d](data:text/html;base64,xx)",
            "[ftp](ftp://x.y/) [tel](tel:+123) [m](mailto:a@b.co) [M](MAILTO:a@b.co)",
            "<http://a.b/c> <https://x.y/?q=1&r=2> <a@b.co> <javascript:alert(1)>",
            "![img](https://t.example/p.png \"title\") ![](x.png) ![alt *em*](y.png)",
            "[spaced](<a b c>) [uni](https://ex.com/é?ü=ß) [back](a\\b) [bracket](a[b]c)",
            "text with\u{a0}nbsp and &nbsp; and &#160; and &copy; &amp;lt; &#x27;",
            "tab\tsep\u{2003}em space\u{3000}ideographic\u{feff}bom",
            "emoji 🙂 and CJK 漢字 and RTL עברית",
            "*a **b** c* **a *b* c** ***x*** ****y**** *****z*****",
            "_a_b_ __c__ [*link* `code` **strong**](http://x.y)",
            "line one\nline two\n\n\n\nafter gaps   ",
            "    indented\n    code\r\n",
            "1. a\n\n   > q\n   ```\n   c\n   ```\n2. b",
            "[ref][r] [r] [collapsed][]\n\n[r]: https://r.example/ \"T\"\n[collapsed]: /x",
            "a\\*b\\_c \\<not html\\> \\[x\\]",
            "[a](http://a.b 'single') [b](http://a.b (paren))",
            "[see [^1]](http://x.y)\n\n[^1]: n",
            "a literal <br> here, <BR/> there, x<br />y",
            "not a tag: a <br/ > b",
            "**a<br>b** [l<br>k](http://x.y) `<br>`\n\n|a<br>b|c|\n|-|-|\n|d|<br>|\n\n# h<br>\n",
            "title with nbsp [x](http://a.b \"a\u{a0}b\") cr [y](/y \"a\r\nb\")",
            // Contact masking: text, code, titles and footnote names masked alike on both
            // paths; targets that show an address dropped alike.
            "x[^jane@example.org]\n\n[^jane@example.org]: call 030 1234567",
            "[x](https://e.example/?m=a%40b.co \"+41 79 555 12 34\") [y](https://e.example/2013/08/27/5152564/)",
            "jane\\_doe@example.org `a@b.co 030 1234567` r=0.000000000\n\n```\nx@y.co +41 79 555 12 34\n```",
            "- [ ] 030 1234567\n- [x] a@b.co\n\n|+41 79 555 12 34|a@b.co|\n|-|-|\n|(555) 123-4567|x|",
        ];
        for c in cases {
            check_same(c);
        }
        // These must use ammonia (raw HTML, nested links) and still be cleaned.
        for c in [
            "<b>x</b>",
            "a <span onclick=x>b</span>",
            "<div>\nblock\n</div>",
            "[![i](https://a.b/i.png)](https://a.b/)",
            "[x<http://a.b>y](/u)",
            "nul \u{0} char",
            "<br>\n",
            "a <br > b",
            "a <br class=x> b",
            "a </br> b",
            "a <wbr> b",
        ] {
            assert!(
                render_markdown_fast(c, Markup::Markdown, Mask::ALL).is_none(),
                "{c:?}"
            );
            check_same(c);
        }
    }

    /// A tiny deterministic generator (xorshift), so the property test needs no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[(self.next() % xs.len() as u64) as usize]
        }
    }

    const PIECES: &[&str] = &[
        "word",
        "Some text",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "\t",
        "# ",
        "### ",
        "**",
        "*",
        "_",
        "__",
        "`",
        "``",
        "~~",
        "~",
        "[",
        "]",
        "(",
        ")",
        "](",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "\u{a0}",
        "&nbsp;",
        "&amp;",
        "&quot;",
        "&#39;",
        "&#x27;",
        "&lt;",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "10. ",
        "> ",
        ">> ",
        "```",
        "```js\n",
        "~~~",
        "    ",
        "|",
        "|-|",
        "|:-:|",
        "---",
        "***",
        "===",
        "[^1]",
        "[^note]",
        "[^1]: ",
        "\n[^note]: ",
        "- [ ] ",
        "- [x] ",
        "http://example.com/a?b=c&d=e",
        "https://Ex-ample.org:443/",
        "https://192.168.1.10/admin",
        "https://999.1.1.1/",
        "http://a..b/",
        "http://xn--nxa.gr/",
        "https://user@host.com/",
        "https://host.com:99999/",
        "http://[::1]/",
        "http://a_b.com/",
        "mailto:someone@example.com",
        "mailto://x",
        "javascript:alert(1)",
        "data:x",
        "ftp://f/",
        "//proto.rel/x",
        "../up.md",
        "#frag",
        "?q=1",
        "<http://auto.link/x>",
        "<user@mail.example>",
        "<https://x.y/a b>",
        "![alt](",
        "[link](",
        " \"title\")",
        ")",
        "\\",
        "\\*",
        "é",
        "ü",
        "🙂",
        "漢字",
        "\u{200b}",
        "\u{2028}",
        "\u{85}",
        "\u{c}",
        "\u{b}",
        "\u{1}",
        "\u{7f}",
        "\u{feff}",
        "&#0;",
        "&#13;",
        "&#10;",
        "&copy;",
        "\u{fffd}",
        "|a|b|\n|-|-|\n|c|d|\n",
        "  \n",
        "\\\n",
        "<br>",
        "<BR/>",
        "<br />",
        "<br >",
        "</br>",
        "<b>",
        "</b>",
        "[r]",
        "\n[r]: http://r.example/ \"t\"\n",
        "[a]: <b c> 'd'\n",
        "+41 79 555 12 34",
        "030 1234567",
        "jane_doe@example.org",
        "0.000000000",
        "[^jane@example.org]",
        "(555) 123-4567",
        "%40",
    ];

    fn generate(rng: &mut Rng) -> String {
        let n = 1 + rng.next() % 40;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(rng.pick(PIECES));
        }
        s
    }

    #[test]
    fn fast_path_matches_ammonia_on_generated_markdown() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut fast, mut total) = (0, 0);
        for _ in 0..20_000 {
            let src = generate(&mut rng);
            total += 1;
            if check_same(&src) {
                fast += 1;
            }
        }
        // The generator includes raw-HTML-looking and odd-URL pieces on purpose, but most inputs
        // must still exercise the fast path.
        assert!(fast * 2 > total, "fast path took only {fast} of {total}");
    }

    #[test]
    fn plain_text_whitespace_lead_bytes_are_complete() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(
                    lead < 0x80 || matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3),
                    "{c:?}"
                );
            }
        }
        let mut t = PlainText::with_capacity(0);
        t.push_str("\u{a0}a\u{85}b\u{3000}c\u{2028}d\u{202f}e\u{1680}f\u{b}g é\u{c2a}");
        assert_eq!(t.finish(), "a b c d e f g é\u{c2a}");
    }

    #[test]
    fn href_verdicts_match_ammonia() {
        let hrefs = [
            "",
            "x",
            "a/b",
            "#f",
            "?q",
            "//h/x",
            "http://a.b",
            "HTTP://A.B/",
            "https://a-b.c:1/x",
            "https://a.b:65535",
            "https://a.b:65536",
            "https://a.b:",
            "http://a.b:0/",
            "http://1.2.3.4/",
            "http://1.2.3.256/",
            "http://01.2.3.4/",
            "http://1.2.3/",
            "http://a.1/",
            "http://a.0x1/",
            "http://-a.b/",
            "http://a-.b/",
            "http://a--b.c/",
            "http://xn--nxa.gr/",
            "http://xn--a.gr/",
            "http://a..b/",
            "http://a.b./",
            "http://",
            "http:///a.b/",
            "http:a.b",
            "http:/a.b",
            "http://u@a.b/",
            "http://a%41.b/",
            "http://a_b.c/",
            "http://a.b?x",
            "http://a.b#x",
            "mailto:a@b",
            "mailto:",
            "mailto:/x",
            "mailto://x",
            "MailTo:x",
            "javascript:x",
            "ftp://a.b/",
            "tel:1",
            "a+b:c",
            "1a:b",
            "-a:b",
            "a:b",
            "c:%5Cwin",
            "http%3A//a.b",
        ];
        let mut rng = Rng(42);
        let mut generated = Vec::new();
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..1 + rng.next() % 6 {
                s.push_str(rng.pick(&[
                    "http",
                    "https",
                    "mailto",
                    "ftp",
                    ":",
                    "//",
                    "/",
                    ".",
                    "a",
                    "b1",
                    "-",
                    "--",
                    "xn--",
                    "0",
                    "255",
                    "256",
                    "1.2.3.4",
                    "@",
                    "%20",
                    "?",
                    "#",
                    "&",
                    "'",
                    "99999",
                    "65535",
                    "x_y",
                    "!",
                    "=",
                    "~",
                    "localhost",
                    "example.com",
                ]));
            }
            generated.push(s);
        }
        for h in hrefs
            .iter()
            .copied()
            .chain(generated.iter().map(String::as_str))
        {
            // Only hrefs of the shape pulldown-cmark writes.
            let mut enc = String::new();
            percent_encode_like_pulldown(&mut enc, h);
            let Some(keep) = ammonia_keeps_href(&enc) else {
                continue;
            };
            let cleaned = TICKET_CLEANER
                .clean(&format!("<a href=\"{}\">x</a>", escape_html(&enc)))
                .to_string();
            assert_eq!(cleaned.contains("href="), keep, "{enc:?} → {cleaned}");
        }
    }

    /// Every string in the fixture exports (and in the bench corpora named in
    /// `PORCHLIGHT_FASTPATH_CORPORA`, `:`-separated folders) renders the same both ways.
    #[test]
    fn fast_path_matches_ammonia_on_fixture_texts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![
            root.join("tests/fixtures"),
            root.join("content"),
            root.join("docs"),
            root.join("../shared/fixtures"),
        ];
        if let Ok(extra) = std::env::var("PORCHLIGHT_FASTPATH_CORPORA") {
            dirs.extend(extra.split(':').map(std::path::PathBuf::from));
        }
        let mut texts: Vec<String> = Vec::new();
        for dir in dirs.iter().filter(|d| d.exists()) {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let path = entry.path();
                if !entry.file_type().is_file() || entry.metadata().map_or(0, |m| m.len()) > 1 << 30
                {
                    continue;
                }
                let Ok(raw) = std::fs::read_to_string(path) else {
                    continue;
                };
                if path.extension().is_some_and(|e| e == "json") {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) {
                        collect_strings(&v, &mut texts);
                    }
                } else if raw.len() < 1 << 20 {
                    texts.push(raw);
                }
                if path.extension().is_some_and(|e| e == "json" || e == "xml") {
                    if let Ok(c) = crate::sources::read_export(path, None) {
                        for t in c.tickets {
                            texts.push(t.description);
                            for n in t.notes {
                                texts.push(n.text);
                            }
                        }
                    }
                }
            }
        }
        texts.sort_unstable();
        texts.dedup();
        let fast = texts.iter().filter(|t| check_same(t)).count();
        eprintln!(
            "fixture texts: {} distinct, {fast} took the fast path",
            texts.len()
        );
        assert!(texts.len() > 100, "fixtures not found: {dirs:?}");
    }

    fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if !s.is_empty() => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
            _ => {}
        }
    }

    /// One doc with the arguments the build passes to `render_doc`.
    struct SiteDoc {
        body: String,
        slug: String,
        is_index: bool,
        root: String,
    }

    impl SiteDoc {
        fn render(&self, known: &BTreeSet<String>) -> RenderedDoc {
            render_doc(
                &self.body,
                &self.slug,
                self.is_index,
                &self.root,
                known,
                &Default::default(),
            )
        }
    }

    /// Docs of one site folder as the build reads them, and their slugs.
    fn site_docs(dir: &std::path::Path) -> (Vec<SiteDoc>, BTreeSet<String>) {
        let docs = crate::sources::docs::read_dir(dir).unwrap_or_default().0;
        let known = docs.iter().map(|d| d.slug.clone()).collect();
        let docs = docs
            .into_iter()
            .map(|d| SiteDoc {
                root: crate::model::urls::root_for(&crate::model::urls::doc_url(&d.slug)),
                is_index: d.source.ends_with("index.md"),
                body: d.body,
                slug: d.slug,
            })
            .collect();
        (docs, known)
    }

    /// Asserts the doc fast path equals the ammonia path for `src` (and that `render_doc` gives
    /// that HTML); returns whether the fast path took it.
    fn check_doc_same(
        src: &str,
        slug: &str,
        is_index: bool,
        root: &str,
        known: &BTreeSet<String>,
    ) -> bool {
        let (_, events) = doc_without_html(src, slug, is_index, root, known, &Default::default());
        let slow = render_doc_html_sanitised(src, events.clone());
        assert_eq!(
            render_doc(src, slug, is_index, root, known, &Default::default()).html,
            slow,
            "render_doc differs for {src:?}"
        );
        match render_doc_html_fast(src, &events) {
            Some(fast) => {
                assert_eq!(fast, slow, "doc HTML differs for {src:?} (slug {slug:?})");
                true
            }
            None => false,
        }
    }

    fn doc_known() -> BTreeSet<String> {
        ["billing/refunds", "billing/x", "guides/setup", "guides", ""]
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// Renders `src` as a nested doc, an index doc and the site's top doc.
    fn check_doc_same_everywhere(src: &str) -> bool {
        let known = doc_known();
        let fast = check_doc_same(src, "guides/setup", false, "../../../", &known);
        check_doc_same(src, "guides", true, "../../", &known);
        check_doc_same(src, "top", false, "../../", &known);
        check_doc_same(src, "", true, "", &known);
        fast
    }

    const DOC_CASES: &[&str] = &[
        "",
        " \n\n",
        "plain",
        "Hi **bold** *em* ~~del~~ `co<de>&\"'` a&b \\<c> a < b > c \"q\" 'a' ***both*** _u_",
        "# H1\n## H2\n### H3\n#### H4\n##### H5\n###### H6\nSetext\n===\nTwo\n---\n",
        "## Same\n\n## Same\n\n## Same {#same}\n\n## same-1\n",
        "## Keys {#rotate-keys}\n\n## Odd {#Weird ID!}\n\n## Empty {#}\n\n## Cls {.c key=v}\n",
        "## {#only-id}\n\n#\n\n## !!!\n\n## ¶ & < > \" '\n",
        "## Über Größe İstanbul ΣΑΣ 漢字 🙂\n",
        "## With [link](other.md) and `code` and ![img](i.png) and *em*[^1]\n\n[^1]: n",
        "## a&#13;b &#13;\n\n## c\u{a0}d &nbsp;\n",
        "|a|b|c|d|\n|:-|:-:|-:|-|\n|1|*2*|`3`|[4](x.md)|\n|![i](p.png)|\n",
        "|a|\n|-|\n",
        "x[^1] y[^n] z[^1]\n\n[^1]: one\n[^n]: two *em*\n\n[^unused]: u\n",
        "[^a]: defined first\n\nthen used[^a] and ![alt[^a] x[^b]](p.png)\n\n[^b]: b",
        "- [ ] open\n- [x] done\n\n  loose\n",
        "- a\n- b\n  - c\n    1. d\n    2. e\n\n       > q\n\n    code\n\n1. x\n2. y\n\n3) z\n",
        "7. seven\n8. eight\n\n- # heading in item\n> ## heading in quote\n",
        "```rust\nfn main() {}\n```\n\n~~~\n<b>&amp;\n~~~\n\n    indented <x>\n",
        "```rust title=\"x\"\na\n```\n```a\"b&c<d>\u{a0}e f\n```\n```\ttab\n```\n```rust,ignore\n```\n",
        "``` spaced\nx\n```\n~~~ {.x}\ny\n~~~\n```&#13;cr\nz\n```\n",
        "```\r\na\r\n\r\nb\r\n```\r\n",
        "inline `<` `&` `\"` `&amp;` `` a`b `` ` x `",
        "[t](http://ex.com/a?b=c&d='e' \"ti&tle\\\"x\") [u](https://EXAMPLE.com:8080/x#y)",
        "[js](javascript:alert(1)) [js2](JaVaScRiPt:alert(1)) [d](data:text/html;base64,xx)",
        "[q](a\"b) [sp](<a b c>) [uni](https://ex.com/é?ü=ß) [back](a\\b) [pct](a%20b)",
        "[ftp](ftp://x.y/) [tel](tel:+123) [m](mailto:a@b.co) [M](MAILTO:a@b.co) [e]()",
        "[rel](../billing/refunds.md) [frag](../billing/refunds.md#fees) [here](setup.md)",
        "[idx](index.md) [up](../index.md) [gone](nope.md#x) [deep](a/b/../c.md) [dot](./x.md)",
        "[abs](/abs.md) [hash](#x) [proto](//evil.example/x.md) [mail](mailto:x.md)",
        "[js](javascript:x.md) [q](a\"b.md) [sp](<a b.md>) [amp](a&b.md#c&d)",
        "[ref][r] [r] [collapsed][]\n\n[r]: billing/x.md \"T\"\n[collapsed]: /x",
        "<http://a.b/c> <https://x.y/?q=1&r=2> <a@b.co> <javascript:alert(1)>",
        "![img](https://t.example/p.png \"title\") ![](x.png) ![alt *em* `c` **s**](y.png)",
        "![js](javascript:alert(1)) ![q](a\"b.png 'it''s') ![sp](<a b.png>)",
        "![a <b>html</b> &amp; &copy;\nsoft  \nhard](p.png \"t&\\\"\")",
        "![outer ![inner](i.png \"it\") [link](l.md) ~~del~~](o.png)",
        "[![i](https://a.b/i.png)](https://a.b/) [![i2](x.png \"t\")](guides/setup.md)",
        "| ![i](x.png) | [a](b.md) |\n|---|---|\n",
        "a  \nb\\\nc\r\nd\re",
        "> quote\n> > nested\n\n---\n***\n___\n",
        "text with\u{a0}nbsp and &nbsp; and &#160; and &copy; &amp;lt; &#x27; &#0; &#13;",
        "tab\tsep\u{2003}em space\u{3000}ideographic\u{feff}bom \u{1}\u{7f}\u{b}\u{c}\u{85}",
        "emoji 🙂 and CJK 漢字 and RTL עברית",
        "a literal <br> here, <BR/> there, x<br />y",
        "[a](http://a.b 'single') [b](http://a.b (paren)) [c](x.md \"t\r\nu\")",
        "*a **b** c* **a *b* c** ~~x~~ ~y~ ~~~z~~~",
        "[a [^1]](x) [see [^1]](x.md)\n\n[^1]: n",
        "## Heading\r\n\r\ntext\r\n\r\n### Sub\r\n",
    ];

    #[test]
    fn doc_fast_path_matches_ammonia_on_tricky_markdown() {
        // None of these has raw HTML (a bare `<br>` aside), so all must take the fast path.
        for c in DOC_CASES {
            assert!(check_doc_same_everywhere(c), "fast path declined {c:?}");
        }
        // These must use ammonia (raw HTML, nested links, NUL) and still be cleaned.
        for c in [
            "<div>x</div>",
            "a <b>b</b>",
            "## h <span>x</span>",
            "[x<http://a.b>y](/u)",
            "nul \u{0} char",
            "<a class=\"anchor\" href=\"#x\" aria-label=\"Link to this section\">¶</a>",
            "## x <a class=\"anchor\" href=\"#x\" aria-label=\"Link to this section\">¶</a>",
            "<!-- comment -->",
            "![a](<b>)<img src=x onerror=alert(1)>",
        ] {
            let known = doc_known();
            let (_, events) = doc_without_html(
                c,
                "guides/setup",
                false,
                "../../../",
                &known,
                &Default::default(),
            );
            assert!(render_doc_html_fast(c, &events).is_none(), "{c:?}");
            check_doc_same_everywhere(c);
        }
    }

    /// A "¶" anchor is only taken for the heading it belongs to, and only with an id html5ever
    /// reads back unchanged.
    #[test]
    fn doc_fast_path_checks_heading_anchors() {
        let h = |id: &str| -> Event<'static> {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: Some(CowStr::from(id.to_string())),
                classes: Vec::new(),
                attrs: Vec::new(),
            })
        };
        let anchor = |id: &str| Event::Html(format!("{ANCHOR_OPEN}{id}{ANCHOR_CLOSE}").into());
        let end = Event::End(TagEnd::Heading(HeadingLevel::H2));
        let run = |events: Vec<Event>| {
            let fast = render_doc_html_fast("", &events);
            if let Some(f) = &fast {
                assert_eq!(*f, render_doc_html_sanitised("", events));
            }
            fast
        };
        assert!(run(vec![h("a-b"), anchor("a-b"), end.clone()]).is_some());
        assert!(run(vec![h("a<b>\u{a0}"), anchor("a<b>\u{a0}"), end.clone()]).is_some());
        assert!(run(vec![h("a"), anchor("b"), end.clone()]).is_none());
        assert!(run(vec![h("a&amp;"), anchor("a&amp;"), end.clone()]).is_none());
        assert!(run(vec![h("a\"b"), anchor("a\"b"), end.clone()]).is_none());
        assert!(run(vec![h("a"), end.clone(), anchor("a")]).is_none());
    }

    /// Pieces for generated docs: the ticket pieces plus doc-only syntax.
    const DOC_PIECES: &[&str] = &[
        "## ",
        "# ",
        "###### ",
        " {#custom-id}",
        " {#Dup}",
        " {#}",
        " {.cls key=val}",
        "{",
        "}",
        "![",
        "![alt](",
        "](",
        "img.png",
        "javascript:x.png",
        "[doc](../billing/refunds.md#fees)",
        "[doc](setup.md)",
        "[doc](index.md)",
        "[idx](./billing/x.md",
        ".md",
        "#frag",
        "../",
        "```rust\n",
        "```a\"b&c<d> e\n",
        "```\t\n",
        "\n```\n",
        "\n\n## Same\n\n",
        "\nSetext\n---\n",
        "[^a]",
        "\n\n[^a]: ",
        "|:-|-:|:-:|\n",
    ];

    fn generate_doc(rng: &mut Rng) -> String {
        let n = 1 + rng.next() % 60;
        let mut s = String::new();
        for _ in 0..n {
            if rng.next().is_multiple_of(3) {
                s.push_str(rng.pick(DOC_PIECES));
            } else {
                s.push_str(rng.pick(PIECES));
            }
        }
        s
    }

    #[test]
    fn doc_fast_path_matches_ammonia_on_generated_markdown() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let known = doc_known();
        let (mut fast, total) = (0, 6_000);
        for i in 0..total {
            let src = generate_doc(&mut rng);
            let (slug, is_index, root) = match i % 3 {
                0 => ("guides/setup", false, "../../../"),
                1 => ("guides", true, "../../"),
                _ => ("", true, ""),
            };
            if check_doc_same(&src, slug, is_index, root, &known) {
                fast += 1;
            }
        }
        assert!(fast * 2 > total, "fast path took only {fast} of {total}");
    }

    /// Every doc of the default site (`content/`), of the project's own `docs/`, of the bench
    /// site `/tmp/porchlight-bench/t1000/docs` when it exists (not in CI), and of the folders in
    /// `PORCHLIGHT_DOC_CORPORA` (`:`-separated) renders the same both ways.
    #[test]
    fn doc_fast_path_matches_ammonia_on_site_docs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("content/docs")];
        let bench = std::path::PathBuf::from("/tmp/porchlight-bench/t1000/docs");
        if bench.is_dir() {
            dirs.push(bench);
        }
        if let Ok(extra) = std::env::var("PORCHLIGHT_DOC_CORPORA") {
            dirs.extend(extra.split(':').map(std::path::PathBuf::from));
        }
        // Every doc is compared; the share that takes the fast path is counted on the
        // originals only, as a translation (`invoices.de.md`) has its original's shape.
        let translation =
            |p: &str| crate::sources::docs::is_translation(p.trim_end_matches(".md"), "en");
        let (mut total, mut fast) = (0, 0);
        for dir in &dirs {
            let (docs, known) = site_docs(dir);
            assert!(!docs.is_empty(), "no docs in {dir:?}");
            for d in &docs {
                let f = check_doc_same(&d.body, &d.slug, d.is_index, &d.root, &known);
                if !translation(&d.slug) {
                    total += 1;
                    fast += usize::from(f);
                }
            }
        }
        // Every Markdown file below content/ and docs/ as a whole file (front matter included),
        // as a top-level doc.
        let known = doc_known();
        for dir in [root.join("content"), root.join("docs")] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "md") {
                    let raw = std::fs::read_to_string(path).unwrap();
                    let f = check_doc_same(&raw, "x", false, "../../", &known);
                    if !translation(&path.to_string_lossy()) {
                        total += 1;
                        fast += usize::from(f);
                    }
                }
            }
        }
        eprintln!("site docs: {total}, {fast} took the fast path");
        assert!(
            fast * 10 >= total * 9,
            "fast path took only {fast} of {total}"
        );
    }

    /// `PORCHLIGHT_DOC_TIMING=/tmp/porchlight-bench/t100000/docs cargo test --release --lib
    /// time_render_doc -- --ignored --nocapture`: single-threaded time of `render_doc` over a
    /// docs folder, and of the same with every doc sent through ammonia (as before the doc fast
    /// path), best of five each, with a digest of the HTML to compare across builds.
    #[test]
    #[ignore]
    fn time_render_doc() {
        use sha2::Digest;
        let dir = std::env::var("PORCHLIGHT_DOC_TIMING")
            .unwrap_or_else(|_| "/tmp/porchlight-bench/t100000/docs".into());
        let (docs, known) = site_docs(std::path::Path::new(&dir));
        let ammonia_only = |d: &SiteDoc| {
            let (mut out, events) = doc_without_html(
                &d.body,
                &d.slug,
                d.is_index,
                &d.root,
                &known,
                &Default::default(),
            );
            out.html = render_doc_html_sanitised(&d.body, events);
            out
        };
        let time = |render: &dyn Fn(&SiteDoc) -> RenderedDoc| {
            let mut best = std::time::Duration::MAX;
            let mut digest = sha2::Sha256::new();
            for _ in 0..5 {
                let t = std::time::Instant::now();
                let html: Vec<String> = docs.iter().map(|d| render(d).html).collect();
                best = best.min(t.elapsed());
                digest = sha2::Sha256::new();
                html.iter().for_each(|s| digest.update(s.as_bytes()));
            }
            (best, hex::encode(digest.finalize()))
        };
        let (fast, fast_digest) = time(&|d| d.render(&known));
        let (slow, slow_digest) = time(&ammonia_only);
        let (no_html, _) = time(&|d| {
            doc_without_html(
                &d.body,
                &d.slug,
                d.is_index,
                &d.root,
                &known,
                &Default::default(),
            )
            .0
        });
        eprintln!(
            "{} docs: render_doc {fast:?} (HTML sha256 {fast_digest}), \
             all through ammonia {slow:?} (HTML sha256 {slow_digest}), \
             without the HTML {no_html:?}",
            docs.len()
        );
        assert_eq!(fast_digest, slow_digest);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Rotating API keys (v2)!"), "rotating-api-keys-v2");
        assert_eq!(slugify("Don't panic"), "dont-panic");
        assert_eq!(slugify("Über Größe"), "über-größe");
    }
}
