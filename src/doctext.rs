//! The document text: the article's blocks with white space collapsed as CSS `white-space: normal`
//! renders it, `<br>` as `\n`, blocks joined by `\n\n`. Every offset the engine reports counts in it, so
//! the CLI and the extension must build it with this one function.
//!
//! Alongside the text we keep a run map back to the snapshot's text nodes, so the markup plan can name
//! UTF-16 ranges of the very nodes the content script holds.

use crate::snapshot::Snapshot;

/// A run of document text that copies one text node character for character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Byte offset of the run in the document text.
    pub doc_start: usize,
    /// Byte length of the run (the same text sits in the node).
    pub len: usize,
    /// Index of the node among all the snapshot's text nodes (the `<br>` entries not counted).
    pub node: u32,
    /// UTF-16 offset of the run in the node's data.
    pub node_start16: u32,
    /// UTF-16 length of the run, kept so that extending a run costs O(1), not a rescan of it.
    pub len16: u32,
}

#[derive(Debug, Clone, Default)]
pub struct DocText {
    pub text: String,
    /// Runs in document order; a collapsed white-space run maps to its first character only.
    pub runs: Vec<Run>,
}

fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

impl DocText {
    /// Builds the document text of the blocks `selected` (indices into `snapshot.blocks`, ascending).
    pub fn build(snapshot: &Snapshot, selected: &[usize]) -> DocText {
        let mut out = DocText::default();
        // Global index of each block's first text node.
        let mut first_node = Vec::with_capacity(snapshot.blocks.len());
        let mut n = 0u32;
        for b in &snapshot.blocks {
            first_node.push(n);
            n += b.nodes.iter().filter(|x| x.is_some()).count() as u32;
        }
        for &bi in selected {
            let Some(block) = snapshot.blocks.get(bi) else { continue };
            let block_start = out.text.len();
            let runs_start = out.runs.len();
            if block_start > 0 {
                out.text.push_str("\n\n");
            }
            let content_start = out.text.len();
            let mut node = first_node[bi];
            // Pending collapsed space: emitted only if followed by visible text on the same line.
            let mut pending: Option<(u32, u32)> = None;
            for item in &block.nodes {
                let Some(data) = item else {
                    // <br>: a line break swallows the spaces around it.
                    pending = None;
                    trim_trailing_space(&mut out, content_start);
                    out.text.push('\n');
                    continue;
                };
                let mut off16 = 0u32;
                for c in data.chars() {
                    let w = c.len_utf16() as u32;
                    if !block.pre && is_collapsible(c) {
                        let at_line_start = out.text.len() == content_start || out.text.ends_with('\n');
                        if pending.is_none() && !at_line_start && !out.text.ends_with(' ') {
                            pending = Some((node, off16));
                        }
                    } else {
                        if let Some((pn, p16)) = pending.take() {
                            out.push_mapped(' ', pn, p16);
                        }
                        out.push_mapped(c, node, off16);
                    }
                    off16 += w;
                }
                node += 1;
            }
            trim_trailing_space(&mut out, content_start);
            if out.text.len() == content_start {
                // An empty block adds nothing, not even its separator.
                out.text.truncate(block_start);
                out.runs.truncate(runs_start);
            }
        }
        out
    }

    fn push_mapped(&mut self, c: char, node: u32, off16: u32) {
        let at = self.text.len();
        self.text.push(c);
        let len = c.len_utf8();
        let len16 = c.len_utf16() as u32;
        if let Some(last) = self.runs.last_mut() {
            if last.node == node && last.doc_start + last.len == at && last.node_start16 + last.len16 == off16 {
                last.len += len;
                last.len16 += len16;
                return;
            }
        }
        self.runs.push(Run { doc_start: at, len, node, node_start16: off16, len16 });
    }

    /// The node ranges `(node, start16, end16)` covering document bytes `[start, end)`, in order.
    /// Characters not backed by a node (block separators, `<br>`) are skipped.
    pub fn node_ranges(&self, start: usize, end: usize) -> Vec<(u32, u32, u32)> {
        let mut out: Vec<(u32, u32, u32)> = Vec::new();
        let first = self.runs.partition_point(|r| r.doc_start + r.len <= start);
        for r in &self.runs[first..] {
            if r.doc_start >= end {
                break;
            }
            let a = start.max(r.doc_start);
            let b = end.min(r.doc_start + r.len);
            if a >= b {
                continue;
            }
            let s16 = r.node_start16 + utf16_len(&self.text[r.doc_start..a]);
            let e16 = s16 + utf16_len(&self.text[a..b]);
            match out.last_mut() {
                Some(last) if last.0 == r.node && last.2 == s16 => last.2 = e16,
                _ => out.push((r.node, s16, e16)),
            }
        }
        out
    }
}

fn trim_trailing_space(out: &mut DocText, floor: usize) {
    while out.text.len() > floor && out.text.ends_with(' ') {
        let at = out.text.len() - 1;
        out.text.truncate(at);
        if let Some(last) = out.runs.last_mut() {
            if last.doc_start + last.len > at {
                last.len -= 1;
                if last.len == 0 {
                    out.runs.pop();
                }
            }
        }
    }
}

fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Block;

    fn snap(blocks: Vec<Vec<Option<&str>>>) -> Snapshot {
        Snapshot {
            blocks: blocks
                .into_iter()
                .map(|nodes| Block {
                    nodes: nodes.into_iter().map(|n| n.map(String::from)).collect(),
                    ..Block::default()
                })
                .collect(),
            ..Snapshot::default()
        }
    }

    #[test]
    fn collapses_white_space_across_nodes_and_joins_blocks() {
        let s = snap(vec![
            vec![Some("  Hello \n "), Some("  world "), None, Some(" next")],
            vec![Some(" \n ")],
            vec![Some("B")],
        ]);
        let d = DocText::build(&s, &[0, 1, 2]);
        assert_eq!(d.text, "Hello world\nnext\n\nB");
    }

    #[test]
    fn maps_ranges_back_to_utf16_node_offsets() {
        let s = snap(vec![vec![Some("a 😀  “b”"), Some(" c")]]);
        let d = DocText::build(&s, &[0]);
        assert_eq!(d.text, "a 😀 “b” c");
        let b = d.text.find('b').unwrap();
        assert_eq!(d.node_ranges(b, b + 1), vec![(0, 7, 8)]);
        let all = d.node_ranges(0, d.text.len());
        assert_eq!(all, vec![(0, 0, 5), (0, 6, 9), (1, 0, 2)]);
    }
}
