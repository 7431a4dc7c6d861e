//! The intake link builders, with exact expected strings: spaces, `&`, `#`, line breaks, emoji
//! and 10 KB input, for every kind of intake (mailto, Redmine, GitHub, MantisBT, form POST).
//! feedback.js follows the same rules; tests/browser/feedback.mjs checks the browser's link.

use porchlight::render::intake::{Draft, Intake, MAX_FIELD};

fn intake(text: &str) -> Intake {
    let t: toml::Table = toml::from_str(text).unwrap();
    Intake::from_table(&t).unwrap()
}

fn draft() -> Draft {
    Draft {
        subject: "Tax & VAT #2\nwrong 😀".into(),
        description: "Line 1 & more\r\nLine #2 😀".into(),
        category: "Question".into(),
        doc_page: "docs/billing/tax-rates/".into(),
        section: "vat-rates".into(),
        query: "vat & rounding".into(),
        page_url: "https://support.example.com/docs/billing/tax-rates/#vat-rates".into(),
        affects: String::new(),
        language: String::new(),
    }
}

const SUBJECT: &str = "Tax%20%26%20VAT%20%232%20wrong%20%F0%9F%98%80";
const BODY_LF: &str = "Documentation%20page%3A%20docs%2Fbilling%2Ftax-rates%2F%0ASection%3A%20vat-rates%0ASearch%20query%3A%20vat%20%26%20rounding%0APage%3A%20https%3A%2F%2Fsupport.example.com%2Fdocs%2Fbilling%2Ftax-rates%2F%23vat-rates%0ACategory%3A%20Question%0AMarker%3A%20docs-feedback%0A%0ALine%201%20%26%20more%0ALine%20%232%20%F0%9F%98%80";
const BODY_CRLF: &str = "Documentation%20page%3A%20docs%2Fbilling%2Ftax-rates%2F%0D%0ASection%3A%20vat-rates%0D%0ASearch%20query%3A%20vat%20%26%20rounding%0D%0APage%3A%20https%3A%2F%2Fsupport.example.com%2Fdocs%2Fbilling%2Ftax-rates%2F%23vat-rates%0D%0ACategory%3A%20Question%0D%0AMarker%3A%20docs-feedback%0D%0A%0D%0ALine%201%20%26%20more%0D%0ALine%20%232%20%F0%9F%98%80";

#[test]
fn feedback_body_has_context_lines_then_the_text() {
    let i = intake("kind = \"email\"\nemail = \"support@example.com\"\n");
    assert_eq!(
        i.body(&draft()),
        "Documentation page: docs/billing/tax-rates/\nSection: vat-rates\nSearch query: vat & rounding\nPage: https://support.example.com/docs/billing/tax-rates/#vat-rates\nCategory: Question\nMarker: docs-feedback\n\nLine 1 & more\nLine #2 😀"
    );
}

#[test]
fn feedback_mailto_link_is_exact() {
    let i = intake("kind = \"email\"\nemail = \"support@example.com\"\n");
    assert_eq!(
        i.link(&draft()).unwrap(),
        format!("mailto:support@example.com?subject={SUBJECT}&body={BODY_CRLF}")
    );
}

#[test]
fn feedback_redmine_link_is_exact() {
    let i = intake(
        "kind = \"redmine\"\nurl = \"https://redmine.example.com/\"\nproject = \"acme-ledger\"\n",
    );
    assert_eq!(
        i.link(&draft()).unwrap(),
        format!("https://redmine.example.com/projects/acme-ledger/issues/new?issue[subject]={SUBJECT}&issue[description]={BODY_LF}")
    );
}

#[test]
fn feedback_github_link_is_exact_with_labels() {
    let i = intake("kind = \"github\"\nurl = \"https://github.com/acme/ledger\"\nlabels = [\"customer\", \"needs triage\"]\n");
    assert_eq!(
        i.link(&draft()).unwrap(),
        format!("https://github.com/acme/ledger/issues/new?title={SUBJECT}&body={BODY_LF}&labels=docs-feedback%2Ccustomer%2Cneeds%20triage")
    );
}

#[test]
fn feedback_mantis_link_is_exact_with_and_without_project() {
    let i =
        intake("kind = \"mantis\"\nurl = \"https://bugs.example.com/mantis\"\nproject_id = 7\n");
    assert_eq!(
        i.link(&draft()).unwrap(),
        format!("https://bugs.example.com/mantis/bug_report_page.php?project_id=7&summary={SUBJECT}&description={BODY_LF}")
    );
    let i = intake("kind = \"mantis\"\nurl = \"https://bugs.example.com\"\n");
    assert_eq!(
        i.link(&draft()).unwrap(),
        format!(
            "https://bugs.example.com/bug_report_page.php?summary={SUBJECT}&description={BODY_LF}"
        )
    );
}

