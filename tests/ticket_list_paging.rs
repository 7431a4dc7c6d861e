//! A site with more tickets than one page should hold: the ticket list is paged newest first
//! by opening date (pages cut from the oldest, so a new ticket leaves the older pages alone),
//! the filtered lists (open, closed, each stage) are paged the same way, the home page shows
//! each open stage's count and the most recently updated open tickets, and the sitemap lists
//! every page of every list.

mod common;

use common::SiteTest;

/// `n` open tickets, ids 1..=n, ticket i opened (its last public change) i minutes after the
/// first (n < 30,000). The tracker's own "updated" time is not a public change and moves
/// nothing.
fn tickets(n: usize) -> String {
    let list: Vec<serde_json::Value> = (1..=n)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "subject": format!("Ticket number {i}"),
                "status": "New",
                "created": format!(
                    "2026-11-{:02}T{:02}:{:02}:00Z",
                    2 + i / 1440,
                    (i / 60) % 24,
                    i % 60
                ),
            })
        })
        .collect();
    serde_json::json!({ "porchlight": 1, "tickets": list }).to_string()
}

/// The ticket numbers of the cards on a page, in order.
fn card_ids(html: &str) -> Vec<u32> {
    html.split("<span class=\"tid\">#")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn ticket_list_is_paged_newest_first_and_home_shows_the_latest() {
    let site = SiteTest::new();
    site.write("tickets.json", &tickets(250));
    site.build(&[]).ok();

    // Pages are cut from the oldest hundred: the front page holds the newest 150.
    let front = site.read("tickets/index.html");
    let p1 = site.read("tickets/page/1/index.html");
    assert_eq!(card_ids(&front), (101..=250).rev().collect::<Vec<_>>());
    assert_eq!(card_ids(&p1), (1..=100).rev().collect::<Vec<_>>());
    assert!(
        front.contains("250 public tickets, newest first.</p>"),
        "{front}"
    );
    assert!(
        front.contains("<a rel=\"next\" href=\"../tickets/page/1/\">Older →</a>"),
        "{front}"
    );
    assert!(!front.contains("rel=\"prev\""));
    assert!(
        p1.contains("<p>Tickets opened on 2 November 2026, newest first.</p>"),
        "{p1}"
    );
    assert!(
        p1.contains("<title>All tickets, opened on 2 November 2026 · Test Support</title>"),
        "{p1}"
    );
    assert!(
        p1.contains("<a rel=\"prev\" href=\"../../../tickets/\">← Newer</a>"),
        "{p1}"
    );
    assert!(
        !p1.contains("rel=\"next\"") && !p1.contains("Oldest"),
        "{p1}"
    );
    assert!(!site.out().join("tickets/page/2").exists());

    // The open list and the stage's list hold the same 250, paged alike.
    for list in ["tickets/open/", "tickets/stage/received/"] {
        let front = site.read(&format!("{list}index.html"));
        let p1 = site.read(&format!("{list}page/1/index.html"));
        assert_eq!(card_ids(&front), (101..=250).rev().collect::<Vec<_>>());
        assert_eq!(card_ids(&p1), (1..=100).rev().collect::<Vec<_>>());
        assert!(
            p1.contains("<a rel=\"prev\" href=\"../../../../")
                && p1.contains(&format!("{list}\">← Newer</a>")),
            "{p1}"
        );
    }
    assert!(site
        .read("tickets/open/index.html")
        .contains("<p>250 open tickets (received, not yet released or closed), newest first.</p>"));

    // Home: each open stage's count links to its list; the ten most recently updated cards.
    let home = site.read("index.html");
    assert_eq!(card_ids(&home), (241..=250).rev().collect::<Vec<_>>());
    assert!(
        home.contains(
            "<a href=\"tickets/stage/received/\">Received <span class=\"count\">250</span></a>"
        ),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"tickets/stage/fix-in-testing/\">Fix in testing <span class=\"count\">0</span></a>"),
        "{home}"
    );

    let sitemap = site.read("sitemap.xml");
    for page in [
        "tickets/",
        "tickets/page/1/",
        "tickets/open/",
        "tickets/open/page/1/",
        "tickets/closed/",
        "tickets/stage/received/page/1/",
        "tickets/stage/wont-fix/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://help.example.com/sub/{page}</loc>")),
            "{page} missing from the sitemap"
        );
    }
}

