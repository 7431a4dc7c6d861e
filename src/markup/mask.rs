//! Contact masking: e-mail addresses and phone numbers in public ticket text become
//! `[e-mail hidden]` / `[phone hidden]`.
//!
//! Masking works on text, never on markup: the renderers in `markup` call [`Mask::text`] on
//! each text run (Markdown text and code events, plain text before escaping) or [`mask_html`]
//! on the text nodes of sanitised HTML (Textile, Markdown with raw HTML). Link targets are
//! never rewritten; a link whose target would reveal an address (`mailto:`, or an address in
//! the URL) loses its target instead ([`Mask::url_reveals_contact`]).
//!
//! E-mail addresses are masked everywhere, code included (log lines carry them). Phone
//! numbers are found by the hand-written matcher below, which leaves the many other numbers of
//! support text alone (dates, times, versions, IP addresses, decimals, ids, URLs).
//!
//! What it cannot catch: see "Privacy model" in the README (numbers written in words or split
//! across lines, obfuscated addresses, national numbers without a trunk `0`, …).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What the e-mail replacement reads.
pub const EMAIL_HIDDEN: &str = "[e-mail hidden]";
/// What the phone replacement reads.
pub const PHONE_HIDDEN: &str = "[phone hidden]";

/// Which contacts are masked in public ticket text: `[privacy] mask_emails` / `mask_phones`.
/// Every function that renders ticket text takes one, so a caller always says whether masking
/// is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mask {
    pub emails: bool,
    pub phones: bool,
}

impl Mask {
    /// Nothing masked (docs, which the team writes).
    pub const NONE: Mask = Mask {
        emails: false,
        phones: false,
    };
    /// E-mail addresses and phone numbers masked (the default).
    pub const ALL: Mask = Mask {
        emails: true,
        phones: true,
    };

    pub fn is_off(self) -> bool {
        !self.emails && !self.phones
    }

    /// Masks a run of plain text (a title, a custom field, a Markdown text event, a text node).
    /// Borrowed when nothing was masked.
    pub fn text(self, text: &str) -> Cow<'_, str> {
        let mut out = Cow::Borrowed(text);
        if self.emails && text.contains('@') {
            if let Some(s) = replace_ranges(&out, &email_ranges(&out), EMAIL_HIDDEN) {
                out = Cow::Owned(s);
            }
        }
        if self.phones && out.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(s) = replace_ranges(&out, &phone_ranges(&out), PHONE_HIDDEN) {
                out = Cow::Owned(s);
            }
        }
        out
    }

    /// Whether a link target (`href`, `cite`) would show an address: a `mailto:` target, or
    /// an e-mail address anywhere in the URL (percent-encoded or not). Such a link keeps its
    /// text (masked) and loses its target. Phone-like digits in URLs are paths and ids, not
    /// phone numbers, and stay (`tel:` targets never survive the sanitiser).
    pub fn url_reveals_contact(self, url: &str) -> bool {
        if !self.emails {
            return false;
        }
        let t = url.trim_start();
        if t.get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
        {
            return true;
        }
        if !url.contains('@') && !url.contains('%') {
            return false;
        }
        let decoded = percent_decode(url);
        !email_ranges(&decoded).is_empty()
    }
}

/// Replaces each range of `text` with `with`; `None` when there are none.
fn replace_ranges(text: &str, ranges: &[Range<usize>], with: &str) -> Option<String> {
    if ranges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in ranges {
        out.push_str(&text[last..r.start]);
        out.push_str(with);
        last = r.end;
    }
    out.push_str(&text[last..]);
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---- e-mail addresses

/// A local part (not starting with a dot), `@`, a dotted domain ending in a label of letters.
/// Letters and digits of any script count, so `jürgen@bücher.de` is one address, not `rgen@…`.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}_%+-][\p{L}\p{N}._%+-]*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}")
        .unwrap()
});

