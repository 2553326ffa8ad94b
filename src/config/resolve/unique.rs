//! Checks that no two tables share an ID or a code, and that no digit-only code equals
//! another table's ID, so `--reward-config` always names one table.

use std::collections::HashMap;

use toml::Spanned;

use super::super::error::position;
use super::super::raw::RawRewardConfig;
use super::Resolver;

impl Resolver<'_> {
    pub(super) fn check_unique(&mut self, tables: &[Spanned<RawRewardConfig>]) {
        let mut ids: HashMap<i64, usize> = HashMap::new();
        let mut codes: HashMap<String, usize> = HashMap::new();
        for table in tables {
            let raw = table.get_ref();
            let code = raw.code.get_ref().trim().to_string();
            self.current = Some(code.clone());

            let id = *raw.id.get_ref();
            let id_line = position(self.text, raw.id.span().start).0;
            if let Some(first) = ids.insert(id, id_line) {
                let message = format!("id {id} is already used by the table on line {first}");
                self.push(raw.id.span(), Some("id"), message);
            }

            let code_line = position(self.text, raw.code.span().start).0;
            if let Some(first) = codes.insert(code.to_lowercase(), code_line) {
                let message = format!(
                    "code `{code}` is already used by the table on line {first} \
                     (codes are compared without regard to case)"
                );
                self.push(raw.code.span(), Some("code"), message);
            }
        }
        self.check_code_not_other_id(tables);
        self.current = None;
    }

    /// Rejects a code made of digits that equals another table's ID, because
    /// `--reward-config` could not tell the two apart.
    fn check_code_not_other_id(&mut self, tables: &[Spanned<RawRewardConfig>]) {
        for table in tables {
            let raw = table.get_ref();
            let Ok(as_id) = raw.code.get_ref().trim().parse::<i64>() else {
                continue;
            };
            let clash = tables
                .iter()
                .any(|other| *other.get_ref().id.get_ref() == as_id && *raw.id.get_ref() != as_id);
            if clash {
                self.current = Some(raw.code.get_ref().trim().to_string());
                let message = format!(
                    "code `{as_id}` equals the id of another reward config, so \
                     --reward-config {as_id} would be ambiguous; use a code with letters"
                );
                self.push(raw.code.span(), Some("code"), message);
            }
        }
    }
}
