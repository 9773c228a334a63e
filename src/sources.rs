//! Media sources: outlets credited with a report ("Sputnik reports", "(AFP)", "according to Reuters") and
//! credit lines ("Source: Sputnik", "Picture: AiF"). An outlet that is only addressed ("told CNN") or
//! owns a role ("the BBC's editor") is not a source.

use crate::lexicon as lx;
use crate::model::SourceKind;
use crate::quotes::tokens::{Kind, Tokens};

/// A source found in the text, with token and byte ranges.
#[derive(Debug, Clone)]
pub struct Found {
    /// Byte span of the whole attribution.
    pub s: usize,
    pub e: usize,
    pub outlet: String,
    pub kind: SourceKind,
    /// Tokens of the attribution (its verb is then no speech cue).
    pub toks: (usize, usize),
}

/// Verbs with which an outlet credits itself with a report.
const REPORT_VERBS: &[&str] =
    &["reports", "reported", "reporting", "writes", "wrote", "said", "says", "quoted", "cited"];
/// Labels of credit lines.
const CREDIT_LABELS: &[&str] = &[
    "source",
    "sources",
    "picture",
    "pictures",
    "photo",
    "photos",
    "image",
    "images",
    "credit",
    "photograph",
    "video",
    "via",
];

/// Whether token `k` labels a credit line ("Source:", "Picture:").
pub fn is_credit_label(tk: &Tokens, k: usize) -> bool {
    CREDIT_LABELS.iter().any(|l| tk.is(k, l))
}

/// The number of tokens of the media outlet starting at token `k`, if one does.
pub fn outlet_at(tk: &Tokens, k: usize) -> Option<usize> {
    if !tk.has(k, lx::MEDIA_FIRST) || !(tk.cap(k) || tk.is(k, "the")) {
        return None;
    }
    let lex = lx::get();
    let mut best = None;
    for m in lex.media_starting(tk.str(k)) {
        let fits = m.iter().enumerate().all(|(i, w)| tk.str(k + i).eq_ignore_ascii_case(w) && tk.is_word(k + i));
        if fits && best.is_none_or(|b| m.len() > b) {
            best = Some(m.len());
        }
    }
    // The outlet must end there: "RT reports", not "RT-Something".
    best.filter(|&l| l > 0 && !(tk.is_word(k + l) && tk.cap(k + l) && !tk.has(k + l, lx::NONNAME)))
}

fn span(tk: &Tokens, a: usize, b: usize) -> (usize, usize) {
    (tk.get(a).map_or(0, |t| t.s), tk.get(b.saturating_sub(1)).map_or(0, |t| t.e))
}

/// Finds the sources of a text, in text order.
pub fn find(tk: &Tokens) -> Vec<Found> {
    let mut out = Vec::new();
    let n = tk.len();
    let mut k = 0;
    while k < n {
        // "Source: Sputnik", "Picture: AiF" — a credit line.
        if tk.cap(k) && tk.str(k + 1) == ":" && tk.sentence_initial(k) && is_credit_label(tk, k) {
            let a = k + 2;
            let mut b = a;
            while tk.is_word(b)
                && tk.sent(b) == tk.sent(a)
                && b - a < 6
                && tk.get(b).map(|t| t.para) == tk.get(k).map(|t| t.para)
            {
                b += 1;
            }
            if b > a && tk.cap(a) {
                let (s, e) = span(tk, k, b);
                let outlet = tk.text_of(a, b).to_string();
                out.push(Found { s, e, outlet, kind: SourceKind::Credit, toks: (k, b) });
                k = b;
                continue;
            }
        }
        if tk.kind(k) == Some(Kind::Word) && tk.quote(k).is_none() {
            if let Some(len) = outlet_at(tk, k) {
                let outlet = tk.text_of(k, k + len).to_string();
                let prev = k.checked_sub(1);
                // "(AFP)"
                if prev.is_some_and(|p| tk.str(p) == "(") && tk.str(k + len) == ")" {
                    let (s, e) = span(tk, k - 1, k + len + 1);
                    out.push(Found { s, e, outlet, kind: SourceKind::Report, toks: (k, k + len) });
                    k += len + 1;
                    continue;
                }
                // "according to Reuters"
                if k >= 2 && tk.is(k - 1, "to") && tk.is(k - 2, "according") {
                    let (s, e) = span(tk, k - 2, k + len);
                    out.push(Found { s, e, outlet, kind: SourceKind::Report, toks: (k - 2, k + len) });
                    k += len;
                    continue;
                }
                // "Sputnik reports" — the outlet as the subject of a reporting verb, not an addressee.
                let addressed = prev.is_some_and(|p| tk.has(p, lx::TELL) || tk.has(p, lx::PREP));
                let possessor = crate::quotes::tokens::is_poss(tk.str(k + len));
                if !addressed && !possessor && REPORT_VERBS.iter().any(|v| tk.is(k + len, v)) {
                    let (s, e) = span(tk, k, k + len + 1);
                    out.push(Found { s, e, outlet, kind: SourceKind::Report, toks: (k, k + len + 1) });
                    k += len + 1;
                    continue;
                }
                k += len;
                continue;
            }
        }
        k += 1;
    }
    out
}
