//! The default theme's ticket page, written directly instead of through Tera.
//!
//! Why by hand: ticket pages are nine in ten pages of a large site, and Tera spends about
//! 25 µs on each (every `{{ t.field }}` allocates while it looks the path up, and the context
//! is a serde_json tree built and dropped per page): about 2.4 s of the 15 s of CPU a
//! 100,000-ticket build takes. This writes the bytes that `themes/default/templates/
//! ticket.html` inside `base.html` gives, from the same [`TicketCtx`], in about a tenth of
//! the time.
//!
//! It is used only while the theme's `ticket.html` and `base.html` parse to exactly the
//! built-in templates ([`applies`]); a theme that changes either renders
//! through Tera as before. The test `fast_ticket_page_is_byte_equal_to_tera` renders varied
//! tickets both ways: whoever edits one of the two default templates edits this file too, and
//! that test fails until they do.
//!
//! Tera's rules mirrored here: `{{ x }}` is escaped with [`crate::markup::escape_html`]
//! (`| safe` is not); `{% if x %}` is false for null, `false`, `0`, `""` and `[]`.

use super::{SiteCtx, TicketCtx};
use crate::markup::push_escaped as esc;
use crate::render::intake::SubmitCtx;

/// True when `tera`'s `ticket.html` and `base.html` are the built-in templates (compared as
/// parsed trees, so only a theme that changes what they render opts out).
pub fn applies(tera: &tera::Tera) -> bool {
    static DEFAULT: std::sync::OnceLock<Option<tera::Tera>> = std::sync::OnceLock::new();
    let default = DEFAULT.get_or_init(|| {
        let files = crate::render::theme::Theme::default_files();
        let get = |name: &str| {
            files
                .iter()
                .find(|(p, _)| *p == format!("templates/{name}"))
                .and_then(|(_, b)| std::str::from_utf8(b).ok())
        };
        let mut t = tera::Tera::default();
        t.add_raw_templates([
            ("base.html", get("base.html")?),
            ("ticket.html", get("ticket.html")?),
        ])
        .ok()?;
        Some(t)
    });
    let Some(default) = default else {
        return false;
    };
    ["base.html", "ticket.html"].iter().all(|name| {
        match (tera.get_template(name), default.get_template(name)) {
            (Ok(a), Ok(b)) => a.ast == b.ast,
            _ => false,
        }
    })
}

