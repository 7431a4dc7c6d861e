//! Stencils: a page template rendered by Tera once per *shape* of its context, then filled in
//! for every page of that shape.
//!
//! Why: ticket pages are nine in ten pages of a large site, and Tera spends most of its time on
//! one looking values up (each `{{ t.field }}` walks a dotted path and allocates on the way):
//! about ten times what writing the same bytes costs. Most of a ticket page does not depend on
//! the ticket's text: the theme's `base.html` shell, the markup around each fact, the progress
//! steps. A stencil is the page with a hole wherever a value is printed as it is; a page whose
//! shape Tera has already rendered is the stencil's text with the page's own values copied
//! into the holes, escaped by the function Tera escapes with. The stencil comes from the
//! theme's own templates, so every theme gets this, and a branded `base.html` is as fast as the
//! default one.
//!
//! Which values may be holes is read from the templates' syntax trees ([`uses`]), as paths
//! from the context's root through the variables templates bind: a value that is only printed
//! (`{{ x }}`, `{{ x | safe }}`), tested for truth (`{% if x %}`) or compared with a literal
//! (`x == "a"`, `x != 1`). A page's *shape* ([`shape`]) records what those uses see (empty or
//! not, equal to which literal), the names, types and array lengths of what templates read,
//! and any value used in another way (a filter, a test, arithmetic) whole; values no template
//! reads are not looked at. Templates with constructs this does not follow (key-value loops,
//! `{% filter %}` sections, `a[b]` lookups, functions other than `range`, macro calls inside
//! expressions, `__tera_context`) are always rendered by Tera.
//!
//! Measured on 9,003 ticket pages of a generated 10,000-ticket site, CPU per page on one core
//! of the busy 2-core machine: Tera 38 µs, a filled stencil 8 µs (the context itself 1.5 µs);
//! the former hand-written default page was 4 µs. A 100,000-ticket site has 1,359 shapes among
//! 90,037 ticket pages.
//!
//! A new shape is rendered three times: twice with its holes' values replaced by two different
//! sets of markers, which must cut into the same stencil (so no marker went through anything
//! but plain printing), and once with the page's own values, which must equal the filled
//! stencil. Otherwise the shape is left to Tera. Values are copied into holes after the stencil
//! is cut, so a value that contains marker text changes nothing. A template whose pages rarely
//! share a shape goes back to plain Tera (see [`Stencils::judge`]).

mod shape;
mod uses;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use shape::{shape_of, HoleValue, Holes, Seg};
use uses::{FastMap, Uses};

/// Stencil text kept per template at most (a ticket page's stencil is ~5 KB; 100,000 tickets
/// need ~7 MB); pages of further shapes are rendered by Tera.
const MAX_BYTES: usize = 64 << 20;
/// Pages per window in which the share of new shapes is judged.
const WINDOW: usize = 1024;
/// Windows seen before the first judgement (see [`Stencils::judge`]).
const JUDGED_FROM: usize = 4;

/// One set of markers: a string hole *n* becomes `OPEN n & CLOSE` (Tera's escaping turns the
/// `&` into `&amp;`, which tells an escaped print from a raw one), an integer hole becomes
/// `int_base + n` (19 digits).
struct Markers {
    open: char,
    close: char,
    int_base: u64,
}

const MARKERS: [Markers; 2] = [
    Markers {
        open: '\u{E000}',
        close: '\u{E001}',
        int_base: 7_300_000_000_000_000_000,
    },
    Markers {
        open: '\u{E002}',
        close: '\u{E003}',
        int_base: 7_400_000_000_000_000_000,
    },
];

/// Integer markers are `int_base + n` with n below this: always 19 digits.
const INT_SPAN: u64 = 100_000_000_000_000;

