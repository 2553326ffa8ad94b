//! Loader behaviour beyond the case files: encodings, delimiters, blank rows, duplicate
//! codes, header overrides, the ERP layout and chunked streaming.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use datanuum_sync::customer::{Field, Severity};
use datanuum_sync::load::{
    CustomerFile, LoadError, LoadEvent, LoadOptions, load_file, load_streaming,
};

const HEADER: &str = "code,name2,mobile,email";

/// Writes `bytes` to a temporary file and loads it.
fn load_bytes(bytes: &[u8], options: &LoadOptions) -> Result<CustomerFile, LoadError> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write temp file");
    load_file(file.path(), options)
}

fn load_ok(bytes: &[u8]) -> CustomerFile {
    match load_bytes(bytes, &LoadOptions::default()) {
        Ok(file) => file,
        Err(error) => panic!("load failed: {error}"),
    }
}

fn codes(file: &CustomerFile) -> Vec<&str> {
    file.customers
        .iter()
        .map(|c| c.code(&file.columns))
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

#[test]
fn utf16_with_bom_both_orders() {
    let text = format!("{HEADER}\r\nC1,نورة سالم,0500000001,a@example.com\r\n");
    for big_endian in [false, true] {
        let file = load_ok(&utf16(&text, big_endian));
        assert_eq!(codes(&file), ["C1"]);
        assert_eq!(file.customers[0].line(), 2);
        assert_eq!(
            file.customers[0].field(&file.columns, Field::Name2),
            "نورة سالم"
        );
        assert!(file.encoding.starts_with("UTF-16"), "{}", file.encoding);
    }
}

#[test]
fn utf8_without_bom_is_not_guessed() {
    let file = load_ok(format!("{HEADER}\nC1,سارة,0500000001,\n").as_bytes());
    assert_eq!(file.encoding, "UTF-8");
    assert!(file.findings.is_empty(), "{:?}", file.findings);
}

#[test]
fn bom_only_and_blank_files_are_empty() {
    for bytes in [&b"\xEF\xBB\xBF"[..], b"\r\n\r\n", b",,,\n , ,\n"] {
        let result = load_bytes(bytes, &LoadOptions::default());
        assert!(
            matches!(result, Err(LoadError::Empty { .. })),
            "{bytes:?}: {result:?}"
        );
    }
}

#[test]
fn binary_files_are_rejected() {
    let cases: [&[u8]; 3] = [
        b"code\0name\n",
        b"\xD0\xCF\x11\xE0\xA1\xB1",
        b"PK\x03\x04rest",
    ];
    for bytes in cases {
        let result = load_bytes(bytes, &LoadOptions::default());
        assert!(
            matches!(result, Err(LoadError::NotCsv { .. })),
            "{bytes:?}: {result:?}"
        );
    }
}

#[test]
fn missing_code_column_is_a_header_error() {
    let result = load_bytes(b"name,phone\nA,0500000001\n", &LoadOptions::default());
    let Err(LoadError::Header { message, .. }) = result else {
        panic!("loaded without a code column: {result:?}");
    };
    assert_eq!(
        message,
        "the header row has no customer code column (such as 'code' or 'الكود'); \
         it has: name, phone. Rename the column or set it in the config's columns table"
    );
}

#[test]
fn tab_and_pipe_delimiters_detected() {
    for delimiter in ['\t', '|'] {
        let text = format!("code{delimiter}name2\nC1{delimiter}A, B\n");
        let file = load_ok(text.as_bytes());
        assert_eq!(file.delimiter, delimiter as u8);
        assert_eq!(file.customers[0].field(&file.columns, Field::Name2), "A, B");
    }
}

#[test]
fn delimiter_option_overrides_detection() {
    let options = LoadOptions {
        delimiter: Some(b';'),
        ..LoadOptions::default()
    };
    let file = load_bytes(b"code;name2\nC1;A,B\n", &options).expect("loads");
    assert_eq!(file.delimiter, b';');
    assert_eq!(file.customers[0].field(&file.columns, Field::Name2), "A,B");
}

#[test]
fn blank_rows_skipped_silently() {
    let text = format!("{HEADER}\n,,,\nC1,A,0500000001,\n , ,\t,\n\nC2,B,0500000002,\n");
    let file = load_ok(text.as_bytes());
    assert_eq!(codes(&file), ["C1", "C2"]);
    let lines: Vec<u32> = file.customers.iter().map(|c| c.line()).collect();
    assert_eq!(lines, [3, 6]);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
}

#[test]
fn duplicate_codes_reported_and_kept() {
    let text = format!("{HEADER}\nC1,A,,\nC2,B,,\nC1,C,,\n");
    let file = load_ok(text.as_bytes());
    assert_eq!(codes(&file), ["C1", "C2", "C1"]);
    assert_eq!(file.findings.len(), 1);
    let finding = &file.findings[0];
    assert_eq!(finding.line, 4);
    assert_eq!(finding.customer.as_deref(), Some("C1"));
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding.message.contains("lines 2 and 4"),
        "{}",
        finding.message
    );
}

