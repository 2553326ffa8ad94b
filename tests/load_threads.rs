//! A whole-file load checks rows on a second thread, a streamed load on the caller's
//! thread. Both must give the same customers and findings, in the same order.

use std::io::Write;
use std::path::Path;

use datanuum_sync::customer::{Customer, Finding};
use datanuum_sync::load::{LoadEvent, LoadOptions, load_file, load_streaming};

/// Customers and findings as `load_file` orders them, or the error text.
type Loaded = Result<(Vec<Customer>, Vec<Finding>), String>;

fn whole(path: &Path) -> Loaded {
    let file = load_file(path, &LoadOptions::default()).map_err(|error| error.to_string())?;
    Ok((file.customers, file.findings))
}

fn streamed(path: &Path) -> Loaded {
    let mut customers = Vec::new();
    let mut findings = Vec::new();
    load_streaming(path, &LoadOptions::default(), &mut |event| {
        if let LoadEvent::Rows {
            customers: rows,
            findings: found,
            ..
        } = event
        {
            customers.extend(rows);
            findings.extend(found);
        }
    })
    .map_err(|error| error.to_string())?;
    findings.sort_by_key(|finding| finding.line);
    Ok((customers, findings))
}

#[test]
fn both_ways_agree_on_every_case_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("cases") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|ext| ext == "csv") {
            assert_eq!(whole(&path), streamed(&path), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} case files");
}

#[test]
fn both_ways_agree_on_large_file() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    let mut text = String::from("code,name2,mobile,email\n");
    for row in 0..120_000 {
        match row % 997 {
            // A ragged row, a repeated code and a quoted field over two lines.
            0 => text.push_str(&format!("R{row},only two\n")),
            1 => text.push_str("C5,again,0550000005,again@example.com\n"),
            2 => text.push_str(&format!("C{row},\"two\nlines\",0550000001,\n")),
            _ => text.push_str(&format!(
                "C{row},name {row},05{row:08},c{row}@example.com\n"
            )),
        }
    }
    text.push_str("C999999,\"never closed,0550000009,\n");
    file.write_all(text.as_bytes()).expect("write");
    let (customers, findings) = whole(file.path()).expect("whole file");
    assert!(customers.len() > 119_000);
    assert!(findings.len() > 200);
    assert_eq!(Ok((customers, findings)), streamed(file.path()));
}