impl Markers {
    /// `value` (the page context's JSON) with hole *n*, found at `paths[n]`, replaced by its
    /// marker.
    fn mark(&self, mut value: Value, holes: &Holes, paths: &[Vec<Seg>]) -> Option<Value> {
        for (n, path) in paths.iter().enumerate() {
            let mut v = &mut value;
            for seg in path {
                v = match seg {
                    Seg::Key(k) => v.get_mut(k)?,
                    Seg::Index(i) => v.get_mut(*i)?,
                };
            }
            *v = if holes.is_str(n) {
                Value::String(format!("{}{n}&{}", self.open, self.close))
            } else {
                Value::from(self.int_base + n as u64)
            };
        }
        Some(value)
    }

    /// Cuts a page rendered with these markers into a stencil; `None` when it is not one.
    fn cut(&self, page: &str, holes: &Holes) -> Option<Stencil> {
        let mut ints = if holes.list.iter().any(|h| !matches!(h, HoleValue::Str(..))) {
            self.int_markers(page, holes)
        } else {
            Vec::new()
        }
        .into_iter()
        .peekable();
        let mut text = String::with_capacity(page.len());
        let mut pieces = Vec::new();
        let mut at = 0;
        loop {
            let s = page[at..].find(self.open).map(|s| at + s);
            let (start, hole, end) = match (s, ints.peek().copied()) {
                (None, None) => break,
                (Some(s), i) if i.is_none_or(|(i, _)| s < i) => {
                    let after = &page[s + self.open.len_utf8()..];
                    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                    let n: usize = after[..digits].parse().ok()?;
                    let tail = &after[digits..];
                    let (escaped, amp) = if tail.starts_with("&amp;") {
                        (true, 5)
                    } else if tail.starts_with('&') {
                        (false, 1)
                    } else {
                        return None;
                    };
                    if !tail[amp..].starts_with(self.close) || !holes.is_str(n) {
                        return None;
                    }
                    let len = self.open.len_utf8() + digits + amp + self.close.len_utf8();
                    (s, Hole::Str { n, escaped }, s + len)
                }
                (_, Some((i, n))) => {
                    ints.next();
                    (i, Hole::Int(n), i + 19)
                }
                (Some(_), None) => unreachable!("matched above"),
            };
            text.push_str(&page[at..start]);
            pieces.push((text.len(), hole));
            at = end;
        }
        text.push_str(&page[at..]);
        // Marker characters left over are text the cut did not understand.
        if MARKERS
            .iter()
            .any(|m| text.contains(m.open) || text.contains(m.close))
        {
            return None;
        }
        Some(Stencil { text, pieces })
    }

    /// Where the integer holes' markers are: runs of exactly 19 digits that are one. Other
    /// digits are text (a marker run into other digits stays in the text, and the two marker
    /// sets then disagree).
    fn int_markers(&self, s: &str, holes: &Holes) -> Vec<(usize, usize)> {
        let b = s.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start != 19 {
                continue;
            }
            let n = s[start..i]
                .parse::<u64>()
                .ok()
                .and_then(|v| v.checked_sub(self.int_base))
                .filter(|&n| n < INT_SPAN)
                .map(|n| n as usize);
            if let Some(n) = n.filter(|&n| holes.is_int(n)) {
                found.push((start, n));
            }
        }
        found
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hole {
    Str { n: usize, escaped: bool },
    Int(usize),
}

/// A page of one shape: its text, cut where the holes' values go.
#[derive(Debug, PartialEq)]
struct Stencil {
    text: String,
    /// (end of the text before the hole, the hole).
    pieces: Vec<(usize, Hole)>,
}

impl Stencil {
    fn fill(&self, holes: &Holes, escape: fn(&mut String, &str)) -> String {
        let values = holes.text.len() + 20 * holes.list.len();
        let mut out = String::with_capacity(self.text.len() + values + values / 8);
        let mut from = 0;
        for &(end, hole) in &self.pieces {
            out.push_str(&self.text[from..end]);
            from = end;
            match hole {
                Hole::Str { n, escaped } => {
                    let s = holes.str(n).expect("a shape's holes keep their kinds");
                    if escaped {
                        escape(&mut out, s);
                    } else {
                        out.push_str(s);
                    }
                }
                Hole::Int(n) => {
                    use std::fmt::Write;
                    // As Tera prints a number (`ValueRender`): i64, else u64.
                    match holes.list[n] {
                        HoleValue::I64(i) => write!(out, "{i}"),
                        HoleValue::U64(u) => write!(out, "{u}"),
                        HoleValue::Str(..) => unreachable!("a shape's holes keep their kinds"),
                    }
                    .expect("writing to a String");
                }
            }
        }
        out.push_str(&self.text[from..]);
        out
    }
}

/// A cached shape.
enum Entry {
    Stencil(Stencil),
    /// The shape did not cut cleanly: its pages are rendered by Tera.
    Tera,
}

/// How a page was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Made {
    /// Filled in from its shape's stencil.
    Filled,
    /// Rendered by Tera, and its shape cut into a stencil (or found not to cut).
    NewShape,
    /// Rendered by Tera.
    Tera,
}

