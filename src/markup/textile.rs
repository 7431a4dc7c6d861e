//! Textile → HTML for Redmine text (Redmine's default text formatting).
//!
//! Why not a crate: the only Textile crate on crates.io (`textile` 0.2.1, 2016) depends on
//! regex 0.1 and url 1.x and has no lists or tables, which Redmine users write all the time.
//! This module covers what Redmine users write, the way Redmine's RedCloth renders it:
//! - blocks: `h1.`–`h6.`, `p.`, `bq.`, `bc.`/`bc..`, `pre.`, `<pre>` / `<pre><code>` blocks,
//!   `* ` / `# ` lists (nested, mixed), `|a|b|` tables (`|_. head|`, `\2` / `/2` spans),
//!   e-mail style `> ` quotes (Redmine's reply quoting), paragraphs with hard line breaks;
//! - inline: `*strong*`, `**bold**`, `_em_`, `__italic__`, `@code@`, `-del-`, `+ins+`,
//!   `^sup^`, `~sub~`, `??cite??`, `%span%`, `"text":url`, `["text":url]`, bare URLs,
//!   `<code>`/`<kbd>`/`<notextile>` spans, `!image!` (rendered as a link, never an `<img>`:
//!   a support site must not load third-party images, and attachment images do not exist
//!   on the static site, so those become plain text).
//!
//! Raw HTML is escaped, as Redmine's `filter_html` does, except the tags above. Block and
//! phrase attributes (`(class)`, `{style}`, `[lang]`, `<>=`) are parsed and dropped. Links
//! keep only http(s), mailto, ftp and relative targets. The output is not sanitised here:
//! `markup` runs the sanitiser after.

/// Most HTML tags one text may render to. Every tag becomes a DOM node when the sanitiser
/// parses the HTML (a few hundred bytes each), so a 50 MB note of short lines (one `<br />`
/// each) took 1.3 GB. Past this budget the rest of the text is shown literally in one
/// `<pre>` block: a single text node, with the author's line breaks kept.
const MAX_TAGS: usize = 50_000;
/// Deepest `>` quote nesting rendered as nested quotes; deeper text is shown literally
/// (each level is a recursive call).
const MAX_QUOTE_DEPTH: usize = 32;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Renders Textile as (unsanitised) HTML.
pub fn to_html(src: &str) -> String {
    let text = src.replace("\r\n", "\n").replace('\r', "\n");
    let depth = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    let out = if depth > MAX_QUOTE_DEPTH {
        literal(&text)
    } else {
        blocks(&text)
    };
    DEPTH.with(|d| d.set(d.get() - 1));
    out
}

/// `text` shown as is: one `<pre>` block.
fn literal(text: &str) -> String {
    format!(
        "<pre><code>{}</code></pre>\n",
        escape(text.trim_matches('\n'))
    )
}

fn blocks(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    let mut tags = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        let (start, before) = (i, out.len());
        if starts_with_ci(line.trim_start(), "<pre") {
            i = pre_block(&lines, i, &mut out);
        } else if let Some(sig) = block_signature(line) {
            i = signature_block(&lines, i, sig, &mut out);
        } else {
            // A plain block: lines up to a blank line, a <pre> or a new block signature.
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && !starts_with_ci(lines[i].trim_start(), "<pre")
                && (i == start || block_signature(lines[i]).is_none())
            {
                i += 1;
            }
            plain_block(&lines[start..i], &mut out);
        }
        // Escaped text holds no `<`, so each one is a tag.
        tags += out.as_bytes()[before..]
            .iter()
            .filter(|b| **b == b'<')
            .count();
        if tags > MAX_TAGS {
            out.truncate(before);
            out.push_str(&literal(&lines[start..].join("\n")));
            break;
        }
    }
    out
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A block signature such as `h2(#intro).`, `bq.`, `bc..`: the tag, whether extended (`..`),
/// and the text after it.
struct Signature<'a> {
    tag: &'a str,
    extended: bool,
    rest: &'a str,
}

fn block_signature(line: &str) -> Option<Signature<'_>> {
    let tags = [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "bq",
        "bc",
        "pre",
        "p",
        "notextile",
        "table",
    ];
    let tag = tags.iter().find(|t| line.starts_with(**t))?;
    let after = skip_attributes(&line[tag.len()..]);
    let after = after.strip_prefix('.')?;
    let (extended, after) = match after.strip_prefix('.') {
        Some(a) => (true, a),
        None => (false, after),
    };
    if *tag == "table" && after.trim().is_empty() {
        return Some(Signature {
            tag,
            extended,
            rest: "",
        });
    }
    let rest = after
        .strip_prefix(' ')
        .or_else(|| after.is_empty().then_some(""))?;
    Some(Signature {
        tag,
        extended,
        rest,
    })
}

