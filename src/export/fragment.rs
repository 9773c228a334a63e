//! Deep links to a quote: URL text fragments (`#:~:text=start,end`), which Chromium and Firefox
//! scroll to and highlight.

/// Characters a text-fragment directive must escape besides the non-unreserved ones ('-', ',', '&').
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `url` without its fragment, plus a text directive for `quote` (its first and last few words when
/// long, since a directive must match the page text exactly and short ones are robust).
pub fn text_fragment_url(url: &str, quote: &str) -> String {
    let base = url.split('#').next().unwrap_or(url);
    let words: Vec<&str> = quote.split_whitespace().collect();
    let directive = if words.len() <= 8 {
        encode(&words.join(" "))
    } else {
        format!("{},{}", encode(&words[..4].join(" ")), encode(&words[words.len() - 4..].join(" ")))
    };
    format!("{base}#:~:text={directive}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_directive_syntax_and_drops_old_fragments() {
        assert_eq!(text_fragment_url("http://x/a#top", "yes, - & no"), "http://x/a#:~:text=yes%2C%20%2D%20%26%20no");
        let long = text_fragment_url("http://x/a", "one two three four five six seven eight nine");
        assert_eq!(long, "http://x/a#:~:text=one%20two%20three%20four,six%20seven%20eight%20nine");
    }
}
