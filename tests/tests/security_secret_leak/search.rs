//! What the secret-leak test searches for (a secret in every form it could leak in) and where
//! (files, an XLSX unpacked, page text, process details), with a test that the search can fail.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use base64::Engine;
use stabletill_gateway::blockatm::SigningKey;

/// A secret in every form it could leak in, each with a name for the report.
#[derive(Default)]
pub struct Needles(Vec<(String, Vec<u8>)>);

impl Needles {
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.0.push((name.to_owned(), bytes.to_vec()));
    }

    /// The value itself, in hex, and in base64 (standard and URL-safe) at each of the three
    /// alignments it can have inside a longer base64 text.
    pub fn add_all_forms(&mut self, name: &str, bytes: &[u8]) {
        self.add(name, bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.add(&format!("{name} in hex"), hex.as_bytes());
        self.add(&format!("{name} in HEX"), hex.to_uppercase().as_bytes());
        for shift in 0..3 {
            let mut shifted = vec![0u8; shift];
            shifted.extend_from_slice(bytes);
            // Only the characters that depend on the value alone: skip those mixed with the
            // bytes before it, and the last group, mixed with what follows.
            let skip = [0, 2, 3][shift];
            let whole = shifted.len() / 3 * 4;
            for (engine, label) in [
                (&base64::engine::general_purpose::STANDARD_NO_PAD, "base64"),
                (&base64::engine::general_purpose::URL_SAFE_NO_PAD, "base64url"),
            ] {
                let encoded = engine.encode(&shifted);
                if let Some(part) = encoded.get(skip..whole.min(encoded.len())) {
                    if part.len() >= 16 {
                        self.add(&format!("{name} in {label} (shift {shift})"), part.as_bytes());
                    }
                }
            }
        }
    }

    /// A PKCS#8 PEM private key: each line of its body, the whole body, and the raw P-256 scalar
    /// from inside the DER (ECPrivateKey: `02 01 01 04 20` and 32 bytes).
    pub fn add_private_key(&mut self, name: &str, pem: &str) -> anyhow::Result<()> {
        let body: Vec<&str> =
            pem.lines().filter(|line| !line.starts_with("-----") && !line.is_empty()).collect();
        for (n, line) in body.iter().enumerate() {
            if line.len() >= 16 {
                self.add(&format!("{name}: PEM line {}", n + 1), line.as_bytes());
            }
        }
        let der = base64::engine::general_purpose::STANDARD.decode(body.concat())?;
        self.add(&format!("{name}: PEM body"), body.concat().as_bytes());
        let marker = [0x02, 0x01, 0x01, 0x04, 0x20];
        let at = der
            .windows(marker.len())
            .position(|w| w == marker)
            .context("no P-256 scalar found in the PKCS#8 DER")?;
        let scalar = der.get(at + marker.len()..at + marker.len() + 32).context("a short scalar")?;
        self.add_all_forms(&format!("{name}: scalar"), scalar);
        Ok(())
    }
}

/// Where something was found, with what was searched: (place, content).
#[derive(Default)]
pub struct Haystacks(pub Vec<(String, Vec<u8>)>);

impl Haystacks {
    pub fn add(&mut self, place: impl Into<String>, content: impl Into<Vec<u8>>) {
        self.0.push((place.into(), content.into()));
    }

    /// Every file below `dir`; an XLSX (a zip) also by each of its entries, unpacked.
    pub fn add_files(&mut self, dir: &Path) -> anyhow::Result<usize> {
        let mut count = 0;
        let mut queue = vec![dir.to_path_buf()];
        while let Some(dir) = queue.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    queue.push(path);
                    continue;
                }
                let bytes =
                    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                if path.extension().is_some_and(|ext| ext == "xlsx") {
                    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone()))?;
                    for index in 0..archive.len() {
                        let mut file = archive.by_index(index)?;
                        let mut content = Vec::new();
                        file.read_to_end(&mut content)?;
                        self.add(format!("{}!{}", path.display(), file.name()), content);
                    }
                }
                self.add(path.display().to_string(), bytes);
                count += 1;
            }
        }
        Ok(count)
    }

    /// Every (place, needle) pair that matched.
    pub fn hits(&self, needles: &Needles) -> Vec<String> {
        let mut hits = Vec::new();
        for (place, content) in &self.0 {
            for (name, needle) in &needles.0 {
                if content.windows(needle.len()).any(|w| w == needle.as_slice()) {
                    hits.push(format!("{name} in {place}"));
                }
            }
        }
        hits
    }

    pub fn total_bytes(&self, place_contains: &str) -> usize {
        self.0.iter().filter(|(place, _)| place.contains(place_contains)).map(|(_, c)| c.len()).sum()
    }
}

#[test]
fn the_searches_find_a_secret_in_any_of_its_forms() {
    // The search itself must be able to fail: a planted secret is found in each form.
    let secret = "leak-canary-0123456789abcdef01234567";
    let mut needles = Needles::default();
    needles.add_all_forms("secret", secret.as_bytes());
    for (form, text) in [
        ("plain", format!("x={secret};")),
        ("base64 at shift 1", base64::engine::general_purpose::STANDARD.encode(format!("a{secret}"))),
        ("base64 at shift 2", base64::engine::general_purpose::STANDARD.encode(format!("ab{secret}b"))),
        ("base64url", base64::engine::general_purpose::URL_SAFE.encode(format!("abc{secret}"))),
        ("hex", secret.bytes().map(|b| format!("{b:02x}")).collect()),
    ] {
        let mut haystacks = Haystacks::default();
        haystacks.add("planted", text.into_bytes());
        assert!(!haystacks.hits(&needles).is_empty(), "the secret in {form} was not found");
    }
    let key = SigningKey::generate().unwrap();
    let pem = key.to_pkcs8_pem().unwrap();
    let mut needles = Needles::default();
    needles.add_private_key("the key", &pem).unwrap();
    let mut haystacks = Haystacks::default();
    let public_pem = key.public_key().to_public_key_pem().unwrap();
    haystacks.add("the public key", public_pem.into_bytes());
    assert!(haystacks.hits(&needles).is_empty(), "the public half is no leak of the private one");
    haystacks.add("the private key", pem.into_bytes());
    assert!(!haystacks.hits(&needles).is_empty());
}
