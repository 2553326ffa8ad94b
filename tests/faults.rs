//! A batch through a failing server: every customer ends up stored exactly once.

mod net_support;

use std::collections::HashMap;

use datanuum_sync::batch;
use datanuum_sync::journal::Journal;
use datanuum_sync::mock::{self, Account, Faults, MockOptions};
use datanuum_sync::outcome::{OutcomeKind, Status};
use net_support::{config, customer, item, quick_retries, shared};
use serde_json::{Map, Value};

const CUSTOMERS: usize = 500;

/// Returns true for every fifth customer, which has an account before the batch, so its
/// create turns into an update.
fn exists_before(n: usize) -> bool {
    n.is_multiple_of(5)
}

fn seed_accounts() -> Vec<Map<String, Value>> {
    (0..CUSTOMERS)
        .filter(|n| exists_before(*n))
        .map(|n| {
            let (_, payload) = customer(n);
            let mut profile = Map::new();
            profile.insert("phone".into(), payload.phone.unwrap().into());
            profile.insert("first".into(), "Before".into());
            profile
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faulty_server_stores_each_customer_once() {
    let server = mock::start(MockOptions {
        faults: Faults {
            error_every: Some(3),
            throttle_every: Some(5),
            html_every: Some(7),
            drop_every: Some(11),
        },
        accounts: seed_accounts(),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.concurrency = 16;
    // Three requests in five fail, so a few customers need many attempts.
    config.max_retries = 40;
    let config = shared(config);
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let items = (0..CUSTOMERS)
        .map(|n| {
            let (code, payload) = customer(n);
            item(n, &code, payload)
        })
        .collect();

    let outcomes = batch::run(
        config.clone(),
        items,
        Some(journal.clone()),
        quick_retries(),
    )
    .await;

    assert_eq!(outcomes.len(), CUSTOMERS);
    for (n, outcome) in outcomes.iter().enumerate() {
        let expected = if exists_before(n) {
            OutcomeKind::Updated
        } else {
            OutcomeKind::Created
        };
        assert_eq!(outcome.outcome, expected, "{outcome:?}");
    }
    let total_attempts: u32 = outcomes.iter().map(|outcome| outcome.attempts).sum();
    assert_eq!(server.requests().len(), total_attempts as usize);
    assert!(
        total_attempts as usize > CUSTOMERS * 2,
        "faults were not injected"
    );

    let accounts = server.accounts();
    assert_eq!(accounts.len(), CUSTOMERS);
    let mut by_phone: HashMap<String, Vec<&Account>> = HashMap::new();
    for account in &accounts {
        by_phone
            .entry(account.phone().unwrap())
            .or_default()
            .push(account);
    }
    for n in 0..CUSTOMERS {
        let (_, payload) = customer(n);
        let phone = payload.phone.unwrap();
        let stored = by_phone.get(&phone).map(Vec::as_slice).unwrap_or_default();
        assert_eq!(stored.len(), 1, "phone {phone}");
        let expected_updates = u32::from(exists_before(n));
        assert_eq!(stored[0].updates, expected_updates, "phone {phone}");
        assert_eq!(stored[0].profile["first"], "Test", "phone {phone}");
    }

    drop(journal);
    let (_, restored) = Journal::open(data.path(), &config.code).unwrap();
    assert_eq!(restored.torn_lines, 0);
    assert_eq!(restored.customers.len(), CUSTOMERS);
    for outcome in &outcomes {
        let state = &restored.customers[&outcome.customer];
        assert_eq!(state.status, Status::Done(outcome.outcome));
        assert_eq!(state.last_outcome.as_ref(), Some(outcome));
    }
}
