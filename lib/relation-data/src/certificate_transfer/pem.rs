//! The PEM check of transferred certificates, which the library does not make: one
//! `CERTIFICATE` block of RFC 7468 (strict textual form, any line length), never parsed as
//! X.509.

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// Whether `text` is exactly one PEM `CERTIFICATE` block:
///
/// - `-----BEGIN CERTIFICATE-----`, a line break, base64 lines, a line break,
///   `-----END CERTIFICATE-----`; line breaks are `\n` or `\r\n`;
/// - ASCII white space (space, tab, `\n`, `\r`, form feed) allowed before and after the block,
///   nothing else: no explanatory text, no second block (a bundle), no headers;
/// - the base64 lines hold only `A-Z a-z 0-9 + /`, with `=` padding at the very end only; no
///   white space or empty lines inside; the whole is a non-empty multiple of 4 characters.
///
/// The DER inside is not decoded: whether it is an X.509 certificate is not checked.
pub fn is_certificate_pem(text: &str) -> bool {
    let block = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let Some(inner) = block
        .strip_prefix(BEGIN)
        .and_then(|rest| rest.strip_suffix(END))
    else {
        return false;
    };
    let Some(inner) = inner
        .strip_prefix("\r\n")
        .or_else(|| inner.strip_prefix('\n'))
    else {
        return false;
    };
    let Some(body) = inner.strip_suffix('\n') else {
        return false;
    };
    let body = body.strip_suffix('\r').unwrap_or(body);
    let mut base64 = Vec::with_capacity(body.len());
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            return false;
        }
        base64.extend_from_slice(line.as_bytes());
    }
    is_base64(&base64)
}

/// Padded standard base64: alphabet characters, then at most two `=`, length a multiple of 4.
fn is_base64(text: &[u8]) -> bool {
    if text.is_empty() || !text.len().is_multiple_of(4) {
        return false;
    }
    let data = text.strip_suffix(b"==").or_else(|| text.strip_suffix(b"="));
    let data = data.unwrap_or(text);
    data.iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

#[cfg(test)]
mod tests {
    use super::is_certificate_pem;

    const BODY: &str =
        "MIIBVzCB/aADAgECAgID6TAKBggqhkjOPQQDAjApMScwJQYDVQQDDB5jZXJ0aWZp\nBk9edm/er4Zcp1o=";

    fn pem(body: &str) -> String {
        format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----")
    }

    #[test]
    fn accepts_one_block_with_surrounding_white_space_and_crlf() {
        for text in [
            pem(BODY),
            format!("{}\n", pem(BODY)),
            format!(" \t\r\n{}\n\n", pem(BODY)),
            pem(BODY).replace('\n', "\r\n"),
            pem("AAAA"),
            pem("AA=="),
            pem("AAA="),
            pem("AAAA\nAAAA\nAA=="),
            // Lines need not be 64 characters long.
            pem("A\nAAA"),
        ] {
            assert!(is_certificate_pem(&text), "{text:?}");
        }
    }

    #[test]
    fn rejects_anything_else() {
        let two = format!("{}\n{}", pem(BODY), pem(BODY));
        for text in [
            String::new(),
            "x".to_owned(),
            BODY.to_owned(),
            pem(""),
            pem("AAA"),
            pem("AAAA\n\nAAAA"),
            pem("AA AA"),
            pem("AA\tAA"),
            pem("A=AA"),
            pem("A==="),
            pem("AA=A"),
            pem("AAAA\u{e9}"),
            pem("AAAA\rAAAA"),
            pem(BODY).replace("CERTIFICATE", "CERTIFICATE REQUEST"),
            pem(BODY).replace("-----END CERTIFICATE-----", "-----END X509 CRL-----"),
            format!("-----BEGIN CERTIFICATE-----{BODY}\n-----END CERTIFICATE-----"),
            format!("-----BEGIN CERTIFICATE-----\n{BODY}-----END CERTIFICATE-----"),
            format!("Subject: CN=x\n{}", pem(BODY)),
            format!("{}\ntrailer", pem(BODY)),
            format!("\u{a0}{}", pem(BODY)),
            two,
            pem(&format!("Proc-Type: 4,ENCRYPTED\n\n{BODY}")),
        ] {
            assert!(!is_certificate_pem(&text), "{text:?}");
        }
    }
}
