//! Gzip and character decoding of raw file bytes.

use std::io::Read;
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use flate2::read::MultiGzDecoder;

use super::{IntakeError, MAX_BYTES};

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const UTF8_BOM: &[u8] = &[0xef, 0xbb, 0xbf];
const UTF16LE_BOM: &[u8] = &[0xff, 0xfe];
const UTF16BE_BOM: &[u8] = &[0xfe, 0xff];
/// How far into the file to look for NUL bytes.
const BINARY_WINDOW: usize = 8192;

/// Whether the bytes start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(GZIP_MAGIC)
}

/// Decompresses gzip data (all members), refusing more than `MAX_BYTES` of output.
pub(crate) fn gunzip(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, IntakeError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(MAX_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|err| IntakeError::Gzip {
            path: path.to_path_buf(),
            message: err.to_string(),
        })?;
    if out.len() as u64 > MAX_BYTES {
        return Err(IntakeError::TooLarge {
            path: path.to_path_buf(),
            bytes: out.len() as u64,
        });
    }
    Ok(out)
}

/// Decodes file bytes to text; returns the text (without BOM) and the encoding name.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<(String, String), IntakeError> {
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return Ok(decode_with(UTF_16LE, rest, "UTF-16LE (BOM)"));
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return Ok(decode_with(UTF_16BE, rest, "UTF-16BE (BOM)"));
    }
    let window = &bytes[..bytes.len().min(BINARY_WINDOW)];
    if let Some(offset) = window.iter().position(|&byte| byte == 0) {
        return match utf16_without_bom(window) {
            Some(encoding) => Ok(decode_with(
                encoding,
                bytes,
                &format!("{} (detected, no BOM)", encoding.name()),
            )),
            None => Err(IntakeError::Binary {
                path: path.to_path_buf(),
                offset,
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(decode_with(UTF_8, rest, "UTF-8 (BOM)"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8".to_string()));
    }
    if mostly_utf8(bytes) {
        return Ok(decode_with(UTF_8, bytes, "UTF-8"));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Allow);
    Ok(decode_with(
        encoding,
        bytes,
        &format!("{} (detected)", encoding.name()),
    ))
}

/// Like [`decode`], for an HTML page: when the bytes have no BOM and are
/// not UTF-8, the charset its `<meta>` declares (in the first 1024 bytes)
/// wins over detection.
pub(crate) fn decode_html(path: &Path, bytes: &[u8]) -> Result<(String, String), IntakeError> {
    let plain = [UTF8_BOM, UTF16LE_BOM, UTF16BE_BOM]
        .iter()
        .all(|bom| !bytes.starts_with(bom));
    if plain
        && std::str::from_utf8(bytes).is_err()
        && let Some(encoding) = meta_charset(&bytes[..bytes.len().min(1024)])
        && encoding != UTF_8
        && encoding != UTF_16LE
        && encoding != UTF_16BE
        && !bytes[..bytes.len().min(BINARY_WINDOW)].contains(&0)
    {
        return Ok(decode_with(
            encoding,
            bytes,
            &format!("{} (meta charset)", encoding.name()),
        ));
    }
    decode(path, bytes)
}

/// The encoding named by `charset=` in a `<meta>` tag, if any.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let value = &tag[c + b"charset=".len()..];
            let value: Vec<u8> = value
                .iter()
                .copied()
                .skip_while(|b| *b == b'"' || *b == b'\'' || b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            return Encoding::for_label(&value);
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// UTF-8 with a few bad bytes (a damaged file) rather than a legacy
/// encoding: more valid multi-byte characters than invalid bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > invalid
}

/// UTF-16 without a BOM: NUL bytes in nearly every other byte, on one side.
fn utf16_without_bom(window: &[u8]) -> Option<&'static Encoding> {
    let pairs = window.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        window
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 4 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes with a known encoding; malformed sequences become U+FFFD, and
/// the encoding name then says how many.
fn decode_with(encoding: &'static Encoding, bytes: &[u8], name: &str) -> (String, String) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let name = if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        format!("{name}, {bad} invalid sequences shown as \u{FFFD}")
    } else {
        name.to_string()
    };
    (text.into_owned(), name)
}