/// E-mail addresses in `text`. `icon@2x.png` (a retina image name) is not one.
fn email_ranges(text: &str) -> Vec<Range<usize>> {
    EMAIL
        .find_iter(text)
        .filter(|m| {
            let domain = &m.as_str()[m.as_str().find('@').map_or(0, |i| i + 1)..];
            !domain.split_once('.').is_some_and(|(scale, ext)| {
                scale
                    .strip_suffix(['x', 'X'])
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                    && ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"]
                        .iter()
                        .any(|e| ext.eq_ignore_ascii_case(e))
            })
        })
        .map(|m| m.range())
        .collect()
}

// ---- phone numbers
//
// Why by hand: no crate does "find phone numbers of any country in free text, but not these
// other numbers". `phonenumber` parses and validates a number you already have; the ports of
// libphonenumber's matcher (`rlibphonenumber`, `namba`) find numbers, but national numbers
// only for one default region and only numbers valid in their metadata, so a number from
// another country or a new range would go through unmasked, which here is a leak. What
// support text needs is the opposite trade-off: any number *shaped* like a phone, in any
// country's notation, minus the numbers support text is full of (dates, times, versions, IP
// addresses, decimals, ids, hashes, URLs). That is the matcher below.
//
// 1. Candidates. A run that starts with `+digit`, `(digit` or a digit, made of digit groups
//    joined by one gap each: a space (ASCII, no-break, narrow or thin), `-`, `.`, `/` (no
//    spaces around these three), ` - `, ` / `, ` (` / `(` before a group and `)` / `) ` / `)-`
//    after one, parentheses balanced. So `+41 79 555 12 34`, `+49 (0)30 1234567`,
//    `030/1234567`, `089 / 1234567`, `(555) 123-4567`, `06.12.34.56.78` are candidates.
// 2. Glue. A candidate must stand alone: not preceded by a letter, digit or `_` (`v1.2`,
//    `build_2026…`, `0x0301…`), nor by `/ \ # $ € £ ¥ % @ = & ~ ^ |` (paths, refs, money),
//    nor by `. , -` right after a letter or digit (`INV-2026-000123`, `v1.0`), nor by `:`
//    after a digit (`12:30`); and not followed by a letter, digit, `_`, `@ % € $ £ / \`, or
//    by `. , - :` plus a letter or digit (`0301234567.txt`, `06:12`). So a number inside a
//    code identifier or a `key=value` pair (`id=0301234567`) is not masked, except one with
//    a `+` (`phone=+41791234567`).
// 3. Tokens. The whitespace-delimited word the candidate starts in must not be a URL
//    (`://`, `www.`) and must not hold two colons (IPv6, MAC, `12:30:45`); IBANs are skipped.
// 4. Reference words. A candidate right after `order`, `invoice`, `ticket`, `id`, `commit`, …
//    (optionally followed by `no.`, `nr`, `#`, `:`) is that thing's number.
// 5. Chunks. A part of the candidate between spaces or parentheses that is another kind of
//    number ends the candidate before it (or rejects it, when it is the first part): a date
//    (`23.11.2026`, `2026-11-23`, `11/23/26`), an IPv4 address, a decimal (`0.000000000`), a
//    version (`1.2.3`, `10.0.19045`), a MAC-like run (`00-11-22-33-44-55`). Six or more
//    two-digit groups in a row are a list (or a MAC address, a hex dump), not a phone.
// 6. The shape. What is left is a phone only if it is one of the shapes below. When it is
//    not (too long, say), the longest part up to a ` - ` is tried first, then the longest
//    part up to a space, ` / ` or `(`: `030 1234567 - 030 1234568` is two numbers.
//    - international: `+` and a country code (not 0), 7–15 digits (10–15 without gaps);
//    - international with `00`: `0041 79 …`, 9–15 digits (11–15 without gaps);
//    - national with a trunk `0`: `030 1234567`, `(02) 9876 5432`, `07700 900123`, 8–13 digits
//      (9–13 without gaps);
//    - North American: `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `1-800-555-0199`
//      (3-3-4 digits, the area code not starting with 0 or 1; the exchange may, as in the
//      made-up numbers people write).
//    A bare run of digits without `+` or a leading `0` (`12345678`, `100045678`) never is.

/// How many digit groups one candidate is read to. More are a list, and the bound keeps the
/// scan linear on long runs of numbers.
const MAX_GROUPS: usize = 12;

