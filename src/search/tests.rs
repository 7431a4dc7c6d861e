//! Tests of the whole index: build files, read them back, query.

use super::reader::Reader;
use super::{build_index, EntryKind, IndexCache, SearchEntry, SearchSection};

fn section(heading: Option<&str>, text: &str) -> SearchSection {
    SearchSection {
        heading: heading.map(str::to_string),
        anchor: heading.map(|h| h.to_lowercase().replace(' ', "-")),
        text: text.to_string(),
    }
}

fn doc(url: &str, title: &str, sections: Vec<SearchSection>) -> SearchEntry {
    SearchEntry {
        url: url.into(),
        title: title.into(),
        kind: EntryKind::Doc,
        stage: None,
        summary: None,
        sections,
    }
}

fn ticket(id: u32, title: &str, stage: &str, text: &str) -> SearchEntry {
    SearchEntry {
        url: format!("tickets/{id}/"),
        title: title.into(),
        kind: EntryKind::Ticket,
        stage: Some(stage.into()),
        summary: None,
        sections: vec![section(None, text)],
    }
}

fn sample() -> Vec<SearchEntry> {
    vec![
        ticket(
            12,
            "Invoice shows wrong currency",
            "In progress",
            "Our invoice is in USD but we pay in EUR.",
        ),
        doc(
            "docs/billing/refunds/",
            "Requesting a refund",
            vec![
                section(None, "You can ask for your money back within 30 days."),
                section(
                    Some("Partial refunds"),
                    "Partial refunds are paid to the original card.",
                ),
            ],
        ),
        doc(
            "docs/account/password/",
            "Resetting your password",
            vec![
                section(None, "Use the Forgot password link on the sign-in page."),
                section(
                    Some("Two-factor authentication"),
                    "If you lost your phone, contact support with a recovery code.",
                ),
            ],
        ),
        ticket(
            9,
            "Refund not received",
            "Resolved",
            "I asked for a refund two weeks ago. Café owner here.",
        ),
        doc(
            "docs/integrations/webhooks/",
            "Configuring webhooks",
            vec![section(
                None,
                "Webhooks send events to your server. Refunds trigger the refund.created event.",
            )],
        ),
    ]
}

fn titles(files: &[(String, Vec<u8>)], query: &str, prefix: bool) -> Vec<String> {
    let mut r = Reader::new(files).unwrap();
    let hits = r.search(query, prefix).unwrap();
    hits.iter().map(|h| r.page(h.page).unwrap().title).collect()
}

#[test]
fn same_entries_give_same_bytes_whatever_their_order() {
    let a = build_index(&sample());
    let mut rev = sample();
    rev.reverse();
    assert_eq!(a, build_index(&rev));
    assert!(a.iter().all(|(p, _)| p.starts_with("search/")));
    assert_eq!(a[0].0, "search/meta.bin");
}

/// The site build's variant hands bundles out early and frees the text as it goes; together
/// its files must be exactly `build_index`'s. Enough pages for several analysis batches and
/// many bundles, so bundles complete at different batch ends.
#[test]
fn freeing_build_gives_the_same_files_and_frees_the_text() {
    let mut entries: Vec<SearchEntry> = (0..5000)
        .map(|i| SearchEntry {
            url: format!("tickets/{i}/"),
            title: format!("#{i} Refund request {}", i % 37),
            kind: if i % 10 == 0 {
                EntryKind::Doc
            } else {
                EntryKind::Ticket
            },
            stage: (i % 10 != 0).then(|| ["Received", "In progress", "Closed"][i % 3].into()),
            summary: None,
            sections: vec![SearchSection {
                heading: (i % 4 == 0).then(|| "Update".into()),
                anchor: (i % 4 == 0).then(|| "note-1".into()),
                text: format!("invoice {i} was charged twice; webhook retry {} ", i * 7)
                    .repeat(1 + i % 9),
            }],
        })
        .collect();
    let want = build_index(&entries);
    let early = std::sync::Mutex::new(Vec::new());
    let emit = |p: String, b: Vec<u8>| early.lock().unwrap().push((p, b));
    let rest = super::build_index_freeing(&mut entries, &super::SearchLanguage::english(), &emit);
    let mut got = early.into_inner().unwrap();
    assert!(got.len() > 10, "bundles should go out early: {}", got.len());
    assert!(got.iter().all(|(p, _)| p.starts_with("search/p/")));
    got.extend(rest);
    let mut want_sorted = want.clone();
    want_sorted.sort();
    got.sort();
    assert_eq!(got.len(), want_sorted.len());
    assert!(got == want_sorted, "the freeing build wrote other bytes");
    assert!(entries.iter().all(|e| e.sections.is_empty()));
}