#[test]
fn trailing_empty_cells_are_not_ragged() {
    let file = load_ok(format!("{HEADER}\nC1,A,0500000001,a@example.com,,\n").as_bytes());
    assert_eq!(codes(&file), ["C1"]);
    assert_eq!(file.customers[0].len(), 4);
    assert!(file.findings.is_empty());
}

#[test]
fn invisible_marks_stripped_from_headers_and_values() {
    let text = "\u{200F}code\u{200E},name2\nC\u{2066}1\u{2069},A\u{200D}B\u{061C}\n";
    let file = load_ok(text.as_bytes());
    assert_eq!(file.columns.headers[0], "code");
    assert_eq!(codes(&file), ["C1"]);
    assert_eq!(file.customers[0].cell(1), "A\u{200D}B");
}

#[test]
fn columns_option_maps_unknown_header() {
    let options = LoadOptions {
        columns: BTreeMap::from([
            (Field::Code, "Customer No".to_string()),
            (Field::Mobile, "Cell".to_string()),
        ]),
        ..LoadOptions::default()
    };
    let text = b"Customer No,Cell,mobile\nC1,0500000001,0500000002\n";
    let file = load_bytes(text, &options).expect("loads");
    assert_eq!(file.columns.get(Field::Code), Some(0));
    assert_eq!(file.columns.get(Field::Mobile), Some(1));
    assert!(file.findings.is_empty(), "{:?}", file.findings);
}

#[test]
fn columns_option_naming_absent_header_warns() {
    let options = LoadOptions {
        columns: BTreeMap::from([(Field::Mobile, "Cell".to_string())]),
        ..LoadOptions::default()
    };
    let file = load_bytes(b"code,mobile\nC1,0500000001\n", &options).expect("loads");
    assert_eq!(file.columns.get(Field::Mobile), Some(1));
    assert_eq!(file.findings.len(), 1);
    assert!(
        file.findings[0].message.contains("'Cell'"),
        "{:?}",
        file.findings
    );
}

#[test]
fn erp_layout_with_markers_and_banners() {
    let text = "//Customer Export,,,\n//,الكود,الموبايل,\n\
                :-record:Customer,code,contactInfo.mobile,@errors\n\
                ,C1,0500000001,\n\
                *,C2,0500000002,\n\
                :-record:Customer,code,contactInfo.mobile,@errors\n\
                :-record:Address,line1,city,\n\
                ,C3,0500000003,\n";
    let file = load_ok(text.as_bytes());
    assert_eq!(codes(&file), ["C1", "C2", "C3"]);
    let lines: Vec<u32> = file.customers.iter().map(|c| c.line()).collect();
    assert_eq!(lines, [4, 5, 8]);
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert_eq!(file.findings[0].line, 7);
    assert!(file.findings[0].message.contains("Address"));
}