/// The stencils of one page template, for one build.
pub(crate) struct Stencils {
    template: &'static str,
    /// `None`: the template is always rendered by Tera.
    uses: Option<Uses>,
    /// How hole values are escaped: the function Tera's escape function is made of.
    escape: fn(&mut String, &str),
    shapes: RwLock<FastMap<Box<[u8]>, Arc<Entry>>>,
    /// Bytes of the stencils and keys in `shapes`.
    bytes: AtomicUsize,
    pages: AtomicUsize,
    new_shapes: AtomicUsize,
    /// (pages, new shapes) at the end of the first window.
    window: Mutex<(usize, usize)>,
    off: AtomicBool,
}

impl Stencils {
    /// Stencils for `template`; `escape` must append what Tera's escape function returns.
    pub(crate) fn new(tera: &Tera, template: &'static str, escape: fn(&mut String, &str)) -> Self {
        let uses = Uses::of(tera, template).ok().filter(|u| {
            // A literal that could equal a marker would send a marker down another branch.
            let clash = |l: &Value| match l {
                Value::String(s) => MARKERS
                    .iter()
                    .any(|m| s.contains(m.open) || s.contains(m.close)),
                Value::Number(n) => n.as_f64().is_some_and(|f| f >= 1e18),
                _ => false,
            };
            !u.all().any(|u| u.eq.iter().any(clash))
        });
        Stencils {
            template,
            uses,
            escape,
            shapes: RwLock::new(FastMap::default()),
            bytes: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            new_shapes: AtomicUsize::new(0),
            window: Mutex::new((0, 0)),
            off: AtomicBool::new(false),
        }
    }

    /// The page `ctx` renders: filled in from its shape's stencil, or rendered by Tera.
    pub(crate) fn render(&self, tera: &Tera, ctx: &impl Serialize) -> tera::Result<String> {
        self.render_how(tera, ctx).map(|(page, _)| page)
    }

    pub(crate) fn render_how(
        &self,
        tera: &Tera,
        ctx: &impl Serialize,
    ) -> tera::Result<(String, Made)> {
        let uses = self
            .uses
            .as_ref()
            .filter(|_| !self.off.load(Ordering::Relaxed));
        let Some(shape) = uses.and_then(|u| shape_of(u, ctx, false)) else {
            let page = tera.render(self.template, &Context::from_serialize(ctx)?)?;
            return Ok((page, Made::Tera));
        };
        self.judge();
        let cached = self
            .shapes
            .read()
            .expect("the shape cache is never poisoned")
            .get(&shape.key[..])
            .cloned();
        match cached.as_deref() {
            Some(Entry::Stencil(s)) => {
                let page = s.fill(&shape.holes, self.escape);
                shape.recycle();
                return Ok((page, Made::Filled));
            }
            Some(Entry::Tera) => {
                shape.recycle();
                let page = tera.render(self.template, &Context::from_serialize(ctx)?)?;
                return Ok((page, Made::Tera));
            }
            None => {}
        }
        self.new_shapes.fetch_add(1, Ordering::Relaxed);
        let value = serde_json::to_value(ctx).map_err(tera::Error::json)?;
        let page = tera.render(self.template, &Context::from_value(value.clone())?)?;
        let entry = match self.cut(tera, uses.expect("shaped with uses"), ctx, value) {
            Some(s) if s.fill(&shape.holes, self.escape) == page => Entry::Stencil(s),
            _ => Entry::Tera,
        };
        let size = shape.key.len()
            + match &entry {
                Entry::Stencil(s) => s.text.len() + s.pieces.len() * 24,
                Entry::Tera => 0,
            };
        if self.bytes.fetch_add(size, Ordering::Relaxed) + size <= MAX_BYTES {
            self.shapes
                .write()
                .expect("the shape cache is never poisoned")
                .insert(shape.key.into_boxed_slice(), Arc::new(entry));
        }
        Ok((page, Made::NewShape))
    }

