//! The staff's second factor: TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second
//! steps, one step of clock difference either way) and one-use recovery codes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds a TOTP code stands for.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Digits of a TOTP code.
pub const TOTP_DIGITS: usize = 6;
/// Bytes of a TOTP secret: 160 bits, as RFC 4226 §4 recommends.
pub const TOTP_SECRET_BYTES: usize = 20;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Characters of a recovery code (without its dashes): 12 from a 32-letter alphabet,
/// 60 bits.
const RECOVERY_CODE_LENGTH: usize = 12;
/// Crockford's base 32: no I, L, O or U, so nothing is misread.
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A TOTP shared secret.
#[derive(Clone)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0_u8; TOTP_SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A stored secret; `None` when it is shorter than 128 bits.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 16).then_some(Self(bytes))
    }

    /// A secret typed in base 32; `None` when it is not base 32 or too short.
    pub fn from_base32(text: &str) -> Option<Self> {
        Secret::Encoded(text.trim().to_uppercase())
            .to_bytes()
            .ok()
            .and_then(Self::from_bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret as authenticator apps take it typed in: base 32 (RFC 4648), no padding.
    pub fn base32(&self) -> String {
        Secret::Raw(self.0.clone()).to_encoded().to_string()
    }

    /// The `otpauth://` URI that authenticator apps read from a QR code.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let label = format!("{}:{}", percent_encode(issuer), percent_encode(account));
        format!(
            "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECONDS}",
            self.base32(),
            percent_encode(issuer)
        )
    }

    fn totp(&self) -> TOTP {
        TOTP::new_unchecked(
            Algorithm::SHA1,
            TOTP_DIGITS,
            0,
            TOTP_STEP_SECONDS,
            self.0.clone(),
        )
    }

    /// The code of time step `step` (seconds since 1970 divided by 30).
    pub fn code_at_step(&self, step: u64) -> String {
        self.totp().generate(step * TOTP_STEP_SECONDS)
    }

    /// The time step whose code `code` is, among the step of `unix_seconds` and its two
    /// neighbours, taking only steps after `last_used` (a code is good once).
    pub fn accepted_step(
        &self,
        code: &str,
        unix_seconds: i64,
        last_used: Option<u64>,
    ) -> Option<u64> {
        let code = code.trim();
        if code.len() != TOTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now = totp_step(unix_seconds);
        let mut accepted = None;
        // Every candidate is computed and compared in full, so the time taken does not
        // tell which step matched.
        for step in now.saturating_sub(1)..=now + 1 {
            let matches = constant_time_eq(self.code_at_step(step).as_bytes(), code.as_bytes());
            if matches && last_used.is_none_or(|last| step > last) && accepted.is_none() {
                accepted = Some(step);
            }
        }
        accepted
    }
}

/// The TOTP time step of a moment.
pub fn totp_step(unix_seconds: i64) -> u64 {
    u64::try_from(unix_seconds).unwrap_or(0) / TOTP_STEP_SECONDS
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// New recovery codes, as shown once to their owner: `XXXX-XXXX-XXXX`.
pub fn generate_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let letters: Vec<char> = (0..RECOVERY_CODE_LENGTH)
                .map(|_| char::from(RECOVERY_ALPHABET[(rng.next_u32() % 32) as usize]))
                .collect();
            letters
                .chunks(4)
                .map(|chunk| chunk.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// A typed recovery code in its one spelling: dashes and spaces dropped, upper case, the
/// letters people confuse read as Crockford does (O → 0, I and L → 1). `None` when it
/// cannot be one.
pub fn normalize_recovery_code(typed: &str) -> Option<String> {
    let mut normalized = String::with_capacity(RECOVERY_CODE_LENGTH);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !RECOVERY_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        normalized.push(c);
    }
    (normalized.len() == RECOVERY_CODE_LENGTH).then_some(normalized)
}

/// What the database keeps of a recovery code: the SHA-256 of its normalized spelling
/// (60 random bits need no slow hash).
pub fn recovery_code_digest(normalized: &str) -> String {
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// What a staff member typed at the second step of a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    Totp(String),
    /// Normalized.
    Recovery(String),
}

impl SecondFactorCode {
    pub fn parse(typed: &str) -> Option<Self> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == TOTP_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Self::Totp(digits));
        }
        normalize_recovery_code(typed).map(Self::Recovery)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec()).expect("20 bytes")
    }

    #[test]
    fn codes_are_those_of_rfc_6238_appendix_b() {
        // The appendix gives 8 digits; a 6-digit code is their last six.
        for (time, eight) in [
            (59_i64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(rfc_secret().code_at_step(totp_step(time)), eight[2..]);
        }
    }

    #[test]
    fn a_code_is_good_for_its_step_and_one_either_side_and_only_once() {
        let secret = TotpSecret::generate();
        let now = 1_800_000_000_i64;
        let step = totp_step(now);
        for offset in [-1_i64, 0, 1] {
            let code = secret.code_at_step(step.saturating_add_signed(offset));
            assert_eq!(
                secret.accepted_step(&code, now, None),
                Some(step.saturating_add_signed(offset))
            );
        }
        let stale = secret.code_at_step(step - 2);
        assert_eq!(secret.accepted_step(&stale, now, None), None);
        let current = secret.code_at_step(step);
        assert_eq!(secret.accepted_step(&current, now, Some(step)), None);
        assert_eq!(
            secret.accepted_step(&current, now, Some(step - 1)),
            Some(step)
        );
        assert_eq!(secret.accepted_step("12345", now, None), None);
        assert_eq!(secret.accepted_step("abcdef", now, None), None);
    }

    #[test]
    fn the_base32_secret_and_uri_are_what_authenticator_apps_read() {
        assert_eq!(rfc_secret().base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = rfc_secret().otpauth_uri("Portal de Servicios", "agente@inm.gob.mx");
        assert_eq!(
            uri,
            "otpauth://totp/Portal%20de%20Servicios:agente@inm.gob.mx?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Portal%20de%20Servicios&algorithm=SHA1&digits=6&period=30"
        );
        assert!(TotpSecret::from_bytes(vec![1; 10]).is_none());
        let again = TotpSecret::from_base32("gezdgnbvgy3tqojqgezdgnbvgy3tqojq").expect("base 32");
        assert_eq!(again.as_bytes(), rfc_secret().as_bytes());
        assert!(TotpSecret::from_base32("not base 32!").is_none());
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_back_however_typed() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODE_COUNT);
        for code in &codes {
            assert_eq!(code.len(), 14);
            let normalized = normalize_recovery_code(code).expect("own code");
            assert_eq!(
                normalize_recovery_code(&code.to_lowercase().replace('-', " ")),
                Some(normalized.clone())
            );
            assert_eq!(recovery_code_digest(&normalized).len(), 64);
        }
        assert_eq!(
            normalize_recovery_code("o1il-0000-zzzz"),
            Some("0111".to_owned() + "0000ZZZZ")
        );
        assert_eq!(normalize_recovery_code("U000-0000-0000"), None);
        assert_eq!(normalize_recovery_code("000-0000"), None);
    }

    #[test]
    fn six_digits_are_a_totp_code_and_anything_else_a_recovery_code_or_nothing() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Some(SecondFactorCode::Totp("123456".into()))
        );
        assert_eq!(
            SecondFactorCode::parse("abcd-efgh-jkmn"),
            Some(SecondFactorCode::Recovery("ABCDEFGHJKMN".into()))
        );
        assert_eq!(SecondFactorCode::parse("12345"), None);
        assert_eq!(SecondFactorCode::parse(""), None);
    }
}
