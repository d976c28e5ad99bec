//! Integration tests for article intake.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use marginalia::intake::*;
use tempfile::TempDir;

const WORLD: &str = "“Quoted” headline\nПривет, мир. 你好世界 🎉\n";

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn read(dir: &TempDir, name: &str, bytes: &[u8]) -> Article {
    read_article(&write(dir, name, bytes)).unwrap()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn utf8_without_bom() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "plain.txt", WORLD.as_bytes());
    assert_eq!(article.text, WORLD);
    assert_eq!(article.title, "“Quoted” headline");
    assert_eq!(article.encoding, "UTF-8");
    assert!(!article.gzipped);
}

#[test]
fn utf8_bom_is_removed() {
    let dir = TempDir::new().unwrap();
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend_from_slice(WORLD.as_bytes());
    let article = read(&dir, "bom.txt", &bytes);
    assert_eq!(article.text, WORLD);
    assert_eq!(article.title, "“Quoted” headline");
    assert_eq!(article.encoding, "UTF-8 (BOM)");
}

#[test]
fn utf16le_with_bom() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "le.txt", &utf16(WORLD, false));
    assert_eq!(article.text, WORLD);
    assert_eq!(article.title, "“Quoted” headline");
    assert_eq!(article.encoding, "UTF-16LE (BOM)");
}

#[test]
fn utf16be_with_bom() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "be.txt", &utf16(WORLD, true));
    assert_eq!(article.text, WORLD);
    assert_eq!(article.encoding, "UTF-16BE (BOM)");
}

#[test]
fn windows_1252_is_detected() {
    let dir = TempDir::new().unwrap();
    let text = "Le café du marché\r\nIl a dit : “Voilà, c’est très bien, \
                l’été est arrivé.” Elle a répondu « peut-être ».\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let article = read(&dir, "cafe.txt", &bytes);
    assert_eq!(article.text, text);
    assert_eq!(article.title, "Le café du marché");
    assert_eq!(article.encoding, "windows-1252 (detected)");
}

#[test]
fn crlf_is_kept() {
    let dir = TempDir::new().unwrap();
    let text = "  First line  \r\nsecond\r\n\r\nthird";
    let article = read(&dir, "crlf.txt", text.as_bytes());
    assert_eq!(article.text, text);
    assert!(article.text.contains("\r\n"));
    assert_eq!(article.title, "First line");
}

#[test]
fn txt_gz_is_read_transparently() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "story.txt.gz", &gzip(WORLD.as_bytes()));
    assert_eq!(article.text, WORLD);
    assert_eq!(article.encoding, "UTF-8");
    assert!(article.gzipped);
}

#[test]
fn md_gz_uses_the_markdown_reader() {
    let dir = TempDir::new().unwrap();
    let text = "\n## Heading here\n\nBody.\n";
    let article = read(&dir, "notes.MD.gz", &gzip(text.as_bytes()));
    assert_eq!(article.text, text);
    assert_eq!(article.title, "Heading here");
    assert!(article.gzipped);
}

#[test]
fn gzip_is_detected_without_gz_extension() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "story.txt", &gzip(WORLD.as_bytes()));
    assert_eq!(article.text, WORLD);
    assert!(article.gzipped);
}

#[test]
fn gzipped_utf16_is_decoded() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "wide.txt.gz", &gzip(&utf16(WORLD, false)));
    assert_eq!(article.text, WORLD);
    assert_eq!(article.encoding, "UTF-16LE (BOM)");
    assert!(article.gzipped);
}

#[test]
fn markdown_is_shown_unchanged() {
    let dir = TempDir::new().unwrap();
    let text = "# The *big* story\n\n- one\n- two\n";
    let article = read(&dir, "story.md", text.as_bytes());
    assert_eq!(article.text, text);
    assert_eq!(article.title, "The *big* story");
}

#[test]
fn plain_text_keeps_hashes_in_title() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "hash.txt", b"# not markdown\n");
    assert_eq!(article.title, "# not markdown");
}

#[test]
fn html_is_extracted_and_unknown_extensions_are_raw_text() {
    let dir = TempDir::new().unwrap();
    let html = "<html><head><title>Greeting page</title></head><body><p>Hi</p></body></html>\n";
    let article = read(&dir, "page.html", html.as_bytes());
    assert_eq!(article.text, "Greeting page\n\nHi");
    assert_eq!(article.title, "Greeting page");
    assert_eq!(
        article.meta.get("extractor").map(String::as_str),
        Some(marginalia::intake::html::EXTRACTOR)
    );
    let article = read(&dir, "page.weird", b"just words");
    assert_eq!(article.text, "just words");
    assert_eq!(article.title, "just words");
}

#[test]
fn empty_file_takes_title_from_stem() {
    let dir = TempDir::new().unwrap();
    let article = read(&dir, "Empty Story.txt.gz", &gzip(b""));
    assert_eq!(article.text, "");
    assert_eq!(article.title, "Empty Story");
    let article = read(&dir, "blank.md", b" \r\n#\n\t\n");
    assert_eq!(article.title, "blank");
}

#[test]
fn long_title_is_cut_to_120_chars() {
    let dir = TempDir::new().unwrap();
    let line = "é".repeat(200);
    let article = read(&dir, "long.txt", line.as_bytes());
    assert_eq!(article.title, "é".repeat(120));
    assert_eq!(article.text, line);
}

