//! Promises kept in business time (issue 18), in the built files: each ticket page's "First
//! answer" and "Resolution" lines with whether the promise was kept, "Past our target" on
//! lists, a private note never counting as an answer, `[calendar]` and promise errors naming
//! the file, the key and what was expected, and the older `days` key still building.
//!
//! The site is `tests/fixtures/promises/` (a Berlin team, holidays from the config and a
//! file), built with `--now 2026-11-23T12:00:00Z`: Monday, 13:00 in Berlin.

mod common;

use common::*;

/// A copy of the promises fixture in a temp folder.
fn promises_site() -> SiteTest {
    let site = SiteTest {
        dir: tempfile::tempdir().unwrap(),
    };
    copy_dir(&repo().join("tests/fixtures/promises"), site.path());
    site
}

/// The promises fixture with `extra` tables added to its config, built.
fn promises_site_with(extra: &str) -> SiteTest {
    let site = promises_site();
    let cfg = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    site.write("porchlight.toml", &format!("{cfg}{extra}"));
    site.build(&[]).ok();
    site
}

/// The text of each line of a page's promise list, tags removed; the ✓'s accessible name is
/// kept as `[kept]` so the check sees both the mark and its text alternative.
fn promise_lines(page: &str) -> Vec<String> {
    let Some(start) = page.find("<ul class=\"promises\"") else {
        return Vec::new();
    };
    let end = start + page[start..].find("</ul>").unwrap();
    page[start..end]
        .split("<li")
        .skip(1)
        .map(|li| {
            let li = li.replace(
                "<span class=\"kept\" role=\"img\" aria-label=\"kept\">✓</span>",
                "✓[kept]",
            );
            strip_tags(&li[li.find('>').unwrap() + 1..])
                .trim()
                .to_string()
        })
        .collect()
}

fn card<'a>(list: &'a str, id: &str) -> &'a str {
    let at = list
        .find(&format!("<span class=\"tid\">#{id}</span>"))
        .unwrap_or_else(|| panic!("#{id} is listed"));
    &list[at..at + list[at..].find("</li>").unwrap()]
}

#[test]
fn ticket_pages_show_each_promise_and_whether_it_was_kept() {
    let site = promises_site();
    site.build(&[]).ok();
    let lines = |id: &str| promise_lines(&site.read(&format!("tickets/{id}/index.html")));
    // Answered 40 minutes after opening, resolved after 18 working hours (Monday 10:00 to
    // Wednesday 12:00 in Berlin).
    assert_eq!(
        lines("501"),
        [
            "First answer: within 1 business hour — answered after 40 min ✓[kept]",
            "Resolution: within 3 business days — resolved after 2 business days ✓[kept]",
        ]
    );
    // Opened at 09:05 Berlin; only a private team note and a customer note since.
    assert_eq!(
        lines("502"),
        [
            "First answer: within 1 business hour — Past our target",
            "Resolution: within 10 business days",
        ]
    );
    // Opened Tuesday 09:00 Berlin, answered the next Monday 09:00: four working days (32
    // hours), late; and open past its resolution time.
    assert_eq!(
        lines("503"),
        [
            "First answer: within 3 business days — answered after 4 business days — Past our target",
            "Resolution: within 3 business days — Past our target",
        ]
    );
    // 31 working hours is 3.9 business days: rounded down it would look kept.
    assert_eq!(
        lines("504"),
        [
            "First answer: within 3 business days — answered after 30 min ✓[kept]",
            "Resolution: within 3 business days — resolved after more than 3 business days — Past our target",
        ]
    );
    // Wednesday 16:00 to Friday 10:00 with Thursday a holiday (from holidays.txt): 2 hours.
    assert_eq!(
        lines("505"),
        [
            "First answer: within 3 business days — answered after 2 business hours ✓[kept]",
            "Resolution: within 4 business days",
        ]
    );
    assert_eq!(
        lines("506"),
        [
            "First answer: within 3 business days — answered after 4 business hours ✓[kept]",
            "Resolution: at our discretion",
        ]
    );
    // Friday 16:00 summer time to Monday 10:00 winter time (the clocks went back on Sunday):
    // 1 + 1 working hours, not 3 as a fixed offset would count.
    assert_eq!(
        lines("507"),
        [
            "First answer: within 1 business hour — answered after 2 business hours — Past our target",
            "Resolution: within 10 business days — Past our target",
        ]
    );
}

