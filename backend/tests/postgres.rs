//! PostgreSQL, several instances: two backend processes on one database behind no load
//! balancer but this test, which spreads 200 concurrent checkouts for the same 20 orders over
//! both. Exactly 20 PaymentIntents, one per order, by the database's constraints — shown
//! directly too: of two instances claiming one order, one wins; one intent cannot serve two
//! orders. Needs a real server: `TEST_DATABASE_URL` (npm test starts one, scripts/env.sh), so
//! the tests are `#[ignore]`d for a bare `cargo test` and run by `-- --ignored`.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use bank_transfer_backend::store::Store;
use common::*;

/// A fresh database on the test server for one test (dropped at the end), as a URL.
struct TestDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TestDatabase {
    async fn create(tag: &str) -> TestDatabase {
        let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL: npm test starts a PostgreSQL server");
        let mut bytes = [0u8; 4];
        let _ = getrandom::fill(&mut bytes);
        let name = format!("btc_{tag}_{}", hex::encode(bytes));
        let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        TestDatabase { admin, name, url }
    }

    async fn drop_it(self) {
        let (client, connection) = tokio_postgres::connect(&self.admin, tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs TEST_DATABASE_URL (a PostgreSQL server): run by npm test"]
async fn two_instances_one_database_200_checkouts_20_orders_20_intents() {
    let db = TestDatabase::create("multi").await;
    let (stripe_base, sandbox) = stripe(None).await;
    let database = [("DATABASE_URL", db.url.clone())];
    let no_limit = [("CHECKOUT_RATE_PER_MINUTE", "0")];
    // Started together: both run the migrations, the advisory lock lets one apply them.
    let a = Backend::spawn(free_port(), &stripe_base, &database, &no_limit);
    let b = Backend::spawn(free_port(), &stripe_base, &database, &no_limit);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    a.ready(&http).await;
    b.ready(&http).await;

    let mut tasks = Vec::new();
    for n in 0..200 {
        let base = if n % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let http = http.clone();
        tasks.push(tokio::spawn(async move {
            let order = format!("eu-multi{}", n % 20);
            let (status, body) = checkout(&http, &base, &order).await.unwrap();
            assert_eq!(status, 200, "{body}");
            (order, intent_id(&body))
        }));
    }
    let mut answers: HashMap<String, Vec<String>> = HashMap::new();
    for task in tasks {
        let (order, intent) = task.await.unwrap();
        answers.entry(order).or_default().push(intent);
    }
    // Every answer for an order names the same intent…
    assert_eq!(answers.len(), 20);
    for (order, intents) in &answers {
        assert!(intents.iter().all(|i| i == &intents[0]), "{order}: {intents:?}");
    }
    // … and Stripe holds exactly one per order.
    let created = sandbox.intents_by_order();
    assert_eq!(created.len(), 20, "{created:?}");
    let store = Store::postgres(&db.url).await.unwrap();
    for (intent, order) in created {
        let order = order.unwrap();
        assert_eq!(answers[&order][0], intent);
        assert_eq!(store.order(&order).await.unwrap().unwrap().payment_intent.as_deref(), Some(intent.as_str()));
    }
    drop((a, b));
    db.drop_it().await;
}

#[tokio::test]
#[ignore = "needs TEST_DATABASE_URL (a PostgreSQL server): run by npm test"]
async fn the_constraints_decide_not_the_timing() {
    let db = TestDatabase::create("constraints").await;
    let one = Store::postgres(&db.url).await.unwrap();
    let two = Store::postgres(&db.url).await.unwrap(); // a second instance: its own pool
    check_constraints(&one, &two).await;
    db.drop_it().await;
}
