//! `FastHtml`: writes, event by event, the bytes that ammonia would leave of pulldown-cmark's
//! HTML for ticket and doc Markdown, without building and re-parsing the HTML. Kept because it
//! measured a gain above 5% of the 100,000-ticket build (docs/guide/performance.md); ammonia is
//! pinned with `=` and the differential tests in `super::tests` compare it with the cleaners.

use super::*;

/// Whose output [`FastHtml`] reproduces. Both cleaners allow the same URL schemes and keep
/// relative URLs; they differ in what else survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cleaner {
    /// `TICKET_CLEANER`: no heading ids, no images, no classes, rel [`TICKET_LINK_REL`].
    Ticket,
    /// `DOC_CLEANER`: heading ids, `<img>` (src, alt, title), `class` on `<code>` and `<a>`,
    /// rel [`DOC_LINK_REL`].
    Doc,
}

/// Writes what `TICKET_CLEANER.clean(push_html(events))` (or `DOC_CLEANER`'s, see [`Cleaner`])
/// would produce, event by event. It keeps pulldown-cmark's `end_newline` bookkeeping so the
/// newlines between blocks are the same.
pub(super) struct FastHtml {
    out: String,
    cleaner: Cleaner,
    end_newline: bool,
    in_table_head: bool,
    link_depth: usize,
    /// Footnote numbers in order of first use, as pulldown-cmark numbers them.
    footnotes: HashMap<String, usize>,
    /// Inside a doc heading; `heading_id` is its id, which the "¶" anchor must repeat.
    in_heading: bool,
    heading_id: String,
    /// Inside a doc image, whose `alt` attribute is open.
    image: Option<ImageAlt>,
    /// Links whose target would show an address lose it, as `mask::mask_html` drops it on
    /// the sanitised path (text is masked before it gets here).
    mask: Mask,
}

/// A doc image being written: pulldown-cmark's `raw_text` turns everything up to the image's
/// own end (nested tags included) into the alt text, then writes the title.
pub(super) struct ImageAlt {
    /// Start tags inside the image not yet ended.
    nest: usize,
    title: String,
}

impl FastHtml {
    pub(super) fn new(capacity: usize, cleaner: Cleaner, mask: Mask) -> Self {
        FastHtml {
            out: String::with_capacity(capacity),
            cleaner,
            end_newline: true,
            in_table_head: false,
            link_depth: 0,
            footnotes: HashMap::new(),
            in_heading: false,
            heading_id: String::new(),
            image: None,
            mask,
        }
    }