/// Skips Textile attributes: `(class#id)`, `{style}`, `[lang]`, alignment `<>=` and padding.
fn skip_attributes(s: &str) -> &str {
    let mut s = s;
    loop {
        let close = match s.chars().next() {
            Some('(') => ')',
            Some('{') => '}',
            Some('[') => ']',
            Some('<' | '>' | '=' | ')') => {
                s = &s[1..];
                continue;
            }
            _ => return s,
        };
        match s.find(close) {
            Some(end) if !s[..end].contains(' ') || close == '}' => s = &s[end + 1..],
            _ => return s,
        }
    }
}

/// `<pre>` … `</pre>`, possibly with `<code class="ruby">` inside: kept verbatim, escaped.
fn pre_block(lines: &[&str], start: usize, out: &mut String) -> usize {
    let mut raw = String::new();
    let mut i = start;
    let mut after = String::new();
    while i < lines.len() {
        if i > start {
            raw.push('\n');
        }
        let line_at = raw.len();
        raw.push_str(lines[i]);
        i += 1;
        // Only the new line is searched: searching all of `raw` each time was quadratic on
        // an unclosed `<pre>` followed by many lines.
        if let Some(end) = find_ci(lines[i - 1], "</pre>").map(|p| line_at + p) {
            after = raw[end + "</pre>".len()..].to_string();
            raw.truncate(end);
            break;
        }
    }
    // Drop the opening tag, then an optional <code ...> wrapper.
    let body_start = raw.find('>').map_or(raw.len(), |p| p + 1);
    let mut body = raw[body_start..].to_string();
    if starts_with_ci(body.trim_start(), "<code") {
        if let Some(p) = body.find('>') {
            body = body[p + 1..].to_string();
        }
        if let Some(p) = find_ci(&body, "</code>") {
            body.truncate(p);
        }
    }
    let body = body.strip_prefix('\n').unwrap_or(&body);
    out.push_str("<pre><code>");
    out.push_str(&escape(body.trim_end_matches('\n')));
    out.push_str("</code></pre>\n");
    if !after.trim().is_empty() {
        plain_block(&[after.trim()], out);
    }
    i
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

fn signature_block(lines: &[&str], start: usize, sig: Signature, out: &mut String) -> usize {
    if sig.tag == "table" {
        // `table(attrs).` only gives attributes to the table on the following lines.
        return start + 1;
    }
    let mut body: Vec<&str> = vec![sig.rest];
    let mut i = start + 1;
    if sig.extended {
        // `bc..` / `bq..` run until a new block signature after a blank line.
        while i < lines.len() {
            if lines[i].trim().is_empty()
                && lines
                    .get(i + 1)
                    .is_some_and(|l| block_signature(l).is_some())
            {
                break;
            }
            body.push(lines[i]);
            i += 1;
        }
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
    } else {
        while i < lines.len() && !lines[i].trim().is_empty() {
            body.push(lines[i]);
            i += 1;
        }
    }
    let joined = body.join("\n");
    match sig.tag {
        "bc" | "pre" => {
            out.push_str("<pre><code>");
            out.push_str(&escape(&joined));
            out.push_str("</code></pre>\n");
        }
        "notextile" => {
            out.push_str("<p>");
            out.push_str(&escape(&joined).replace('\n', "<br />\n"));
            out.push_str("</p>\n");
        }
        "bq" => {
            out.push_str("<blockquote>\n");
            for para in joined.split("\n\n").filter(|p| !p.trim().is_empty()) {
                out.push_str("<p>");
                out.push_str(&inline(para.trim_end()));
                out.push_str("</p>\n");
            }
            out.push_str("</blockquote>\n");
        }
        "p" => {
            out.push_str("<p>");
            out.push_str(&inline(joined.trim_end()));
            out.push_str("</p>\n");
        }
        h => {
            out.push('<');
            out.push_str(h);
            out.push('>');
            out.push_str(&inline(joined.trim()));
            out.push_str("</");
            out.push_str(h);
            out.push_str(">\n");
        }
    }
    i
}

fn list_marker(line: &str) -> Option<(&str, &str)> {
    let n = line
        .bytes()
        .take_while(|b| *b == b'*' || *b == b'#')
        .count();
    if n == 0 {
        return None;
    }
    let rest = &line[n..];
    let rest = skip_attributes(rest);
    let text = rest.strip_prefix(' ')?;
    Some((&line[..n], text))
}

fn is_table_line(line: &str) -> bool {
    let t = line.trim_end();
    t.starts_with('|') || (t.ends_with('|') && t.contains(". |"))
}

/// A block of consecutive non-blank lines: split into runs of list items, table rows,
/// `>` quotes and paragraph lines, since users do not always put blank lines between them.
fn plain_block(lines: &[&str], out: &mut String) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "{{toc}}" || line.trim() == "{{>toc}}" || line.trim() == "{{<toc}}" {
            i += 1;
            continue;
        }
        if list_marker(line).is_some() {
            let mut items: Vec<(String, String)> = Vec::new();
            while i < lines.len() {
                if let Some((m, t)) = list_marker(lines[i]) {
                    items.push((m.to_string(), t.to_string()));
                } else if is_table_line(lines[i]) || lines[i].starts_with('>') {
                    break;
                } else if let Some(last) = items.last_mut() {
                    // A line without a marker continues the item above.
                    last.1.push('\n');
                    last.1.push_str(lines[i].trim());
                }
                i += 1;
            }
            render_list(&items, out);
        } else if is_table_line(line) {
            let start = i;
            while i < lines.len() && is_table_line(lines[i]) {
                i += 1;
            }
            render_table(&lines[start..i], out);
        } else if line.starts_with('>') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('>') {
                i += 1;
            }
            let inner: Vec<&str> = lines[start..i]
                .iter()
                .map(|l| {
                    let l = &l[1..];
                    l.strip_prefix(' ').unwrap_or(l)
                })
                .collect();
            out.push_str("<blockquote>\n");
            out.push_str(&to_html(&inner.join("\n")));
            out.push_str("</blockquote>\n");
        } else {
            let start = i;
            while i < lines.len()
                && list_marker(lines[i]).is_none()
                && !is_table_line(lines[i])
                && !lines[i].starts_with('>')
            {
                i += 1;
            }
            let para = lines[start..i].join("\n");
            out.push_str("<p>");
            out.push_str(&inline(para.trim_end()));
            out.push_str("</p>\n");
        }
    }
}

