//! The embedded default site (`porchlight.toml` + `content/`): what a customer sees on the
//! home page, a ticket page and a doc page; nothing private in any output byte; identical
//! bytes from two builds.

mod common;
use common::*;
use serde_json::Value;

fn built() -> SiteTest {
    let site = SiteTest::default_site();
    site.build(&[]).ok();
    site
}

fn export() -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo().join("content/tickets.json")).unwrap())
        .unwrap()
}

/// Every private place of the default export: private tickets' subjects, descriptions and
/// notes; private notes of public tickets; internal fields. Long texts are checked line by line
/// (lines of 20+ characters), so a rendered paragraph cannot hide a leak by reflowing.
fn private_needles() -> Vec<String> {
    let mut out = Vec::new();
    let mut add_text = |s: &str| {
        for line in s.lines().map(str::trim) {
            if line.chars().count() >= 20 {
                out.push(line.to_string());
            }
        }
    };
    let mut internal = Vec::new();
    for t in export()["tickets"].as_array().unwrap() {
        let private = t["private"].as_bool().unwrap_or(false);
        if private {
            add_text(t["subject"].as_str().unwrap());
            add_text(t["description"].as_str().unwrap_or(""));
        }
        for n in t["notes"].as_array().into_iter().flatten() {
            if private || n["private"].as_bool().unwrap_or(false) {
                add_text(n["text"].as_str().unwrap());
            }
            if let Some(e) = n["author_email"].as_str() {
                internal.push(e.to_string());
            }
        }
        for key in ["assignee", "reporter", "reporter_email", "related_internal"] {
            if let Some(v) = t[key].as_str() {
                internal.push(v.to_string());
            }
        }
        if let Some(fields) = t["custom_fields"].as_object() {
            for v in fields.values() {
                if let Some(s) = v.as_str() {
                    internal.push(s.to_string());
                }
            }
        }
    }
    out.extend(internal.into_iter().filter(|s| s.len() >= 4));
    out.sort();
    out.dedup();
    out
}

#[test]
fn nothing_private_reaches_any_output_file() {
    let needles = private_needles();
    assert!(
        needles.len() >= 20,
        "the default content should carry private data to test against, got {}",
        needles.len()
    );
    let site = built();
    assert_absent(&site.out(), &needles);
}

