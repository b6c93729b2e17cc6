use bank_transfer_core::{negotiate, Lang, View};
use serde_json::{json, Value};

use super::*;
use crate::hosted::instructions;

const LINK: &str = "https://shop.example/pay/0123456789abcdef0123456789abcdef0123456789abcdef?lang=de-DE";

fn eu() -> Value {
    json!({
        "type": "display_bank_transfer_instructions",
        "display_bank_transfer_instructions": {
            "amount_remaining": 123456, "currency": "eur", "reference": "DVGBG97TZ6ZV", "type": "eu_bank_transfer",
            // Stripe's own hosted page: the email links to the shop's.
            "hosted_instructions_url": "https://payments.stripe.com/bank_transfers/instructions/test_x",
            "financial_addresses": [{ "type": "iban", "supported_networks": ["sepa"], "iban": {
                "account_holder_name": "Demo Test <GmbH> & Co.", "bic": "CITINL2XXXX", "country": "NL",
                "iban": "NL40CITI7000799556" } }]
        }
    })
}

fn jp() -> Value {
    json!({
        "type": "display_bank_transfer_instructions",
        "display_bank_transfer_instructions": {
            "amount_remaining": 19000, "currency": "jpy", "reference": null, "type": "jp_bank_transfer",
            "financial_addresses": [{ "type": "zengin", "supported_networks": ["zengin"], "zengin": {
                "account_holder_name": "ストライプジャパン（カ　シュウノウダイコウ", "account_number": "1234567",
                "account_type": "futsu", "bank_code": "0009", "bank_name": "三井住友銀行",
                "branch_code": "950", "branch_name": "東京第二" } }]
        }
    })
}

fn compose(next_action: &Value, tag: &str, link: &str) -> (Letter, View) {
    let locale = negotiate([tag]);
    let rendered = instructions(next_action, &locale).unwrap();
    (letter(&rendered, &locale, "eu-7k2p", Some(link)), rendered.view)
}

/// Every value the instructions show is in the text part as shown, and in the HTML part escaped.
fn assert_every_detail(letter: &Letter, view: &View) {
    for field in view.fields() {
        let shown = field.display.replace('\n', ", ");
        assert!(letter.text.contains(&format!("{}: {shown}", field.label)), "{} in {}", field.name, letter.text);
        let mut escaped = String::new();
        escape_into(&mut escaped, field.display.lines().next().unwrap());
        assert!(letter.html.contains(&escaped), "{} in the HTML", field.name);
    }
    for warning in &view.warnings {
        assert!(letter.text.contains(warning.text) && letter.html.contains(&escaped(warning.text)), "{}", warning.kind);
    }
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text);
    out
}

fn assert_no_secret(letter: &Letter) {
    for secret in ["_secret_", "sk_test", "pk_test", "pi_", "client_secret", "payments.stripe.com"] {
        for part in [&letter.subject, &letter.text, &letter.html] {
            assert!(!part.contains(secret), "{secret} in {part}");
        }
    }
}

#[test]
fn a_german_email_holds_every_detail_the_link_and_nothing_secret() {
    let (letter, view) = compose(&eu(), "de-DE", LINK);
    assert_eq!(letter.subject, "Zahlungsanleitung für Ihre Bestellung eu-7k2p");
    assert_eq!(view.lang, Lang::De);
    assert!(letter.text.starts_with("Per Banküberweisung bezahlen\n\n"), "{}", letter.text);
    for expected in [
        "Zu überweisender Betrag: 1.234,56\u{a0}€",
        "Verwendungszweck: DVGBG97TZ6ZV",
        "IBAN: NL40 CITI 7000 7995 56",
        "BIC: CITINL2XXXX",
        "Kontoinhaber: Demo Test <GmbH> & Co.",
        "Land der Bank: Niederlande",
    ] {
        assert!(letter.text.contains(expected), "{expected:?} in {}", letter.text);
    }
    assert_every_detail(&letter, &view);
    assert!(letter.text.contains(&format!("{}:\n{LINK}", Lang::De.text(Msg::HostedLink))));
    assert!(letter.text.ends_with(&format!("-- \n{}\n", Lang::De.text(ServerMsg::EmailFooter))));
    // The HTML: the same markup as the hosted page, in a document of the customer's language.
    assert!(letter.html.starts_with("<!doctype html>\n<html lang=\"de-DE\" dir=\"ltr\">"), "{}", letter.html);
    assert!(
        letter.html.contains("data-field=\"iban.iban\" dir=\"ltr\">NL40 CITI 7000 7995 56</span>"),
        "{}",
        letter.html
    );
    assert!(letter.html.contains("Demo Test &lt;GmbH&gt; &amp; Co."));
    assert!(!letter.html.contains("<GmbH>"));
    assert!(letter.html.contains(&format!("<a href=\"{LINK}\">")));
    assert!(!letter.html.contains("<script") && !letter.html.contains("<button"), "static: no scripts, no buttons");
    assert_no_secret(&letter);
}

#[test]
fn a_japanese_email_holds_every_detail_the_link_and_nothing_secret() {
    let link = LINK.replace("de-DE", "ja-JP");
    let (letter, view) = compose(&jp(), "ja-JP", &link);
    assert_eq!(letter.subject, "ご注文 eu-7k2p のお振込みのご案内");
    assert!(letter.text.starts_with("銀行振込でのお支払い\n\n"), "{}", letter.text);
    for expected in
        ["￥19,000", "三井住友銀行", "東京第二", "1234567", "普通", "ストライプジャパン（カ　シュウノウダイコウ"]
    {
        assert!(letter.text.contains(expected) && letter.html.contains(expected), "{expected:?} in {}", letter.text);
    }
    assert_every_detail(&letter, &view);
    assert!(letter.text.contains(&link) && letter.html.contains(&format!("<a href=\"{link}\">")));
    assert!(letter.html.contains("<html lang=\"ja-JP\""));
    assert_no_secret(&letter);
}

#[test]
fn every_language_has_its_subject_and_footer() {
    for lang in Lang::ALL {
        let (letter, _) = compose(&eu(), lang.code(), LINK);
        assert_eq!(letter.subject, lang.fill(ServerMsg::EmailSubject, &[("order", "eu-7k2p")]));
        assert!(letter.text.contains(lang.text(ServerMsg::EmailFooter)), "{lang:?}");
        assert!(letter.text.contains(lang.text(Msg::Title)), "{lang:?}");
    }
}

#[test]
fn without_a_link_the_email_still_holds_the_instructions() {
    let locale = negotiate(["en-GB"]);
    let rendered = instructions(&eu(), &locale).unwrap();
    let letter = letter(&rendered, &locale, "eu-1", None);
    assert!(letter.text.contains("IBAN: NL40 CITI 7000 7995 56"));
    assert!(!letter.text.contains(Lang::En.text(Msg::HostedLink)) && !letter.html.contains("<a href"));
}