fn render_list(items: &[(String, String)], out: &mut String) {
    // One entry per open list: its kind ('*' or '#') and whether an <li> is open in it.
    let mut stack: Vec<(u8, bool)> = Vec::new();
    let close = |out: &mut String, (kind, li): (u8, bool)| {
        if li {
            out.push_str("</li>\n");
        }
        out.push_str(if kind == b'#' { "</ol>\n" } else { "</ul>\n" });
    };
    for (markers, text) in items {
        let m = markers.as_bytes();
        let depth = m.len();
        let kind = m[depth - 1];
        while stack.len() > depth {
            let top = stack.pop().expect("non-empty");
            close(out, top);
        }
        if stack.len() == depth {
            let top = *stack.last().expect("depth >= 1");
            if top.0 != kind {
                stack.pop();
                close(out, top);
            } else if top.1 {
                out.push_str("</li>\n");
                stack.last_mut().expect("non-empty").1 = false;
            }
        }
        while stack.len() < depth {
            if let Some(parent) = stack.last_mut() {
                if !parent.1 {
                    // Skipped level (`**` right after a blank): give the nested list an item.
                    out.push_str("<li>");
                    parent.1 = true;
                }
            }
            let k = m[stack.len()];
            out.push_str(if k == b'#' { "<ol>\n" } else { "<ul>\n" });
            stack.push((k, false));
        }
        out.push_str("<li>");
        out.push_str(&inline(text.trim_end()));
        stack.last_mut().expect("depth >= 1").1 = true;
    }
    while let Some(top) = stack.pop() {
        close(out, top);
    }
}

