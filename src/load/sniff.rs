//! Guessing the delimiter from the header line.

/// Delimiters tried, in the order that wins a tie.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter that splits the header line into the most cells.
///
/// The header line is the first line that is not blank and not an ERP `//` banner. Quoted
/// text is skipped, so the comma in `"Ibrahim, Youssef"` does not count. Returns a comma when no
/// candidate occurs, as for a file with a single column.
pub fn delimiter(text: &str) -> u8 {
    let line = header_line(text);
    let mut best = (0, b',');
    for candidate in CANDIDATES {
        let count = count_outside_quotes(line, candidate);
        if count > best.0 {
            best = (count, candidate);
        }
    }
    best.1
}

fn header_line(text: &str) -> &str {
    let mut rest = text;
    loop {
        let (line, next) = split_line(rest);
        let trimmed = line.trim_start_matches('\u{FEFF}').trim();
        let banner = trimmed.starts_with("//");
        if (!trimmed.is_empty() && !banner) || next.is_empty() {
            return line;
        }
        rest = next;
    }
}

/// Splits off the first line, keeping line breaks inside quotes.
fn split_line(text: &str) -> (&str, &str) {
    let mut quoted = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            // A lone `\r` ends a line in classic Mac OS files.
            b'\n' | b'\r' if !quoted => return (&text[..index], &text[index + 1..]),
            _ => {}
        }
    }
    (text, "")
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_header_delimiter() {
        assert_eq!(delimiter("code;name2;mobile\r\nC1;\"A, B\";05\r\n"), b';');
        assert_eq!(delimiter("code\tname\n"), b'\t');
        assert_eq!(delimiter("code|name\n"), b'|');
        assert_eq!(delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(delimiter("code\n"), b',');
    }

    #[test]
    fn skips_banner_rows() {
        let text = "//Customer Export;;;\n//,x,y\n:-record:Customer,code,name1\n";
        assert_eq!(delimiter(text), b',');
    }
}