#[test]
fn binary_file_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut bytes = b"hello world!".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 3]);
    let path = write(&dir, "notes.bin", &bytes);
    let err = read_article(&path).unwrap_err();
    assert!(
        matches!(&err, IntakeError::Binary { path: p, offset: 12 } if *p == path),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("notes.bin"), "{message}");
    assert!(message.contains("NUL byte at byte 12"), "{message}");
}

#[test]
fn oversize_file_is_refused_by_its_size() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: takes no disk space. Far above the limit, so the reported size
    // only matches if it came from the metadata, not from reading.
    let size = MAX_BYTES * 50;
    File::create(&path).unwrap().set_len(size).unwrap();
    let err = read_article(&path).unwrap_err();
    assert!(
        matches!(&err, IntakeError::TooLarge { bytes, .. } if *bytes == size),
        "{err:?}"
    );
    assert!(err.to_string().contains("huge.txt"), "{err}");
}

#[test]
fn gzip_bomb_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..=MAX_BYTES / chunk.len() as u64 {
        encoder.write_all(&chunk).unwrap();
    }
    let path = write(&dir, "bomb.txt.gz", &encoder.finish().unwrap());
    let err = read_article(&path).unwrap_err();
    assert!(
        matches!(&err, IntakeError::TooLarge { bytes, .. } if *bytes > MAX_BYTES),
        "{err:?}"
    );
    assert!(err.to_string().contains("bomb.txt.gz"), "{err}");
}

#[test]
fn corrupt_gzip_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "broken.txt.gz", &[0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5]);
    let err = read_article(&path).unwrap_err();
    assert!(matches!(err, IntakeError::Gzip { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("broken.txt.gz"), "{message}");
    assert!(message.contains("gzip"), "{message}");
}

#[test]
fn truncated_gzip_is_refused() {
    let dir = TempDir::new().unwrap();
    let whole = gzip(WORLD.repeat(50).as_bytes());
    let path = write(&dir, "cut.txt.gz", &whole[..whole.len() / 2]);
    let err = read_article(&path).unwrap_err();
    assert!(matches!(err, IntakeError::Gzip { .. }), "{err:?}");
    assert!(err.to_string().contains("cut.txt.gz"), "{err}");
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nowhere.txt");
    let err = read_article(&path).unwrap_err();
    assert!(
        matches!(&err, IntakeError::Io { path: p, source } if *p == path
            && source.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn read_bytes_matches_read_article() {
    let dir = TempDir::new().unwrap();
    let bytes = gzip(&utf16(WORLD, true));
    let path = write(&dir, "same.txt.gz", &bytes);
    let from_disk = read_article(&path).unwrap();
    let from_memory = read_bytes(Path::new("same.txt.gz"), &bytes).unwrap();
    assert_eq!(from_disk, from_memory);
    let err = read_bytes(Path::new("x/data.bin"), b"\0").unwrap_err();
    assert!(err.to_string().starts_with("x/data.bin: "), "{err}");
}

#[test]
fn utf8_with_a_damaged_byte_stays_utf8_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("damaged.txt");
    let mut bytes = "Zoë Ibáñez: “Прибыль выросла” 中文 ".as_bytes().to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(" end".as_bytes());
    std::fs::write(&path, &bytes).expect("write");
    let article = read_article(&path).expect("read");
    assert!(
        article
            .text
            .starts_with("Zoë Ibáñez: “Прибыль выросла” 中文 "),
        "{}",
        article.text
    );
    assert!(article.text.ends_with("\u{FFFD} end"));
    assert!(
        article.encoding.starts_with("UTF-8"),
        "{}",
        article.encoding
    );
    assert!(
        article.encoding.contains("1 invalid"),
        "{}",
        article.encoding
    );
}

#[test]
fn utf16_without_bom_is_detected_not_called_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Plain English text, saved by an old editor as UTF-16. Zoë said “yes”.";
    for (name, le) in [("le.txt", true), ("be.txt", false)] {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let article = read_article(&path).expect("read");
        assert_eq!(article.text, text);
        assert!(article.encoding.contains("no BOM"), "{}", article.encoding);
    }
}

#[test]
fn gzipped_html_with_a_meta_charset_is_decoded_by_it() {
    let dir = TempDir::new().unwrap();
    let (body, _, _) = encoding_rs::WINDOWS_1251
        .encode("<p>Привет, мир: новости дня, и ещё немного слов для абзаца.</p>");
    let mut page =
        b"<html><head><meta charset=\"windows-1251\"><title>Page</title></head><body>".to_vec();
    page.extend_from_slice(&body);
    page.extend_from_slice(b"</body></html>");
    let article = read(&dir, "news.html.gz", &gzip(&page));
    assert!(article.gzipped);
    assert!(
        article.encoding.contains("windows-1251"),
        "{}",
        article.encoding
    );
    assert!(article.text.contains("Привет, мир"), "{}", article.text);
}

#[test]
fn html_without_text_is_an_error_naming_the_file() {
    let dir = TempDir::new().unwrap();
    for (name, bytes) in [
        ("empty.html", &b""[..]),
        ("script.htm", &b"<script>var a = 1;</script>"[..]),
    ] {
        let path = write(&dir, name, bytes);
        let err = read_article(&path).unwrap_err().to_string();
        assert!(
            err.contains(name) && err.contains("no article text"),
            "{err}"
        );
    }
}