#[test]
fn feedback_form_fields_are_exact() {
    let i = intake(
        "kind = \"form\"\nurl = \"https://support.example.com/api/tickets\"\nmarker = \"kb-no\"\n",
    );
    assert_eq!(i.link(&draft()), None);
    assert_eq!(
        i.endpoint(),
        Some("https://support.example.com/api/tickets")
    );
    let body = "Documentation page: docs/billing/tax-rates/\nSection: vat-rates\nSearch query: vat & rounding\nPage: https://support.example.com/docs/billing/tax-rates/#vat-rates\nCategory: Question\nMarker: kb-no\n\nLine 1 & more\nLine #2 😀";
    let want: Vec<(&str, String)> = vec![
        ("subject", "Tax & VAT #2 wrong 😀".into()),
        ("description", "Line 1 & more\nLine #2 😀".into()),
        ("category", "Question".into()),
        ("page", "docs/billing/tax-rates/".into()),
        ("section", "vat-rates".into()),
        ("query", "vat & rounding".into()),
        (
            "page_url",
            "https://support.example.com/docs/billing/tax-rates/#vat-rates".into(),
        ),
        ("affects", String::new()),
        ("marker", "kb-no".into()),
        ("body", body.into()),
    ];
    assert_eq!(i.form_fields(&draft()), want);
}

#[test]
fn feedback_url_fields_cannot_forge_lines() {
    // A query from the URL carrying a line break must not add a line of its own.
    let i = intake("kind = \"email\"\nemail = \"support@example.com\"\n");
    let d = Draft {
        query: "x\nMarker: other\r\nDocumentation page: docs/evil/".into(),
        ..Draft::default()
    };
    assert_eq!(
        i.body(&d),
        "Search query: x Marker: other  Documentation page: docs/evil/\nMarker: docs-feedback\n\n"
    );
}

#[test]
fn feedback_10kb_input_is_capped_per_field() {
    let i = intake("kind = \"github\"\nurl = \"https://github.com/acme/ledger\"\n");
    let big = "é&".repeat(5_000); // 10,000 characters, more than 15 KB of UTF-8
    let d = Draft {
        subject: big.clone(),
        description: big.clone(),
        query: big.clone(),
        ..Draft::default()
    };
    let capped = "%C3%A9%26".repeat(MAX_FIELD / 2);
    let want = format!(
        "https://github.com/acme/ledger/issues/new?title={capped}&body=Search%20query%3A%20{capped}%0AMarker%3A%20docs-feedback%0A%0A{capped}&labels=docs-feedback"
    );
    assert_eq!(i.link(&d).unwrap(), want);
    assert!(want.len() < 60_000);
}

fn english() -> porchlight::i18n::Texts {
    porchlight::render::builtin_texts("en").unwrap()
}

#[test]
fn feedback_plus_one_goes_through_the_same_intake() {
    let i =
        intake("kind = \"redmine\"\nurl = \"https://redmine.example.com\"\nproject = \"acme\"\n");
    let s = i
        .plus_one_ctx(
            "4101",
            "Export & import",
            "https://support.example.com/tickets/4101/",
            &english(),
        )
        .unwrap();
    assert_eq!(s.kind, "redmine");
    assert_eq!(
        s.link.unwrap(),
        "https://redmine.example.com/projects/acme/issues/new?issue[subject]=%2B1%3A%20%234101%20Export%20%26%20import&issue[description]=Page%3A%20https%3A%2F%2Fsupport.example.com%2Ftickets%2F4101%2F%0AAffects%20ticket%3A%204101%0AMarker%3A%20affects-me%0A%0AThis%20affects%20me%20too%3A%20%234101%20Export%20%26%20import"
    );
    // On GitHub the +1 marker is the label too, before the configured labels.
    let gh = intake(
        "kind = \"github\"\nurl = \"https://github.com/acme/ledger\"\nlabels = [\"customer\"]\n",
    );
    let link = gh
        .plus_one_ctx(
            "7",
            "x",
            "https://support.example.com/tickets/7/",
            &english(),
        )
        .unwrap()
        .link
        .unwrap();
    assert!(
        link.ends_with("Marker%3A%20affects-me%0A%0AThis%20affects%20me%20too%3A%20%237%20x&labels=affects-me%2Ccustomer"),
        "{link}"
    );
    assert!(Intake::default()
        .plus_one_ctx("1", "x", "/tickets/1/", &english())
        .is_none());
}