#[test]
fn title_match_ranks_first_and_forms_share_a_stem() {
    let files = build_index(&sample());
    let t = titles(&files, "refunds", false);
    // Both title matches before the page that has the word only in its body.
    let mut top2 = t[..2].to_vec();
    top2.sort();
    assert_eq!(top2, ["Refund not received", "Requesting a refund"]);
    assert_eq!(t[2], "Configuring webhooks");
    // A form not in the text at all still finds its stem.
    assert_eq!(titles(&files, "refunding", false).len(), 3);
}

#[test]
fn prefix_typo_and_accents() {
    let files = build_index(&sample());
    assert_eq!(titles(&files, "passw", true)[0], "Resetting your password");
    assert!(titles(&files, "passw", false).is_empty());
    assert_eq!(
        titles(&files, "pasword", false)[0],
        "Resetting your password"
    );
    assert_eq!(
        titles(&files, "passwrod", false)[0],
        "Resetting your password"
    );
    assert_eq!(
        titles(&files, "xassword", false)[0],
        "Resetting your password"
    );
    assert_eq!(titles(&files, "cafe", false)[0], "Refund not received");
    assert_eq!(titles(&files, "CAFÉ", false)[0], "Refund not received");
    // Four letters: no typo tolerance.
    assert!(titles(&files, "cafx", false).is_empty());
}

#[test]
fn more_matched_words_rank_higher_and_sections_are_deep_links() {
    let files = build_index(&sample());
    let mut r = Reader::new(&files).unwrap();
    let hits = r.search("partial refund", false).unwrap();
    let top = r.page(hits[0].page).unwrap();
    assert_eq!(top.title, "Requesting a refund");
    assert_eq!(
        top.sections[hits[0].section as usize].1.as_deref(),
        Some("partial-refunds")
    );
    assert_eq!(hits[0].words, 2);
}

/// The doc boost follows what the doc is about (title, description, headings), not what it
/// mentions: the same body words give a ticket with them in its subject the first place.
#[test]
fn docs_about_the_query_beat_tickets_and_docs_that_only_mention_it_do_not() {
    let body = "Rotate the key every 90 days; an old key keeps working for a day.";
    let subject = ticket(7, "Rotate key fails", "Received", body);
    let about = |title: &str, summary: Option<&str>, heading: Option<&str>| {
        let mut d = doc(
            "docs/keys/",
            title,
            vec![section(None, body), section(heading, "Other text.")],
        );
        d.summary = summary.map(str::to_string);
        vec![d, subject.clone()]
    };
    let top = |entries: Vec<SearchEntry>| titles(&build_index(&entries), "rotate key", false);
    // Neither word in the doc's title, description or headings: the ticket's subject wins.
    assert_eq!(top(about("Security", None, None))[0], "Rotate key fails");
    // Both in the title, or both in the description: the doc is about them.
    assert_eq!(top(about("Rotate a key", None, None))[0], "Rotate a key");
    assert_eq!(
        top(about("Security", Some("How to rotate a key."), None))[0],
        "Security"
    );
    // One of the two words in a heading counts for little.
    assert_eq!(
        top(about("Security", None, Some("Key length")))[0],
        "Rotate key fails"
    );
    // A doc's description is indexed but never shown: it is not in the excerpt data.
    let files = build_index(&about("Security", Some("How to rotate a key."), None));
    let mut r = Reader::new(&files).unwrap();
    let page = r.page(0).unwrap();
    assert!(
        page.sections.iter().all(|s| !s.2.contains("How to")),
        "{:?}",
        page.sections
    );
}