/// A new ticket (the next id) rewrites the front page only; the 400th starts an older page
/// and changes the links of the page before it, and nothing else.
#[test]
fn a_new_ticket_leaves_the_older_list_pages_as_they_were() {
    let site = SiteTest::new();
    let pages = |site: &SiteTest| -> Vec<(String, String)> {
        [
            "tickets/",
            "tickets/page/1/",
            "tickets/page/2/",
            "tickets/page/3/",
        ]
        .iter()
        .filter(|p| site.out().join(p).join("index.html").exists())
        .map(|p| (p.to_string(), site.read(&format!("{p}index.html"))))
        .collect()
    };
    site.write("tickets.json", &tickets(350));
    site.build(&[]).ok();
    let before = pages(&site);
    assert_eq!(before.len(), 3, "front, page 1, page 2");
    assert_eq!(
        card_ids(&before[0].1),
        (201..=350).rev().collect::<Vec<_>>()
    );
    assert_eq!(
        card_ids(&before[2].1),
        (101..=200).rev().collect::<Vec<_>>()
    );
    assert!(
        before[2]
            .1
            .contains("<a rel=\"next\" href=\"../../../tickets/page/1/\">Older →</a>")
            && before[2]
                .1
                .contains("<a href=\"../../../tickets/page/1/\">Oldest</a>"),
        "{}",
        before[2].1
    );

    site.write("tickets.json", &tickets(351));
    site.build(&[]).ok();
    let after = pages(&site);
    assert_ne!(after[0], before[0], "the front page shows the new ticket");
    assert_eq!(after[1..], before[1..], "older pages are untouched");

    site.write("tickets.json", &tickets(400));
    site.build(&[]).ok();
    let after = pages(&site);
    assert_eq!(after.len(), 4);
    assert_eq!(after[1], before[1], "page 1 is untouched");
    assert_eq!(card_ids(&after[2].1), card_ids(&before[2].1));
    assert!(
        after[2]
            .1
            .contains("<a rel=\"prev\" href=\"../../../tickets/page/3/\">← Newer</a>"),
        "{}",
        after[2].1
    );
    assert_eq!(card_ids(&after[3].1), (201..=300).rev().collect::<Vec<_>>());
    assert_eq!(card_ids(&after[0].1), (301..=400).rev().collect::<Vec<_>>());
}

#[test]
fn a_small_site_has_one_list_page_without_a_pager() {
    let site = SiteTest::new();
    site.write("tickets.json", &tickets(3));
    site.build(&[]).ok();
    let p1 = site.read("tickets/index.html");
    assert_eq!(card_ids(&p1), vec![3, 2, 1]);
    assert!(p1.contains("3 public tickets, newest first.</p>"), "{p1}");
    assert!(!p1.contains("class=\"pager\""));
    assert!(!site.out().join("tickets/page").exists());
}

/// The build renders pages, builds the search index and writes files on several threads at
/// once (the index's excerpt bundles are written as they are made): the output must not
/// depend on how many threads there are. 2,500 tickets give several index batches, many
/// excerpt bundles and many write batches.
#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let site = SiteTest::new();
    site.write("tickets.json", &tickets(2500));
    let build = |threads: &str, out: &str| {
        let o = std::process::Command::new(common::bin())
            .args(["build", "--now", common::NOW, "--out", out])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(site.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        common::snapshot(&site.path().join(out))
    };
    let one = build("1", "one");
    let three = build("3", "three");
    assert!(one.len() > 5000, "{} files", one.len());
    assert!(one.keys().any(|k| k.starts_with("search/p/")));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        three.keys().collect::<Vec<_>>()
    );
    for (k, v) in &one {
        assert!(v == &three[k], "{k} differs between 1 and 3 threads");
    }
}

/// The ids of the cards on a page, in order, as written after `#`.
fn card_texts(html: &str) -> Vec<&str> {
    html.split("<span class=\"tid\">#")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect()
}

