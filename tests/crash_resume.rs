//! A headless `send` killed with SIGKILL mid-batch, then resumed: no customer is lost and
//! none is created twice.

mod cli_support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use cli_support::{MockProcess, Sandbox, config_text};
use datanuum_sync::journal;
use datanuum_sync::outcome::{OutcomeKind, Status};
use serde_json::Value;

const TOKEN: &str = "tok-crash-test-7788";
const CUSTOMERS: usize = 2000;
/// Results read from the first run before it is killed.
const KILL_AFTER: usize = 300;

fn code(n: usize) -> String {
    format!("K{n:05}")
}

fn phone(n: usize) -> String {
    format!("96650{n:07}")
}

fn write_csv(sandbox: &Sandbox) -> String {
    let mut text = String::from(
        "code,name1,name2,firstName,lastName,gender,birthDate,mobile,email,country,ref5\n",
    );
    for n in 0..CUSTOMERS {
        let local = format!("05{:08}", n);
        text.push_str(&format!(
            "{},اسم {n},Name {n},Name,Number {n},M,1990-01-15,{local},crash{n}@example.com,SA,R01\n",
            code(n)
        ));
    }
    sandbox.write("customers.csv", &text).display().to_string()
}

fn send_args(csv: &str, config: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["send", csv, "--config", config, "--reward-config", "CRASH"]
        .iter()
        .map(|arg| arg.to_string())
        .collect();
    args.extend(extra.iter().map(|arg| arg.to_string()));
    args.push("--json".into());
    args
}

/// Records every outcome line by customer code.
fn collect(lines: &[Value], into: &mut HashMap<String, Vec<String>>) {
    for line in lines {
        let customer = line["customer"].as_str().unwrap().to_string();
        let outcome = line["outcome"].as_str().unwrap().to_string();
        into.entry(customer).or_default().push(outcome);
    }
}

#[test]
fn killed_send_resumes_without_duplicates() {
    let sandbox = Sandbox::new();
    let mock = MockProcess::start(&sandbox, &["--latency-ms", "5", "--no-auth"]);
    let config_toml = format!(
        "{}concurrency = 8\nmax_requests_per_second = 500\n",
        config_text("CRASH", 9, &mock.url, TOKEN).replace("max_retries = 1", "max_retries = 3")
    );
    let config = sandbox.write("c.toml", &config_toml).display().to_string();
    let csv = write_csv(&sandbox);
    let mut outcomes: HashMap<String, Vec<String>> = HashMap::new();

    let args = send_args(&csv, &config, &[]);
    let mut child = sandbox
        .command(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first_run = Vec::new();
    for line in BufReader::new(stdout).lines() {
        first_run.push(serde_json::from_str::<Value>(&line.unwrap()).unwrap());
        if first_run.len() == KILL_AFTER {
            // Child::kill sends SIGKILL on Unix, so no signal handler or destructor runs.
            child.kill().unwrap();
            break;
        }
    }
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the first send finished before it was killed"
    );
    collect(&first_run, &mut outcomes);

    let journal_path = sandbox.data_dir().join("journal/CRASH.jsonl");
    let restored = journal::restore(&journal_path).unwrap();
    assert!(restored.customers.len() >= KILL_AFTER);
    assert!(
        restored.customers.len() < CUSTOMERS,
        "every customer was already sent"
    );
    // `--only-failed` takes every customer not sent successfully: unknown after the kill,
    // failed, or never reached.
    let mut to_resend: Vec<String> = (0..CUSTOMERS)
        .map(code)
        .filter(|code| {
            restored.customers.get(code).is_none_or(|state| {
                matches!(
                    state.status,
                    Status::Unknown | Status::Done(OutcomeKind::Failed)
                )
            })
        })
        .collect();
    to_resend.sort_unstable();

    let resend = sandbox.run(
        &send_args(&csv, &config, &["--only-failed"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(resend.code, 0, "{}", resend.stderr);
    let resent = resend.json_lines();
    let mut resent_codes: Vec<&str> = resent
        .iter()
        .map(|line| line["customer"].as_str().unwrap())
        .collect();
    resent_codes.sort_unstable();
    assert_eq!(resent_codes, to_resend);
    collect(&resent, &mut outcomes);

    let rest = sandbox.run(
        &send_args(&csv, &config, &[])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(rest.code, 0, "{}", rest.stderr);
    collect(&rest.json_lines(), &mut outcomes);

    let restored = journal::restore(&journal_path).unwrap();
    assert_eq!(restored.bad_lines, 0);
    for n in 0..CUSTOMERS {
        let code = code(n);
        let state = &restored.customers[&code];
        let succeeded = matches!(state.status, Status::Done(kind) if kind.is_success());
        assert!(succeeded, "{code}: {:?}", state.status);
        assert!(
            state.success_hash.is_some(),
            "{code} has no successful send"
        );
        let created = outcomes[&code].iter().filter(|o| *o == "created").count();
        assert!(
            created <= 1,
            "{code} created {created} times: {:?}",
            outcomes[&code]
        );
    }

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let missing = runtime.block_on(async {
        let client = reqwest::Client::new();
        let mut missing = Vec::new();
        for n in 0..CUSTOMERS {
            let url = format!("{}/accounts?phone={}", mock.url, phone(n));
            let response = client.get(url).send().await.unwrap();
            if response.status() != 200 {
                missing.push(code(n));
            }
        }
        missing
    });
    assert!(missing.is_empty(), "not in the stand-in: {missing:?}");
}
