//! Feeds and crawler files: an Atom feed of ticket updates for the whole site, one Atom feed
//! per public ticket (a customer can follow their own ticket in a feed reader), `sitemap.xml`
//! with listed pages only, and `robots.txt`.
//!
//! Built from the public model only, like the pages. Timestamps come from the tickets, never
//! from the clock, so feeds are as deterministic as the pages.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::i18n::Texts;
use crate::markup::{escape_html as esc, push_escaped};
use crate::model::urls::{doc_url, ticket_url};
use crate::privacy::{PublicSite, PublicTicket};
use crate::render::datefmt::{iso_date, rfc3339_z as rfc3339};

/// Entries in the site-wide feed: the most recently updated tickets.
const SITE_FEED_ENTRIES: usize = 50;

/// Appends `<tag>` + the pieces, each escaped + `</tag>\n`. The feeds write straight into one
/// string: a feed per ticket is made for every public ticket, and `format!` and escaped copies
/// per field were a third of their cost.
fn element(out: &mut String, tag: &str, pieces: &[&str]) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    for p in pieces {
        push_escaped(out, p);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

fn updated_element(out: &mut String, at: DateTime<Utc>) {
    out.push_str("<updated>");
    out.push_str(&rfc3339(at));
    out.push_str("</updated>\n");
}

fn head(
    out: &mut String,
    title: &[&str],
    self_url: &[&str],
    alt_url: &str,
    updated: DateTime<Utc>,
    author: &str,
) {
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(out, "title", title);
    element(out, "id", self_url);
    out.push_str("<link rel=\"self\" href=\"");
    self_url.iter().for_each(|p| push_escaped(out, p));
    out.push_str("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    push_escaped(out, alt_url);
    out.push_str("\"/>\n");
    updated_element(out, updated);
    // RFC 4287 4.1.1: a feed needs an author unless every entry has one; the site is it.
    out.push_str("<author>\n");
    element(out, "name", &[author]);
    out.push_str("</author>\n");
}

/// One entry; `id`, `title` and `link` are given in pieces that are written one after another.
fn entry(
    out: &mut String,
    id: &[&str],
    title: &[&str],
    link: &[&str],
    updated: DateTime<Utc>,
    summary_html: &str,
) {
    out.push_str("<entry>\n");
    element(out, "id", id);
    element(out, "title", title);
    out.push_str("<link href=\"");
    link.iter().for_each(|p| push_escaped(out, p));
    out.push_str("\"/>\n");
    updated_element(out, updated);
    // Content is the already-sanitised HTML of the note, escaped once more as Atom text.
    // `#123` links in it are relative to the ticket's page: that page is their base.
    if summary_html.contains("<a href=\"../../tickets/") {
        out.push_str("<content type=\"html\" xml:base=\"");
        link.iter().for_each(|p| push_escaped(out, p));
        out.push_str("\">");
    } else {
        out.push_str("<content type=\"html\">");
    }
    push_escaped(out, summary_html);
    out.push_str("</content>\n</entry>\n");
}

/// The whole-site feed: one entry per recently updated ticket.
pub fn site_feed(
    cfg: &Config,
    tx: &Texts,
    site: &PublicSite,
    rec: &[crate::render::Recency],
) -> String {
    let tickets: Vec<&PublicTicket> = crate::render::most_recent(rec, |_| true, SITE_FEED_ENTRIES)
        .into_iter()
        .map(|i| &site.tickets[i])
        .collect();
    let updated = tickets
        .first()
        .map(|t| t.updated())
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut out = String::with_capacity(4096 + tickets.len() * 1024);
    let self_url = format!("{}feed.xml", cfg.base_url);
    let feed_title = tx.fmt("feed-site-title", &[("site", cfg.title.as_str().into())]);
    head(
        &mut out,
        &[&feed_title],
        &[&self_url],
        &cfg.base_url,
        updated,
        &cfg.title,
    );
    for t in tickets {
        let url = format!("{}{}", cfg.base_url, ticket_url(t.id()));
        let latest = t
            .notes()
            .last()
            .map(|n| n.body().html.as_str())
            .unwrap_or("");
        let summary = format!(
            "<p>{} — {}</p>{}",
            esc(tx.stage_name(t.stage())),
            esc(tx.stage_about(t.stage())),
            latest
        );
        let title = [
            "#",
            t.id(),
            " ",
            t.title(),
            " (",
            tx.stage_name(t.stage()),
            ")",
        ];
        entry(
            &mut out,
            &[&url, "#", &rfc3339(t.updated())],
            &title,
            &[&url],
            t.updated(),
            &summary,
        );
    }
    out.push_str("</feed>\n");
    out
}

/// One ticket's feed: each public note and each stage change, newest first.
pub fn ticket_feed(cfg: &Config, tx: &Texts, t: &PublicTicket) -> String {
    /// What an entry is about; its id is the ticket URL, `#` and the fragment.
    enum Item<'t> {
        Note(usize, &'t str),
        Change(&'t crate::privacy::PublicStageChange),
    }
    let url = format!("{}{}", cfg.base_url, ticket_url(t.id()));
    // (time, id fragment, item): newest first, then by id.
    let mut items: Vec<(DateTime<Utc>, String, Item)> =
        Vec::with_capacity(t.notes().len() + t.history().len());
    for (i, n) in t.notes().iter().enumerate() {
        items.push((
            n.at(),
            format!("note-{}", i + 1),
            Item::Note(i, &n.body().html),
        ));
    }
    for h in t.history() {
        let fragment = format!("stage-{}-{}", h.stage().slug(), rfc3339(h.at()));
        items.push((h.at(), fragment, Item::Change(h)));
    }
    // The ids share the URL up to the fragment, so fragments order them alike.
    items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out = String::with_capacity(
        2048 + t
            .notes()
            .iter()
            .map(|n| n.body().html.len() + 512)
            .sum::<usize>()
            + t.history().len() * 512,
    );
    head(
        &mut out,
        &["#", t.id(), " ", t.title()],
        &[&url, "feed.xml"],
        &url,
        t.updated(),
        &cfg.title,
    );
    for (at, fragment, item) in &items {
        let id = [url.as_str(), "#", fragment.as_str()];
        match item {
            Item::Note(i, html) => {
                let who = crate::render::role_label(tx, t.notes()[*i].role());
                let title = tx.fmt("feed-update-from", &[("who", who.into())]);
                entry(&mut out, &id, &[&title], &id, *at, html);
            }
            Item::Change(h) => {
                let on = tx.fmt(
                    "feed-stage-on",
                    &[
                        ("stage", tx.stage_name(h.stage()).into()),
                        ("date", tx.date(h.at().date_naive()).into()),
                    ],
                );
                let html = format!("<p>{}. {}</p>", esc(&on), esc(tx.stage_about(h.stage())));
                let title = tx.fmt("feed-now", &[("stage", tx.stage_name(h.stage()).into())]);
                entry(&mut out, &id, &[&title], &[&url, "#hist-h"], *at, &html);
            }
        }
    }
    out.push_str("</feed>\n");
    out
}

/// URLs per sitemap file: the protocol's limit (sitemaps.org: 50,000 URLs and 50 MB).
pub const SITEMAP_MAX_URLS: usize = 50_000;
/// Bytes per sitemap file, uncompressed: the protocol's other limit (52,428,800). A site in
/// ten languages names each URL eleven times (about 1 KB per URL), so 50,000 URLs can pass it.
pub const SITEMAP_MAX_BYTES: usize = 50 * 1024 * 1024;

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
const URLSET_XHTML: &str = " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"";
const URLSET_TAIL: &str = "</urlset>\n";

/// `sitemap.xml`: listed pages only (home, the pages of every ticket list, public tickets,
/// docs). Past [`SITEMAP_MAX_URLS`] URLs or [`SITEMAP_MAX_BYTES`] it becomes a sitemap index
/// naming `sitemaps/N.xml`, each within both limits. Returns (path, text) for every sitemap
/// file.
pub fn sitemaps(cfg: &Config, site: &PublicSite) -> Vec<(String, String)> {
    sitemaps_within(cfg, site, SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES)
}

fn sitemaps_within(
    cfg: &Config,
    site: &PublicSite,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, String)> {
    let mut urls: Vec<(String, Option<DateTime<Utc>>)> =
        Vec::with_capacity(site.tickets.len() + site.docs.len() + 8);
    urls.push((String::new(), None));
    let counts = crate::plan::filtered_counts(site.tickets.iter().map(|t| t.stage()));
    let lists = std::iter::once(site.tickets.len()).chain(counts);
    for (list, count) in crate::plan::List::every().zip(lists) {
        for n in 0..crate::plan::list_pages(count) {
            urls.push((list.url(n), None));
        }
    }
    urls.push(("docs/".into(), None));
    for t in &site.tickets {
        urls.push((ticket_url(t.id()), Some(t.updated())));
    }
    for d in &site.docs {
        if !d.slug().is_empty() {
            urls.push((doc_url(d.slug()), d.date()));
        }
    }
    // Every `<url>` entry, one after the other in `body`, and where each ends.
    // A site in several languages names each URL's versions in every language, itself
    // included, as search engines read them from sitemaps (`xhtml:link`, the sitemap form of
    // the pages' `hreflang` links). Every part has the same URLs.
    let languages = &cfg.site_languages;
    let per_url = 120 + languages.len() * (60 + cfg.site_base_url.len());
    let mut body = String::with_capacity(urls.len() * per_url);
    let mut ends = Vec::with_capacity(urls.len());
    for (path, lastmod) in &urls {
        let _ = write!(body, "<url><loc>{}{}</loc>", esc(&cfg.base_url), esc(path));
        if let Some(t) = lastmod {
            let _ = write!(body, "<lastmod>{}</lastmod>", iso_date(t.date_naive()));
        }
        for l in languages {
            let _ = write!(
                body,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}{}\"/>",
                esc(&l.code),
                esc(&cfg.site_base_url),
                esc(&l.prefix),
                esc(path)
            );
        }
        body.push_str("</url>\n");
        ends.push(body.len());
    }
    let head = format!(
        "{URLSET_HEAD}{}>\n",
        if languages.is_empty() {
            ""
        } else {
            URLSET_XHTML
        }
    );
    let head_len = head.len() + URLSET_TAIL.len();
    let urlset = |from: usize, to: usize| {
        let mut out = String::with_capacity(head_len + to - from);
        out.push_str(&head);
        out.push_str(&body[from..to]);
        out.push_str(URLSET_TAIL);
        out
    };
    let chunks = chunk_by_limits(&ends, max_urls, max_bytes.saturating_sub(head_len));
    if chunks.len() <= 1 {
        return vec![("sitemap.xml".into(), urlset(0, body.len()))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, (from, to)) in chunks.into_iter().enumerate() {
        let path = format!("sitemaps/{}.xml", i + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}{}</loc></sitemap>",
            esc(&cfg.base_url),
            esc(&path)
        );
        files.push((path, urlset(from, to)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// Byte ranges of consecutive entries (each ending at its `ends` offset) such that no range
/// holds more than `max_urls` entries or more than `max_bytes` bytes; an entry larger than
/// `max_bytes` on its own gets a range of its own. At least one range, empty for no entries.
fn chunk_by_limits(ends: &[usize], max_urls: usize, max_bytes: usize) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let (mut from, mut count) = (0usize, 0usize);
    let mut last = 0usize;
    for &end in ends {
        if count > 0 && (count == max_urls || end - from > max_bytes) {
            chunks.push((from, last));
            from = last;
            count = 0;
        }
        count += 1;
        last = end;
    }
    chunks.push((from, last));
    chunks
}

/// `robots.txt`: everything may be crawled; points at the sitemap.
pub fn robots<'a>(base_urls: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    // A sitemap must be named by its full URL; a site with a path-only `base_url` names none.
    for base in base_urls.into_iter().filter(|b| b.contains("://")) {
        let _ = writeln!(out, "Sitemap: {base}sitemap.xml");
    }
    out
}

/// The tickets that get a feed of their own, each made by [`ticket_feed`] at
/// [`ticket_feed_path`]; the build renders them while writing (see `site::SiteOutput`).
pub fn feed_tickets(site: &PublicSite) -> &[PublicTicket] {
    &site.tickets
}

/// Where a ticket's own feed goes.
pub fn ticket_feed_path(t: &PublicTicket) -> String {
    format!("{}feed.xml", ticket_url(t.id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site at `https://s.example/` of `n` new tickets (ids 1..=n), gated.
    fn numbered_site(n: usize) -> (Config, PublicSite) {
        let cfg = Config::parse(
            std::path::Path::new("porchlight.toml"),
            "base_url = \"https://s.example/\"\n",
        )
        .unwrap();
        let created = "2026-11-01T09:00:00Z".parse().unwrap();
        let corpus = crate::model::Corpus {
            tickets: (1..=n)
                .map(|i| crate::model::Ticket {
                    id: i.to_string(),
                    subject: format!("T{i}"),
                    status: "New".into(),
                    created,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let site = crate::privacy::gate(corpus, &cfg, created);
        (cfg, site)
    }

    #[test]
    fn sitemap_chunks_keep_both_limits() {
        // Entries of 10 bytes each, ending at 10, 20, …
        let ends: Vec<usize> = (1..=7).map(|i| i * 10).collect();
        assert_eq!(
            chunk_by_limits(&ends, 3, 1000),
            [(0, 30), (30, 60), (60, 70)]
        );
        assert_eq!(
            chunk_by_limits(&ends, 100, 25),
            [(0, 20), (20, 40), (40, 60), (60, 70)]
        );
        assert_eq!(chunk_by_limits(&ends, 100, 70), [(0, 70)]);
        // An entry over the byte limit alone is a chunk of its own, never dropped.
        assert_eq!(
            chunk_by_limits(&[5, 50, 55], 100, 10),
            [(0, 5), (5, 50), (50, 55)]
        );
        assert_eq!(chunk_by_limits(&[], 100, 10), [(0, 0)]);
    }

    #[test]
    fn a_sitemap_past_the_byte_limit_becomes_an_index_of_files_within_it() {
        let (cfg, site) = numbered_site(300);
        let whole = sitemaps(&cfg, &site);
        assert_eq!(whole.len(), 1);
        let limit = 8_000;
        let files = sitemaps_within(&cfg, &site, SITEMAP_MAX_URLS, limit);
        assert!(files.len() > 2, "{}", files.len());
        assert!(files[0].1.starts_with("<?xml"));
        assert!(files[0].1.contains("<sitemapindex"));
        let mut entries = 0;
        for (path, text) in &files[1..] {
            assert!(text.len() <= limit, "{path}: {} bytes", text.len());
            assert!(text.ends_with("</urlset>\n"));
            entries += text.matches("<url>").count();
        }
        // Every URL of the single sitemap is in exactly one file.
        assert_eq!(entries, whole[0].1.matches("<url>").count());
        assert!(files
            .iter()
            .any(|(_, t)| t.contains("<loc>https://s.example/tickets/300/</loc>")));
    }

    #[test]
    fn past_50000_urls_the_sitemap_becomes_an_index() {
        let (cfg, site) = numbered_site(50_010);
        let files = sitemaps(&cfg, &site);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemaps/1.xml", "sitemaps/2.xml"]);
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://s.example/sitemaps/2.xml</loc>"));
        let urls = |text: &str| text.matches("<url>").count();
        // Home, 500 pages of all tickets, as many of Open and of Received, one of Closed and
        // of each other stage, docs/, 50,010 tickets.
        assert_eq!(urls(&files[1].1), SITEMAP_MAX_URLS);
        assert_eq!(
            urls(&files[2].1),
            1 + 500 * 3 + 1 + 8 + 1 + 50_010 - SITEMAP_MAX_URLS
        );
        assert!(files[2]
            .1
            .contains("<loc>https://s.example/tickets/50010/</loc>"));
    }
}