fn render_table(lines: &[&str], out: &mut String) {
    out.push_str("<table>\n<tbody>\n");
    for line in lines {
        let mut row = line.trim();
        if !row.starts_with('|') {
            // Row attributes: `(class). |a|b|`.
            row = row.find('|').map_or(row, |p| &row[p..]);
        }
        let row = row.strip_prefix('|').unwrap_or(row);
        let row = row.strip_suffix('|').unwrap_or(row);
        out.push_str("<tr>");
        for cell in row.split('|') {
            let (header, colspan, rowspan, text) = cell_attributes(cell);
            let tag = if header { "th" } else { "td" };
            out.push('<');
            out.push_str(tag);
            if let Some(n) = colspan {
                out.push_str(&format!(" colspan=\"{n}\""));
            }
            if let Some(n) = rowspan {
                out.push_str(&format!(" rowspan=\"{n}\""));
            }
            out.push('>');
            out.push_str(&inline(text.trim()));
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// `_. `, `\2. `, `/3. `, `<>. `, `(class). ` before a cell's text.
fn cell_attributes(cell: &str) -> (bool, Option<u32>, Option<u32>, &str) {
    let Some(dot) = cell
        .find(". ")
        .or_else(|| cell.ends_with('.').then(|| cell.len() - 1))
    else {
        return (false, None, None, cell);
    };
    let spec = &cell[..dot];
    if spec.is_empty() {
        return (false, None, None, cell);
    }
    let (mut header, mut colspan, mut rowspan) = (false, None, None);
    let mut rest = spec;
    while !rest.is_empty() {
        let c = rest.chars().next().expect("non-empty");
        match c {
            '_' => {
                header = true;
                rest = &rest[1..];
            }
            '\\' | '/' => {
                let digits: String = rest[1..].chars().take_while(char::is_ascii_digit).collect();
                let n = digits.parse().ok();
                if c == '\\' {
                    colspan = n;
                } else {
                    rowspan = n;
                }
                rest = &rest[1 + digits.len()..];
            }
            '<' | '>' | '=' | '^' | '~' => rest = &rest[1..],
            '(' | '{' | '[' => {
                let skipped = skip_attributes(rest);
                if skipped.len() == rest.len() {
                    return (false, None, None, cell);
                }
                rest = skipped;
            }
            _ => return (false, None, None, cell),
        }
    }
    let text = cell[dot + 1..]
        .strip_prefix(' ')
        .unwrap_or(&cell[dot + 1..]);
    (header, colspan, rowspan, text)
}

// ---- inline

/// Escapes text for HTML element content and attribute values.
fn escape(s: &str) -> String {
    crate::markup::escape_html(s).into_owned()
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// Only these link targets survive; `javascript:` and friends become text.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            ["http", "https", "mailto", "ftp"].contains(&&lower[..colon])
        }
        _ => !lower.is_empty(),
    }
}

/// The URL at the start of `s` (up to whitespace), without trailing punctuation that belongs
/// to the sentence; returns its byte length.
fn url_len(s: &str) -> usize {
    let mut end = s
        .find(|c: char| c.is_whitespace() || c == '<' || c == '"')
        .unwrap_or(s.len());
    loop {
        let trimmed = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        end = trimmed.len();
        let t = &s[..end];
        if t.ends_with(')') && t.matches('(').count() < t.matches(')').count() {
            end -= 1;
            continue;
        }
        if t.ends_with(']') && !t.contains('[') {
            end -= 1;
            continue;
        }
        return end;
    }
}

fn push_link(out: &mut String, url: &str, text_html: &str) {
    if safe_url(url) {
        out.push_str("<a href=\"");
        out.push_str(&escape(url));
        out.push_str("\">");
        out.push_str(text_html);
        out.push_str("</a>");
    } else {
        out.push_str(text_html);
    }
}

const PHRASES: [(&str, &str); 11] = [
    ("**", "b"),
    ("__", "i"),
    ("??", "cite"),
    ("*", "strong"),
    ("_", "em"),
    ("@", "code"),
    ("-", "del"),
    ("+", "ins"),
    ("^", "sup"),
    ("~", "sub"),
    ("%", "span"),
];

/// How far a closing token is looked for. Bounds the work on pathological input (a long
/// paragraph of unmatched `*` or `"`) to linear time; real phrases and link texts are short.
const SEARCH_WINDOW: usize = 4096;

fn window(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Renders inline Textile; `\n` becomes `<br />` (Redmine keeps the author's line breaks).
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                out.push_str("<br />\n");
                i += 1;
                continue;
            }
            b'&' => {
                if let Some(n) = entity_len(&s[i..]) {
                    out.push_str(&s[i..i + n]);
                    i += n;
                } else {
                    out.push_str("&amp;");
                    i += 1;
                }
                continue;
            }
            b'<' => {
                if let Some(n) = inline_tag(&s[i..], &mut out) {
                    i += n;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
                continue;
            }
            b'>' => {
                out.push_str("&gt;");
                i += 1;
                continue;
            }
            b'"' => {
                if let Some(n) = quoted_link(s, i, &mut out) {
                    i += n;
                } else {
                    out.push_str("&quot;");
                    i += 1;
                }
                continue;
            }
            b'[' if s[i + 1..].starts_with('"') => {
                if let Some(n) = bracket_link(s, i, &mut out) {
                    i += n;
                    continue;
                }
            }
            b'!' => {
                if let Some(n) = image(s, i, &mut out) {
                    i += n;
                    continue;
                }
            }
            b'h' | b'f' | b'w' => {
                if let Some(n) = bare_url(s, i, &mut out) {
                    i += n;
                    continue;
                }
            }
            b'*' | b'_' | b'?' | b'@' | b'-' | b'+' | b'^' | b'~' | b'%' => {
                if let Some(n) = phrase(s, i, &mut out) {
                    i += n;
                    continue;
                }
            }
            _ => {}
        }
        // Plain text up to the next byte that may start markup (all such bytes are ASCII).
        let step = s[i..].chars().next().map_or(1, char::len_utf8);
        let next = s[i + step..]
            .find(|c: char| "\n&<>\"[!hfw*_?@-+^~%".contains(c))
            .map_or(s.len(), |p| i + step + p);
        out.push_str(&s[i..next]);
        i = next;
    }
    out
}