    /// The stencil of `ctx`'s shape: its JSON `value` rendered with both marker sets, which
    /// must cut the same.
    fn cut(&self, tera: &Tera, uses: &Uses, ctx: &impl Serialize, value: Value) -> Option<Stencil> {
        let shape = shape_of(uses, ctx, true)?;
        let mut stencils = MARKERS.iter().map(|m| {
            let marked = m.mark(value.clone(), &shape.holes, &shape.paths)?;
            let page = tera
                .render(self.template, &Context::from_value(marked).ok()?)
                .ok()?;
            m.cut(&page, &shape.holes)
        });
        let a = stencils.next()??;
        let b = stencils.next()??;
        (a == b).then_some(a)
    }

    /// At the end of each window of pages from the [`JUDGED_FROM`]th on: when more than a
    /// third of the pages since the first window had a new shape, stencils are off for the
    /// rest of the build (a new shape costs three renders, a filled page a fifth of one, so
    /// below about 30% new shapes stencils cost less than Tera alone). The first window is
    /// left out of the share: most of its shapes are new on any site. The share is taken
    /// over all later pages, not one window, because new shapes thin out slowly: on the
    /// 100,000-ticket bench site the second window alone had 356 new shapes of 1,024 pages
    /// (which turned stencils off for the other 88,000 pages), and the whole site has 3,633
    /// shapes among 90,037 pages. A template whose every page is new is found out after
    /// [`JUDGED_FROM`] windows, at the cost of two extra renders for each of their pages.
    fn judge(&self) {
        let pages = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        if !pages.is_multiple_of(WINDOW) {
            return;
        }
        let new = self.new_shapes.load(Ordering::Relaxed);
        let mut first = self.window.lock().expect("never poisoned");
        if first.0 == 0 {
            *first = (pages, new);
            return;
        }
        let since = (pages - first.0, new.saturating_sub(first.1));
        if pages >= JUDGED_FROM * WINDOW && since.1 * 3 > since.0 {
            self.off.store(true, Ordering::Relaxed);
        }
    }

    #[cfg(test)]
    pub(crate) fn is_off(&self) -> bool {
        self.uses.is_none() || self.off.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut t = Tera::default();
        t.autoescape_on(vec![".html"]);
        t.set_escape_fn(|s| crate::markup::escape_html(s).into_owned());
        t.add_raw_templates(templates.iter().copied()).unwrap();
        t
    }

    /// Renders `ctxs` through stencils and through Tera; returns how each page was made.
    fn both(templates: &[(&str, &str)], ctxs: &[Value]) -> Vec<Made> {
        let t = tera(templates);
        let s = Stencils::new(&t, "page.html", crate::markup::push_escaped);
        ctxs.iter()
            .map(|c| {
                let want = t
                    .render("page.html", &Context::from_value(c.clone()).unwrap())
                    .unwrap();
                let (got, how) = s.render_how(&t, c).unwrap();
                assert_eq!(got, want, "{c}");
                how
            })
            .collect()
    }

