//! A German site (`default_language = "de"` in a copy of the default site's config): the words
//! Porchlight writes around tickets and docs are German, each exactly as de.ftl has it: the
//! promise lines, severity names, the new-ticket page's categories and button, the tickets
//! "+1" and "Still happening?" fill in, and the scripts' words in the page's data block.

mod common;
use common::*;

fn german() -> SiteTest {
    let site = SiteTest::default_site_one_language();
    let toml = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    site.write(
        "porchlight.toml",
        &format!("default_language = \"de\"\n{toml}"),
    );
    site.build(&[]).ok();
    site
}

/// `mailto:` link `href` (as the page writes it) decoded: subject and body.
fn mail(page: &str, after: &str) -> String {
    let start = page.find(after).unwrap_or_else(|| panic!("no {after:?}"));
    let href = &page[start..];
    let href = &href[..href.find('"').unwrap()];
    let bytes = common::browser::percent_decode(&href.replace("&amp;", "&"));
    String::from_utf8(bytes).unwrap()
}

#[test]
fn german_pages_speak_german() {
    let site = german();

    // Promises: worded with German plural forms ("Arbeitstagen" after "innerhalb von").
    let t = site.read("tickets/4102/index.html");
    assert!(t.contains("<li><strong>Erste Antwort:</strong> innerhalb von 3 Arbeitstagen — beantwortet nach 10 Min. <span class=\"kept\" role=\"img\" aria-label=\"eingehalten\">✓</span></li>"), "{t}");
    assert!(t.contains("<dt>Dringlichkeit</dt><dd>Hoch</dd>"));
    let t = site.read("tickets/4105/index.html");
    assert!(t.contains("<li><strong>Lösung:</strong> innerhalb von 4 Arbeitstagen — <span class=\"badge overdue\">Zielzeit überschritten</span></li>"));
    let t = site.read("tickets/4108/index.html");
    assert!(t.contains("<li><strong>Lösung:</strong> nach unserem Ermessen</li>"));
    assert!(t.contains("<dd>Verbesserungswunsch</dd>"));

    // "+1, this affects me" and "Still happening?" fill in German tickets.
    let open = site.read("tickets/4102/index.html");
    let plus_one = mail(&open, "mailto:support@example.com?subject=%2B1");
    assert!(
        plus_one.contains("\r\n\r\nDas betrifft mich auch: #4102 "),
        "{plus_one}"
    );
    let closed = site.read("tickets/4103/index.html");
    let still = mail(&closed, "mailto:support@example.com?subject=Tritt");
    assert!(still.starts_with("mailto:support@example.com?subject=Tritt weiterhin auf: #4103 How do I add a second VAT rate for reduced-rate items?&body="), "{still}");
    // The context lines are German too, and read back (the gate takes them off the page).
    assert!(
        still.contains("&body=Seite: https://support.example.com/tickets/4103/\r\nBetrifft Ticket: 4103\r\nKennung: affects-me\r\n\r\n"),
        "{still}"
    );
    assert!(still.ends_with("\r\n\r\nDas passiert bei mir weiterhin, obwohl #4103 (How do I add a second VAT rate for reduced-rate items?) den Status „Geschlossen“ hat.\r\n\r\nWas ich getan habe und was schiefging:"), "{still}");

    // The new-ticket page: built-in categories, their promises and hints, the button.
    let new = site.read("new/index.html");
    for want in [
        "<label class=\"nt-category\" for=\"nt-cat-2\">Dringendes Problem</label>",
        "value=\"Dringendes Problem\"",
        "<span class=\"promise\">Wir antworten innerhalb von 1 Arbeitsstunde.</span> <span class=\"nt-cat-hint\">Etwas legt Ihren Betrieb gerade lahm: Sie können sich nicht anmelden, Rechnungen oder Zahlungen schlagen fehl.</span>",
        "<span class=\"promise\">Wir antworten innerhalb von 3 Arbeitstagen.</span> <span class=\"nt-cat-hint\">Etwas funktioniert nicht wie erwartet, aber es erscheint keine Fehlermeldung.</span>",
        ">E-Mail schreiben</button>",
        "<p class=\"nt-via\">Ihr E-Mail-Programm öffnet sich mit dem ausgefüllten Ticket. Prüfen Sie es und klicken Sie dort auf „Senden“.</p>",
    ] {
        assert!(new.contains(want), "new/ lacks {want:?}");
    }

    // Every page hands the scripts their German words in a data block (never executed).
    for page in [
        "index.html",
        "search/index.html",
        "new/index.html",
        "tickets/4102/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<script type=\"application/json\" id=\"porchlight-strings\">{")
                && html.contains("\"script-live-none\":\"Keine Ergebnisse. Drücken Sie die Eingabetaste, um zu suchen.\""),
            "{page} lacks the scripts' words"
        );
    }
}

