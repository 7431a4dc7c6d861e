//! Textile rendering of what Redmine users write (Redmine's default text formatting).

use std::path::Path;

use porchlight::markup::textile::to_html;

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn redmine_fixture_journal_with_attachment_image_and_references() {
    // journals.yml in Redmine 5.0.4's own test fixtures (journal 3). The same shape from a
    // hand-written ticket: tests/tracker_sites.rs, redmine_textile_is_rendered_not_shown_raw.
    let yml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/redmine/fixtures-5.0.4/journals.yml"),
    )
    .unwrap();
    let line = yml.lines().find(|l| l.contains("inline image")).unwrap();
    let notes = line.trim().trim_start_matches("notes: ").trim_matches('"');
    assert_eq!(
        notes,
        "A comment with inline image: !picture.jpg! and a reference to #1 and r2."
    );
    // The attachment is not on the static site: its name, no <img>, no broken link.
    assert_eq!(
        to_html(notes),
        "<p>A comment with inline image: picture.jpg and a reference to #1 and r2.</p>\n"
    );
}

#[test]
fn a_typical_redmine_bug_report() {
    let src = "h2. Problem\r\n\r\nWhen I export the *monthly* report, the totals are _wrong_.\r\n\r\n\
               h3. Steps\r\n\r\n# Open \"Reports\":https://app.example.com/reports\r\n# Click @Export@\r\n\
               ## choose CSV\r\n# Compare\r\n\r\n|_. Expected |_. Actual |\r\n| 100.00 | 99.97 |\r\n\r\n\
               <pre>\r\nERROR 2026-03-04 total mismatch <id=7>\r\n</pre>\r\n\r\n\
               bq. Customer said: it worked in v4.3\r\n\r\nSee !https://cdn.example.com/shot.png! -- thanks!";
    let html = to_html(src);
    let expected = "<h2>Problem</h2>\n\
        <p>When I export the <strong>monthly</strong> report, the totals are <em>wrong</em>.</p>\n\
        <h3>Steps</h3>\n\
        <ol>\n<li>Open <a href=\"https://app.example.com/reports\">Reports</a></li>\n<li>Click <code>Export</code><ol>\n<li>choose CSV</li>\n</ol>\n</li>\n<li>Compare</li>\n</ol>\n\
        <table>\n<tbody>\n<tr><th>Expected</th><th>Actual</th></tr>\n<tr><td>100.00</td><td>99.97</td></tr>\n</tbody>\n</table>\n\
        <pre><code>ERROR 2026-03-04 total mismatch &lt;id=7&gt;</code></pre>\n\
        <blockquote>\n<p>Customer said: it worked in v4.3</p>\n</blockquote>\n\
        <p>See <a href=\"https://cdn.example.com/shot.png\">https://cdn.example.com/shot.png</a> -- thanks!</p>\n";
    assert_eq!(html, expected);
    // No raw Textile survives.
    for raw in ["h2.", "h3.", "bq.", "*monthly*", "@Export@", "|_."] {
        assert!(!html.contains(raw), "{raw} left in {html}");
    }
}

#[test]
fn pathological_input_stays_fast() {
    let src = "*a _b \"c ".repeat(20_000);
    let start = std::time::Instant::now();
    let html = to_html(&src);
    assert!(html.len() > src.len());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

#[test]
fn never_panics_on_odd_input() {
    // Deterministic pseudo-random strings over markup characters and multi-byte letters.
    let alphabet: Vec<char> = "*_@-+^~%?\"![]():|/.\\#<>&;=hpbqc1 \n\n\tüé✓a"
        .chars()
        .collect();
    let mut seed: u64 = 12345;
    for _ in 0..3000 {
        let len = (seed % 60) as usize;
        let mut s = String::new();
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(alphabet[((seed >> 33) as usize) % alphabet.len()]);
        }
        for pre in [
            "", "h2. ", "# ", "|", "bc.. ", "<pre>", "!http://", "\"x\":", "* ", "> ", "table. ",
        ] {
            let _ = to_html(&format!("{pre}{s}"));
        }
    }
}
