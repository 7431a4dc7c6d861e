//! `#123` in ticket text: a link to ticket 123's page when that ticket is listed on the site,
//! plain text otherwise (a private, withheld or unlisted ticket's existence is not told beyond
//! the text its author wrote). Redmine, MantisBT and GitHub all write references this way.
//!
//! Runs on the sanitised HTML of a ticket's text, in text only: never inside a link, code or
//! a preformatted block, never in a tag. The link is relative to a ticket page
//! (`tickets/ID/` and `t/TOKEN/` are both two folders deep); feeds that carry the HTML give it
//! the ticket page as `xml:base`.

/// The `#N` references in `text` (raw or rendered): a `#` that does not follow a letter,
/// digit, `&` or `_`, then ASCII digits up to a non-word character.
pub(crate) fn mentions(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    text.match_indices('#')
        .filter_map(move |(i, _)| reference_at(b, i).map(|end| &text[i + 1..end]))
}

/// The end of the digits of a reference whose `#` is at `i`, if it is one.
fn reference_at(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'&' | b'_' | b'#' | b'/'))
    {
        return None;
    }
    let mut end = i + 1;
    while end < b.len() && b[end].is_ascii_digit() {
        end += 1;
    }
    if end == i + 1 || end - i - 1 > 20 {
        return None;
    }
    if end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'_' | b'-' | b'#')) {
        return None;
    }
    Some(end)
}

/// `html` with each `#N` in its text linked when `listed(N)`; `None` when nothing changed.
pub(crate) fn link_references(html: &str, listed: &dyn Fn(&str) -> bool) -> Option<String> {
    let b = html.as_bytes();
    // Most ticket text has no `#`: one memchr pass decides.
    if !html.contains('#') {
        return None;
    }
    let mut out: Option<String> = None;
    let mut mark = 0;
    let mut i = 0;
    // Inside <a>, <code> or <pre>: references stay text.
    let mut skip = 0usize;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
                let tag = &b[i + 1..end.saturating_sub(1).max(i + 1)];
                let (closing, name) = match tag.first() {
                    Some(b'/') => (true, &tag[1..]),
                    _ => (false, tag),
                };
                let is = |n: &[u8]| {
                    name.len() >= n.len()
                        && name[..n.len()].eq_ignore_ascii_case(n)
                        && name
                            .get(n.len())
                            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'/'))
                };
                if is(b"a") || is(b"code") || is(b"pre") {
                    if closing {
                        skip = skip.saturating_sub(1);
                    } else if !name.ends_with(b"/") {
                        skip += 1;
                    }
                }
                i = end;
            }
            b'#' if skip == 0 => match reference_at(b, i) {
                Some(end) if listed(&html[i + 1..end]) => {
                    let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
                    o.push_str(&html[mark..i]);
                    let id = &html[i + 1..end];
                    o.push_str("<a href=\"../../tickets/");
                    o.push_str(id);
                    o.push_str("/\">#");
                    o.push_str(id);
                    o.push_str("</a>");
                    mark = end;
                    i = end;
                }
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    let mut o = out?;
    o.push_str(&html[mark..]);
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(html: &str) -> String {
        link_references(html, &|id| id == "12" || id == "7").unwrap_or_else(|| html.to_string())
    }

    #[test]
    fn listed_references_in_text_become_links_and_nothing_else_does() {
        assert_eq!(
            link("<p>Same as #12, see also #13 and (#7).</p>"),
            "<p>Same as <a href=\"../../tickets/12/\">#12</a>, see also #13 and (<a href=\"../../tickets/7/\">#7</a>).</p>"
        );
        for unchanged in [
            "<p>In <code>#12</code> and <a href=\"https://x.example/#12\">#12</a></p>",
            "<pre><code>grep #12\n</code></pre>",
            "<p>&#12; a#12 #12a #12-b x/#12 ##12 #</p>",
            "<p>issue #123456789012345678901</p>",
        ] {
            assert_eq!(link(unchanged), unchanged);
        }
        assert_eq!(
            mentions("See #12, #13a, &#39; and #7.").collect::<Vec<_>>(),
            ["12", "7"]
        );
    }
}