#[test]
fn lists_flag_open_tickets_whose_promise_is_overdue() {
    let site = promises_site();
    site.build(&[]).ok();
    let list = site.read("tickets/index.html");
    let badge = "<span class=\"badge overdue\">Past our target</span>";
    for id in ["502", "503", "507"] {
        assert!(
            card(&list, id).contains(badge),
            "#{id}: {}",
            card(&list, id)
        );
    }
    // Closed (501, 504: kept or missed for good), or open and not yet due (505, 506).
    for id in ["505", "506"] {
        assert!(!card(&list, id).contains("Past our target"), "#{id}");
    }
    let home = site.read("index.html");
    assert!(card(&home, "502").contains(badge));
}

#[test]
fn past_our_target_turns_at_the_promised_minute() {
    // 502 was opened Monday 09:05 Berlin (08:05 UTC) with a promise of 1 business hour.
    let site = promises_site();
    run_in(site.path(), &["build", "--now", "2026-11-23T09:04:59Z"]).ok();
    let page = site.read("tickets/502/index.html");
    assert_eq!(
        promise_lines(&page)[0],
        "First answer: within 1 business hour"
    );
    assert!(!card(&site.read("tickets/index.html"), "502").contains("Past our target"));
    run_in(site.path(), &["build", "--now", "2026-11-23T09:05:01Z"]).ok();
    assert_eq!(
        promise_lines(&site.read("tickets/502/index.html"))[0],
        "First answer: within 1 business hour — Past our target"
    );
}

#[test]
fn a_private_note_never_counts_as_an_answer() {
    let site = promises_site();
    site.build(&[]).ok();
    let with_note = site.read("tickets/502/index.html");
    assert!(!with_note.contains("answered"), "{with_note}");
    assert!(!with_note.contains("PRIVATE-MARK"));
    // The same ticket without its private note gives the same page, byte for byte: nothing
    // on it tells that someone of the team wrote something.
    let tickets = std::fs::read_to_string(site.path().join("tickets.json")).unwrap();
    let private = r#"{
          "author": "Support",
          "role": "staff",
          "created": "2026-11-23T08:10:00Z",
          "text": "PRIVATE-MARK looked at the logs, nothing yet",
          "private": true
        },"#;
    assert!(tickets.contains(private), "fixture layout changed");
    site.write("tickets.json", &tickets.replace(private, ""));
    site.build(&[]).ok();
    assert_eq!(with_note, site.read("tickets/502/index.html"));
}

#[test]
fn the_same_input_and_now_give_the_same_bytes() {
    let site = promises_site();
    site.build(&[]).ok();
    let first = snapshot(&site.out());
    std::fs::remove_dir_all(site.out()).unwrap();
    site.build(&[]).ok();
    assert_eq!(first, snapshot(&site.out()));
}

#[test]
fn older_configs_with_days_still_build() {
    let site = promises_site_with("\n[[severity.levels]]\nname = \"High\"\npromise = \"1–3 days\"\ndays = 3\n\n[[severity.levels]]\nname = \"Low\"\npromise = \"at our discretion\"\n");
    // 503 (High, open 13 days): calendar days, in the level's own words; its first answer
    // still comes from its category.
    assert_eq!(
        promise_lines(&site.read("tickets/503/index.html")),
        [
            "First answer: within 3 business days — answered after 4 business days — Past our target",
            "Resolution: within 1–3 days — Past our target",
        ]
    );
    // 501 (High): closed 2 days 2 hours after opening.
    assert_eq!(
        promise_lines(&site.read("tickets/501/index.html"))[1],
        "Resolution: within 1–3 days — resolved after 2 days ✓[kept]"
    );
    assert_eq!(
        promise_lines(&site.read("tickets/502/index.html"))[1],
        "Resolution: at our discretion"
    );
}