/// `&amp;`, `&#169;`, `&#x2014;`: an entity the author typed, kept as is.
fn entity_len(s: &str) -> Option<usize> {
    let end = s[1..].find(';')? + 1;
    let body = &s[1..end];
    let ok = if let Some(num) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        !num.is_empty() && num.len() <= 6 && num.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(num) = body.strip_prefix('#') {
        !num.is_empty() && num.len() <= 7 && num.chars().all(|c| c.is_ascii_digit())
    } else {
        !body.is_empty() && body.len() <= 10 && body.chars().all(|c| c.is_ascii_alphanumeric())
    };
    ok.then_some(end + 1)
}

/// `<code>..</code>`, `<kbd>..</kbd>`, `<notextile>..</notextile>`: the only inline HTML
/// Redmine lets through; the content is literal.
fn inline_tag(s: &str, out: &mut String) -> Option<usize> {
    for (tag, html) in [("code", "code"), ("kbd", "kbd"), ("notextile", "")] {
        let open = format!("<{tag}>");
        if starts_with_ci(s, &open) {
            let close = format!("</{tag}>");
            // Searched within a window, like the other closers: an unclosed `<code>` repeated
            // through a huge text would otherwise be quadratic.
            let end = find_ci(window(&s[open.len()..], SEARCH_WINDOW), &close)? + open.len();
            let inner = escape(&s[open.len()..end]);
            if html.is_empty() {
                out.push_str(&inner);
            } else {
                out.push_str(&format!("<{html}>{inner}</{html}>"));
            }
            return Some(end + close.len());
        }
    }
    None
}

/// `"text":url` or `"text(title)":url` at `i`.
fn quoted_link(s: &str, i: usize, out: &mut String) -> Option<usize> {
    let rest = &s[i + 1..];
    let close = window(rest, SEARCH_WINDOW).find("\":")?;
    let text = &rest[..close];
    if text.is_empty()
        || text.starts_with(' ')
        || text.contains('\n') && text.len() > 200
        || text.contains('"')
    {
        return None;
    }
    let url_start = i + 1 + close + 2;
    let n = url_len(&s[url_start..]);
    if n == 0 {
        return None;
    }
    let url = &s[url_start..url_start + n];
    let text = strip_link_title(text);
    push_link(out, url, &inline(text));
    Some(url_start + n - i)
}

/// `"Release notes (v2)":url` is a link with the title "v2" in Textile.
fn strip_link_title(text: &str) -> &str {
    if text.ends_with(')') {
        if let Some(p) = text.rfind('(') {
            if p > 0 {
                return text[..p].trim_end();
            }
        }
    }
    text
}

