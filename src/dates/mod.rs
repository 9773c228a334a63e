//! Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) found in running text and normalised
//! against the publication date.

use crate::model::DateExpr;
use crate::offsets::CpIndex;
use chrono::NaiveDate;

/// Finds the temporal expressions of `idx.text()`, in text order, with ids `d1…`.
pub fn find(idx: &CpIndex, published: Option<NaiveDate>) -> Vec<DateExpr> {
    let _ = (idx, published);
    Vec::new()
}