#[test]
fn summary_counts_what_was_withheld() {
    let site = SiteTest::default_site();
    let run = site.build(&[]).ok();
    let tickets = export()["tickets"].as_array().unwrap().clone();
    let private = tickets
        .iter()
        .filter(|t| t["private"].as_bool() == Some(true))
        .count();
    let private_notes: usize = tickets
        .iter()
        .filter(|t| t["private"].as_bool() != Some(true))
        .map(|t| {
            t["notes"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .filter(|n| n["private"].as_bool() == Some(true))
                        .count()
                })
                .unwrap_or(0)
        })
        .sum();
    assert!(
        run.stdout.contains(&format!(
            "tickets published   {:>8}",
            tickets.len() - private
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("tickets withheld    {:>8}  (private)", private)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "notes withheld      {:>8}  (private)",
            private_notes
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built();
    let b = built();
    let (x, y) = (snapshot(&a.out()), snapshot(&b.out()));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (k, v) in &x {
        assert!(v == &y[k], "{k} differs between builds");
    }
}

#[test]
fn home_page_groups_open_tickets_by_stage() {
    let site = built();
    let home = site.read("index.html");
    for (stage, slug) in [
        ("Received", "received"),
        ("Under review", "under-review"),
        ("Confirmed", "confirmed"),
        ("In progress", "in-progress"),
        ("Fix in testing", "fix-in-testing"),
    ] {
        assert!(
            home.contains(&format!(
                "<a href=\"tickets/stage/{slug}/\">{stage} <span class=\"count\">"
            )),
            "stage {stage} missing"
        );
    }
    assert!(home.contains("Recently released and closed"));
    assert!(home.contains("href=\"docs/"), "home links to docs");
    // Relative links: the site works from a sub-path.
    assert!(home.contains("<link rel=\"stylesheet\" href=\"static/style.css\">"));
    assert!(
        !home.contains("href=\"/"),
        "no root-absolute links on the home page"
    );
}

/// The first public, open ticket with a severity, a deadline bracket and public notes.
fn pick_ticket(pred: impl Fn(&Value) -> bool) -> Value {
    export()["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["private"].as_bool() != Some(true) && pred(t))
        .cloned()
        .expect("default content has such a ticket")
}

fn id_of(t: &Value) -> String {
    match &t["id"] {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

#[test]
fn ticket_page_shows_stage_promise_deadline_and_public_notes_only() {
    let site = built();
    let t = pick_ticket(|t| {
        t["subject"].as_str().unwrap().contains(", ")
            && t["subject"].as_str().unwrap().ends_with(']')
    });
    let page = site.read(&format!("tickets/{}/index.html", id_of(&t)));
    assert!(page.contains("<ol class=\"progress\" aria-label=\"Progress\">"));
    assert!(page.contains("aria-current=\"step\"") || page.contains("class=\"done\""));
    assert!(page.contains("of work left, target "), "deadline shown");
    let subject = t["subject"].as_str().unwrap();
    let bracket = &subject[subject.rfind('[').unwrap()..];
    assert!(
        !page.contains(bracket),
        "bracket {bracket} must be removed from the title"
    );

    let sev = pick_ticket(|t| t["severity"].as_str() == Some("High"));
    let page = site.read(&format!("tickets/{}/index.html", id_of(&sev)));
    // High: 3 business days for both promises (model/workflow.rs, from ../shared/domain).
    assert!(
        page.contains("<strong>Resolution:</strong> within 3 business days"),
        "promise"
    );

    let noted = pick_ticket(|t| {
        t["notes"].as_array().is_some_and(|n| {
            n.iter().any(|n| n["private"].as_bool() == Some(true))
                && n.iter().any(|n| n["private"].as_bool() != Some(true))
        })
    });
    let page = site.read(&format!("tickets/{}/index.html", id_of(&noted)));
    let public_count = noted["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["private"].as_bool() != Some(true))
        .count();
    assert_eq!(
        page.matches("<li id=\"note-").count(),
        public_count,
        "only public notes are listed"
    );
    assert!(page.contains("<h2 id=\"hist-h\">History</h2>"));
}

#[test]
fn overdue_tickets_are_marked() {
    let site = built();
    let t = pick_ticket(|t| {
        t["due_date"].as_str().is_some_and(|d| d < "2026-11-23")
            && !matches!(
                t["status"].as_str(),
                Some(
                    "Closed" | "Resolved" | "Done" | "Release" | "Rejected" | "closed" | "resolved"
                )
            )
    });
    let page = site.read(&format!("tickets/{}/index.html", id_of(&t)));
    assert!(
        page.contains("<span class=\"badge overdue\">Overdue</span>"),
        "ticket {} not marked overdue",
        id_of(&t)
    );
}

#[test]
fn doc_page_has_toc_anchors_and_rewritten_links() {
    let site = built();
    let docs = snapshot(&site.out().join("docs"));
    let (name, page) = docs
        .iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(v).into_owned()))
        .find(|(_, p)| p.contains("<nav class=\"toc\""))
        .expect("a doc with a table of contents");
    assert!(page.contains("<h2 id=\""), "{name}");
    assert!(
        page.contains("class=\"anchor\" href=\"#"),
        "{name}: heading links for support staff"
    );
    assert!(
        !page.contains(".md\""),
        "{name}: .md links are rewritten to page URLs"
    );
    assert!(site
        .read("docs/index.html")
        .contains("<h1>Documentation</h1>"));
}

#[test]
fn contact_details_in_public_text_are_masked() {
    let site = built();
    let all: String = snapshot(&site.out())
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        all.contains("[e-mail hidden]"),
        "default content has an e-mail address in public text"
    );
    assert!(
        all.contains("[phone hidden]"),
        "default content has a phone number in public text"
    );
}

#[test]
fn not_found_page_uses_the_base_path() {
    let site = built();
    let page = site.read("404.html");
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">"),
        "{page}"
    );
}

#[test]
fn feeds_and_sitemap_list_only_public_tickets() {
    let site = built();
    let tickets = export()["tickets"].as_array().unwrap().clone();
    let sitemap = site.read("sitemap.xml");
    let feed = site.read("feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
    ));
    for t in &tickets {
        let id = id_of(t);
        let loc = format!("<loc>https://support.example.com/tickets/{id}/</loc>");
        if t["private"].as_bool() == Some(true) {
            assert!(!sitemap.contains(&loc), "private ticket {id} in sitemap");
            assert!(
                !site.out().join(format!("tickets/{id}")).exists(),
                "private ticket {id} has pages"
            );
        } else {
            assert!(
                sitemap.contains(&loc),
                "public ticket {id} missing from sitemap"
            );
            let own = site.read(&format!("tickets/{id}/feed.xml"));
            assert!(own.contains(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"https://support.example.com/tickets/{id}/\"/>")));
            let public_notes = t["notes"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .filter(|n| n["private"].as_bool() != Some(true))
                        .count()
                })
                .unwrap_or(0);
            assert_eq!(
                own.matches("<title>Update from ").count(),
                public_notes,
                "ticket {id} feed lists public notes only"
            );
        }
    }
    assert!(
        !sitemap.contains("search/") && !sitemap.contains("404"),
        "unlisted pages stay out of the sitemap"
    );
    // The default site is in English, German and French: each part has its sitemap.
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://support.example.com/sitemap.xml\nSitemap: https://support.example.com/de/sitemap.xml\nSitemap: https://support.example.com/fr/sitemap.xml\n"
    );
}
