//! Birth dates in the API's `yyyy-MM-dd` form.

use jiff::civil::Date;

use super::Normalized;
use super::text::{excerpt, fold_digits, strip_invisible};
use crate::config::DateOrder;

/// Earliest year accepted as a birth year; older values are typing errors.
const MIN_YEAR: i16 = 1900;

/// Excel's day 0 for serial dates (the 1900 date system, with its leap-year bug folded in).
const EXCEL_EPOCH: Date = jiff::civil::date(1899, 12, 30);

/// Normalises a birth date, judging "future" against today's date in the local time zone.
pub fn normalize(raw: &str, order: DateOrder) -> Normalized {
    normalize_on(raw, order, jiff::Zoned::now().date())
}

/// Normalises a birth date as on the day `today`.
///
/// Accepted forms: `dd-MM-yyyy`, `dd/MM/yyyy`, `dd.MM.yyyy` (month first with
/// [`DateOrder::MonthFirst`] when both numbers are 12 or less), `yyyy-MM-dd`, `yyyy/MM/dd`,
/// `dd-MMM-yyyy` with an English month name, a trailing time of day, and Excel serial day
/// numbers with an optional time fraction.
pub fn normalize_on(raw: &str, order: DateOrder, today: Date) -> Normalized {
    let value = strip_invisible(raw);
    let value = fold_digits(value.trim());
    let value = value.as_ref();
    if value.is_empty() {
        return Normalized::Empty;
    }
    let quoted = excerpt(value);
    let Some(date) = parse(value, order) else {
        return Normalized::Rejected(format!("'{quoted}' is not a date"));
    };
    let date = match date {
        Ok(date) => date,
        Err(reason) => return Normalized::Rejected(format!("'{quoted}' {reason}")),
    };
    if date > today {
        return Normalized::Rejected(format!("'{quoted}' is in the future"));
    }
    if date.year() < MIN_YEAR {
        return Normalized::Rejected(format!("'{quoted}' is before {MIN_YEAR}"));
    }
    Normalized::Valid(date.strftime("%Y-%m-%d").to_string())
}

/// Returns `None` when the text has no date shape, and `Err` when it has one but names a day
/// that does not exist.
fn parse(value: &str, order: DateOrder) -> Option<Result<Date, &'static str>> {
    if let Some(serial) = excel_serial(value) {
        return Some(serial);
    }
    // A time of day after the date, as in `1990-05-14 00:00:00` or `1990-05-14T00:00`.
    let date_part = value.split([' ', 'T']).next().unwrap_or(value);
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if let Some(month) = month_name(b) {
        // Excel's `14-May-1990` display format: the day always comes first.
        if c.len() != 4 {
            return None;
        }
        let date = Date::new(
            i16::try_from(number(c)?).ok()?,
            month,
            i8::try_from(number(a)?).ok()?,
        );
        return Some(date.map_err(|_| "is not a real date"));
    }

    let numbers = [number(a)?, number(b)?, number(c)?];
    let (year, month, day) = if a.len() == 4 {
        (numbers[0], numbers[1], numbers[2])
    } else if c.len() == 4 {
        day_month_year(numbers, order)
    } else {
        return None;
    };

    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Some(Date::new(year, month, day).map_err(|_| "is not a real date"))
}

fn day_month_year(numbers: [u32; 3], order: DateOrder) -> (u32, u32, u32) {
    let [first, second, year] = numbers;
    let month_first = match order {
        DateOrder::DayFirst => first <= 12 && second > 12,
        DateOrder::MonthFirst => !(second <= 12 && first > 12),
    };
    if month_first {
        (year, first, second)
    } else {
        (year, second, first)
    }
}

/// Returns the month number of an English month name or its three-letter abbreviation.
fn month_name(text: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let text = text.to_ascii_lowercase();
    if text.len() < 3 {
        return None;
    }
    let index = MONTHS
        .iter()
        .position(|month| *month == text || (text.len() == 3 && month.starts_with(&text)))?;
    i8::try_from(index + 1).ok()
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads an Excel serial day number such as `31943` or `36526.75` (time part dropped).
fn excel_serial(value: &str) -> Option<Result<Date, &'static str>> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // Exactly five digits: day 10000 is 1927-05-18 and day 99999 is in 2173, while a
    // four-digit number is far more likely a bare year than a date before 1927.
    if !plain(whole) || !plain(fraction) || whole.len() != 5 {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    let date = EXCEL_EPOCH
        .checked_add(jiff::Span::new().days(days))
        .map_err(|_| "is not a real date");
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 12, 4);

    fn day_first(raw: &str) -> Normalized {
        normalize_on(raw, DateOrder::DayFirst, TODAY)
    }

    fn ok(value: &str) -> Normalized {
        Normalized::Valid(value.to_string())
    }

    #[test]
    fn written_forms() {
        assert_eq!(day_first("19-08-1993"), ok("1993-08-19"));
        assert_eq!(day_first("03/04/1990"), ok("1990-04-03"));
        assert_eq!(day_first("04/13/1990"), ok("1990-04-13"));
        assert_eq!(day_first("1990-05-14"), ok("1990-05-14"));
        assert_eq!(day_first("1990/05/14"), ok("1990-05-14"));
        assert_eq!(day_first("1990-05-14 00:00:00"), ok("1990-05-14"));
        assert_eq!(day_first("١٩-٠٨-١٩٩٣"), ok("1993-08-19"));
        assert_eq!(day_first("14-May-1990"), ok("1990-05-14"));
        assert_eq!(day_first("03-SEP-1985"), ok("1985-09-03"));
        assert_eq!(day_first("3/september/1985"), ok("1985-09-03"));
    }

    #[test]
    fn month_first_order() {
        let date = normalize_on("03/04/1990", DateOrder::MonthFirst, TODAY);
        assert_eq!(date, ok("1990-03-04"));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(day_first("31943"), ok("1987-06-15"));
        assert_eq!(day_first("29192"), ok("1979-12-03"));
        assert_eq!(day_first("36526.75"), ok("2000-01-01"));
    }

    #[test]
    fn impossible_future_and_junk_rejected() {
        for raw in [
            "31-02-1990",
            "2030-01-01",
            "1850-01-01",
            "soon",
            "12-12",
            "99999",
            "1990",
        ] {
            assert!(matches!(day_first(raw), Normalized::Rejected(_)), "{raw}");
        }
        assert_eq!(day_first(""), Normalized::Empty);
    }
}