/// The English default site's pages carry no block: the scripts' own English is en.ftl's.
#[test]
fn english_pages_carry_no_words_for_the_scripts() {
    let site = SiteTest::default_site_one_language();
    site.build(&[]).ok();
    for page in ["index.html", "search/index.html", "new/index.html"] {
        assert!(!site.read(page).contains("porchlight-strings"), "{page}");
    }
}

/// Severity levels and categories the config names itself give their words per language; a
/// language code that is not one is an error naming the place.
#[test]
fn config_names_per_language() {
    let site = german();
    let toml = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    let toml = toml.replace(
        "[intake]\n",
        "[[severity.levels]]\nname = \"Major\"\nnames = { de = \"Schwer\" }\nfirst_response = \"1 business day\"\nresolution = \"3 days\"\npromise = \"1–3 days\"\npromises = { de = \"1–3 Tagen\" }\naliases = [\"high\", \"major\", \"normal\", \"low\", \"urgent\", \"immediate\", \"feature\", \"minor\", \"trivial\", \"crash\", \"block\", \"text\", \"tweak\"]\n\n[intake]\n",
    ) + "[[intake.categories]]\nname = \"Billing\"\nnames = { de = \"Abrechnung\" }\npromise = \"We answer within a day.\"\npromises = { de = \"Wir antworten innerhalb eines Tages.\" }\nhint = \"Invoices.\"\n\n[[intake.categories]]\nname = \"Other\"\npromise = \"We answer soon.\"\n";
    site.write("porchlight.toml", &toml);
    site.build(&[]).ok();
    let t = site.read("tickets/4102/index.html");
    assert!(t.contains("<dt>Dringlichkeit</dt><dd>Schwer</dd>"), "{t}");
    assert!(
        t.contains("<li><strong>Lösung:</strong> innerhalb von 1–3 Tagen"),
        "{t}"
    );
    let new = site.read("new/index.html");
    assert!(new.contains("<label class=\"nt-category\" for=\"nt-cat-1\">Abrechnung</label>"));
    assert!(new.contains("<span class=\"promise\">Wir antworten innerhalb eines Tages.</span> <span class=\"nt-cat-hint\">Invoices.</span>"));
    // No German words given: the config's own.
    assert!(new.contains("<label class=\"nt-category\" for=\"nt-cat-2\">Other</label>"));

    // Bad words per language: the error names the level or category and what was expected.
    for (from, to, want) in [
        (
            "names = { de = \"Schwer\" }",
            "names = { Deutsch = \"Schwer\" }",
            "[[severity.levels]] \"Major\": names: \"Deutsch\" is not a language code; expected two or three lower-case letters",
        ),
        (
            "names = { de = \"Abrechnung\" }",
            "names = { de = \"\" }",
            "[intake] categories \"Billing\": names: de = \"\": expected one line of words",
        ),
    ] {
        site.write("porchlight.toml", &toml.replace(from, to));
        let run = site.build(&[]).fails_with(1);
        assert!(run.stderr.contains(want), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}