    pub(super) fn link_rel(&self) -> &'static str {
        match self.cleaner {
            Cleaner::Ticket => TICKET_LINK_REL,
            Cleaner::Doc => DOC_LINK_REL,
        }
    }

    /// Literal markup; updates `end_newline` like pulldown-cmark's `write`.
    pub(super) fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// A block start tag, preceded by a newline unless the output already ends with one.
    pub(super) fn block(&mut self, tag: &str) {
        if !self.end_newline {
            self.out.push('\n');
        }
        self.raw(tag);
    }

    pub(super) fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    /// `<a>` as ammonia writes it: the href only if ammonia keeps it (and it shows no
    /// address), title, then rel.
    pub(super) fn link_start(&mut self, href: Option<&str>, title: &str) {
        let href = href.filter(|h| !self.mask.url_reveals_contact(h));
        self.out.push_str("<a");
        if let Some(h) = href {
            self.out.push_str(" href=\"");
            escape_like_html5ever(&mut self.out, h, true);
            self.out.push('"');
        }
        if !title.is_empty() {
            self.out.push_str(" title=\"");
            escape_like_html5ever(&mut self.out, title, true);
            self.out.push('"');
        }
        self.out.push_str(" rel=\"");
        self.out.push_str(self.link_rel());
        self.raw("\">");
    }

    /// Whether raw HTML `h` is the "¶" anchor `render_doc` added to the heading being written,
    /// with an id html5ever reads back unchanged (no character reference, no closing quote).
    /// ammonia keeps its class (allowed on `<a>` for docs) and its `#…` href (no scheme, so a
    /// relative URL), drops `aria-label` and appends rel.
    pub(super) fn heading_anchor(&self, h: &str) -> bool {
        self.cleaner == Cleaner::Doc
            && self.in_heading
            && self.link_depth == 0
            && !self.heading_id.contains(['&', '"'])
            && h.strip_prefix(ANCHOR_OPEN)
                .and_then(|r| r.strip_suffix(ANCHOR_CLOSE))
                == Some(self.heading_id.as_str())
    }

    /// One event; `None` means "use ammonia for this input".
    pub(super) fn event(&mut self, e: &Event<'_>) -> Option<()> {
        if self.image.is_some() {
            return self.alt_event(e);
        }
        match e {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(*tag),
            Event::Text(t) => {
                escape_like_html5ever(&mut self.out, t, false);
                // pulldown-cmark sets this even for empty text.
                self.end_newline = t.ends_with('\n');
            }
            Event::Code(t) => {
                self.out.push_str("<code>");
                escape_like_html5ever(&mut self.out, t, false);
                self.raw("</code>");
            }
            Event::SoftBreak => self.raw("\n"),
            Event::HardBreak => self.raw("<br>\n"),
            Event::Rule => self.block("<hr>\n"),
            Event::FootnoteReference(name) => {
                // A footnote link inside a link is a nested <a>: html5ever restructures it.
                if self.link_depth > 0 {
                    return None;
                }
                let n = self.footnote_number(name);
                self.out.push_str("<sup>");
                // `#…` has no scheme, so ammonia keeps it as a relative URL.
                let href = format!("#{name}");
                self.link_start(Some(&href), "");
                self.out.push_str(&n.to_string());
                self.raw("</a></sup>");
            }
            // The checkbox `<input>` is not on ammonia's allow-list; the newline after it stays.
            Event::TaskListMarker(_) => self.raw("\n"),
            // "a literal <br> in the PDF": the one raw tag common in customer text (every
            // fallback in the bench corpus). html5ever inserts a `<br>` start tag as a void
            // element without closing or reopening anything, and ammonia allows it without
            // attributes, so its output is exactly `<br>`. Only the exact spellings below are
            // taken; any other raw HTML, however harmless it looks, goes through ammonia.
            Event::InlineHtml(h)
                if ["<br>", "<br/>", "<br />"]
                    .iter()
                    .any(|b| h.eq_ignore_ascii_case(b)) =>
            {
                self.raw("<br>")
            }
            Event::Html(h) if self.heading_anchor(h) => {
                self.out.push_str(ANCHOR_OPEN);
                escape_like_html5ever(&mut self.out, &self.heading_id, true);
                self.out.push_str("\" rel=\"");
                self.out.push_str(DOC_LINK_REL);
                self.raw("\">¶</a>");
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => return None,
        }
        Some(())
    }

    /// One event inside a doc image, written into the open `alt` the way pulldown-cmark's
    /// `raw_text` writes it (block HTML is skipped, inline HTML is text, breaks are spaces,
    /// footnote references are numbered `[n]`); the image's end closes `alt` and adds the title.
    pub(super) fn alt_event(&mut self, e: &Event<'_>) -> Option<()> {
        match e {
            Event::Start(_) => self.image.as_mut()?.nest += 1,
            Event::End(_) => {
                let img = self.image.as_mut()?;
                if img.nest > 0 {
                    img.nest -= 1;
                } else {
                    let title = self.image.take()?.title;
                    self.out.push('"');
                    if !title.is_empty() {
                        self.out.push_str(" title=\"");
                        escape_like_html5ever(&mut self.out, &title, true);
                        self.out.push('"');
                    }
                    self.raw(">");
                }
            }
            Event::Html(_) => {}
            Event::InlineHtml(t) | Event::Code(t) | Event::Text(t) => {
                escape_like_html5ever(&mut self.out, t, true);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.out.push(' '),
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(name);
                self.out.push_str(&format!("[{n}]"));
            }
            Event::TaskListMarker(done) => self.out.push_str(if *done { "[x]" } else { "[ ]" }),
            Event::InlineMath(_) | Event::DisplayMath(_) => return None,
        }
        Some(())
    }

    pub(super) fn start(&mut self, tag: &Tag<'_>) -> Option<()> {
        match tag {
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } if classes.is_empty() && attrs.is_empty() => match (id, self.cleaner) {
                (None, _) => self.block(&format!("<{level}>")),
                // Heading ids are allowed for docs only (and tickets never have one).
                (Some(_), Cleaner::Ticket) => return None,
                (Some(id), Cleaner::Doc) => {
                    self.block(&format!("<{level} id=\""));
                    escape_like_html5ever(&mut self.out, id, true);
                    self.raw("\">");
                    self.in_heading = true;
                    self.heading_id.clear();
                    self.heading_id.push_str(id);
                }
            },
            Tag::Table(_) => self.raw("<table>"),
            Tag::TableHead => {
                self.in_table_head = true;
                self.raw("<thead><tr>");
            }
            Tag::TableRow => self.raw("<tr>"),
            // Alignment `style` is not on ammonia's allow-list.
            Tag::TableCell => self.raw(if self.in_table_head { "<th>" } else { "<td>" }),
            // Alert classes are dropped by ammonia too.
            Tag::BlockQuote(_) => self.block("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                if !self.end_newline {
                    self.raw("\n");
                }
                // pulldown-cmark's class is the info string up to the first space.
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                // The `language-…` class is dropped by `TICKET_CLEANER`, kept for docs.
                if self.cleaner == Cleaner::Doc && !lang.is_empty() {
                    self.out.push_str("<pre><code class=\"language-");
                    escape_like_html5ever(&mut self.out, lang, true);
                    self.raw("\">");
                } else {
                    self.raw("<pre><code>");
                }
            }
            Tag::List(Some(1)) => self.block("<ol>\n"),
            Tag::List(Some(start)) => self.block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::Item => self.block("<li>"),
            Tag::Emphasis => self.raw("<em>"),
            Tag::Strong => self.raw("<strong>"),
            Tag::Strikethrough => self.raw("<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                if self.link_depth > 0 {
                    return None;
                }
                // The href as html5ever hands it to ammonia: pulldown-cmark's percent-encoding,
                // with its `&amp;` / `&#x27;` read back as `&` / `'`.
                let mut href = String::with_capacity(dest_url.len() + 8);
                if *link_type == pulldown_cmark::LinkType::Email {
                    href.push_str("mailto:");
                }
                percent_encode_like_pulldown(&mut href, dest_url);
                let keep = ammonia_keeps_href(&href)?;
                self.link_start(keep.then_some(href.as_str()), title);
                self.link_depth += 1;
            }
            // `<img src alt title>` in pulldown-cmark's attribute order; ammonia checks `src` as
            // it checks an href, and `<img>` is no `<a>`, so it may sit inside a link.
            Tag::Image {
                dest_url, title, ..
            } if self.cleaner == Cleaner::Doc => {
                let mut src = String::with_capacity(dest_url.len() + 8);
                percent_encode_like_pulldown(&mut src, dest_url);
                self.out.push_str("<img");
                if ammonia_keeps_href(&src)? {
                    self.out.push_str(" src=\"");
                    escape_like_html5ever(&mut self.out, &src, true);
                    self.out.push('"');
                }
                self.out.push_str(" alt=\"");
                self.image = Some(ImageAlt {
                    nest: 0,
                    title: title.to_string(),
                });
            }
            Tag::FootnoteDefinition(name) => {
                // Class and id are dropped by ammonia.
                let n = self.footnote_number(name);
                self.block("<div><sup>");
                self.out.push_str(&n.to_string());
                self.raw("</sup>");
            }
            // Ticket images are links by now (`ticket_event`); the rest (HTML blocks, definition
            // lists, metadata) is not enabled or needs ammonia.
            _ => return None,
        }
        Some(())
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.raw("</p>\n"),
            TagEnd::Heading(level) => {
                self.in_heading = false;
                self.raw(&format!("</{level}>\n"));
            }
            TagEnd::Table => self.raw("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.raw("</tr></thead><tbody>\n");
            }
            TagEnd::TableRow => self.raw("</tr>\n"),
            TagEnd::TableCell => self.raw(if self.in_table_head { "</th>" } else { "</td>" }),
            TagEnd::BlockQuote(_) => self.raw("</blockquote>\n"),
            TagEnd::CodeBlock => self.raw("</code></pre>\n"),
            TagEnd::List(true) => self.raw("</ol>\n"),
            TagEnd::List(false) => self.raw("</ul>\n"),
            TagEnd::Item => self.raw("</li>\n"),
            TagEnd::Emphasis => self.raw("</em>"),
            TagEnd::Strong => self.raw("</strong>"),
            TagEnd::Strikethrough => self.raw("</del>"),
            TagEnd::Link => {
                self.link_depth -= 1;
                self.raw("</a>");
            }
            TagEnd::FootnoteDefinition => self.raw("</div>\n"),
            // Only ends of starts that `start` accepted reach here.
            _ => {}
        }
    }

    pub(super) fn finish(self) -> String {
        // html5ever reads CRLF and lone CR as LF before tokenising. pulldown-cmark's own markup
        // has no CR, and every CR that survives (text, titles, alt, code classes) sits next to
        // the same characters in its output as here (only the `<input>`, which a CR never
        // precedes, and whole attributes are dropped), so normalising the finished string is
        // the same.
        if self.out.contains('\r') {
            self.out.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            self.out
        }
    }
}