/// `["text":url]`: a link whose URL ends at the bracket.
fn bracket_link(s: &str, i: usize, out: &mut String) -> Option<usize> {
    let end = window(&s[i..], SEARCH_WINDOW).find(']')? + i;
    let inner = &s[i + 1..end];
    let close = inner[1..].find("\":")? + 1;
    let text = &inner[1..close];
    let url = &inner[close + 2..];
    if text.is_empty() || url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    push_link(out, url, &inline(strip_link_title(text)));
    Some(end + 1 - i)
}

/// `!url!`, `!url(alt)!`, `!>url!:link`: shown as a link (never an image); an attachment
/// (a bare file name) as its name, since attachments are not on the static site.
fn image(s: &str, i: usize, out: &mut String) -> Option<usize> {
    if prev_char(s, i).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = &s[i + 1..];
    let end = window(rest, SEARCH_WINDOW).find('!')?;
    let mut body = skip_attributes(&rest[..end]);
    if body.is_empty() || body.contains(char::is_whitespace) && !body.contains('(') {
        return None;
    }
    let mut alt = None;
    if body.ends_with(')') {
        if let Some(p) = body.find('(') {
            alt = Some(&body[p + 1..body.len() - 1]);
            body = &body[..p];
        }
    }
    if body.contains(char::is_whitespace) || !(body.contains('.') || body.contains('/')) {
        return None;
    }
    let mut consumed = 1 + end + 1;
    let mut target = body;
    if s[i + consumed..].starts_with(':') {
        let n = url_len(&s[i + consumed + 1..]);
        if n > 0 {
            target = &s[i + consumed + 1..i + consumed + 1 + n];
            consumed += 1 + n;
        }
    }
    let label = escape(alt.filter(|a| !a.is_empty()).unwrap_or(body));
    let is_attachment = !target.contains('/') && !target.contains(':');
    if is_attachment {
        out.push_str(&label);
    } else {
        push_link(out, target, &label);
    }
    Some(consumed)
}

/// Redmine links bare `http://`, `https://`, `ftp://` and `www.` addresses.
fn bare_url(s: &str, i: usize, out: &mut String) -> Option<usize> {
    if prev_char(s, i).is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '=' || c == '"') {
        return None;
    }
    let rest = &s[i..];
    let www = starts_with_ci(rest, "www.");
    if !(starts_with_ci(rest, "http://")
        || starts_with_ci(rest, "https://")
        || starts_with_ci(rest, "ftp://")
        || www)
    {
        return None;
    }
    let n = url_len(rest);
    let url = &rest[..n];
    if url.len() <= "https://".len() {
        return None;
    }
    let href = if www {
        format!("http://{url}")
    } else {
        url.to_string()
    };
    push_link(out, &href, &escape(url));
    Some(n)
}

