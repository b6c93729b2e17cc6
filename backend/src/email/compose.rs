//! The instructions as an email in the customer's language: a text part (every detail as
//! labelled lines) and an HTML part (the core's markup, escaped by construction, in a small
//! document that mail clients show without our stylesheet), both with the link to the order's
//! hosted page. Only what the customer needs to pay: no client secret, key or intent id.

use bank_transfer_core::view::markup::escape_into;
use bank_transfer_core::{Locale, Msg, ServerMsg};

use crate::hosted::Rendered;

pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A few rules for clients that read `<style>`; the markup reads well without them too.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans JP',sans-serif;\
color:#1a1f36;line-height:1.45;max-width:40rem;margin:0 auto;padding:1rem}\
.btc-address{border:1px solid #d0d7de;border-radius:8px;padding:.5rem .75rem;margin:0 0 .75rem}\
.btc-value{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}.btc-multiline{white-space:pre-line}\
.btc-qr{margin:.75rem 0}.btc-qr-code{width:12rem;height:auto}.btc-footer{color:#545b6e;font-size:.875em}";

pub fn letter(rendered: &Rendered, locale: &Locale, order: &str, link: Option<&str>) -> Letter {
    let lang = locale.lang;
    let subject = lang.fill(ServerMsg::EmailSubject, &[("order", order)]);
    Letter { text: text(rendered, locale, link), html: html(rendered, locale, &subject, link), subject }
}

fn text(rendered: &Rendered, locale: &Locale, link: Option<&str>) -> String {
    let (view, lang) = (&rendered.view, locale.lang);
    let mut paragraphs: Vec<String> = vec![view.title.into(), view.intro.into()];
    // `copy_all` opens with the title, said above.
    let details = view.copy_all.strip_prefix(view.title).unwrap_or(&view.copy_all).trim_start_matches('\n');
    paragraphs.push(details.into());
    paragraphs.extend(view.reference_hint.map(String::from));
    paragraphs.extend(view.warnings.iter().map(|w| format!("- {}", w.text)));
    paragraphs.push(view.arrival_note.into());
    if let Some(link) = link {
        paragraphs.push(format!("{}:\n{link}", lang.text(Msg::HostedLink)));
    }
    paragraphs.push(format!("-- \n{}", lang.text(ServerMsg::EmailFooter)));
    paragraphs.retain(|p| !p.is_empty());
    let mut out = paragraphs.join("\n\n");
    out.push('\n');
    out
}

fn html(rendered: &Rendered, locale: &Locale, subject: &str, link: Option<&str>) -> String {
    let lang = locale.lang;
    let mut out = String::from("<!doctype html>\n<html lang=\"");
    escape_into(&mut out, &locale.tag);
    out.push_str("\" dir=\"");
    out.push_str(lang.dir());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    escape_into(&mut out, subject);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&rendered.html);
    if let Some(link) = link {
        out.push_str("\n<p class=\"btc-hosted\"><a href=\"");
        escape_into(&mut out, link);
        out.push_str("\">");
        escape_into(&mut out, lang.text(Msg::HostedLink));
        out.push_str("</a><br>");
        escape_into(&mut out, link);
        out.push_str("</p>");
    }
    out.push_str("\n<p class=\"btc-footer\">");
    escape_into(&mut out, lang.text(ServerMsg::EmailFooter));
    out.push_str("</p>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests;