/// Escapes like html5ever's serialiser (what ammonia's `to_string` uses): `&`, `<`, `>` and
/// U+00A0, plus `"` in attribute values. It differs from pulldown-cmark's escaping (no `&quot;`
/// in text, `&nbsp;`), which is why the fast path cannot reuse pulldown-cmark's writer.
pub(super) fn escape_like_html5ever(out: &mut String, s: &str, attr: bool) {
    let bytes = s.as_bytes();
    let mut mark = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rep = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => "&nbsp;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        i += if bytes[i] == 0xC2 { 2 } else { 1 };
        mark = i;
    }
    out.push_str(&s[mark..]);
}

/// pulldown-cmark's `escape_href`, decoded: bytes outside its safe set become `%XX`, while `&`
/// and `'` (which it writes as character references) stay literal.
pub(super) fn percent_encode_like_pulldown(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    pub(super) fn safe(c: u8) -> bool {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#' | b'$' | b'%' | b'('
                    ..=b'/' | b':' | b';' | b'=' | b'?' | b'@' | b'^' | b'_' | b'~' | b'&' | b'\''
            )
    }
    let bytes = s.as_bytes();
    let mut mark = 0;
    for (i, &c) in bytes.iter().enumerate() {
        if !safe(c) {
            // Only ASCII is ever safe, so a non-empty run ends on a char boundary.
            if mark < i {
                out.push_str(&s[mark..i]);
            }
            out.push('%');
            out.push(HEX[usize::from(c >> 4)] as char);
            out.push(HEX[usize::from(c & 0xF)] as char);
            mark = i + 1;
        }
    }
    out.push_str(&s[mark..]);
}