/// Phrase modifiers: `*strong*`, `_em_`, `@code@`, … Openers follow a non-word character and
/// precede a non-space; closers follow a non-space and precede a non-word character, so
/// `snake_case_name`, `2 * 3` and `2026-03-14` stay text.
fn phrase(s: &str, i: usize, out: &mut String) -> Option<usize> {
    let (token, tag) = PHRASES.iter().find(|(t, _)| s[i..].starts_with(*t))?;
    if prev_char(s, i).is_some_and(|c| c.is_alphanumeric() || token.starts_with(c)) {
        return None;
    }
    let start = i + token.len();
    if next_char(s, start).is_none_or(char::is_whitespace) {
        return None;
    }
    let mut limit = start + window(&s[start..], SEARCH_WINDOW).len();
    // A modifier never spans a paragraph break.
    if let Some(p) = s[start..limit].find("\n\n") {
        limit = start + p;
    }
    let mut from = start;
    while let Some(p) = s[from..limit].find(token) {
        let close = from + p;
        let ok_before = prev_char(s, close).is_some_and(|c| !c.is_whitespace());
        let after = next_char(s, close + token.len());
        let ok_after = after.is_none_or(|c| !c.is_alphanumeric() && !token.starts_with(c));
        if ok_before && ok_after && close > start {
            let inner = &s[start..close];
            if *tag == "code" {
                out.push_str("<code>");
                out.push_str(&escape(inner));
                out.push_str("</code>");
            } else {
                // Phrase attributes such as `*(class)text*` are dropped.
                let inner = if inner.starts_with(['(', '{', '[']) {
                    skip_attributes(inner)
                } else {
                    inner
                };
                let html = inline(inner);
                if *tag == "span" {
                    out.push_str(&html);
                } else {
                    out.push_str(&format!("<{tag}>{html}</{tag}>"));
                }
            }
            return Some(close + token.len() - i);
        }
        from = close + token.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn headings_and_paragraphs() {
        let html = to_html("h2. Steps to reproduce\r\n\r\nOpen the report.\r\nClick *Export*.\r\n\r\nh3(#x). Result");
        assert_eq!(
            html,
            "<h2>Steps to reproduce</h2>\n<p>Open the report.<br />\nClick <strong>Export</strong>.</p>\n<h3>Result</h3>\n"
        );
    }

    #[test]
    fn phrase_modifiers() {
        assert_eq!(
            to_html("This is *bold*, _italic_, @x < y@ and -gone- but snake_case_name and 2 * 3 stay."),
            "<p>This is <strong>bold</strong>, <em>italic</em>, <code>x &lt; y</code> and <del>gone</del> but snake_case_name and 2 * 3 stay.</p>\n"
        );
        assert_eq!(
            to_html("**b** __i__ ??c?? ^2^ ~n~ +new+"),
            "<p><b>b</b> <i>i</i> <cite>c</cite> <sup>2</sup> <sub>n</sub> <ins>new</ins></p>\n"
        );
        assert_eq!(
            to_html("Released 2026-03-14 - see log"),
            "<p>Released 2026-03-14 - see log</p>\n"
        );
    }

    #[test]
    fn pre_blocks_are_literal() {
        let src = "Log:\n\n<pre><code class=\"ruby\">\nif a < b && *c*\n  puts \"x\"\nend\n</code></pre>\n\nAfter.";
        assert_eq!(
            to_html(src),
            "<p>Log:</p>\n<pre><code>if a &lt; b &amp;&amp; *c*\n  puts &quot;x&quot;\nend</code></pre>\n<p>After.</p>\n"
        );
        assert_eq!(
            to_html("<pre>one line</pre>"),
            "<pre><code>one line</code></pre>\n"
        );
        assert_eq!(to_html("bc. x = *y*"), "<pre><code>x = *y*</code></pre>\n");
    }

    #[test]
    fn lists_nest_and_mix() {
        let src =
            "Steps:\n# Open *Reports*\n# Choose:\n## weekly\n## monthly\n# Save\n\n* a\n** b\n* c";
        assert_eq!(
            to_html(src),
            "<p>Steps:</p>\n<ol>\n<li>Open <strong>Reports</strong></li>\n<li>Choose:<ol>\n<li>weekly</li>\n<li>monthly</li>\n</ol>\n</li>\n<li>Save</li>\n</ol>\n\
             <ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n"
        );
    }

    #[test]
    fn links_and_images() {
        assert_eq!(
            to_html("See \"the docs\":https://example.com/docs/a_b. Or https://x.org/p?q=1, or \"bad\":javascript:alert(1)."),
            "<p>See <a href=\"https://example.com/docs/a_b\">the docs</a>. Or <a href=\"https://x.org/p?q=1\">https://x.org/p?q=1</a>, or bad.</p>\n"
        );
        assert_eq!(
            to_html("!https://example.com/shot.png(Screenshot)! and !screenshot.png! and Wow!"),
            "<p><a href=\"https://example.com/shot.png\">Screenshot</a> and screenshot.png and Wow!</p>\n"
        );
        assert_eq!(
            to_html("[\"Wiki\":/projects/x/wiki]"),
            "<p><a href=\"/projects/x/wiki\">Wiki</a></p>\n"
        );
    }

    #[test]
    fn tables() {
        assert_eq!(
            to_html("|_. Browser|_. Result|\n|Firefox|*fails*|\n|\\2. both|"),
            "<table>\n<tbody>\n<tr><th>Browser</th><th>Result</th></tr>\n<tr><td>Firefox</td><td><strong>fails</strong></td></tr>\n<tr><td colspan=\"2\">both</td></tr>\n</tbody>\n</table>\n"
        );
    }

    #[test]
    fn quotes_and_raw_html() {
        assert_eq!(
            to_html("bq. Quoted *text*"),
            "<blockquote>\n<p>Quoted <strong>text</strong></p>\n</blockquote>\n"
        );
        assert_eq!(
            to_html("John wrote:\n> It fails\n> again"),
            "<p>John wrote:</p>\n<blockquote>\n<p>It fails<br />\nagain</p>\n</blockquote>\n"
        );
        assert_eq!(
            to_html("<script>alert(1)</script> &copy; &nope"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &copy; &amp;nope</p>\n"
        );
    }
}
