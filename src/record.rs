//! One JSONL batch record, `{"id", "text", "published"}` (Contract 1). Parsing lives in the core so the
//! fuzzers and the CLI exercise the same code, and every malformed line gets a precise message.

use chrono::NaiveDate;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `None` when the line has no id (the caller names it by its place).
    pub id: Option<String>,
    pub text: String,
    /// The publication date; explicit `null` or absence mean unknown.
    pub published: Option<NaiveDate>,
}

/// Parses one line; `Err` is a human-readable reason.
pub fn parse_record(line: &str) -> Result<Record, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut obj) = v else { return Err("expected a JSON object".into()) };
    let Some(Value::String(text)) = obj.remove("text") else { return Err("missing string field \"text\"".into()) };
    let id = match obj.remove("id") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        None | Some(Value::Null) => None,
        Some(_) => return Err("\"id\" must be a string or number".into()),
    };
    let published = match obj.remove("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(crate::published::parse_date_prefix(&s).ok_or_else(|| format!("\"published\" is not a date: {s:?}"))?)
        }
        Some(_) => return Err("\"published\" must be a YYYY-MM-DD string or null".into()),
    };
    Ok(Record { id, text, published })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_precisely() {
        let r = parse_record(r#"{"id":7,"text":"a","published":"2021-12-21T10:00:00+03:00"}"#).expect("valid");
        assert_eq!(
            (r.id.as_deref(), r.text.as_str(), r.published),
            (Some("7"), "a", NaiveDate::from_ymd_opt(2021, 12, 21))
        );
        assert_eq!(parse_record(r#"{"text":"a","published":null}"#).map(|r| r.id), Ok(None));
        assert!(parse_record("[1]").unwrap_err().contains("object"));
        assert!(parse_record(r#"{"text":1}"#).unwrap_err().contains("text"));
        assert!(parse_record(r#"{"text":"a","id":[]}"#).unwrap_err().contains("id"));
        assert!(parse_record(r#"{"text":"a","published":"soon"}"#).unwrap_err().contains("not a date"));
        assert!(parse_record(r#"{"text":"a","published":5}"#).unwrap_err().contains("YYYY-MM-DD"));
    }
}