#[test]
fn streaming_delivers_header_then_chunks() {
    let mut text = String::from(HEADER);
    text.push('\n');
    for index in 0..2_500 {
        text.push_str(&format!("C{index},Name {index},,\n"));
    }
    let mut temp = tempfile::NamedTempFile::new().expect("temp file");
    temp.write_all(text.as_bytes()).expect("write");

    let mut events = Vec::new();
    load_streaming(temp.path(), &LoadOptions::default(), &mut |event| {
        events.push(event)
    })
    .expect("loads");
    assert!(matches!(events.first(), Some(LoadEvent::Header { .. })));
    let mut sizes = Vec::new();
    let mut last_progress = 0;
    for event in &events[1..] {
        let LoadEvent::Rows {
            customers,
            bytes_read,
            total_bytes,
            ..
        } = event
        else {
            panic!("second header event");
        };
        sizes.push(customers.len());
        assert!(*bytes_read >= last_progress, "progress went back");
        assert!(bytes_read <= total_bytes, "progress past the end");
        last_progress = *bytes_read;
        assert_eq!(*total_bytes, text.len() as u64);
    }
    assert_eq!(sizes, [1_000, 1_500]);
    assert_eq!(last_progress, text.len() as u64);
}

#[test]
fn header_only_file_streams_one_empty_chunk() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/B24_api_timeout.csv");
    let text = std::fs::read_to_string(path).expect("fixture");
    let header_only = text.lines().next().unwrap_or_default().to_string();
    let file = load_ok(header_only.as_bytes());
    assert!(file.customers.is_empty());
    assert_eq!(file.columns.headers.len(), 11);
}

#[test]
fn missing_file_is_an_io_error() {
    let result = load_file(
        Path::new("/nonexistent/customers.csv"),
        &LoadOptions::default(),
    );
    assert!(matches!(result, Err(LoadError::Io { .. })), "{result:?}");
}

#[test]
fn line_numbers_survive_crlf_blank_lines_and_eof() {
    let text = "code,name2\r\n\r\nC1,A\r\n\r\n\r\nC2,\"x\r\ny\"\r\nC3,B";
    let file = load_ok(text.as_bytes());
    let lines: Vec<u32> = file.customers.iter().map(|c| c.line()).collect();
    assert_eq!(lines, [3, 6, 8]);
    assert_eq!(file.customers[1].cell(1), "x\r\ny");
    assert_eq!(file.customers[2].cell(1), "B");
}

/// Replays the inputs that once crashed the `load` fuzz target. The first byte picks the
/// load options as in that target: 3 forces windows-1256.
#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz fixtures")
        .map(|entry| entry.expect("fuzz fixture").path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let data = std::fs::read(&path).expect("read fixture");
        let Some((&selector, bytes)) = data.split_first() else {
            continue;
        };
        let options = match selector % 8 {
            1 => LoadOptions {
                delimiter: Some(b';'),
                ..LoadOptions::default()
            },
            2 => LoadOptions {
                delimiter: Some(b'\t'),
                ..LoadOptions::default()
            },
            3 => LoadOptions {
                encoding: Some(encoding_rs::WINDOWS_1256),
                ..LoadOptions::default()
            },
            4 => LoadOptions {
                encoding: Some(encoding_rs::UTF_16LE),
                ..LoadOptions::default()
            },
            5 => LoadOptions {
                encoding: Some(encoding_rs::UTF_16BE),
                ..LoadOptions::default()
            },
            _ => LoadOptions::default(),
        };
        let _ = load_bytes(bytes, &options);
    }
}

#[test]
fn forced_windows_1256_reads_whole_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases/B05_multiline_quoted_field.csv");
    let options = LoadOptions {
        encoding: Some(encoding_rs::WINDOWS_1256),
        ..LoadOptions::default()
    };
    let file = load_file(&path, &options).expect("loads");
    assert_eq!(file.encoding, "windows-1256");
    assert_eq!(codes(&file), ["C0501", "C0502", "C0503"]);
}

