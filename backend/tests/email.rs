//! `POST /api/email` over loopback HTTP in sandbox mode without `SMTP_URL`: the emails land in
//! an outbox directory. Who may ask, what is refused, and the per-order limit. (What the email
//! says is tested in `src/email/compose`, and through a real SMTP server end to end.)

mod common;

use std::path::{Path, PathBuf};

use bank_transfer_backend::config::Config;
use common::temp_db;
use serde_json::{json, Value};

fn shopper() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> (u16, Option<String>, Value) {
    let response = http.post(url).json(&body).send().await.unwrap();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    (response.status().as_u16(), retry_after, response.json().await.unwrap())
}

fn letters(outbox: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(outbox)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn the_shopper_gets_their_orders_instructions_a_few_times_and_nobody_else_does() {
    let outbox: PathBuf = temp_db("outbox").with_extension("d");
    let config = Config { mail_outbox: Some(outbox.clone()), ..Config::sandbox(temp_db("email")) };
    let base = common::start_in_process(config).await;
    let (jenny, stranger) = (shopper(), shopper());
    let email = |order: &str, address: &str| json!({ "order": order, "email": address, "locale": "de-DE" });
    let (status, _, answer) = post(&jenny, format!("{base}/api/checkout"), json!({ "order": "eu-mail" })).await;
    assert_eq!(status, 200, "{answer}");

    let (status, _, answer) = post(&jenny, format!("{base}/api/email"), email("eu-mail", "jenny@example.com")).await;
    assert_eq!((status, &answer), (200, &json!({ "email": "jenny@example.com" })));
    let sent = letters(&outbox);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("To: jenny@example.com") && sent[0].contains("multipart/alternative"), "{}", sent[0]);

    // Someone else's order is as unknown as one that does not exist; a bad address is said.
    for (client, order, address, expected) in [
        (&stranger, "eu-mail", "x@example.com", (404, "order_not_found")),
        (&jenny, "eu-none", "jenny@example.com", (404, "order_not_found")),
        (&jenny, "eu-mail", "jenny@", (422, "email_invalid")),
        (&jenny, "eu-mail", "jenny@localhost", (422, "email_invalid")),
    ] {
        let (status, _, answer) = post(client, format!("{base}/api/email"), email(order, address)).await;
        assert_eq!((status, answer["error"]["code"].as_str().unwrap()), expected, "{order} {address}");
    }
    assert_eq!(letters(&outbox).len(), 1, "none of those was sent");

    // Three an hour per order: the fourth waits, and says how long.
    for address in ["jenny@example.com", "jenny.rosen@example.com"] {
        let (status, _, answer) = post(&jenny, format!("{base}/api/email"), email("eu-mail", address)).await;
        assert_eq!(status, 200, "{answer}");
    }
    let (status, retry_after, answer) =
        post(&jenny, format!("{base}/api/email"), email("eu-mail", "jenny@example.com")).await;
    assert_eq!((status, answer["error"]["code"].as_str()), (429, Some("email_rate_limited")));
    let seconds: u64 = retry_after.unwrap().parse().unwrap();
    assert!((3_500..=3_600).contains(&seconds), "{seconds}");
    assert_eq!(letters(&outbox).len(), 3);
    let _ = std::fs::remove_dir_all(&outbox);
}