/// A hit 2,500 characters into a section is in the excerpt, marked; the first 1,200
/// characters alone used to be kept, and the excerpt then showed the section start unmarked.
#[test]
fn a_hit_far_into_a_long_section_is_shown_marked() {
    let long = format!(
        "{} The zebra crossing fails. {}",
        "filler ".repeat(360),
        "tail ".repeat(50)
    );
    let files = build_index(&[ticket(3, "Long report", "Received", &long)]);
    let q = super::lookup::Query {
        text: "zebra".into(),
        kind: None,
        stage: None,
        limit: 5,
    };
    let r = super::lookup::lookup(&files, &q).unwrap();
    assert!(
        r[0].excerpt.starts_with("… filler")
            && r[0].excerpt.contains("The [zebra] crossing fails."),
        "{}",
        r[0].excerpt
    );
}

#[test]
fn docs_come_first_and_the_stage_file_has_a_byte_per_page() {
    let files = build_index(&sample());
    let mut r = Reader::new(&files).unwrap();
    assert_eq!(r.meta.pages, 5);
    assert_eq!(r.meta.docs, 3);
    assert_eq!(r.meta.stages, ["In progress", "Resolved"]);
    // Docs by URL, then tickets by number: #9 before #12.
    let urls: Vec<String> = (0..5).map(|p| r.page(p).unwrap().url).collect();
    assert_eq!(
        urls,
        [
            "docs/account/password/",
            "docs/billing/refunds/",
            "docs/integrations/webhooks/",
            "tickets/9/",
            "tickets/12/"
        ]
    );
    let raw = &files.iter().find(|(p, _)| p == "search/s.bin").unwrap().1;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut bytes).unwrap();
    assert_eq!(bytes, [0, 0, 0, 2, 1]);
    assert_eq!(r.stage(0).unwrap(), None);
    assert_eq!(r.stage(3).unwrap().as_deref(), Some("Resolved"));
    assert_eq!(r.stage(4).unwrap().as_deref(), Some("In progress"));
    assert!(r.stage(5).is_err());
}

/// Past [`super::format::stages::MAX_STAGES`] stage names, the ones sorting last count as no
/// stage: the byte must fit, and the menu stays usable.
#[test]
fn stage_names_past_the_cap_count_as_no_stage() {
    let entries: Vec<SearchEntry> = (0..300u32)
        .map(|i| {
            ticket(
                i + 1,
                &format!("#{} T", i + 1),
                &format!("Stage {i:03}"),
                "text",
            )
        })
        .collect();
    let files = build_index(&entries);
    let mut r = Reader::new(&files).unwrap();
    assert_eq!(r.meta.stages.len(), 255);
    assert_eq!(r.meta.stages[0], "Stage 000");
    assert_eq!(r.meta.stages[254], "Stage 254");
    // Ticket i + 1 is page i (numbers in order, no docs).
    assert_eq!(r.stage(0).unwrap().as_deref(), Some("Stage 000"));
    assert_eq!(r.stage(254).unwrap().as_deref(), Some("Stage 254"));
    assert_eq!(r.stage(255).unwrap(), None);
    assert_eq!(r.stage(299).unwrap(), None);
}

#[test]
fn empty_and_hostile_input() {
    let files = build_index(&[]);
    let mut r = Reader::new(&files).unwrap();
    assert!(r.search("anything", true).unwrap().is_empty());
    let files = build_index(&[
        doc("x/", "", vec![section(Some(""), "")]),
        ticket(1, "<img src=x onerror=alert(1)>", "", "\u{0}\u{301}"),
    ]);
    let mut r = Reader::new(&files).unwrap();
    assert!(r.search("", true).unwrap().is_empty());
    assert_eq!(r.search("onerror", false).unwrap().len(), 1);
    assert!(r.search("the and of", true).unwrap().is_empty());
}