    #[test]
    fn values_fill_holes_escaped_as_tera_escapes_them() {
        let page = "<p title=\"{{ t.title }}\">{{ t.title }}|{{ t.html | safe }}|{{ t.n }}|\
                    {% if t.title %}y{% endif %}|{% if t.n != 1 %}s{% endif %}|\
                    {% if t.state == \"current\" %}now{% endif %}{{ t.state }}|{{ t.big }}</p>";
        let ctx = |title: &str, n: i64, state: &str| {
            serde_json::json!({ "t": {
                "title": title, "html": format!("<b>{title}</b>"), "n": n, "state": state,
                "big": u64::MAX,
            } })
        };
        let made = both(
            &[("page.html", page)],
            &[
                ctx("a < b & \"c\" 'd'", 5, "done"),
                ctx("other", 7, "todo"),
                // Marker text in a value is copied, never cut.
                ctx("\u{E000}0&\u{E001} \u{E002}0&amp;\u{E003}", 9, "done"),
                ctx("7300000000000000000", 7_300_000_000_000_000_001, "x"),
                ctx("", 1, "current"),
                ctx("", 0, "current"),
                ctx("x", 1, "current"),
                ctx("y", -3, "done"),
            ],
        );
        assert_eq!(made[0], Made::NewShape);
        assert_eq!(
            made[1],
            Made::Filled,
            "same shape: 'done' and 'todo' are both not \"current\""
        );
        assert_eq!(made[2], Made::Filled);
        assert_eq!(made[3], Made::Filled);
        assert_eq!(
            made[4],
            Made::NewShape,
            "empty, 1 and \"current\" change the shape"
        );
        assert_eq!(made[7], Made::Filled);
    }

    #[test]
    fn a_shell_with_a_value_in_a_condition_still_renders_right() {
        let base = "<html>{% if ticket.title | length > 5 %}long{% endif %}\
                    {% if url is starting_with(\"t/\") %}secret{% endif %}\
                    {% block content %}{% endblock content %}</html>";
        let page =
            "{% extends \"base.html\" %}{% block content %}{{ ticket.title }}{% endblock content %}";
        let ctx = |title: &str, url: &str| serde_json::json!({ "url": url, "ticket": { "title": title } });
        let made = both(
            &[("base.html", base), ("page.html", page)],
            &[
                ctx("short", "tickets/1/"),
                ctx("longer title", "t/1abc/"),
                ctx("longer title", "t/1abc/"),
                ctx("longer titles", "t/1abc/"),
            ],
        );
        // The title and the URL are part of the shape, as whole values.
        assert_eq!(
            made,
            vec![Made::NewShape, Made::NewShape, Made::Filled, Made::NewShape]
        );
    }

    #[test]
    fn empty_objects_and_arrays_are_false() {
        let page = [(
            "page.html",
            "{% if m %}map{% endif %}{% if l %}list{% endif %}{{ s }}",
        )];
        let ctx = |m: Value, l: Value, s: &str| serde_json::json!({ "m": m, "l": l, "s": s });
        let made = both(
            &page,
            &[
                ctx(serde_json::json!({}), serde_json::json!([1]), "a"),
                ctx(serde_json::json!({ "k": 1 }), serde_json::json!([1]), "b"),
                ctx(serde_json::json!({ "j": 2 }), serde_json::json!([]), "c"),
                ctx(serde_json::json!({ "i": 3 }), serde_json::json!([]), "d"),
            ],
        );
        assert_eq!(
            made,
            vec![Made::NewShape, Made::NewShape, Made::NewShape, Made::Filled]
        );
    }

    #[test]
    fn pages_of_unsupported_templates_are_rendered_by_tera() {
        let made = both(
            &[(
                "page.html",
                "{% for k, v in t %}{{ k }}={{ v }};{% endfor %}",
            )],
            &[serde_json::json!({ "t": { "a": "1", "b": "2" } })],
        );
        assert_eq!(made, vec![Made::Tera]);
    }

