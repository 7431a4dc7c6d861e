#![no_main]
//! Ticket text in plain: rendered and sanitised.
use libfuzzer_sys::fuzz_target;
use porchlight::model::Markup;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let r = porchlight::markup::render_ticket_text(
            text,
            Markup::Plain,
            porchlight::markup::Mask::ALL,
        );
        // The sanitiser's promise: nothing live survives.
        // Text content never holds a raw `<`, so everything between `<` and `>` is a tag.
        let lower = r.html.to_ascii_lowercase();
        for tag in lower
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
        {
            assert!(!tag.starts_with("script"), "script survived: {}", r.html);
            // An attribute value that is a javascript: URL (not one that merely contains the word).
            assert!(
                !tag.contains("=\"javascript:"),
                "javascript: URL survived: {}",
                r.html
            );
        }
    }
});
