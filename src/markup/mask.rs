//! Contact masking: e-mail addresses and phone numbers in public text become
//! `[email hidden]` / `[phone hidden]`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").unwrap()
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+|\b0)\d[\d \t()./-]{6,}\d").unwrap());
/// Dates and times inside a phone-shaped match ("03.11.2026 06:12", "2026-11-23") mean it is
/// not a phone number.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})\b")
        .unwrap()
});

/// Replaces e-mail addresses and phone numbers in public text.
pub fn mask_contacts(text: &str, emails: bool, phones: bool) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if emails && text.contains('@') {
        if let Cow::Owned(s) = EMAIL.replace_all(&out, "[e-mail hidden]") {
            out = Cow::Owned(s);
        }
    }
    if phones {
        let replaced = PHONE.replace_all(&out, |c: &regex::Captures| {
            let m = &c[0];
            let digits = m.chars().filter(char::is_ascii_digit).count();
            if (8..=15).contains(&digits) && !DATE_LIKE.is_match(m) {
                "[phone hidden]".to_string()
            } else {
                m.to_string()
            }
        });
        if let Cow::Owned(s) = replaced {
            out = Cow::Owned(s);
        }
    }
    out
}