#[test]
fn many_pages_are_chunked_and_bundled() {
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    ];
    let entries: Vec<SearchEntry> = (0..3000u32)
        .map(|i| {
            let text: Vec<String> = (0..60)
                .map(|j| format!("{}{}", words[((i + j) % 10) as usize], (i * 7 + j) % 500))
                .collect();
            ticket(
                i,
                &format!("Ticket number {i}"),
                if i % 2 == 0 { "Open" } else { "Closed" },
                &text.join(" "),
            )
        })
        .collect();
    let files = build_index(&entries);
    let chunks = files
        .iter()
        .filter(|(p, _)| p.starts_with("search/w/"))
        .count();
    let bundles = files
        .iter()
        .filter(|(p, _)| p.starts_with("search/p/"))
        .count();
    assert!(chunks > 1, "{chunks} chunks");
    assert!(bundles > 1 && bundles < 3000, "{bundles} bundles");
    let mut r = Reader::new(&files).unwrap();
    let hits = r.search("golf124", false).unwrap();
    assert!(!hits.is_empty());
    let (fetched, _) = r.fetched();
    assert_eq!(
        fetched
            .iter()
            .filter(|p| p.starts_with("search/w/"))
            .count(),
        1,
        "{fetched:?}"
    );
}

/// A site big enough for several postings chunks and excerpt bundles, with docs, several
/// stages, headings, shared and rare words.
fn corpus(n: u32) -> Vec<SearchEntry> {
    let words = [
        "refund", "invoice", "webhook", "delivery", "timeout", "password", "export", "import",
        "customer", "portal", "payment", "currency", "retry", "schedule", "account", "billing",
    ];
    let stages = ["Received", "In progress", "Released", "Closed"];
    let mut out = Vec::new();
    for i in 0..n {
        let text: Vec<String> = (0..40 + i % 30)
            .map(|j| {
                let w = words[((i * 7 + j * 3) % 16) as usize];
                if j % 2 == 0 {
                    format!("{w}{}", (i * 13 + j) % 900)
                } else if j % 7 == 0 {
                    format!("{w}s")
                } else {
                    w.to_string()
                }
            })
            .collect();
        if i % 10 == 0 {
            out.push(doc(
                &format!("docs/topic{i}/"),
                &format!(
                    "About {} and {}",
                    words[(i % 16) as usize],
                    words[(i / 3 % 16) as usize]
                ),
                vec![
                    section(None, &text[..10].join(" ")),
                    section(Some("Details here"), &text[10..].join(" ")),
                ],
            ));
        } else {
            out.push(ticket(
                i,
                &format!("#{i} {} fails", words[(i % 16) as usize]),
                stages[(i % 4) as usize],
                &text.join(" "),
            ));
        }
    }
    out
}