/// `Some(s)` for a string Tera finds true (not empty).
fn truthy(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// The page, as Tera renders `ticket.html` with `root`, `site`, `ticket` and `plus_one`.
pub fn render(root: &str, site: &SiteCtx, t: &TicketCtx, plus_one: Option<&SubmitCtx>) -> String {
    let size = 6_000
        + t.description_html.len()
        + t.notes.iter().map(|n| n.html.len() + 400).sum::<usize>()
        + t.history.len() * 160;
    let mut page = String::with_capacity(size);
    base(&mut page, root, site, t, plus_one);
    page
}

/// base.html with ticket.html's blocks.
fn base(o: &mut String, root: &str, site: &SiteCtx, t: &TicketCtx, plus_one: Option<&SubmitCtx>) {
    // Up to the title block.
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\" data-root=\"");
    esc(o, root);
    o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' https: mailto:\">\n<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">\n<title>");
    // Block title.
    o.push('#');
    esc(o, t.id);
    o.push(' ');
    esc(o, t.title);
    o.push_str(" · ");
    esc(o, site.title);
    o.push_str("</title>\n");
    if !site.description.is_empty() {
        o.push_str("<meta name=\"description\" content=\"");
        esc(o, site.description);
        o.push_str("\">");
    }
    o.push_str("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
    esc(o, site.title);
    o.push_str(": ticket updates\" href=\"");
    esc(o, root);
    o.push_str("feed.xml\">\n");
    // Block head.
    if t.unlisted {
        o.push_str("<meta name=\"robots\" content=\"noindex, nofollow\">");
    } else {
        o.push_str("<link rel=\"canonical\" href=\"");
        esc(o, site.base_url);
        esc(o, &t.url);
        o.push_str(
            "\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Updates to #",
        );
        esc(o, t.id);
        o.push_str("\" href=\"feed.xml\">");
    }
    o.push_str("\n<link rel=\"stylesheet\" href=\"");
    esc(o, root);
    o.push_str("static/style.css\">\n<link rel=\"stylesheet\" href=\"");
    esc(o, root);
    o.push_str("static/feedback.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <a class=\"brand\" href=\"");
    esc(o, root);
    o.push_str("\">");
    esc(o, site.title);
    o.push_str("</a>\n    <nav aria-label=\"Main\">\n      <a href=\"");
    esc(o, root);
    o.push_str("tickets/\">Tickets</a>\n      <a href=\"");
    esc(o, root);
    o.push_str("docs/\">Documentation</a>\n    </nav>\n    <form class=\"site-search\" role=\"search\" action=\"");
    esc(o, root);
    o.push_str("search/\" method=\"get\">\n      <label for=\"site-search-q\">Search</label>\n      <input id=\"site-search-q\" type=\"search\" name=\"q\" autocomplete=\"off\" placeholder=\"Search docs and tickets\">\n      <button type=\"submit\">Search</button>\n    </form>\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    content(o, root, t, plus_one);
    o.push_str("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>");
    esc(o, site.title);
    o.push_str(" · <a href=\"");
    esc(o, root);
    o.push_str("docs/\">Documentation</a> · <a href=\"");
    esc(o, root);
    o.push_str("tickets/\">All tickets</a></p>\n  </div>\n</footer>\n<script src=\"");
    esc(o, root);
    // No `feedback_js` on ticket pages.
    o.push_str("static/search.js\" defer></script>\n\n</body>\n</html>\n");
}

/// Block content of ticket.html.
fn content(o: &mut String, root: &str, t: &TicketCtx, plus_one: Option<&SubmitCtx>) {
    o.push_str("\n\n<article class=\"ticket stage-");
    esc(o, t.stage_slug);
    o.push_str("\">\n<p class=\"crumbs\"><a href=\"");
    esc(o, root);
    o.push_str("tickets/\">Tickets</a> › #");
    esc(o, t.id);
    o.push_str("</p>\n<h1><span class=\"tid\">#");
    esc(o, t.id);
    o.push_str("</span> ");
    esc(o, t.title);
    o.push_str("</h1>\n");
    o.push_str(if t.unlisted {
        "<p class=\"follow\">This page is only for you: anyone with its link can read it, so share the link with care.</p>"
    } else {
        "<p class=\"follow\"><a href=\"feed.xml\">Follow this ticket</a> in a feed reader.</p>"
    });
    o.push_str("\n<p class=\"stage-now\"><span class=\"badge stage-");
    esc(o, t.stage_slug);
    o.push_str("\">");
    esc(o, t.stage);
    o.push_str("</span> ");
    esc(o, t.stage_explanation);
    o.push_str("</p>\n<ol class=\"progress\" aria-label=\"Progress\">\n");
    for s in &t.steps {
        o.push_str("<li class=\"");
        esc(o, s.state);
        o.push('"');
        if s.state == "current" {
            o.push_str(" aria-current=\"step\"");
        }
        o.push_str("><span>");
        esc(o, s.name);
        o.push_str("</span></li>");
    }
    o.push_str("\n</ol>\n");
    if let Some(r) = truthy(t.outcome_reason) {
        o.push_str("<p class=\"outcome\"><strong>Why:</strong> ");
        esc(o, r);
        o.push_str("</p>");
    }
    o.push_str("\n<dl class=\"facts\">\n  ");
    if let Some(s) = truthy(t.severity) {
        o.push_str("<dt>Severity</dt><dd>");
        esc(o, s);
        if let Some(p) = truthy(t.promise.as_deref()) {
            o.push_str(" <span class=\"promise\">");
            esc(o, p);
            o.push_str("</span>");
        }
        if t.past_promise {
            o.push_str(" <span class=\"badge overdue\">Past our target</span>");
        }
        o.push_str("</dd>");
    }
    o.push_str("\n  ");
    fact(o, "Category", t.category);
    o.push_str("\n  <dt>Opened</dt><dd><time datetime=\"");
    esc(o, &t.opened_iso);
    o.push_str("\">");
    esc(o, &t.opened);
    o.push_str("</time>");
    if !t.closed {
        o.push_str(" (");
        o.push_str(&t.age_days.to_string());
        o.push_str(" day");
        if t.age_days != 1 {
            o.push('s');
        }
        o.push_str(" ago)");
    }
    o.push_str("</dd>\n  <dt>Last update</dt><dd>");
    esc(o, &t.updated);
    o.push_str("</dd>\n  ");
    fact(o, "Closed", t.closed_on.as_deref());
    o.push_str("\n  ");
    if let Some(d) = truthy(t.due.as_deref()) {
        o.push_str("<dt>Expected by</dt><dd>");
        esc(o, d);
        if t.overdue {
            o.push_str(" <span class=\"badge overdue\">Overdue</span>");
        }
        o.push_str("</dd>");
    }
    o.push_str("\n  ");
    fact(o, "Estimate", t.work_left.as_deref());
    o.push_str("\n  ");
    fact(o, "Target release", t.target_release);
    o.push_str("\n  ");
    fact(o, "Fixed in", t.fixed_in);
    o.push_str("\n  ");
    fact(o, "Where the fix is", t.fix_location);
    o.push_str("\n  ");
    if let Some(d) = t.done_ratio.filter(|&d| d != 0) {
        let d = d.to_string();
        o.push_str("<dt>Done</dt><dd><meter min=\"0\" max=\"100\" value=\"");
        o.push_str(&d);
        o.push_str("\">");
        o.push_str(&d);
        o.push_str(" %</meter> ");
        o.push_str(&d);
        o.push_str(" %</dd>");
    }
    o.push_str("\n  ");
    for (k, v) in &t.fields {
        o.push_str("<dt>");
        esc(o, k);
        o.push_str("</dt><dd>");
        esc(o, v);
        o.push_str("</dd>");
    }
    o.push_str("\n</dl>\n");
    if !t.description_html.is_empty() {
        o.push_str("<section class=\"description\" aria-labelledby=\"desc-h\">\n<h2 id=\"desc-h\">Description</h2>\n<div class=\"text\">");
        o.push_str(t.description_html);
        o.push_str("</div>\n</section>\n");
    }
    if !t.notes.is_empty() {
        o.push_str("\n<section class=\"notes\" aria-labelledby=\"notes-h\">\n<h2 id=\"notes-h\">Updates</h2>\n<ol class=\"timeline\">\n");
        for (i, n) in t.notes.iter().enumerate() {
            let index = (i + 1).to_string();
            o.push_str("\n<li id=\"note-");
            o.push_str(&index);
            o.push_str("\" class=\"note ");
            esc(o, n.role);
            o.push_str("\">\n  <p class=\"note-meta\"><strong>");
            esc(o, n.author);
            o.push_str("</strong> · <time datetime=\"");
            esc(o, &n.at_iso);
            o.push_str("\">");
            esc(o, &n.at);
            o.push_str("</time> <a class=\"anchor\" href=\"#note-");
            o.push_str(&index);
            o.push_str("\" aria-label=\"Link to this update\">¶</a></p>\n  <div class=\"text\">");
            o.push_str(n.html);
            o.push_str("</div>\n</li>\n");
        }
        o.push_str("\n</ol>\n</section>\n");
    }
    o.push('\n');
    if let Some(p) = plus_one {
        o.push_str("\n<section class=\"plus-one\" id=\"plus-one\" aria-labelledby=\"plus-one-h\">\n<h2 id=\"plus-one-h\">Does this affect you too?</h2>\n");
        if let Some(link) = truthy(p.link.as_deref()) {
            o.push_str("<p><a class=\"button secondary\" href=\"");
            esc(o, link);
            o.push_str("\">+1, this affects me</a></p>\n");
        } else if let Some(endpoint) = truthy(p.endpoint.as_deref()) {
            o.push_str("<form method=\"post\" action=\"");
            esc(o, endpoint);
            o.push_str("\">");
            for (name, value) in &p.fields {
                o.push_str("<input type=\"hidden\" name=\"");
                esc(o, name);
                o.push_str("\" value=\"");
                esc(o, value);
                o.push_str("\">");
            }
            o.push_str(
                "<button type=\"submit\" class=\"secondary\">+1, this affects me</button></form>",
            );
        }
        o.push_str("\n<p class=\"nt-via\">");
        esc(o, p.via);
        o.push_str(" It tells us how many customers this ticket affects.</p>\n</section>\n");
    }
    o.push('\n');
    if !t.history.is_empty() {
        o.push_str("\n<section class=\"history\" aria-labelledby=\"hist-h\">\n<h2 id=\"hist-h\">History</h2>\n<ul>");
        for h in &t.history {
            o.push_str("<li><span class=\"badge stage-");
            esc(o, h.stage_slug);
            o.push_str("\">");
            esc(o, h.stage);
            o.push_str("</span> on <time datetime=\"");
            esc(o, &h.at_iso);
            o.push_str("\">");
            esc(o, &h.on);
            o.push_str("</time></li>");
        }
        o.push_str("</ul>\n</section>\n");
    }
    o.push_str("\n</article>\n");
}

/// `{% if value %}<dt>label</dt><dd>{{ value }}</dd>{% endif %}`.
fn fact(o: &mut String, label: &str, value: Option<&str>) {
    if let Some(v) = truthy(value) {
        o.push_str("<dt>");
        o.push_str(label);
        o.push_str("</dt><dd>");
        esc(o, v);
        o.push_str("</dd>");
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Note, Role, StatusChange, Ticket};
    use crate::plan::PageKind;
    use chrono::{DateTime, Duration, Utc};

    /// Every ticket page of varied random sites, written here and rendered by Tera from the
    /// built-in templates, must be the same bytes: titles and notes with markup to escape,
    /// every optional fact present, absent or empty, `done_ratio` 0, unlisted tickets, and
    /// the three "+1" forms (none, a link, a form with hidden fields).
    #[test]
    fn fast_ticket_page_is_byte_equal_to_tera() {
        let mut rng = crate::test_rng::Lcg::new(5);
        let hostile = [
            "",
            "Plain words",
            "<script>alert(\"x\")</script> & 'q'",
            "Ümlaut — dash › arrow",
            "a&amp;b",
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
        let mut pages = 0;
        for (variant, intake) in intakes.iter().enumerate() {
            let description = ["", "Help for \"Acme\" & co"][variant % 2];
            // Two custom fields are public, and tickets labelled `secret-link` are unlisted:
            // the gate gives those pages their fields and secret links.
            let toml = format!(
                "title = \"Acme <Support>\"\ndescription = \"{}\"\nbase_url = \"https://s.example/help/\"\n{intake}\n[privacy]\npublic_custom_fields = [\"Field <0>\", \"Field <1>\"]\n[[visibility.rules]]\nlabel = \"secret-link\"\nlevel = \"unlisted\"\n",
                description.replace('"', "\\\"")
            );
            let mut cfg =
                crate::config::Config::parse(std::path::Path::new("porchlight.toml"), &toml)
                    .unwrap();
            cfg.visibility.secret = Some("ticket page test secret".into());
            let mut pick = |n: usize| rng.below(n as u64) as usize;
            let tickets: Vec<Ticket> = (0..150)
                .map(|i| {
                    let created = now
                        - Duration::days(pick(400) as i64)
                        - Duration::minutes(pick(1000) as i64);
                    let text = |k: usize| {
                        format!(
                            "{} **bold** `code` <b>raw</b> {k}",
                            hostile[k % hostile.len()]
                        )
                    };
                    let fields = (0..i % 3)
                        .map(|f| {
                            (
                                format!("Field <{f}>"),
                                hostile[(i + f) % hostile.len()].to_string(),
                            )
                        })
                        .collect();
                    Ticket {
                        id: (i + 1).to_string(),
                        labels: if i % 7 == 3 {
                            vec!["secret-link".into()]
                        } else {
                            Vec::new()
                        },
                        internal: crate::model::Internal {
                            custom_fields: fields,
                            ..Default::default()
                        },
                        subject: hostile[pick(hostile.len())].to_string() + &format!(" #{i}"),
                        description: text(pick(9)),
                        status: statuses[pick(statuses.len())].into(),
                        severity: Some(severities[pick(severities.len())].to_string())
                            .filter(|_| pick(4) > 0),
                        category: Some(hostile[pick(hostile.len())].to_string())
                            .filter(|_| pick(2) == 0),
                        tracker: Some("Bug".into()),
                        created,
                        updated: Some(created + Duration::hours(pick(500) as i64)),
                        target_version: Some(hostile[pick(hostile.len())].to_string())
                            .filter(|_| pick(2) == 0),
                        fixed_in_version: Some("4.2".to_string()).filter(|_| pick(3) == 0),
                        due_date: Some((now + Duration::days(pick(60) as i64 - 30)).date_naive())
                            .filter(|_| pick(2) == 0),
                        fix_location: Some("staging".to_string()).filter(|_| pick(3) == 0),
                        done_ratio: [None, Some(0), Some(1), Some(50), Some(100)][pick(5)],
                        resolution: Some(hostile[pick(hostile.len())].to_string())
                            .filter(|_| pick(2) == 0),
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
                        ..Default::default()
                    }
                })
                .collect();
            let corpus = crate::model::Corpus {
                tickets,
                docs: Vec::new(),
                skipped: Default::default(),
            };
            let site = crate::privacy::gate(corpus, &cfg, now);
            assert!(
                !site.unlisted.is_empty() && site.tickets.iter().any(|t| !t.fields().is_empty())
            );
            let docs = super::super::render_docs(&site);
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
            let theme = crate::render::theme::Theme::load(
                std::path::Path::new("/nonexistent-porchlight"),
                "default",
            )
            .unwrap();
            let tera = super::super::load_templates(&theme).unwrap();
            let plan = crate::plan::plan(&site, cfg.base_path());
            let mut r = super::super::PageRenderer::new(&tera, &cfg, &site, &docs, &flow);
            assert!(r.fast_ticket, "the built-in templates take the fast page");
            for p in &plan.pages {
                if !matches!(p.kind, PageKind::Ticket(_) | PageKind::Unlisted(_)) {
                    continue;
                }
                r.fast_ticket = true;
                let fast = String::from_utf8(r.render(p).unwrap()).unwrap();
                r.fast_ticket = false;
                let tera = String::from_utf8(r.render(p).unwrap()).unwrap();
                assert_eq!(
                    fast, tera,
                    "{}: src/render/ticket_page.rs no longer writes what themes/default/templates/ticket.html and base.html render; change both together",
                    p.file
                );
                pages += 1;
            }
        }
        assert!(pages > 400, "{pages}");
    }

    /// A theme that changes ticket.html (or base.html) renders through Tera.
    #[test]
    fn a_changed_ticket_template_opts_out() {
        let theme = crate::render::theme::Theme::load(
            std::path::Path::new("/nonexistent-porchlight"),
            "default",
        )
        .unwrap();
        let mut tera = super::super::load_templates(&theme).unwrap();
        assert!(super::applies(&tera));
        tera.add_raw_template(
            "ticket.html",
            "{% extends \"base.html\" %}{% block content %}mine{% endblock content %}",
        )
        .unwrap();
        assert!(!super::applies(&tera));
        let mut tera = super::super::load_templates(&theme).unwrap();
        tera.add_raw_template(
            "base.html",
            "<html>{% block content %}{% endblock content %}</html>",
        )
        .unwrap();
        assert!(!super::applies(&tera));
    }
}
