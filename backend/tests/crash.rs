//! The backend killed (SIGKILL) in the middle of `/api/checkout` traffic, then restarted on the
//! same SQLite file: no order gets a second PaymentIntent (counted at "Stripe", which outlives
//! the backend), the database passes SQLite's integrity check, and every order answers again.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

const ORDERS: usize = 40;
const REQUESTS: usize = 400;

/// `REQUESTS` checkouts spread over 400 ms; `answered` counts the successful ones as they come.
async fn traffic(http: reqwest::Client, base: String, answered: Arc<AtomicUsize>) -> (usize, usize) {
    let mut tasks = Vec::new();
    for n in 0..REQUESTS {
        let (http, base, answered) = (http.clone(), base.clone(), answered.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis((n as u64 * 7) % 400)).await;
            let status = checkout(&http, &base, &format!("eu-crash{}", n % ORDERS)).await.map(|(status, _)| status);
            if matches!(status, Ok(200)) {
                answered.fetch_add(1, Ordering::SeqCst);
            }
            status
        }));
    }
    let (mut ok, mut failed) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(200) => ok += 1,
            _ => failed += 1,
        }
    }
    (ok, failed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_traffic_and_restarted_no_order_has_two_intents() {
    let db = temp_db("crash");
    let port = free_port();
    let (stripe_base, sandbox) = stripe(None).await;
    let database = [("DATABASE_PATH", db.display().to_string())];
    let no_limit = [("CHECKOUT_RATE_PER_MINUTE", "0")];
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();

    let mut backend = Backend::spawn(port, &stripe_base, &database, &no_limit);
    backend.ready(&http).await;
    let answered = Arc::new(AtomicUsize::new(0));
    let load = tokio::spawn(traffic(http.clone(), backend.base.clone(), answered.clone()));
    // Mid-traffic: once the first checkouts are answered (a fixed delay was a race on a busy
    // machine), while others are in flight and most not yet sent.
    let started = Instant::now();
    while answered.load(Ordering::SeqCst) < 3 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    backend.kill(); // some requests answered, some cut, some never connected
    let (ok, failed) = load.await.unwrap();
    assert!(ok > 0 && failed > 0, "the kill must land mid-traffic ({ok} ok, {failed} failed)");
    // Orders whose creator died between its claim and its write: taken over after the restart.
    let orphans = {
        let store = bank_transfer_backend::store::Store::sqlite(&db).unwrap();
        let mut n = 0;
        for i in 0..ORDERS {
            if let Some(order) = store.order(&format!("eu-crash{i}")).await.unwrap() {
                n += usize::from(order.payment_intent.is_none());
            }
        }
        n
    };
    eprintln!(
        "killed after {ok} answers ({failed} cut or refused): {} intents at Stripe, {orphans} claims left without one",
        sandbox.intents_by_order().len()
    );

    let backend = Backend::spawn(port, &stripe_base, &database, &no_limit);
    backend.ready(&http).await;
    let (ok, failed) = traffic(http.clone(), backend.base.clone(), Arc::default()).await;
    assert_eq!((ok, failed), (REQUESTS, 0), "after the restart every checkout answers");

    // One intent per order at Stripe, and it is the one the database holds.
    let mut per_order: HashMap<String, Vec<String>> = HashMap::new();
    for (intent, order) in sandbox.intents_by_order() {
        per_order.entry(order.unwrap_or_default()).or_default().push(intent);
    }
    assert_eq!(per_order.len(), ORDERS);
    let store = bank_transfer_backend::store::Store::sqlite(&db).unwrap();
    for (order, intents) in &per_order {
        assert_eq!(intents.len(), 1, "{order} has {intents:?}");
        let stored = store.order(order).await.unwrap().unwrap();
        assert_eq!(stored.payment_intent.as_deref(), Some(intents[0].as_str()), "{order}");
    }
    let check: String =
        rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(backend);
    remove_db(&db);
}

#[tokio::test]
async fn sqlite_constraints_decide_not_the_timing() {
    let db = temp_db("constraints");
    let one = bank_transfer_backend::store::Store::sqlite(&db).unwrap();
    let two = bank_transfer_backend::store::Store::sqlite(&db).unwrap(); // a second connection
    check_constraints(&one, &two).await;
    remove_db(&db);
}