#[test]
fn index_cache_matches_full_builds_across_edits() {
    let mut cache = IndexCache::new();
    let mut entries = corpus(400);
    let check = |cache: &mut IndexCache, entries: &[SearchEntry], what: &str| {
        let full = build_index(entries);
        let inc = cache.build(entries);
        assert_eq!(full.len(), inc.len(), "{what}: file count");
        for (a, b) in full.iter().zip(&inc) {
            assert!(a == b, "{what}: {} differs from the full build", a.0);
        }
    };
    check(&mut cache, &entries, "first build");
    assert!(
        build_index(&entries)
            .iter()
            .filter(|(p, _)| p.starts_with("search/w/"))
            .count()
            >= 3
    );
    check(&mut cache, &entries, "same entries again");

    entries[57].sections[0]
        .text
        .push_str(" The refund arrived twice, zebra crossing.");
    check(&mut cache, &entries, "text appended");
    entries[57].sections[0].text = "short now".into();
    check(&mut cache, &entries, "text shortened");
    entries[58].title = "A brand new title about quasars".into();
    check(&mut cache, &entries, "title");
    entries[59].stage = Some("Released".into());
    check(&mut cache, &entries, "stage moved");
    entries[60]
        .sections
        .push(section(Some("Workaround"), "Restart the portal."));
    check(&mut cache, &entries, "section added");
    entries[40].sections[1].heading = Some("Other heading".into());
    check(&mut cache, &entries, "doc heading");
    entries.push(ticket(
        9001,
        "Newly filed problem",
        "Received",
        "webhook xylophone",
    ));
    check(&mut cache, &entries, "added");
    entries.remove(3);
    check(&mut cache, &entries, "removed");
    entries.reverse();
    check(&mut cache, &entries, "reordered");
    entries.swap(10, 200);
    entries[11].sections[0].text.push_str(" refund");
    check(&mut cache, &entries, "swapped and edited");
    // A page long enough to move the average length and the top score.
    entries[5].sections[0].text = "zebra refund ".repeat(3000);
    check(&mut cache, &entries, "long page");
    entries[5].sections[0].text = "back to normal".into();
    check(&mut cache, &entries, "long page undone");
    // Two equal entries, and an edit that restores an earlier state.
    let dup = entries[7].clone();
    entries.push(dup);
    check(&mut cache, &entries, "duplicate");
    entries.pop();
    check(&mut cache, &entries, "duplicate removed");
    // Words that appear or vanish from the typo vocabulary.
    entries[20].sections[0].text = "kaleidoscope marmalade".into();
    check(&mut cache, &entries, "new words");
    entries[20].sections[0].text = "refund".into();
    check(&mut cache, &entries, "words gone");
    // Many pages at once, then a different site.
    for e in entries.iter_mut().step_by(3) {
        e.title.push_str(" (updated)");
    }
    check(&mut cache, &entries, "many edits");
    let other = corpus(120);
    check(&mut cache, &other, "other site");
    check(&mut cache, &[], "empty");
    check(&mut cache, &entries, "back again");
}

#[test]
fn index_cache_single_edits_match_full_builds() {
    // Each kind of single edit from the same starting point, many positions.
    let base = corpus(300);
    let mut cache = IndexCache::new();
    cache.build(&base);
    let mut entries = base.clone();
    for i in (0..300).step_by(23) {
        match i % 4 {
            0 => entries[i].sections[0].text.push_str(" webhook retry"),
            1 => entries[i].title = format!("Renamed {i}"),
            2 => entries[i].stage = Some("Closed".into()),
            _ => entries[i].sections[0].text = String::new(),
        }
        let full = build_index(&entries);
        assert!(cache.build(&entries) == full, "edit at {i}");
    }
}

/// The watch loop's `update`: told which entries it replaced, it hashes only those and hands
/// back only new files; laid over the previous files (minus those no longer listed) they must
/// be exactly a full build's.
#[test]
fn index_cache_update_with_hints_matches_full_builds() {
    use std::collections::BTreeMap;
    let mut entries = corpus(300);
    let mut cache = IndexCache::new();
    let mut site: BTreeMap<String, Vec<u8>> = cache.build(&entries).into_iter().collect();
    let mut apply = |cache: &mut IndexCache, entries: &[SearchEntry], hint: Option<&[usize]>| {
        let (new, paths) = cache.update(entries, hint);
        let fresh = new.len();
        site.extend(new);
        site.retain(|p, _| paths.contains(p));
        let full: BTreeMap<String, Vec<u8>> = build_index(entries).into_iter().collect();
        assert!(site == full, "update differs from a full build");
        fresh
    };
    assert_eq!(
        apply(&mut cache, &entries, Some(&[])),
        1,
        "nothing changed: only meta.bin"
    );
    for i in (0..300).step_by(37) {
        match i % 3 {
            0 => entries[i].sections[0].text.push_str(" webhook retry"),
            1 => entries[i].title = format!("Renamed {i}"),
            _ => entries[i].stage = Some("Closed".into()),
        }
        let fresh = apply(&mut cache, &entries, Some(&[i]));
        assert!(fresh < 40, "edit at {i} rewrote {fresh} files");
    }
    entries.remove(5);
    apply(&mut cache, &entries, None);
    entries[9].title.push_str(" again");
    apply(&mut cache, &entries, Some(&[9]));
}