    #[test]
    fn a_marker_run_into_digits_leaves_the_shape_to_tera() {
        // `{{ n }}5` prints the marker's digits and a 5: no 19-digit run, so the cut fails
        // and the shape is rendered by Tera, still right.
        let made = both(
            &[("page.html", "{{ n }}5 {{ s }}")],
            &[
                serde_json::json!({ "n": 3, "s": "a" }),
                serde_json::json!({ "n": 4, "s": "b" }),
            ],
        );
        assert_eq!(made, vec![Made::NewShape, Made::Tera]);
    }

    #[test]
    fn most_pages_with_new_shapes_turn_stencils_off() {
        let t = tera(&[("page.html", "{% if t | length > 3 %}long{% endif %}{{ t }}")]);
        let s = Stencils::new(&t, "page.html", crate::markup::push_escaped);
        for i in 0..JUDGED_FROM * WINDOW {
            if i == (JUDGED_FROM - 1) * WINDOW {
                assert!(!s.is_off(), "judged too early");
            }
            s.render(&t, &serde_json::json!({ "t": format!("title {i}") }))
                .unwrap();
        }
        assert!(s.is_off());
    }
}

/// Ticket pages of varied sites, from stencils and from plain Tera, for the default theme and
/// for themes that change `base.html`.
#[cfg(test)]
mod ticket_pages {
    use super::Made;
    use crate::model::{Internal, Note, Role, StatusChange, Ticket};
    use crate::plan::PageKind;
    use crate::render::{load_templates, page_ticket, ticket_page_ctx, PageRenderer};
    use chrono::{DateTime, Duration, Utc};

    /// A branded shell: a logo, a per-page value printed in the shell, filters on site values.
    const BRANDED: &str = "<!DOCTYPE html>\n<html lang=\"en\" data-root=\"{{ root }}\">\n<head>\
        <!-- Acme brand -->\n<title>{% block title %}{{ site.title }}{% endblock title %}</title>\n\
        <meta property=\"og:url\" content=\"{{ site.base_url }}{{ url }}\">\
        {% block head %}{% endblock head %}\n</head>\n<body class=\"{{ site.title | lower | replace(from=\" \", to=\"-\") }}\">\
        <img src=\"{{ root }}static/logo.svg\" alt=\"\">{% block content %}{% endblock content %}\n\
        <footer>{{ site.title | upper }}{% if site.description %} · {{ site.description }}{% endif %}</footer>\
        {% block scripts %}<script src=\"{{ root }}static/search.js\" defer></script>{% endblock scripts %}\
        </body>\n</html>\n";

    /// A shell that shows per-page values only under conditions on them: every such value
    /// is part of the shape.
    const CONDITIONAL: &str = "<html>{% if url is starting_with(\"t/\") %}<meta name=\"robots\" content=\"noindex\">{% endif %}\
        <title>{% block title %}{% endblock title %}</title>{% if ticket.title | length > 20 %}<p>long</p>{% endif %}\
        {% block head %}{% endblock head %}{% block content %}{% endblock content %}{% block scripts %}{% endblock scripts %}</html>";

    /// A shell stencils do not follow at all.
    const OPAQUE: &str =
        "<html>{{ __tera_context | length }}{% block content %}{% endblock content %}</html>";

