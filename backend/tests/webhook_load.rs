//! 10,000 webhook deliveries in random order, 64 at a time, from a load generator in this test:
//! 8,500 distinct good events, 1,000 re-deliveries of them (10 %), 500 with bad signatures (5 %).
//! Every good event is stored exactly once, every bad one refused, and each order ends in the
//! state of its newest event, whatever order the deliveries took.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use bank_transfer_backend::config::Config;
use bank_transfer_backend::store::Store;
use bank_transfer_sandbox::webhooks::signature_header;
use common::*;
use serde_json::{json, Value};

const ORDERS: usize = 100;
const EVENTS_PER_ORDER: usize = 85; // 8,500 distinct good events
const DUPLICATES: usize = 1_000;
const BAD: usize = 500;
const CONCURRENCY: usize = 64;

struct Delivery {
    body: String,
    signature: String,
    good: bool,
}

/// A small deterministic shuffle (no rand dependency for one test).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

fn event(id: &str, kind: &str, intent: &str, status: &str, remaining: i64) -> String {
    json!({
        "id": id, "object": "event", "type": kind,
        "data": {"object": {
            "id": intent, "object": "payment_intent", "status": status,
            "next_action": {"type": "display_bank_transfer_instructions",
                "display_bank_transfer_instructions": {"amount_remaining": remaining}}
        }}
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_deliveries_stored_once_bad_ones_refused_orders_right() {
    let db = temp_db("load");
    let config = Config {
        static_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        webhook_secret: WEBHOOK_SECRET.into(),
        checkout_rate: None,
        session_secret: Some(SESSION_SECRET.into()),
        ..Config::sandbox(db.clone())
    };
    let base = start_in_process(config).await;
    let http = reqwest::Client::new();

    // 100 real orders (eu: 249.00 EUR each), through the checkout.
    let mut intents = Vec::new();
    for i in 0..ORDERS {
        let (status, body) = checkout(&http, &base, &format!("eu-load{i}")).await.unwrap();
        assert_eq!(status, 200, "{body}");
        intents.push(intent_id(&body));
    }
    let store = Store::sqlite(&db).unwrap();
    let before = store.event_count().await.unwrap();

    // Per order: 84 partial payments (the amount still to send falls by 100 each time), then
    // the 85th event: even orders are paid (succeeded), odd ones get one more partial payment.
    let mut good = Vec::new();
    for (i, intent) in intents.iter().enumerate() {
        for k in 1..=EVENTS_PER_ORDER {
            let id = format!("evt_load_{i}_{k}");
            let body = if k == EVENTS_PER_ORDER && i % 2 == 0 {
                event(&id, "payment_intent.succeeded", intent, "succeeded", 0)
            } else {
                event(&id, "payment_intent.partially_funded", intent, "requires_action", 24_900 - 100 * k as i64)
            };
            good.push(body);
        }
    }
    let t = now();
    let mut deliveries: Vec<Delivery> = good
        .iter()
        .map(|body| Delivery { signature: signature_header(WEBHOOK_SECRET, t, body), body: body.clone(), good: true })
        .collect();
    for n in 0..DUPLICATES {
        let body = good[(n * 7919) % good.len()].clone();
        deliveries.push(Delivery { signature: signature_header(WEBHOOK_SECRET, t, &body), body, good: true });
    }
    // Bad signatures: "paid" events for the odd orders, which must stay unpaid.
    for n in 0..BAD {
        let body = event(
            &format!("evt_forged_{n}"),
            "payment_intent.succeeded",
            &intents[(2 * n + 1) % ORDERS],
            "succeeded",
            0,
        );
        let signature = match n % 3 {
            0 => signature_header("whsec_forged", t, &body),
            1 => signature_header(WEBHOOK_SECRET, t - 3600, &body),
            _ => format!("t={t},v1={}", "ab".repeat(32)),
        };
        deliveries.push(Delivery { body, signature, good: false });
    }
    assert_eq!(deliveries.len(), 10_000);
    shuffle(&mut deliveries, 0x5eed);

    // The load: 64 deliveries in flight at a time.
    let deliveries = Arc::new(deliveries);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = std::time::Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (http, base, deliveries, next) = (http.clone(), base.clone(), deliveries.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(d) = deliveries.get(n) else { break };
                let response = http
                    .post(format!("{base}/webhook"))
                    .header("Stripe-Signature", &d.signature)
                    .body(d.body.clone())
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let body: Value = response.json().await.unwrap();
                outcomes.push((d.good, status, body["duplicate"].as_bool()));
            }
            outcomes
        }));
    }
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("10,000 webhook deliveries in {seconds:.1} s ({:.0}/s)", 10_000.0 / seconds);

    let accepted = outcomes.iter().filter(|(good, status, _)| *good && *status == 200).count();
    let refused = outcomes.iter().filter(|(good, status, _)| !*good && *status == 400).count();
    let duplicates = outcomes.iter().filter(|(_, _, duplicate)| *duplicate == Some(true)).count();
    assert_eq!((accepted, refused, duplicates), (9_500, 500, 1_000), "every good one accepted, every bad one refused");
    // Counted by id: the sandbox's own events (it sends them too, as Stripe would) are not ours.
    let stored = |pattern: &str| -> i64 {
        let db = rusqlite::Connection::open(&db).unwrap();
        db.query_row("SELECT COUNT(*) FROM events WHERE id LIKE ?1", [pattern], |r| r.get(0)).unwrap()
    };
    assert_eq!(stored("evt_load_%"), 8_500, "each distinct event stored exactly once");
    assert_eq!(stored("evt_forged_%"), 0, "no forged event stored");
    assert!(store.event_count().await.unwrap() - before >= 8_500);
    for i in 0..ORDERS {
        let order = store.order(&format!("eu-load{i}")).await.unwrap().unwrap();
        if i % 2 == 0 {
            assert_eq!((order.status.as_str(), order.amount_remaining), ("succeeded", Some(0)), "order {i}");
        } else {
            let last = 24_900 - 100 * EVENTS_PER_ORDER as i64;
            assert_eq!((order.status.as_str(), order.amount_remaining), ("requires_action", Some(last)), "order {i}");
        }
    }
    remove_db(&db);
}