/// `update` on `entries` after an edit: the new files, laid over `site`, must be a full
/// build's. Returns the paths it rewrote.
fn update_matches_full(
    cache: &mut IndexCache,
    site: &mut std::collections::BTreeMap<String, Vec<u8>>,
    entries: &[SearchEntry],
    hint: Option<&[usize]>,
    what: &str,
) -> Vec<String> {
    let (new, paths) = cache.update(entries, hint);
    let rewritten = new.iter().map(|(p, _)| p.clone()).collect();
    site.extend(new);
    site.retain(|p, _| paths.contains(p));
    let full: std::collections::BTreeMap<String, Vec<u8>> =
        build_index(entries).into_iter().collect();
    assert!(*site == full, "{what}: update differs from a full build");
    rewritten
}

/// A ticket that changes stage keeps its id and a new ticket that sorts last takes the next
/// one: both patch the postings and recompress a few files, like a text edit.
#[test]
fn stage_change_and_new_last_ticket_are_patched() {
    let mut entries = corpus(1000);
    let mut cache = IndexCache::new();
    let mut site: std::collections::BTreeMap<String, Vec<u8>> =
        cache.build(&entries).into_iter().collect();
    let chunks = site.keys().filter(|p| p.starts_with("search/w/")).count();
    let bundles = site.keys().filter(|p| p.starts_with("search/p/")).count();
    assert!(
        chunks >= 8 && bundles >= 50,
        "{chunks} chunks, {bundles} bundles"
    );

    for (round, i) in [57usize, 58, 503, 998].into_iter().enumerate() {
        let next = if entries[i].stage.as_deref() == Some("Closed") {
            "In progress"
        } else {
            "Closed"
        };
        entries[i].stage = Some(next.into());
        let what = format!("stage change {round}");
        let new = update_matches_full(&mut cache, &mut site, &entries, Some(&[i]), &what);
        let s = cache.stats();
        assert!(s.postings_patched, "{what}: {s:?}");
        assert!(s.files_compressed <= 6, "{what}: {s:?} {new:?}");
        assert!(new.contains(&"search/s.bin".to_string()), "{what}: {new:?}");
        // The stage is not in the excerpts: no bundle changes.
        assert!(
            !new.iter().any(|p| p.starts_with("search/p/")),
            "{what}: {new:?}"
        );
    }

    // A stage name that appears (sorting first, so every other page's byte moves up by one)
    // and disappears again: the stage file is rewritten, and still equals a full build's.
    for (round, stage) in ["Awaiting", "Closed"].into_iter().enumerate() {
        entries[58].stage = Some(stage.into());
        let what = format!("stage name comes and goes {round}");
        let new = update_matches_full(&mut cache, &mut site, &entries, Some(&[58]), &what);
        assert!(cache.stats().postings_patched, "{what}");
        assert!(new.contains(&"search/s.bin".to_string()), "{what}: {new:?}");
    }

    for (round, id) in [5000u32, 5001, 7000].into_iter().enumerate() {
        let n = entries.len();
        entries.push(ticket(
            id,
            &format!("#{id} Webhook retries fail"),
            "Received",
            "The webhook retry schedule skips weekends for invoice exports.",
        ));
        let what = format!("new ticket {round}");
        let new = update_matches_full(&mut cache, &mut site, &entries, Some(&[n]), &what);
        let s = cache.stats();
        assert!(s.postings_patched, "{what}: {s:?}");
        // Its ten words' chunks, the typo files, the last bundle, s.bin and meta.bin.
        assert!(s.files_compressed <= 16, "{what}: {s:?} {new:?}");
        // Only the last bundle (or a new one after it) changes: compare bundle numbers, not
        // names ("search/p/14.bin" sorts after "search/p/136.bin").
        let number = |p: &str| -> usize {
            p.trim_start_matches("search/p/")
                .trim_end_matches(".bin")
                .parse()
                .unwrap()
        };
        assert!(
            new.iter()
                .filter(|p| p.starts_with("search/p/"))
                .all(|p| number(p) >= bundles - 1),
            "{what}: {new:?}"
        );
    }

    // The hint may leave out the appended entry, and an edit may come with it.
    entries.push(ticket(7001, "#7001 Export", "Closed", "export timeout"));
    entries[12].sections[0].text.push_str(" webhook");
    let n = entries.len();
    update_matches_full(
        &mut cache,
        &mut site,
        &entries,
        Some(&[12]),
        "edit and append",
    );
    assert!(cache.stats().postings_patched);
    // A removal is the slow case, and still right.
    entries.remove(30);
    update_matches_full(&mut cache, &mut site, &entries, None, "removed");
    assert!(!cache.stats().postings_patched);
    // A new ticket that sorts in the middle shifts the ids after it: also right.
    entries.push(ticket(6, "#6 Refund", "Closed", "refund"));
    update_matches_full(&mut cache, &mut site, &entries, Some(&[n - 1]), "inserted");
}

