//! HTML escaping (Tera's escape function for every template value) and plain text of
//! rendered Markdown for the search index and excerpts.

use super::*;

/// Escapes text for HTML element content and attribute values.
///
/// Every `{{ value }}` of every template goes through this (it is Tera's escape function): it
/// copies the runs between special bytes at once instead of pushing char by char, and text
/// without special bytes is not copied at all.
pub(crate) fn escape_html(s: &str) -> Cow<'_, str> {
    let Some(first) = s.bytes().position(|b| html_special(&b)) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
    out.push_str(&s[..first]);
    push_escaped_from(&mut out, s, first);
    Cow::Owned(out)
}

/// Appends `s` escaped as [`escape_html`] does, without an intermediate string (the feeds
/// escape whole note HTML this way).
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    push_escaped_from(out, s, 0);
}

pub(super) fn html_special(b: &u8) -> bool {
    matches!(b, b'<' | b'>' | b'&' | b'"' | b'\'')
}

/// Appends `s[from..]` escaped. The five special characters are ASCII, so cutting at them
/// always falls on a char boundary.
pub(super) fn push_escaped_from(out: &mut String, s: &str, from: usize) {
    let mut mark = from;
    for (i, b) in s.bytes().enumerate().skip(from) {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        mark = i + 1;
    }
    out.push_str(&s[mark..]);
}

/// What separates the cells of one table row in plain text and search excerpts: without it
/// a row "Owner | yes | yes" read "Owner yes yes".
pub(super) const CELL_SEPARATOR: &str = "|";

/// Text of already-sanitised HTML (tags dropped, common entities decoded), for search. Cells
/// of a table row are separated by [`CELL_SEPARATOR`], as in [`PlainText`].
pub(super) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut cells = 0usize;
    for (i, c) in html.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
                let rest = &html.as_bytes()[i + 1..];
                let name = |n: &[u8]| {
                    rest.len() > n.len()
                        && rest[..n.len()].eq_ignore_ascii_case(n)
                        && matches!(rest[n.len()], b'>' | b' ' | b'\t' | b'\n' | b'/')
                };
                if name(b"tr") {
                    cells = 0;
                } else if name(b"td") || name(b"th") {
                    if cells > 0 {
                        out.push_str(CELL_SEPARATOR);
                        out.push(' ');
                    }
                    cells += 1;
                }
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
pub(super) fn plain_text(events: &[Event]) -> String {
    let mut t = PlainText::with_capacity(0);
    for e in events {
        t.push_event(e);
    }
    t.finish()
}

/// Builds plain text for search with whitespace collapsed as it goes: the same result as
/// concatenating the text and then `split_whitespace().join(" ")`, without the word vector and
/// the second string (this was a fifth of the gate's time).
pub(super) struct PlainText {
    out: String,
    /// Whitespace was seen since the last word.
    gap: bool,
    /// Cells begun in the current table row: the second and later are preceded by
    /// [`CELL_SEPARATOR`].
    cells: usize,
}

impl PlainText {
    pub(super) fn with_capacity(n: usize) -> Self {
        PlainText {
            out: String::with_capacity(n),
            gap: false,
            cells: 0,
        }
    }

    pub(super) fn push_event(&mut self, e: &Event) {
        match e {
            Event::Text(t) | Event::Code(t) => self.push_str(t),
            Event::Start(Tag::TableHead | Tag::TableRow) => self.cells = 0,
            Event::Start(Tag::TableCell) => {
                if self.cells > 0 {
                    self.gap = true;
                    self.push_word(CELL_SEPARATOR);
                    self.gap = true;
                }
                self.cells += 1;
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => self.gap = true,
            _ => {}
        }
    }

    pub(super) fn push_str(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut word: Option<usize> = None;
        let mut i = 0;
        while i < b.len() {
            // Bytes, not chars: only ASCII whitespace and the lead bytes of the few non-ASCII
            // `char::is_whitespace` characters (U+0085, U+00A0, U+1680, U+2000-U+3000) need a
            // closer look. Continuation bytes never match these.
            let ws_len = match b[i] {
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..]
                    .chars()
                    .next()
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
                _ => 0,
            };
            if ws_len == 0 {
                word.get_or_insert(i);
                i += 1;
                continue;
            }
            if let Some(start) = word.take() {
                self.push_word(&s[start..i]);
            }
            self.gap = true;
            i += ws_len;
        }
        if let Some(start) = word {
            self.push_word(&s[start..]);
        }
    }

    /// A run without whitespace; runs from consecutive events join into one word, as they did
    /// when the text was concatenated first.
    pub(super) fn push_word(&mut self, w: &str) {
        if self.gap && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.gap = false;
        self.out.push_str(w);
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}