#[test]
fn unnamed_trailing_columns_may_be_missing() {
    let file = load_ok(b"code,name2,,\nC1,A\nC2,B,,\nC3\n");
    assert_eq!(codes(&file), ["C1", "C2"]);
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert_eq!(file.findings[0].line, 4);
    assert_eq!(
        file.findings[0].message,
        "1 field, expected 4: row not loaded"
    );
}

#[test]
fn empty_code_is_loaded_with_warning() {
    let file = load_ok(format!("{HEADER}\n ,A,0500000001,\n").as_bytes());
    assert_eq!(file.customers.len(), 1);
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert_eq!(file.findings[0].field.as_deref(), Some("code"));
    assert!(file.findings[0].message.contains("customer code is empty"));
}

/// Builds a file that is UTF-8 up to a Windows-1256 name placed after the first 64 KiB.
/// Returns the bytes and the line of the row with that name.
fn late_invalid_utf8() -> (Vec<u8>, u32) {
    let mut text = format!("{HEADER}\n");
    let mut line = 1;
    while text.len() < 70 * 1024 {
        line += 1;
        text.push_str(&format!("C{line},سارة أحمد,0500000001,\n"));
    }
    let mut bytes = text.into_bytes();
    line += 1;
    bytes.extend_from_slice(format!("C{line},").as_bytes());
    bytes.extend_from_slice(b"\xe4\xe6\xd1\xc9");
    bytes.extend_from_slice(b",0500000002,\nC999999,B,0500000003,\n");
    (bytes, line)
}

#[test]
fn invalid_utf8_after_head_is_windows_1256() {
    let (bytes, _) = late_invalid_utf8();
    let file = load_ok(&bytes);
    assert_eq!(file.encoding, "windows-1256");
    let file_level: Vec<_> = file.findings.iter().filter(|f| f.line == 0).collect();
    assert_eq!(file_level.len(), 1, "{:?}", file.findings);
    assert!(
        file_level[0].message.contains("not UTF-8"),
        "{}",
        file_level[0].message
    );
    let last = file.customers.len() - 2;
    assert_eq!(file.customers[last].cell(1), "نورة");
}

#[test]
fn forced_utf8_reports_lines_with_invalid_bytes() {
    let (bytes, invalid_line) = late_invalid_utf8();
    let options = LoadOptions {
        encoding: Some(encoding_rs::UTF_8),
        ..LoadOptions::default()
    };
    let file = load_bytes(&bytes, &options).expect("loads");
    assert_eq!(file.encoding, "UTF-8");
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    let finding = &file.findings[0];
    assert_eq!(finding.line, invalid_line);
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding.message.contains("not valid UTF-8"),
        "{}",
        finding.message
    );
    let last = file.customers.len() - 2;
    assert_eq!(file.customers[last].line(), invalid_line);
    assert_eq!(file.customers[last].cell(1), "\u{FFFD}".repeat(4));
}

#[test]
fn cr_only_line_ends_number_lines() {
    let text = "code,name2\rC1,A\r\rC2,\"x\ry\"\rC3,B\r";
    let file = load_ok(text.as_bytes());
    assert_eq!(codes(&file), ["C1", "C2", "C3"]);
    let lines: Vec<u32> = file.customers.iter().map(|c| c.line()).collect();
    assert_eq!(lines, [2, 4, 6]);
    assert_eq!(file.customers[1].cell(1), "x\ny");
    assert_eq!(file.customers[2].cell(1), "B");
}

#[test]
fn lone_cr_after_head_ends_a_line() {
    let mut text = format!("{HEADER}\n");
    for row in 0..3000 {
        text.push_str(&format!("C{row},Name {row},0500000001,\n"));
    }
    text.push_str("D1,A,0500000002,\rD2,B,0500000003,\n");
    let file = load_ok(text.as_bytes());
    let tail: Vec<(&str, u32)> = file.customers[3000..]
        .iter()
        .map(|c| (c.code(&file.columns), c.line()))
        .collect();
    assert_eq!(tail, [("D1", 3002), ("D2", 3003)]);
}