#[test]
fn category_and_level_promises_come_from_the_config() {
    let site = promises_site_with("\n[[severity.levels]]\nname = \"High\"\nfirst_response = \"2 hours\"\nresolution = \"5 business days\"\n\n[[promises.categories]]\nname = \"  question \"\nresolution = \"10 business days\"\n");
    // 504 (High, no category): the level's own promises; calendar hours are counted as such.
    assert_eq!(
        promise_lines(&site.read("tickets/504/index.html")),
        [
            "First answer: within 2 hours — answered after 30 min ✓[kept]",
            "Resolution: within 5 business days — resolved after 3 business days ✓[kept]",
        ]
    );
    // 503 (High, "Question"): the category's resolution replaces the level's; its first answer
    // stays the level's, since the category gives none.
    assert_eq!(
        promise_lines(&site.read("tickets/503/index.html")),
        [
            "First answer: within 2 hours — answered after 6 days — Past our target",
            "Resolution: within 10 business days",
        ]
    );
    // Levels replace the built-in list: "Low" is no longer a level, and the Urgent issue
    // category of the built-in list is gone too.
    assert_eq!(
        promise_lines(&site.read("tickets/502/index.html")),
        Vec::<String>::new()
    );
}

/// The new-ticket page promises the first answer that ticket pages measure: a category's
/// `first_response` from `[[promises.categories]]` replaces the built-in category's words;
/// a category the table does not name keeps them.
#[test]
fn the_new_ticket_page_promises_what_ticket_pages_measure() {
    let about = |page: &str, n: usize| {
        let start = page
            .find(&format!("id=\"nt-cat-{n}-about\"><span class=\"promise\">"))
            .unwrap_or_else(|| panic!("category {n} in {page}"));
        let text = &page[start..];
        strip_tags(&text[text.find('>').unwrap() + 1..text.find("</span>").unwrap()])
    };
    let built_in = promises_site_with("");
    let page = built_in.read("new/index.html");
    assert_eq!(about(&page, 2), "We answer within 1 business hour.");
    let site = promises_site_with(
        "\n[[promises.categories]]\nname = \"Urgent issue\"\nfirst_response = \"4 business hours\"\n",
    );
    let page = site.read("new/index.html");
    assert!(
        page.contains("for=\"nt-cat-2\">Urgent issue</label>"),
        "{page}"
    );
    assert_eq!(about(&page, 2), "We answer within 4 business hours.");
    assert_eq!(about(&page, 1), "We answer within 3 business days.");
}

