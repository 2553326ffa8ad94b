//! Matching header cells to customer fields.
//!
//! Headers are compared after [`fold_key`]: case, spaces, `_`, `-`, invisible marks and
//! Arabic spelling variants do not matter, so `First Name`, `firstName` and `FIRST_NAME`
//! are one spelling.

use std::collections::BTreeMap;

use crate::customer::{Columns, Field, Finding, Severity};
use crate::normalize::text::{excerpt, fold_key};

/// Known spellings of each field: the ERP's field ids and database columns, English labels
/// and the ERP's Arabic labels.
const SPELLINGS: &[(Field, &[&str])] = &[
    (
        Field::Code,
        &[
            "code",
            "customer code",
            "customercode",
            "الكود",
            "كود",
            "كود العميل",
        ],
    ),
    (Field::Name1, &["name1", "arabic name", "الاسم العربي"]),
    (
        Field::Name2,
        &["name2", "english name", "الاسم الإنجليزي", "الاسم الانكليزي"],
    ),
    (
        Field::First,
        &[
            "firstName",
            "first",
            "first name",
            "given name",
            "الاسم الأول",
        ],
    ),
    (
        Field::Last,
        &[
            "lastName",
            "last",
            "last name",
            "surname",
            "family name",
            "اسم العائلة",
        ],
    ),
    (Field::Gender, &["gender", "sex", "النوع", "الجنس"]),
    (
        Field::BirthDate,
        &[
            "birthDate",
            "date of birth",
            "dob",
            "birthday",
            "birth date",
            "تاريخ الميلاد",
        ],
    ),
    (
        Field::Mobile,
        &[
            "mobile",
            "contactInfo.mobile",
            "phone",
            "mobile number",
            "phone number",
            "mobile no",
            "الموبايل",
            "الجوال",
            "الهاتف",
            "رقم الجوال",
        ],
    ),
    (
        Field::Email,
        &[
            "email",
            "contactInfo.email",
            "e-mail",
            "email address",
            "إيميل",
            "البريد الإلكتروني",
        ],
    ),
    (
        Field::Country,
        &[
            "country",
            "countryCode",
            "contactInfo.address.country",
            "addressCountry",
            "nationality",
            "الدولة",
            "الجنسية",
        ],
    ),
    (
        Field::Ref5,
        &["ref5", "ref5Code", "ref5#code", "مرجع 5", "مرجع5"],
    ),
];

/// Returns the field a header names, if it is a known spelling.
pub fn field_for(header: &str) -> Option<Field> {
    let key = fold_key(header);
    if key.is_empty() {
        return None;
    }
    SPELLINGS
        .iter()
        .find(|(_, spellings)| spellings.iter().any(|spelling| fold_key(spelling) == key))
        .map(|(field, _)| *field)
}

/// Maps each field to its column, honouring the config's `columns` overrides first.
///
/// A field named by two columns keeps the first; the second gets a warning on the header
/// line. An override naming a header the file lacks gets a warning and the usual spellings
/// are used instead.
pub fn map_columns(
    headers: Vec<String>,
    overrides: &BTreeMap<Field, String>,
    line: u32,
) -> (Columns, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut assigned: Vec<Option<Field>> = vec![None; headers.len()];

    for (field, override_header) in overrides {
        let override_key = fold_key(override_header);
        let found = headers
            .iter()
            .position(|header| fold_key(header) == override_key);
        match found {
            Some(index) => assigned[index] = Some(*field),
            None => findings.push(warning(
                line,
                None,
                format!(
                    "column '{}' set for {field} in the config is not in the header row: \
                     the usual header names are used for {field}",
                    excerpt(override_header)
                ),
            )),
        }
    }
    for (index, header) in headers.iter().enumerate() {
        if assigned[index].is_some() {
            continue;
        }
        let Some(field) = field_for(header) else {
            continue;
        };
        if !overrides.contains_key(&field) || !assigned.contains(&Some(field)) {
            assigned[index] = Some(field);
        }
    }

    let mut columns = Columns::new(Vec::new());
    for (index, field) in assigned.iter().enumerate() {
        let Some(field) = *field else { continue };
        match columns.get(field) {
            None => columns.set(field, index),
            Some(first) => findings.push(warning(
                line,
                headers
                    .get(index)
                    .map(|header| excerpt(header).into_owned()),
                format!(
                    "'{}' (column {}) and '{}' (column {}) both hold {field}: column {} is used, \
                     column {} ignored",
                    excerpt(headers.get(first).map(String::as_str).unwrap_or_default()),
                    first + 1,
                    excerpt(headers.get(index).map(String::as_str).unwrap_or_default()),
                    index + 1,
                    first + 1,
                    index + 1,
                ),
            )),
        }
    }
    columns.headers = headers;
    (columns, findings)
}

fn warning(line: u32, field: Option<String>, message: String) -> Finding {
    Finding {
        line,
        customer: None,
        field,
        severity: Severity::Warning,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match_fields() {
        let cases = [
            ("Code", Field::Code),
            ("الكود", Field::Code),
            ("First Name", Field::First),
            ("FIRSTNAME", Field::First),
            ("Date of Birth", Field::BirthDate),
            ("contactInfo.mobile", Field::Mobile),
            ("Phone", Field::Mobile),
            ("countryCode", Field::Country),
            ("ref5#code", Field::Ref5),
            ("مرجع 5", Field::Ref5),
            ("الاسم الإنجليزي", Field::Name2),
            ("إيميل", Field::Email),
        ];
        for (header, field) in cases {
            assert_eq!(field_for(header), Some(field), "{header}");
        }
        assert_eq!(field_for("ref5#type"), None);
        assert_eq!(field_for("@errors"), None);
    }

    #[test]
    fn duplicate_header_keeps_first() {
        let headers = ["code", "mobile", "email", "mobile"]
            .map(String::from)
            .to_vec();
        let (columns, findings) = map_columns(headers, &BTreeMap::new(), 1);
        assert_eq!(columns.get(Field::Mobile), Some(1));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].field.as_deref(), Some("mobile"));
        assert!(
            findings[0].message.contains("column 2"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0].message.contains("column 4"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn override_wins_over_spelling() {
        let headers = ["code", "mobile", "Cell"].map(String::from).to_vec();
        let overrides = BTreeMap::from([(Field::Mobile, "cell".to_string())]);
        let (columns, findings) = map_columns(headers, &overrides, 1);
        assert_eq!(columns.get(Field::Mobile), Some(2));
        assert!(findings.is_empty(), "{findings:?}");
    }
}