/// Whether `TICKET_CLEANER` (or `DOC_CLEANER`: same schemes, same relative-URL policy) keeps
/// this `href` or `src` (as percent-encoded by pulldown-cmark: printable ASCII, no spaces,
/// quotes, `<>` or backslashes). `None`: not decidable here, use ammonia.
///
/// Ammonia keeps a URL when `url::Url::parse` succeeds with an allowed scheme (http, https,
/// mailto), or fails with `RelativeUrlWithoutBase` (any input without a scheme, which ammonia's
/// default `UrlRelative::PassThrough` keeps unchanged). Every other scheme, and every parse
/// error, loses the href. A parse can only fail after an allowed scheme in the host or port of
/// http(s) (or the authority of `mailto://`), so those are accepted only in plain shapes that
/// certainly parse.
pub(super) fn ammonia_keeps_href(href: &str) -> Option<bool> {
    let b = href.as_bytes();
    // url's scheme state: an ASCII letter, then letters, digits, `+`, `-`, `.`, then `:`.
    let scheme_len = if b.first().is_some_and(u8::is_ascii_alphabetic) {
        b.iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
            .filter(|&i| b[i] == b':')
    } else {
        None
    };
    let Some(n) = scheme_len else {
        return Some(true);
    };
    let (scheme, rest) = (&href[..n], &href[n + 1..]);
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        plain_http_authority(rest).then_some(true)
    } else if scheme.eq_ignore_ascii_case("mailto") {
        // An opaque path (`mailto:a@b`) cannot fail to parse; `mailto:/…` might.
        (!rest.starts_with('/')).then_some(true)
    } else {
        Some(false)
    }
}

/// `//host[:port]` followed by end, `/`, `?` or `#`, where the host is a dotted name of ASCII
/// letters, digits and inner single hyphens (no `xn--` labels, last label starting with a
/// letter, so url's IDNA and IPv4 rules cannot reject it) or a dotted-decimal IPv4 address.
pub(super) fn plain_http_authority(rest: &str) -> bool {
    let Some(rest) = rest.strip_prefix("//") else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
        if p.parse::<u32>().map_or(true, |v| v > 65535) {
            return false;
        }
    }
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        let lb = l.as_bytes();
        !l.is_empty()
            && l.len() <= 63
            && lb.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
            && lb[0] != b'-'
            && lb[lb.len() - 1] != b'-'
            && !l.contains("--")
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    let last = labels[labels.len() - 1];
    if last.as_bytes()[0].is_ascii_alphabetic() {
        return true;
    }
    // Dotted-decimal IPv4, each part 0-255 without leading zeros.
    labels.len() == 4
        && labels.iter().all(|l| {
            l.bytes().all(|c| c.is_ascii_digit())
                && (l.len() == 1 || !l.starts_with('0'))
                && l.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}