/// Writes `extra` into the fixture's config in place of its `[calendar]` table and expects the
/// build to fail with `expected` (exit 1).
fn config_error(calendar: &str, expected: &str) {
    let site = promises_site();
    let cfg = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    let head = &cfg[..cfg.find("[calendar]").unwrap()];
    site.write("porchlight.toml", &format!("{head}{calendar}"));
    let run = site.build(&[]).fails_with(1);
    assert!(
        run.stderr.contains(expected),
        "expected:\n  {expected}\ngot:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn calendar_errors_name_the_file_the_key_and_what_was_expected() {
    config_error(
        "[calendar]\ntime_zone = \"Europe/Berlln\"\n",
        "porchlight.toml: [calendar] time_zone: \"Europe/Berlln\" is not a known time zone; expected an IANA name such as \"Europe/Berlin\" or \"UTC\"",
    );
    config_error(
        "[calendar]\nhours = \"17:00-09:00\"\n",
        "porchlight.toml: [calendar] hours: \"17:00-09:00\": the end is not after the start; expected \"HH:MM-HH:MM\" such as \"09:00-17:00\"",
    );
    config_error(
        "[calendar]\nworking_days = [\"mon\", \"funday\"]\n",
        "porchlight.toml: [calendar] working_days: \"funday\" is not a weekday; expected one of \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"",
    );
    config_error(
        "[calendar]\nholidays = [\"25.12.2026\"]\n",
        "porchlight.toml: [calendar] holidays: \"25.12.2026\" is not a date; expected YYYY-MM-DD such as \"2026-12-25\"",
    );
    config_error(
        "[calendar]\nholidays_file = \"holidays.txt\"\n[[severity.levels]]\nname = \"High\"\nresolution = \"3 busines days\"\n",
        "porchlight.toml: [[severity.levels]] \"High\": resolution: \"3 busines days\": expected \"N business hours\", \"N business days\", \"N hours\" or \"N days\", e.g. \"3 business days\"",
    );
    config_error(
        "[[severity.levels]]\nname = \"High\"\nresolution = \"3 business days\"\ndays = 3\n",
        "porchlight.toml: [[severity.levels]] \"High\": give `resolution` or the older `days`, not both",
    );
    config_error(
        "[[promises.categories]]\nname = \"Question\"\nfirst_response = \"soon\"\n",
        "porchlight.toml: [[promises.categories]] \"Question\": first_response: \"soon\": expected \"N business hours\"",
    );
}

#[test]
fn a_bad_holidays_file_is_named_with_its_line() {
    let site = promises_site();
    site.write("holidays.txt", "2026-11-19\n\n2026-13-01 # typo\n");
    let run = site.build(&[]).fails_with(1);
    let file = site.path().join("holidays.txt");
    // Paths in messages are as the config names them, relative to the config's folder.
    let expected = "porchlight.toml: [calendar] holidays_file: holidays.txt: line 3: \"2026-13-01\" is not a date; expected YYYY-MM-DD such as \"2026-12-25\"";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    std::fs::remove_file(&file).unwrap();
    let run = site.build(&[]).fails_with(1);
    assert!(
        run.stderr
            .contains("porchlight.toml: [calendar] holidays_file: cannot read holidays.txt"),
        "{}",
        run.stderr
    );
}

/// `watch` judges tickets at its last full build's moment; once a promise of an open ticket
/// has fallen due, its next rebuild is a full one at the new moment, so a change elsewhere
/// does not leave "Past our target" off a ticket that is now overdue.
#[test]
fn watch_rebuilds_fully_once_a_promise_falls_due() {
    use porchlight::site::watch::Session;
    use porchlight::site::BuildOptions;
    let site = promises_site();
    let opts = |now: &str| BuildOptions {
        config: site.path().join("porchlight.toml"),
        out: None,
        now: now.parse().unwrap(),
        strict: false,
        write: true,
        progress: false,
    };
    let mut session = Session::new();
    // 502 falls due at 09:05:00 UTC (1 business hour after 09:05 Berlin).
    session
        .rebuild(&opts("2026-11-23T09:04:59Z"), &Default::default())
        .unwrap();
    let line = |site: &SiteTest| promise_lines(&site.read("tickets/502/index.html"))[0].clone();
    assert_eq!(line(&site), "First answer: within 1 business hour");
    // Another ticket changes after 502 fell due.
    let tickets = std::fs::read_to_string(site.path().join("tickets.json")).unwrap();
    site.write(
        "tickets.json",
        &tickets.replace(
            "Dark mode for the mobile app",
            "Dark mode for the mobile apps",
        ),
    );
    let changed = [site.path().join("tickets.json")].into_iter().collect();
    session
        .rebuild(&opts("2026-11-23T09:05:01Z"), &changed)
        .unwrap();
    assert_eq!(
        line(&site),
        "First answer: within 1 business hour — Past our target"
    );
    assert!(card(&site.read("tickets/index.html"), "502").contains("Past our target"));
    assert!(site
        .read("tickets/506/index.html")
        .contains("Dark mode for the mobile apps"));
}