/// Scores use the page count rounded to 7 significant bits: one more page in a 1,000-page
/// index (1,000 and 1,001 both round to 1,000) leaves the chunks of the keys it does not
/// have as they were.
#[test]
fn one_more_page_keeps_unrelated_chunks() {
    let mut entries = corpus(1000);
    let mut cache = IndexCache::new();
    let mut site: std::collections::BTreeMap<String, Vec<u8>> =
        cache.build(&entries).into_iter().collect();
    let chunks = site.keys().filter(|p| p.starts_with("search/w/")).count();
    entries.push(ticket(1000, "#1000 Zebra", "Received", "quasar zebra"));
    let new = update_matches_full(&mut cache, &mut site, &entries, None, "one more page");
    let rewritten = new.iter().filter(|p| p.starts_with("search/w/")).count();
    // The new words, the ticket number and the stage name touch a chunk or two each.
    assert!(rewritten <= 4, "{rewritten} of {chunks} chunks: {new:?}");
    assert!(cache.stats().keys_changed < 20, "{:?}", cache.stats());
}

/// Chinese text in an index of any language: found by the bigrams of the query, all of them
/// counted like words; a lone letter finds the bigrams it starts; no typo or stem fallback
/// makes letters in the wrong order match.
#[test]
fn cjk_text_is_found_by_its_bigrams_in_any_language() {
    let mut entries = sample();
    entries.push(ticket(
        31,
        "月底发票导出失败",
        "In progress",
        "系统提示：发票导出失败，请稍后再试。",
    ));
    for code in ["en", "de"] {
        let files = super::build_index_in(&entries, &super::SearchLanguage::for_code(code));
        let mut r = Reader::new(&files).unwrap();
        for (query, prefix) in [
            ("发票导出", false),
            ("导出", false),
            ("票", false),
            ("发票", true),
        ] {
            let hits = r.search(query, prefix).unwrap();
            assert_eq!(hits.len(), 1, "{code} {query}");
            assert_eq!(r.page(hits[0].page).unwrap().url, "tickets/31/");
        }
        assert_eq!(r.query_words("发票导出"), ["发票", "票导", "导出"]);
        let hits = r.search("发票打印", false).unwrap();
        assert_eq!((hits.len(), hits[0].words), (1, 1), "{code}");
        assert!(r.search("出导", true).unwrap().is_empty(), "{code}");
        // Latin words of the same index are unchanged.
        assert_eq!(
            titles(&files, "currency", false),
            ["Invoice shows wrong currency"]
        );
    }
}
