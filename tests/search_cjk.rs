//! Chinese, Japanese and Korean text is findable (issue 20): the index holds it as character
//! bigrams (src/search/analyze.rs), whatever the site's language, and `porchlight search` and
//! the browser cut a query the same way. A copy of the default (English) site gets a Chinese
//! ticket, a Japanese doc and a Korean ticket; `tests/browser/cjk_search.mjs` types a Chinese
//! query on the search page and in the header box.

mod common;

use std::path::{Path, PathBuf};

use common::browser::{run_scenario, serve};
use common::{run_in, SiteTest};

/// The Chinese ticket: "Invoice export failed, the system reports a timeout. …"
const ZH_ID: u32 = 4901;
const ZH_SUBJECT: &str = "月底发票导出失败";
const ZH_TEXT: &str = "从上周开始，系统提示：发票导出失败，请稍后再试。我们已经试了三次，\
                       每次都要等很久才出现这个错误。请尽快处理，我们月底前必须把发票发给客户。";
const KO_ID: u32 = 4902;

fn site() -> (SiteTest, PathBuf) {
    let t = SiteTest::default_site();
    let path = t.path().join("content/tickets.json");
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let ticket = |id: u32, subject: &str, text: &str| {
        serde_json::json!({
            "id": id,
            "subject": subject,
            "description": text,
            "status": "In Progress",
            "tracker": "Bug",
            "project": "Acme Ledger Web",
            "created": "2026-11-16T08:00:00Z",
            "updated": "2026-11-17T09:00:00Z",
            "notes": [],
        })
    };
    let tickets = export["tickets"].as_array_mut().unwrap();
    tickets.push(ticket(ZH_ID, ZH_SUBJECT, ZH_TEXT));
    // "The invoice is not sent by e-mail": Korean writes spaces, and particles stick to words.
    tickets.push(ticket(
        KO_ID,
        "인보이스 메일 발송 실패",
        "고객에게 인보이스를 메일로 보내면 항상 실패합니다. 다시 시도해도 같은 오류가 나옵니다.",
    ));
    std::fs::write(&path, export.to_string()).unwrap();
    // "Exporting invoices": a Japanese doc, Han and kana without spaces.
    t.write(
        "content/docs/billing/seikyusho.md",
        "+++\ntitle = \"請求書のエクスポート\"\ndescription = \"請求書をPDFで出力する方法\"\n+++\n\
         請求書の一覧から出力したい請求書を選び、エクスポートを押してください。\
         大きな請求書は数分かかることがあります。\n",
    );
    let out = t.path().join("site");
    t.build(&["--quiet", "--out", out.to_str().unwrap()]).ok();
    (t, out)
}

fn search(dir: &Path, out: &Path, query: &str) -> Vec<serde_json::Value> {
    common::search_json(dir, &[query, "--out", out.to_str().unwrap()])
}

use common::result_urls as urls;

#[test]
fn cjk_queries_find_cjk_pages_in_an_english_site() {
    let (t, out) = site();
    let zh = format!("tickets/{ZH_ID}/");
    // Four letters: its three bigrams all in the ticket, which alone has them.
    let r = search(t.path(), &out, "发票导出");
    assert_eq!(urls(&r), [zh.as_str()], "{r:?}");
    assert_eq!(
        (r[0]["kind"].as_str(), &r[0]["matched"], &r[0]["of"]),
        (Some("ticket"), &3.into(), &3.into())
    );
    // Two letters are one bigram.
    assert_eq!(urls(&search(t.path(), &out, "导出")), [zh.as_str()]);
    assert_eq!(urls(&search(t.path(), &out, "提示")), [zh.as_str()]);
    // One letter finds the bigrams it starts.
    assert_eq!(urls(&search(t.path(), &out, "票")), [zh.as_str()]);
    // Letters the ticket has, but not next to each other: no bigram matches.
    assert!(search(t.path(), &out, "导票").is_empty());
    // Some bigrams of the query: found, ranked as matching one of three.
    let r = search(t.path(), &out, "发票打印");
    assert_eq!(urls(&r), [zh.as_str()]);
    assert_eq!((&r[0]["matched"], &r[0]["of"]), (&1.into(), &3.into()));
    // A query mixing scripts: "pdf" is in many pages, only the Japanese doc has both.
    let r = search(t.path(), &out, "PDF 請求書");
    assert_eq!(urls(&r)[0], "docs/billing/seikyusho/", "{:?}", urls(&r));
    assert_eq!((&r[0]["matched"], &r[0]["of"]), (&3.into(), &3.into()));
    assert!(r.len() > 1 && r[1..].iter().all(|x| x["matched"] == 1));

    // The Japanese doc, by its title's words and by a word of its text.
    let ja = "docs/billing/seikyusho/";
    for q in ["請求書", "エクスポート", "数分"] {
        let r = search(t.path(), &out, q);
        assert_eq!(urls(&r), [ja], "{q}: {r:?}");
        assert_eq!(r[0]["kind"], "doc");
    }
    // Full-width and half-width Katakana fold to the same letters.
    assert_eq!(urls(&search(t.path(), &out, "ｴｸｽﾎﾟｰﾄ")), [ja]);

    // Korean: a word without its particle finds it with one ("인보이스" in "인보이스를").
    let ko = format!("tickets/{KO_ID}/");
    let r = search(t.path(), &out, "인보이스 발송");
    assert_eq!(urls(&r), [ko.as_str()], "{r:?}");
    assert_eq!(r[0]["matched"], r[0]["of"]);

    // Latin queries are unchanged by the CJK pages.
    let r = search(t.path(), &out, "pdf export timeout");
    assert_eq!(
        r[0]["url"],
        "docs/troubleshooting/pdf-export/#the-pdf-takes-long-or-does-not-appear"
    );
}

#[test]
fn text_output_marks_the_matched_cjk_letters() {
    let (t, out) = site();
    let text = run_in(
        t.path(),
        &["search", "发票导出", "--out", out.to_str().unwrap()],
    )
    .ok()
    .stdout;
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(format!("1. #{ZH_ID} {ZH_SUBJECT}").as_str())
    );
    assert_eq!(lines.next(), Some(format!("   tickets/{ZH_ID}/").as_str()));
    let excerpt = lines.find(|l| l.contains('[')).unwrap();
    // The matched letters marked as one run, the rest of the sentence not.
    assert!(
        excerpt.contains("系统提示：[发票导出]失败，请稍后再试。"),
        "{excerpt}"
    );
}

#[test]
fn the_browser_finds_a_chinese_ticket() {
    let (_t, out) = site();
    let url = serve(out);
    run_scenario(
        "cjk_search",
        &url,
        &[
            ("QUERY", "发票导出"),
            ("TITLE", &format!("#{ZH_ID} {ZH_SUBJECT}")),
            ("URL", &format!("tickets/{ZH_ID}/")),
        ],
    );
}
