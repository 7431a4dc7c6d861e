//! A site with more tickets than one page should hold: the ticket list is paged newest first
//! (pages cut from the oldest, so a new ticket leaves the older pages alone),
//! the home page shows the most recent tickets of each stage with the stage's full count, and
//! the sitemap lists every page of the list.

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
        p1.contains("<p>Tickets #100 to #1, newest first.</p>"),
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

    // Home: the 25 most recently updated of the stage, and its full count.
    let home = site.read("index.html");
    assert_eq!(card_ids(&home), (226..=250).rev().collect::<Vec<_>>());
    assert!(home.contains("<span class=\"count\">250</span>"), "{home}");
    assert!(
        home.contains("The 25 most recently updated of 250;"),
        "{home}"
    );

    let sitemap = site.read("sitemap.xml");
    for page in ["tickets/", "tickets/page/1/"] {
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