    /// Every ticket page of varied random sites, filled in from stencils, must be the bytes
    /// Tera renders: titles and notes with markup to escape, every optional fact present,
    /// absent or empty, `done_ratio` 0, unlisted tickets, custom fields, and the three "+1"
    /// forms (none, a link, a form with hidden fields). On a site in three languages, the
    /// language picker (a loop whose variable name the labels' loop uses too) must not give
    /// every page its own shape.
    #[test]
    fn ticket_pages_from_stencils_equal_tera() {
        for (base, languages, expect) in [
            (None, false, "filled"),
            (None, true, "filled"),
            (Some(BRANDED), false, "filled"),
            (Some(CONDITIONAL), false, "never filled"),
            (Some(OPAQUE), false, "tera"),
        ] {
            let made = check_sites(base, languages);
            let filled = made.iter().filter(|m| **m == Made::Filled).count();
            let tera = made.iter().filter(|m| **m == Made::Tera).count();
            assert!(made.len() > 400, "{}", made.len());
            match expect {
                "filled" => assert!(
                    filled * 4 > made.len(),
                    "{filled} of {} with {base:?}, languages: {languages}",
                    made.len()
                ),
                "never filled" => assert_eq!(filled, 0),
                _ => assert_eq!(tera, made.len()),
            }
        }
    }

