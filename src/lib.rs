//! # QuoteLens
//!
//! Who said what, and when: finds direct, partial and reported quotes in news text, attributes them to
//! their speakers, finds media-source attributions and normalises dates against the publication date.
//!
//! The crate is a pure core — no browser types — with two thin front ends on top:
//! - the WASM boundary (`wasm`, built for `wasm32`) that the browser extension calls, and
//! - the `quotelens` command line (feature `cli`) for files and corpora.
//!
//! ```
//! use quotelens::annotate::{annotate, Document};
//! let text = "“We will win,” Jane Doe said on Tuesday.";
//! let ann = annotate(&Document { text, published: None, lang: Some("en") });
//! assert!(ann.quotes.iter().all(|q| q.end <= text.chars().count()));
//! ```
#![forbid(unsafe_code)]

pub mod annotate;
pub mod article;
pub mod audit;
pub mod corrections;
pub mod dates;
pub mod doctext;
pub mod export;
pub mod invariants;
pub mod lexicon;
pub mod markup;
pub mod model;
pub mod offsets;
pub mod page;
pub mod published;
pub mod quotes;
pub mod record;
pub mod snapshot;
pub mod sources;
pub mod speakers;

#[cfg(feature = "cli")]
pub mod html;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
