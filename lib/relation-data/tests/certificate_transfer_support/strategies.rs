//! proptest strategies for `certificate_transfer`: PEM certificates in every framing the
//! reader accepts (line widths, CRLF, padding, white space around), sets of them, and any
//! text (what the library itself carries without a look).

use std::collections::BTreeSet;

use proptest::collection::{btree_set, vec};
use proptest::prelude::*;
use proptest::sample::select;

use super::recorded::ca;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 text: 1 to 40 groups of four, the last one possibly padded.
fn base64() -> impl Strategy<Value = String> {
    (vec(select(ALPHABET), 4..160), 0..3usize).prop_map(|(chars, padding)| {
        let mut text: Vec<u8> = chars[..chars.len() / 4 * 4].to_vec();
        let len = text.len();
        text[len - padding..].fill(b'=');
        String::from_utf8(text).expect("ASCII")
    })
}

/// One PEM `CERTIFICATE` block the reader accepts; sometimes one of the recorded test CAs.
pub fn pem() -> impl Strategy<Value = String> {
    let made = (
        base64(),
        1..80usize,
        any::<bool>(),
        select(&["", "\n", "\r\n", " \n", "\n\n"][..]),
        select(&["", "\n", " \t"][..]),
    )
        .prop_map(|(body, width, crlf, after, before)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let lines: Vec<&str> = body
                .as_bytes()
                .chunks(width)
                .map(|line| std::str::from_utf8(line).expect("ASCII"))
                .collect();
            format!(
                "{before}-----BEGIN CERTIFICATE-----{eol}{}{eol}-----END CERTIFICATE-----{after}",
                lines.join(eol)
            )
        });
    prop_oneof![4 => made, 1 => (1..=3u32).prop_map(ca)]
}

/// A set of 0 to 4 certificates.
pub fn certificates() -> impl Strategy<Value = BTreeSet<String>> {
    btree_set(pem(), 0..5)
}

/// A non-empty set of certificates.
pub fn some_certificates() -> impl Strategy<Value = BTreeSet<String>> {
    btree_set(pem(), 1..5)
}

/// Any text (control, non-ASCII and astral characters included), as the library carries.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => pem(),
        1 => "[a-z =/+-]{0,12}",
        1 => vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect()),
    ]
}

/// A PEM certificate broken in one way the reader must refuse: junk inserted among its base64
/// lines (line breaks next to them included).
pub fn broken_pem() -> impl Strategy<Value = String> {
    let junk = select(&["\u{e9}", " ", "\t", "-", "*", ".", "\n\n", "=="][..]);
    (pem(), junk, any::<prop::sample::Index>()).prop_map(|(pem, junk, at)| {
        let begin = pem.find(BEGIN).expect("a PEM block") + BEGIN.len();
        let begin = begin
            + if pem[begin..].starts_with("\r\n") {
                2
            } else {
                1
            };
        let end = pem.rfind(END).expect("a PEM block");
        let end = end - if pem[..end].ends_with("\r\n") { 2 } else { 1 };
        let at = begin + at.index(end - begin + 1);
        format!("{}{junk}{}", &pem[..at], &pem[at..])
    })
}

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";