    /// Renders the ticket pages of three random sites both ways with `base` as base.html
    /// (the built-in one when `None`), in English, German and French when `languages`;
    /// returns how each page was made.
    fn check_sites(base: Option<&str>, languages: bool) -> Vec<Made> {
        let mut rng = crate::test_rng::Lcg::new(5);
        let hostile = [
            "",
            "Plain words",
            "<script>alert(\"x\")</script> & 'q'",
            "Ümlaut — dash › arrow",
            "a&amp;b",
            "\u{E000}0&\u{E001} 7300000000000000000",
        ];
        let statuses = [
            "New",
            "Feedback",
            "Confirmed",
            "In Progress",
            "Resolved",
            "Closed",
            "Rejected",
            "Testing",
        ];
        let severities = ["", "Urgent", "High", "Normal", "Low", "Custom <b>"];
        let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
        let intakes = [
            "",
            "[intake]\nkind = \"email\"\nemail = \"support@example.com\"\n",
            "[intake]\nkind = \"form\"\nurl = \"https://forms.example.com/new?a=1&b=2\"\n",
        ];
        let theme = crate::render::theme::Theme::load(
            std::path::Path::new("/nonexistent-porchlight"),
            "default",
        )
        .unwrap();
        let texts = std::sync::Arc::new(crate::render::theme::test_texts("en"));
        let mut tera = load_templates(&theme, &texts).unwrap();
        if let Some(base) = base {
            tera.add_raw_template("base.html", base).unwrap();
        }
        let mut made = Vec::new();
        for (variant, intake) in intakes.iter().enumerate() {
            let description = ["", "Help for \"Acme\" & co"][variant % 2];
            let languages = if languages {
                "languages = [\"en\", \"de\", \"fr\"]\n"
            } else {
                ""
            };
            let toml = format!(
                "title = \"Acme <Support>\"\ndescription = \"{}\"\nbase_url = \"https://s.example/help/\"\n\
                 {languages}{intake}\n[privacy]\npublic_custom_fields = [\"Field <0>\", \"Field <1>\"]\n\
                 [[visibility.rules]]\nlabel = \"mine\"\nlevel = \"unlisted\"\n",
                description.replace('"', "\\\"")
            );
            let mut cfg =
                crate::config::Config::parse(std::path::Path::new("porchlight.toml"), &toml)
                    .unwrap();
            cfg.visibility.secret = Some("test secret".into());
            cfg.site_languages = cfg
                .languages
                .iter()
                .filter(|_| cfg.multilingual())
                .map(|code| crate::config::SiteLanguage {
                    code: code.clone(),
                    name: code.to_uppercase(),
                    prefix: cfg.language_prefix(code),
                })
                .collect();
            // Tickets come in pairs of one shape: the same facts present, absent or empty,
            // the same stage and lengths, with other words.
            let seed = rng.below(1 << 30);
            let tickets: Vec<Ticket> = (0..150)
                .map(|i| {
                    let mut shape = crate::test_rng::Lcg::new(seed + i as u64 / 2);
                    let mut pick = |n: usize| shape.below(n as u64) as usize;
                    // A text that is never empty, different in the pair's second ticket.
                    let words = |k: usize| hostile[1 + (k + i % 2) % (hostile.len() - 1)];
                    let created = now
                        - Duration::days(pick(400) as i64)
                        - Duration::minutes(pick(1000) as i64);
                    let text = |k: usize| format!("{} **bold** `code` <b>raw</b> {k}", words(k));
                    Ticket {
                        id: (i + 1).to_string(),
                        subject: words(pick(9)).to_string() + &format!(" #{i}"),
                        description: text(pick(9)),
                        status: statuses[pick(statuses.len())].into(),
                        severity: Some(severities[pick(severities.len())].to_string())
                            .filter(|_| pick(4) > 0),
                        category: [None, Some(""), Some(words(pick(9)))][pick(3)].map(String::from),
                        tracker: Some("Bug".into()),
                        labels: if i % 14 >= 12 {
                            vec!["mine".into()]
                        } else {
                            Vec::new()
                        },
                        created,
                        updated: Some(created + Duration::hours(pick(500) as i64)),
                        target_version: Some(words(pick(9)).to_string()).filter(|_| pick(2) == 0),
                        fixed_in_version: Some("4.2".to_string()).filter(|_| pick(3) == 0),
                        due_date: Some((now + Duration::days(pick(60) as i64 - 30)).date_naive())
                            .filter(|_| pick(2) == 0),
                        fix_location: Some("staging".to_string()).filter(|_| pick(3) == 0),
                        done_ratio: [None, Some(0), Some(1), Some(50), Some(100)][pick(5)],
                        resolution: Some(words(pick(9)).to_string()).filter(|_| pick(2) == 0),
                        notes: (0..pick(4))
                            .map(|k| Note {
                                author: "Someone".into(),
                                role: if k % 2 == 0 {
                                    Role::Customer
                                } else {
                                    Role::Staff
                                },
                                created: created + Duration::hours(k as i64 + 1),
                                text: text(k),
                                ..Default::default()
                            })
                            .collect(),
                        history: (0..pick(4))
                            .map(|k| StatusChange {
                                at: created + Duration::hours(k as i64 * 7 + 2),
                                from: None,
                                to: statuses[pick(statuses.len())].into(),
                            })
                            .collect(),
                        internal: Internal {
                            custom_fields: (0..pick(3))
                                .map(|f| (format!("Field <{f}>"), words(f).to_string()))
                                .collect(),
                            ..Default::default()
                        },
                        ..Default::default()
                    }
                })
                .collect();
            let corpus = crate::model::Corpus {
                tickets,
                docs: Vec::new(),
                skipped: Default::default(),
                assets: Default::default(),
            };
            let site = crate::privacy::gate(corpus, &cfg, now);
            assert!(!site.unlisted.is_empty());
            let docs = crate::render::render_docs(&site);
            let intake = crate::render::intake::Intake::from_table(&cfg.intake).unwrap();
            let flow = crate::render::feedback::Flow {
                feedback: crate::render::feedback::collect(
                    &[],
                    &site,
                    &docs,
                    cfg.base_path(),
                    &intake.marker,
                ),
                intake,
            };
            let plan = crate::plan::plan(&site, cfg.base_path());
            let r = PageRenderer::new(&tera, &texts, &cfg, &site, &docs, &flow);
            for p in &plan.pages {
                let Some(t) = page_ticket(&site, p.kind) else {
                    assert!(!matches!(
                        p.kind,
                        PageKind::Ticket(_) | PageKind::Unlisted(_)
                    ));
                    continue;
                };
                let ctx = ticket_page_ctx(&r, p, t);
                let want = tera
                    .render("ticket.html", &tera::Context::from_serialize(&ctx).unwrap())
                    .unwrap();
                let (got, how) = r.ticket_stencils.render_how(&tera, &ctx).unwrap();
                assert_eq!(got, want, "{} ({how:?})", p.file);
                assert_eq!(r.render(p).unwrap(), want.as_bytes(), "{}", p.file);
                made.push(how);
            }
        }
        made
    }
}