/// How a digit group is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// The first group.
    Start,
    Space,
    Dash,
    Dot,
    Slash,
    /// `(` or ` (` before the group.
    Open,
    /// `)`, `) ` or `)-` before the group.
    Close,
    /// ` - ` (`030 1234567 - 030 1234568` is two numbers, but the scan must see that).
    SpacedDash,
    /// ` / ` (`089 / 1234567`, an older German style).
    SpacedSlash,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    gap: Gap,
    /// Inside parentheses.
    in_paren: bool,
}

impl Group {
    const EMPTY: Group = Group {
        start: 0,
        end: 0,
        gap: Gap::Start,
        in_paren: false,
    };
}

/// Characters that count as a space inside a phone number.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Phone numbers in `text`, as byte ranges.
pub fn phone_ranges(text: &str) -> Vec<Range<usize>> {
    let ibans = iban_ranges(text);
    let mut next_iban = 0;
    let mut token = TokenCache::default();
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let starts = c.is_ascii_digit()
            || (c == b'+' || c == b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        while ibans.get(next_iban).is_some_and(|r| r.end <= i) {
            next_iban += 1;
        }
        let in_iban = ibans.get(next_iban).is_some_and(|r| r.contains(&i));
        let last_end = out.last().map(|r: &Range<usize>| r.end);
        if starts && !in_iban && !glued_before(text, i, last_end) {
            match phone_at(text, i) {
                // The costlier checks last, for what is shaped like a phone.
                Found::Phone(r)
                    if !token.excluded(text, i) && !after_reference_word(&text[..i]) =>
                {
                    i = r.end;
                    out.push(r);
                    continue;
                }
                Found::Skip(end) => {
                    i = end;
                    continue;
                }
                Found::Phone(_) | Found::No => {}
            }
        }
        i += 1;
        while i < b.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

/// Whether what precedes `i` makes a number starting there part of something else.
///
/// The number found last (ending at `last_end`) counts as the `]` it becomes: masking masked
/// text then changes nothing (`+41 79 555 12 34-+41 …` masks both numbers the first time),
/// which the sanitised path relies on, as it masks text nodes once more.
fn glued_before(s: &str, i: usize, last_end: Option<usize>) -> bool {
    if last_end == Some(i) {
        return false;
    }
    let Some(p) = char_before(s, i) else {
        return false;
    };
    if is_word(p) {
        return true;
    }
    let plus = s.as_bytes()[i] == b'+';
    match p {
        '=' | ':' if plus => false,
        '/' | '\\' | '#' | '$' | '€' | '£' | '¥' | '%' | '@' | '=' | '&' | '~' | '^' | '|' => {
            true
        }
        '.' | ',' | '-' => {
            let j = i - p.len_utf8();
            last_end != Some(j) && char_before(s, j).is_some_and(is_word)
        }
        // 12:30, 10.0.0.1:8080; but "Tel:030 1234567" is a phone.
        ':' => last_end != Some(i - 1) && char_before(s, i - 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Whether what follows a candidate ending at `end` makes it part of something else.
fn glued_after(s: &str, end: usize) -> bool {
    let Some(n) = char_at(s, end) else {
        return false;
    };
    if is_word(n) {
        return true;
    }
    match n {
        '@' | '%' | '€' | '$' | '£' | '/' | '\\' => true,
        '.' | ',' | '-' | ':' => char_at(s, end + 1).is_some_and(is_word),
        _ => false,
    }
}

/// What the scan found at one start.
enum Found {
    Phone(Range<usize>),
    /// Not a phone, and no number starts before this byte (a list of numbers).
    Skip(usize),
    No,
}

/// The phone number starting at `start` (a `+`, `(` or digit that is not glued), if any.
fn phone_at(s: &str, start: usize) -> Found {
    let b = s.as_bytes();
    let plus = b[start] == b'+';
    if !plus {
        // Cheap rejections first: without `+`, only a trunk 0 or a North American shape can
        // be a phone, which rules out most numbers by their first group.
        let at = if b[start] == b'(' { start + 1 } else { start };
        let len = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        let possible = match b[at] {
            b'0' => len >= 2,
            // 1-800-555-0199: a separator, then the area code.
            b'1' => {
                len == 1 && at == start && {
                    let sep = char_at(s, at + 1).map_or(1, char::len_utf8);
                    let rest = b.get(at + 1 + sep..).unwrap_or_default();
                    let rest = rest.strip_prefix(b"(").unwrap_or(rest);
                    rest.iter().take_while(|c| c.is_ascii_digit()).count() == 3
                }
            }
            _ => len == 3,
        };
        if !possible {
            return Found::No;
        }
    }
    let mut buf = [Group::EMPTY; MAX_GROUPS];
    let Some(n) = read_groups(s, start, &mut buf) else {
        return Found::No;
    };
    let groups = &buf[..n];
    // Six or more two-digit groups: a list of numbers, a MAC address, a hex dump. Its tail
    // is no phone either.
    let mut twos = 0;
    for g in groups {
        if g.end - g.start == 2 {
            twos += 1;
            if twos >= 6 {
                return Found::Skip(groups[groups.len() - 1].end);
            }
        } else {
            twos = 0;
        }
    }
    let Some(n) = cut_at_other_numbers(s, groups) else {
        return Found::No;
    };
    let groups = &groups[..n];
    // Where the candidate may end: before a ` - ` first (`030 1234567 - 030 1234568` is two
    // numbers), longest first; then the whole candidate, else its longest prefix that ends
    // at a space, ` / ` or parenthesis. The next char is then a space or `(`, never glue.
    let n = groups.len();
    let dash_cuts = (1..n).rev().filter(|&k| groups[k].gap == Gap::SpacedDash);
    let other_cuts = std::iter::once(n).chain(
        (1..n)
            .rev()
            .filter(|&k| matches!(groups[k].gap, Gap::Space | Gap::Open | Gap::SpacedSlash)),
    );
    for k in dash_cuts.chain(other_cuts) {
        let g = &groups[..k];
        let end = g[k - 1].end;
        if glued_after(s, end) || !is_phone_shape(s, plus, g) {
            continue;
        }
        return Found::Phone(start..end);
    }
    Found::No
}

/// Reads the digit groups of a candidate at `start` into `groups`, returning how many;
/// `None` when its parentheses cannot be balanced (the scan then retries after the opening
/// one).
fn read_groups(s: &str, start: usize, groups: &mut [Group; MAX_GROUPS]) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = start;
    let mut depth = 0usize;
    let mut gap = Gap::Start;
    if b[i] == b'+' {
        i += 1;
    } else if b[i] == b'(' {
        depth = 1;
        gap = Gap::Open;
        i += 1;
    }
    let mut n = 0;
    // Index of the group an unclosed `(` opened before.
    let mut open_at: Option<usize> = (depth == 1).then_some(0);
    loop {
        let g0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        groups[n] = Group {
            start: g0,
            end: i,
            gap,
            in_paren: depth == 1,
        };
        n += 1;
        if n >= MAX_GROUPS {
            break;
        }
        // The gap to the next group, if there is one.
        let Some((next_gap, len, new_depth)) = read_gap(s, i, depth) else {
            break;
        };
        if new_depth == 1 && depth == 0 {
            open_at = Some(n);
        } else if new_depth == 0 {
            open_at = None;
        }
        depth = new_depth;
        gap = next_gap;
        i += len;
    }
    if depth == 1 {
        // Unclosed `(`: the candidate ends before it.
        let at = open_at.unwrap_or(0);
        if at == 0 {
            return None;
        }
        n = at;
    }
    Some(n)
}

/// A gap at `i` followed by a digit: its kind, byte length and the parenthesis depth after it.
fn read_gap(s: &str, i: usize, depth: usize) -> Option<(Gap, usize, usize)> {
    let b = s.as_bytes();
    let digit_at = |j: usize| b.get(j).is_some_and(u8::is_ascii_digit);
    let space_len = |j: usize| {
        char_at(s, j)
            .filter(|c| is_space(*c))
            .map_or(0, char::len_utf8)
    };
    let sp1 = space_len(i);
    let j = i + sp1;
    match b.get(j) {
        Some(b'(') if depth == 0 && digit_at(j + 1) => Some((Gap::Open, sp1 + 1, 1)),
        Some(b')') if depth == 1 && sp1 == 0 => {
            let after = match b.get(j + 1) {
                Some(b'-') => 1,
                _ => space_len(j + 1),
            };
            digit_at(j + 1 + after).then_some((Gap::Close, 1 + after, 0))
        }
        Some(c @ (b'-' | b'.' | b'/')) if sp1 == 0 && digit_at(j + 1) => {
            let g = match c {
                b'-' => Gap::Dash,
                b'.' => Gap::Dot,
                _ => Gap::Slash,
            };
            Some((g, 1, depth))
        }
        Some(c @ (b'-' | b'/')) if sp1 > 0 => {
            let sp2 = space_len(j + 1);
            let g = if *c == b'-' {
                Gap::SpacedDash
            } else {
                Gap::SpacedSlash
            };
            (sp2 > 0 && digit_at(j + 1 + sp2)).then_some((g, sp1 + 1 + sp2, depth))
        }
        _ if sp1 > 0 && digit_at(j) => Some((Gap::Space, sp1, depth)),
        _ => None,
    }
}

/// Cuts the candidate before the first space-separated chunk that is another kind of number
/// (date, IPv4 address, decimal, version, MAC-like run): how many groups are left, `None`
/// when that is the first chunk.
fn cut_at_other_numbers(s: &str, groups: &[Group]) -> Option<usize> {
    let mut chunk_start = 0;
    for k in 1..=groups.len() {
        if k < groups.len() && matches!(groups[k].gap, Gap::Dash | Gap::Dot | Gap::Slash) {
            continue;
        }
        // groups[chunk_start..k] is one chunk (joined by `-`, `.`, `/` only).
        if other_number(s, &groups[chunk_start..k]) {
            if chunk_start == 0 {
                return None;
            }
            return Some(chunk_start);
        }
        chunk_start = k;
    }
    Some(groups.len())
}

/// Whether a chunk (groups joined by one kind of `-`, `.`, `/`) is a date, an IPv4 address, a
/// decimal, a version or a MAC-like run.
fn other_number(s: &str, chunk: &[Group]) -> bool {
    let digits = |g: &Group| &s[g.start..g.end];
    let n = chunk.len();
    if n < 2 {
        return false;
    }
    let sep = chunk[1].gap;
    if chunk[2..].iter().any(|g| g.gap != sep) {
        return false;
    }
    let mut lens = [0usize; MAX_GROUPS];
    for (l, g) in lens.iter_mut().zip(chunk) {
        *l = g.end - g.start;
    }
    let lens = &lens[..n];
    let val = |g: &Group| digits(g).parse::<u32>().unwrap_or(u32::MAX);
    if n == 3 {
        let (a, b, c) = (val(&chunk[0]), val(&chunk[1]), val(&chunk[2]));
        let day = |v: u32, l: usize| l <= 2 && (1..=31).contains(&v);
        let month = |v: u32, l: usize| l <= 2 && (1..=12).contains(&v);
        let year = |l: usize| l == 2 || l == 4;
        // d.m.y, m/d/y, y-m-d (and y/m/d, d-m-y …): separators do not tell formats apart.
        if year(lens[2])
            && (day(a, lens[0]) && month(b, lens[1]) || month(a, lens[0]) && day(b, lens[1]))
            || lens[0] == 4 && month(b, lens[1]) && day(c, lens[2])
        {
            return true;
        }
    }
    if sep == Gap::Dot {
        if n == 2 {
            // 0.000000000, 3.14: a decimal.
            return true;
        }
        if n == 4 && lens.iter().all(|l| *l <= 3) && chunk.iter().all(|g| val(g) <= 255) {
            return true;
        }
        // A version: 1.2.3, 10.0.19045.1234. Phone numbers written with dots start with a
        // trunk 0 (06.12.34.56.78) or are North American 3-3-4 (555.123.4567).
        let trunk = lens[0] >= 2 && digits(&chunk[0]).starts_with('0');
        if !trunk && lens != [3, 3, 4] {
            return true;
        }
    }
    // 00-11-22-33-44-55: six two-digit groups (also caught as a list before).
    n == 6 && lens.iter().all(|l| *l == 2)
}

/// Whether the groups (the whole candidate or a prefix) are shaped like a phone number.
fn is_phone_shape(s: &str, plus: bool, g: &[Group]) -> bool {
    let digits: usize = g.iter().map(|x| x.end - x.start).sum();
    let compact = g.len() == 1;
    let first = &s[g[0].start..g[0].end];
    let fb = first.as_bytes();
    let nth = |k: usize| fb.get(k).copied().unwrap_or(b'x');
    if plus {
        // +41 79 555 12 34, +49 (0)30 1234567, +14155552671.
        let min = if compact { 10 } else { 7 };
        return (b'1'..=b'9').contains(&nth(0)) && (min..=15).contains(&digits);
    }
    if nth(0) == b'0' && nth(1) == b'0' {
        // 0041 79 555 12 34: the international prefix 00, then a country code (not 0).
        let cc = if fb.len() > 2 {
            nth(2)
        } else {
            g.get(1).map_or(b'x', |x| s.as_bytes()[x.start])
        };
        let min = if compact { 11 } else { 9 };
        return (b'1'..=b'9').contains(&cc) && (min..=15).contains(&digits);
    }
    if nth(0) == b'0' && (b'1'..=b'9').contains(&nth(1)) {
        // 030 1234567, (02) 9876 5432, 07700 900123: a trunk 0 and an area code.
        let min = if compact { 9 } else { 8 };
        return (min..=13).contains(&digits);
    }
    north_american(s, g)
}

/// `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `555 123 4567`, `1-800-555-0199`: the
/// area code starts with 2–9. (Real exchanges do too, but `555-123-4567` is how people write
/// a number they do not want to give, and real ones in that shape are the same leak.)
fn north_american(s: &str, g: &[Group]) -> bool {
    let g = match g.len() {
        4 if &s[g[0].start..g[0].end] == "1" => &g[1..],
        3 => g,
        _ => return false,
    };
    let lens: Vec<usize> = g.iter().map(|x| x.end - x.start).collect();
    let lead = |x: &Group| (b'2'..=b'9').contains(&s.as_bytes()[x.start]);
    if lens != [3, 3, 4] || !lead(&g[0]) {
        return false;
    }
    if g[0].in_paren {
        // (555) 123-4567, (555)123-4567, (555) 123 4567.
        return matches!(g[2].gap, Gap::Dash | Gap::Space);
    }
    let sep = g[1].gap;
    matches!(sep, Gap::Dash | Gap::Dot | Gap::Space) && g[2].gap == sep
}

/// The last word [`in_excluded_token`] judged: numbers in one word share its verdict, which
/// keeps the scan linear on a long word full of numbers.
#[derive(Default)]
struct TokenCache {
    span: Range<usize>,
    excluded: bool,
}

impl TokenCache {
    fn excluded(&mut self, s: &str, i: usize) -> bool {
        if !self.span.contains(&i) {
            let (span, excluded) = in_excluded_token(s, i);
            self.span = span;
            self.excluded = excluded;
        }
        self.excluded
    }
}

/// Whether the word the candidate at `i` starts in is a URL or holds two colons (IPv6, MAC
/// address, a time like 12:30:45); and the word's span.
fn in_excluded_token(s: &str, i: usize) -> (Range<usize>, bool) {
    // At most this far either way: a word longer than that is no URL we could judge anyway,
    // and the bound keeps the scan linear.
    const REACH: usize = 512;
    let mut lo = i.saturating_sub(REACH);
    while !s.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (i + REACH).min(s.len());
    while !s.is_char_boundary(hi) {
        hi -= 1;
    }
    let from = s[lo..i].rfind(char::is_whitespace).map_or(lo, |p| {
        lo + p + char_at(s, lo + p).map_or(1, char::len_utf8)
    });
    let to = s[i..hi].find(char::is_whitespace).map_or(hi, |p| i + p);
    let token = &s[from..to];
    let bare = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    let excluded = token.contains("://")
        || bare
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("www."))
        || token.matches(':').count() >= 2;
    (from..to, excluded)
}

/// Words after which a number is that thing's number, not a phone (lower case).
const REFERENCE_WORDS: &[&str] = &[
    "order",
    "invoice",
    "inv",
    "receipt",
    "ref",
    "reference",
    "ticket",
    "issue",
    "id",
    "build",
    "serial",
    "sn",
    "sku",
    "po",
    "transaction",
    "txn",
    "tracking",
    "account",
    "acct",
    "contract",
    "commit",
    "sha",
    "hash",
    "rev",
    "revision",
    "changeset",
    "pid",
    "bug",
    "pr",
    "bestellung",
    "bestellnummer",
    "rechnung",
    "rechnungsnummer",
    "auftrag",
    "auftragsnummer",
    "kundennummer",
    "vertrag",
    "commande",
    "facture",
    "pedido",
    "factura",
    "ordine",
    "fattura",
];
/// Words between a reference word and its number: "order no. 0123…", "Rechnung Nr.".
const NUMBER_WORDS: &[&str] = &[
    "no", "nr", "num", "number", "nummer", "numero", "numéro", "n",
];

/// Whether `before` ends with a reference word (and maybe "no.", "#", ":").
fn after_reference_word(before: &str) -> bool {
    let mut rest = before;
    for _ in 0..3 {
        let t = rest.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '#' | '.' | '-' | '°' | 'º' | '№')
        });
        let start = t
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(t.len(), |(p, _)| p);
        let word = t[start..].to_lowercase();
        if word.is_empty() {
            return false;
        }
        if REFERENCE_WORDS.contains(&word.as_str()) {
            return true;
        }
        if !NUMBER_WORDS.contains(&word.as_str()) {
            return false;
        }
        rest = &t[..start];
    }
    false
}

