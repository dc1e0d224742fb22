//! Days as the database keeps them: `YYYY-MM-DD` text on both engines, which sorts and
//! compares like the dates themselves. Callers speak [`NaiveDate`]; the text stays here.

use chrono::NaiveDate;

use crate::{Result, StoreError};

const FORMAT: &str = "%Y-%m-%d";

/// The stored text of a day.
pub(crate) fn text(day: NaiveDate) -> String {
    day.format(FORMAT).to_string()
}

/// A stored day read back.
pub(crate) fn parse(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, FORMAT)
        .map_err(|_| StoreError::Corrupt(format!("day {text:?}")))
}