/// Issue 18: text ids from October sorted above #4125 from November. Every list orders by
/// the opening date (newest first), ties by id; a filter keeps that order.
#[test]
fn lists_are_newest_first_by_opening_date_whatever_the_ids() {
    let site = SiteTest::new();
    let t = |id: serde_json::Value, status: &str, created: &str| serde_json::json!({"id": id, "subject": format!("Ticket {id}"), "status": status, "created": created});
    let export = serde_json::json!({"porchlight": 1, "tickets": [
        t("HD-311".into(), "In Progress", "2026-10-30T10:30:00Z"),
        t("HD-298".into(), "Closed", "2026-10-01T08:00:00Z"),
        t(4125.into(), "New", "2026-11-19T14:05:00Z"),
        t(4110.into(), "Confirmed", "2026-10-27T11:02:00Z"),
        t(4107.into(), "In Progress", "2026-10-02T16:48:00Z"),
        // Opened at the same minute: the higher id is the newer.
        t(4199.into(), "Closed", "2026-11-05T07:55:00Z"),
        t(4200.into(), "In Progress", "2026-11-05T07:55:00Z"),
        t(4201.into(), "In Progress", "2026-11-20T07:40:00Z"),
    ]});
    site.write("tickets.json", &export.to_string());
    site.build(&[]).ok();

    let all = site.read("tickets/index.html");
    assert_eq!(
        card_texts(&all),
        ["4201", "4125", "4200", "4199", "HD-311", "4110", "4107", "HD-298"]
    );
    assert!(
        all.contains("<p>8 public tickets, newest first.</p>"),
        "{all}"
    );
    assert!(
        all.contains("<span>opened <time datetime=\"2026-10-30T10:30:00+00:00\">30 October 2026</time></span>"),
        "{all}"
    );
    let open = site.read("tickets/open/index.html");
    assert_eq!(
        card_texts(&open),
        ["4201", "4125", "4200", "HD-311", "4110", "4107"]
    );
    let closed = site.read("tickets/closed/index.html");
    assert_eq!(card_texts(&closed), ["4199", "HD-298"]);
    assert!(
        closed.contains("<p>2 released or closed tickets, newest first.</p>"),
        "{closed}"
    );
    let stage = site.read("tickets/stage/in-progress/index.html");
    assert_eq!(card_texts(&stage), ["4201", "4200", "HD-311", "4107"]);
    assert!(stage.contains("<h1>Tickets: In progress</h1>"), "{stage}");
    assert!(
        stage.contains("<p>4 tickets at this stage, newest first.</p>\n<p class=\"explain\">Someone is working on a fix.</p>"),
        "{stage}"
    );
    // The filter nav: every list, the shown one marked.
    assert!(
        stage.contains("<li><a href=\"../../../tickets/stage/in-progress/\" aria-current=\"page\">In progress</a></li>"),
        "{stage}"
    );
    assert_eq!(stage.matches("aria-current").count(), 1, "{stage}");
    for (name, url) in [
        ("All tickets", "tickets/"),
        ("All open", "tickets/open/"),
        ("All closed", "tickets/closed/"),
        ("Closed", "tickets/stage/closed/"),
        ("Won&#39;t fix", "tickets/stage/wont-fix/"),
    ] {
        assert!(
            stage.contains(&format!("<li><a href=\"../../../{url}\">{name}</a></li>")),
            "{name} missing from the nav:\n{stage}"
        );
    }
    // A stage without tickets: its page, one plain sentence, no cards.
    let empty = site.read("tickets/stage/fix-in-testing/index.html");
    assert!(
        empty.contains("<p>No ticket is at this stage right now.</p>"),
        "{empty}"
    );
    assert!(!empty.contains("class=\"cards\""), "{empty}");
    // Home: the most recently updated open tickets, newest first.
    let home = site.read("index.html");
    assert_eq!(card_texts(&home)[..2], ["4201", "4125"]);
}

/// "Find my ticket" without JavaScript: a plain GET form to a page that says how ticket
/// addresses are made, on home and on every list page.
#[test]
fn find_my_ticket_works_as_a_plain_form() {
    let site = SiteTest::new();
    site.write("tickets.json", &tickets(3));
    site.build(&[]).ok();
    for (page, root) in [
        ("index.html", ""),
        ("tickets/index.html", "../"),
        ("tickets/stage/received/index.html", "../../../"),
    ] {
        let html = site.read(page);
        assert!(
            html.contains(&format!(
                "<form class=\"find-ticket\" action=\"{root}tickets/find/\" method=\"get\">"
            )),
            "{page}: {html}"
        );
        assert!(html.contains(">Find my ticket</label>"), "{page}");
        assert!(
            html.contains(&format!(
                "<script src=\"{root}static/find.js\" defer></script>"
            )),
            "{page}"
        );
    }
    let find = site.read("tickets/find/index.html");
    assert!(find.contains("<h1>Find my ticket</h1>"), "{find}");
    assert!(
        find.contains("Ticket 42 is at <code>https://help.example.com/sub/tickets/42/</code>"),
        "{find}"
    );
    // Not a page to be found by search engines' sitemap: it only explains.
    assert!(!site.read("sitemap.xml").contains("tickets/find/"));
}

/// A ticket whose id names a list folder ("open", "page", ...) would have its page written
/// over that list: the gate refuses it (in any case) with a warning naming it, and the list
/// stays a list.
#[test]
fn ids_that_name_a_list_folder_are_refused() {
    let site = SiteTest::new();
    let t = |id: &str| {
        serde_json::json!({"id": id, "subject": format!("Ticket {id}"), "status": "New",
            "created": "2026-11-02T09:00:00Z"})
    };
    let export = serde_json::json!({"porchlight": 1,
        "tickets": [t("open"), t("page"), t("find"), t("4125"), t("Open")]});
    site.write("tickets.json", &export.to_string());
    let r = site.build(&[]).ok();
    for id in ["open", "page", "find", "Open"] {
        assert!(
            r.stderr.contains(&format!(
                "ticket \"{id}\": the id is the name of a ticket list folder (page, open, closed, stage, find), so its page would replace that list; the ticket is not published"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(
        r.stdout.contains(&format!("tickets refused     {:>8}", 4)),
        "{}",
        r.stdout
    );
    // "Open" too: on a case-insensitive file system it is the same folder. The list folders
    // hold lists.
    let open = site.read("tickets/open/index.html");
    assert!(open.contains("<h1>Open tickets</h1>"), "{open}");
    assert_eq!(card_texts(&open), ["4125"]);
    assert!(site
        .read("tickets/find/index.html")
        .contains("<h1>Find my ticket</h1>"));
}