/// IBANs (`DE89 3704 0044 0532 0130 00`): their digit groups are not phone numbers.
static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b").unwrap()
});

fn iban_ranges(text: &str) -> Vec<Range<usize>> {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Vec::new();
    }
    IBAN.find_iter(text).map(|m| m.range()).collect()
}

// ---- sanitised HTML

/// Masks the text of sanitised HTML (ammonia's output, as html5ever writes it): text nodes
/// and the `title`/`alt` attributes are masked as text; an `href` or `cite` that would reveal
/// an address is dropped. Tags and other attributes are copied as they are.
///
/// Why a hand-written scan is exact here: html5ever's serialiser escapes `&`, `<`, `>` and
/// U+00A0 in text and additionally `"` in attribute values, always double-quotes values, and
/// ammonia strips comments and every raw-text element (`script`, `style`, …). So every `<` in
/// the input starts a tag, every tag ends at the first `>`, and every value ends at the next
/// `"`.
pub fn mask_html(html: &str, mask: Mask) -> Cow<'_, str> {
    if mask.is_off() {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut changed = false;
    let mut last = 0; // copied up to here when `changed`
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let end = html[i..].find('>').map_or(html.len(), |p| i + p + 1);
            if let Some(tag) = mask_tag(&html[i..end], mask) {
                out.push_str(&html[last..i]);
                out.push_str(&tag);
                last = end;
                changed = true;
            }
            i = end;
        } else {
            let end = html[i..].find('<').map_or(html.len(), |p| i + p);
            let raw = &html[i..end];
            let text = unescape(raw);
            if let Cow::Owned(masked) = mask.text(&text) {
                out.push_str(&html[last..i]);
                crate::markup::escape_like_html5ever(&mut out, &masked, false);
                last = end;
                changed = true;
            }
            i = end;
        }
    }
    if !changed {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// One start tag with its attributes masked, or `None` when nothing changes.
fn mask_tag(tag: &str, mask: Mask) -> Option<String> {
    if tag.starts_with("</") || !tag.contains('"') {
        return None;
    }
    let mut out = String::with_capacity(tag.len());
    let mut changed = false;
    let mut rest = tag;
    // `<name`, then ` attr="value"` until `>`.
    let name_end = rest.find([' ', '>']).unwrap_or(rest.len());
    out.push_str(&rest[..name_end]);
    rest = &rest[name_end..];
    while let Some(r) = rest.strip_prefix(' ') {
        let (Some(eq), Some(q)) = (r.find("=\""), r.find('"')) else {
            break;
        };
        if q != eq + 1 {
            break;
        }
        let name = &r[..eq];
        let value_start = eq + 2;
        let Some(vlen) = r[value_start..].find('"') else {
            break;
        };
        let raw = &r[value_start..value_start + vlen];
        let after = &r[value_start + vlen + 1..];
        let value = unescape(raw);
        match name {
            "href" | "cite" | "src" if mask.url_reveals_contact(&value) => changed = true,
            "title" | "alt" => match mask.text(&value) {
                Cow::Owned(m) => {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    crate::markup::escape_like_html5ever(&mut out, &m, true);
                    out.push('"');
                    changed = true;
                }
                Cow::Borrowed(_) => out.push_str(&rest[..1 + value_start + vlen + 1]),
            },
            _ => out.push_str(&rest[..1 + value_start + vlen + 1]),
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Reads back html5ever's escapes.
fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        Mask::ALL.text(s).into_owned()
    }

    #[test]
    fn phones_of_several_countries_are_masked() {
        for p in [
            "+41 79 555 12 34",
            "+49 (0)30 1234567",
            "030/1234567",
            "(555) 123-4567",
            "07700 900123",
            "+1-555-123-4567",
            "0041 79 555 12 34",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "+33 6 12 34 56 78",
            "03-1234-5678",
            "(02) 9876 5432",
            "+14155552671",
            "0301234567",
            "555.123.4567",
            "1-800-555-0199",
        ] {
            assert_eq!(
                m(&format!("call {p} today")),
                "call [phone hidden] today",
                "{p}"
            );
        }
    }

    #[test]
    fn other_numbers_are_not_phones() {
        for k in [
            "000.000.000.000",
            "r=0.000000000",
            "/2013/08/27/5152564/",
            "03.11.2026 06:12",
            "2026-11-23",
            "11/23/2026",
            "v4.12.1",
            "1.2.3.4",
            "12:30:45",
            "2001:db8::1",
            "550e8400-e29b-41d4-a716-446655440000",
            "build_20261123",
            "id=12345678",
            "#12345678",
            "INV-2026-000123",
            "Order 100045678",
            "order no. 0012345678",
            "DE89 3704 0044 0532 0130 00",
            "01 02 03 04 05 06 07",
            "00-11-22-33-44-55",
            "https://example.com/tel/0301234567",
            "icon@2x.png",
        ] {
            assert_eq!(m(k), k);
        }
    }

    #[test]
    fn a_date_before_a_number_does_not_hide_it() {
        assert_eq!(
            m("2026-11-23 0301234567 and 01.02.2026 030 1234"),
            "2026-11-23 [phone hidden] and 01.02.2026 030 1234"
        );
        assert_eq!(
            m("030 1234567 - 030 1234568"),
            "[phone hidden] - [phone hidden]"
        );
        assert_eq!(m("(030 1234567"), "([phone hidden]");
    }

    #[test]
    fn links_that_show_an_address_lose_their_target() {
        let mk = Mask::ALL;
        assert!(mk.url_reveals_contact("mailto:a@example.com"));
        assert!(mk.url_reveals_contact("MAILTO:x"));
        assert!(mk.url_reveals_contact("https://x.example/?u=a%40example.com"));
        assert!(!mk.url_reveals_contact("https://x.example/2013/08/27/5152564/"));
        assert!(!Mask::NONE.url_reveals_contact("mailto:a@example.com"));
    }

    #[test]
    fn html_text_and_titles_are_masked_tags_are_not() {
        let html = "<p title=\"a@example.com\">Mail <a href=\"mailto:a@example.com\" rel=\"x\">a@example.com</a> &amp; 030 1234567<br>\n<a href=\"https://e.example/030/1234567\">x</a></p>";
        assert_eq!(
            mask_html(html, Mask::ALL),
            "<p title=\"[e-mail hidden]\">Mail <a rel=\"x\">[e-mail hidden]</a> &amp; [phone hidden]<br>\n<a href=\"https://e.example/030/1234567\">x</a></p>"
        );
        assert!(matches!(
            mask_html("<p>v1.2.3</p>", Mask::ALL),
            Cow::Borrowed(_)
        ));
    }
}
