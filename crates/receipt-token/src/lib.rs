//! The receipt token: a JWS compact serialization (RFC 7515) signed with EdDSA over
//! Ed25519 (RFC 8037), whose payload is a [`ReceiptClaims`].
//!
//! Written directly over `ed25519-dalek` rather than through a JWT library so that the
//! officers' browser app (wasm32) verifies with exactly this code. Verification accepts
//! only `alg: EdDSA` and only keys it was given; there is no unsigned form.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use portal_shared::citas::AppointmentClaims;
use portal_shared::officers::{
    ReceiptDateCheck, Revocation, RevocationReason, VerificationSnapshot, date_check, revocation_of,
};
use portal_shared::receipts::{Algorithm, Curve, KeyType, KeyUse, PublicKey, ReceiptClaims};
use serde::{Deserialize, Serialize};

/// Why a token was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not three base64url parts separated by dots")]
    Malformed,
    #[error("the token header is not an EdDSA header")]
    UnsupportedAlgorithm,
    #[error("no published key has the token's key id")]
    UnknownKey,
    #[error("the signature does not match the content")]
    BadSignature,
    #[error("the signed content is not what was expected")]
    BadClaims,
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    kid: String,
    typ: String,
}

const ALGORITHM: &str = Algorithm::EdDsa.as_str();
const TOKEN_TYPE: &str = "prereg+jwt";

/// The key id of a public key: its first eight bytes, base64url.
pub fn key_id(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(&key.as_bytes()[..8])
}

/// The JSON Web Key that publishes `key`.
pub fn public_key(key: &VerifyingKey) -> PublicKey {
    PublicKey {
        kid: key_id(key),
        kty: KeyType::Okp,
        crv: Curve::Ed25519,
        alg: Algorithm::EdDsa,
        key_use: KeyUse::Receipt,
        x: URL_SAFE_NO_PAD.encode(key.as_bytes()),
    }
}

/// Signs `claims`; the same claims and key always give the same token (Ed25519 is
/// deterministic), so a receipt rendered twice is the same file.
pub fn sign(claims: &ReceiptClaims, key: &SigningKey) -> String {
    let input = signing_input(claims, &key_id(&key.verifying_key()));
    assemble(&input, &key.sign(input.as_bytes()).to_bytes())
}

/// What is signed for `claims` under the key `key_id`: the header and the payload,
/// base64url, joined by a dot. A signer that holds its key elsewhere (a KMS, an HSM)
/// signs these bytes and [`assemble`] makes the token.
pub fn signing_input(claims: &ReceiptClaims, key_id: &str) -> String {
    let header = Header {
        alg: ALGORITHM.to_owned(),
        kid: key_id.to_owned(),
        typ: TOKEN_TYPE.to_owned(),
    };
    compact_input(&header, claims)
}

/// The token: `signing_input` followed by the Ed25519 signature over it.
pub fn assemble(signing_input: &str, signature: &[u8; 64]) -> String {
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The published form of a stored 32-byte public key (`x`, base64url), checked to be a
/// valid Ed25519 point.
pub fn public_key_from_x(x: &str) -> Option<PublicKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(x).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .map(|key| public_key(&key))
}

/// Checks `token` against the published `keys` and returns its claims.
pub fn verify(token: &str, keys: &[PublicKey]) -> Result<ReceiptClaims, TokenError> {
    verify_signed(token, keys, TOKEN_TYPE)
}

const APPOINTMENT_TYPE: &str = "cita+jwt";

/// What is signed for an appointment confirmation under the key `key_id` (a token kind
/// of its own: a receipt is never taken for an appointment, nor the other way round).
pub fn appointment_signing_input(claims: &AppointmentClaims, key_id: &str) -> String {
    let header = Header {
        alg: ALGORITHM.to_owned(),
        kid: key_id.to_owned(),
        typ: APPOINTMENT_TYPE.to_owned(),
    };
    compact_input(&header, claims)
}

/// Signs an appointment confirmation with `key` (tests; the portal signs through its
/// signer with [`appointment_signing_input`] and [`assemble`]).
pub fn sign_appointment(claims: &AppointmentClaims, key: &SigningKey) -> String {
    let input = appointment_signing_input(claims, &key_id(&key.verifying_key()));
    assemble(&input, &key.sign(input.as_bytes()).to_bytes())
}

/// Checks an appointment confirmation's QR text against the published `keys`.
pub fn verify_appointment(
    token: &str,
    keys: &[PublicKey],
) -> Result<AppointmentClaims, TokenError> {
    verify_signed(token, keys, APPOINTMENT_TYPE)
}

const SNAPSHOT_TYPE: &str = "verification-snapshot+jwt";

/// The trust root's key, as the staff page carries it: `kid` and `x` (base64url).
pub fn trust_root(key: &VerifyingKey) -> PublicKey {
    PublicKey {
        key_use: KeyUse::Snapshot,
        ..public_key(key)
    }
}

/// The trust root the staff page pins by its 32-byte public key `x` (base64url), checked
/// to be a valid Ed25519 point.
pub fn trust_root_from_x(x: &str) -> Option<PublicKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(x.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .map(|key| trust_root(&key))
}

/// Signs a verification snapshot with the trust root `key`.
pub fn sign_snapshot(snapshot: &VerificationSnapshot, key: &SigningKey) -> String {
    let header = Header {
        alg: ALGORITHM.to_owned(),
        kid: key_id(&key.verifying_key()),
        typ: SNAPSHOT_TYPE.to_owned(),
    };
    let input = compact_input(&header, snapshot);
    assemble(&input, &key.sign(input.as_bytes()).to_bytes())
}

/// Checks a signed verification snapshot against the pinned trust `roots`.
pub fn verify_snapshot(
    token: &str,
    roots: &[PublicKey],
) -> Result<VerificationSnapshot, TokenError> {
    verify_signed(token, roots, SNAPSHOT_TYPE)
}

fn compact_input<T: Serialize>(header: &Header, payload: &T) -> String {
    // Serialising these plain structs cannot fail.
    let header = serde_json::to_vec(header).unwrap_or_default();
    let payload = serde_json::to_vec(payload).unwrap_or_default();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

/// Checks a JWS of type `typ` against `keys` and returns its payload.
fn verify_signed<T: serde::de::DeserializeOwned>(
    token: &str,
    keys: &[PublicKey],
    typ: &str,
) -> Result<T, TokenError> {
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| TokenError::Malformed)
    };
    let header: Header =
        serde_json::from_slice(&decode(header)?).map_err(|_| TokenError::UnsupportedAlgorithm)?;
    if header.alg != ALGORITHM || header.typ != typ {
        return Err(TokenError::UnsupportedAlgorithm);
    }
    let key = keys
        .iter()
        .find(|k| k.kid == header.kid && k.alg == Algorithm::EdDsa && k.crv == Curve::Ed25519)
        .ok_or(TokenError::UnknownKey)?;
    let key_bytes: [u8; 32] = decode(&key.x)?
        .try_into()
        .map_err(|_| TokenError::UnknownKey)?;
    let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| TokenError::UnknownKey)?;
    let signature: [u8; 64] = decode(signature)?
        .try_into()
        .map_err(|_| TokenError::BadSignature)?;
    let signing_input_length = token.len() - signature_part_length(token);
    key.verify_strict(
        &token.as_bytes()[..signing_input_length],
        &Signature::from_bytes(&signature),
    )
    .map_err(|_| TokenError::BadSignature)?;
    serde_json::from_slice(&decode(payload)?).map_err(|_| TokenError::BadClaims)
}

/// What an officer's device concludes about a presented QR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by a published key, not revoked, presented on its arrival date.
    Valid,
    /// Not signed by a published key, or not a receipt at all.
    Invalid(TokenError),
    /// Superseded by a newer receipt or cancelled.
    Revoked(RevocationReason),
    /// Its arrival date has passed.
    Expired,
    /// Its arrival date is still to come.
    NotForToday,
}

/// A presented QR, checked: the claims when the signature holds, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub claims: Option<ReceiptClaims>,
    pub verdict: Verdict,
}

/// Checks `token` as an officer's device does with no network: the signature against the
/// cached `keys`, the cached `revocations`, and the arrival date against `today`.
pub fn check(
    token: &str,
    keys: &[PublicKey],
    revocations: &[Revocation],
    today: NaiveDate,
) -> Checked {
    match verify(token, keys) {
        Err(error) => Checked {
            claims: None,
            verdict: Verdict::Invalid(error),
        },
        Ok(claims) => {
            let verdict = if let Some(revocation) =
                revocation_of(revocations, &claims.preregistration_id, claims.revision)
            {
                Verdict::Revoked(revocation.reason)
            } else {
                match date_check(claims.arrival_date, today) {
                    ReceiptDateCheck::OnTime => Verdict::Valid,
                    ReceiptDateCheck::NotYet => Verdict::NotForToday,
                    ReceiptDateCheck::Expired => Verdict::Expired,
                }
            };
            Checked {
                claims: Some(claims),
                verdict,
            }
        }
    }
}

/// Length of ".<signature>" at the end of the token.
fn signature_part_length(token: &str) -> usize {
    token.rfind('.').map_or(0, |dot| token.len() - dot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> ReceiptClaims {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        ReceiptClaims {
            preregistration_id: "4f1c1d7e-54a0-4c4e-9a55-0d6d8b0c9e11".to_owned(),
            revision: 1,
            document_number: "AO123456".to_owned(),
            nationality: "COL".to_owned(),
            surnames: "PÉREZ GONZÁLEZ".to_owned(),
            given_names: "ANA MARÍA".to_owned(),
            birth_date: date(1990, 5, 17),
            arrival_date: date(2026, 12, 20),
            departure_date: date(2027, 1, 5),
            entry_point: "MEX".to_owned(),
            carrier: "AV".to_owned(),
            flight_number: "AV204".to_owned(),
            issued_at: 1_796_000_000,
        }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn snapshot() -> VerificationSnapshot {
        VerificationSnapshot {
            sequence: 1_796_000_000_000_000,
            issued_at: "2026-12-03T08:00:00Z".to_owned(),
            keys: vec![public_key(&key(7).verifying_key())],
            revocations: vec![Revocation {
                receipt: portal_shared::officers::receipt_reference(&claims().preregistration_id),
                revision: 1,
                reason: RevocationReason::Superseded,
                revoked_at: "2026-12-03T07:00:00Z".to_owned(),
            }],
        }
    }

    fn appointment() -> AppointmentClaims {
        AppointmentClaims {
            appointment_id: "0b9f4a8e-6b1e-4e51-8f3a-1c2d3e4f5a6b".to_owned(),
            sequence: 1,
            folio: "P2027-7KQM-4XTB".to_owned(),
            procedure: "renovacion_residencia_temporal".to_owned(),
            office: "bcn-tijuana".to_owned(),
            starts_at: "2027-03-15T16:00:00Z".to_owned(),
            document_number: "AO123456".to_owned(),
            nationality: "COL".to_owned(),
            surnames: "PÉREZ GONZÁLEZ".to_owned(),
            given_names: "ANA MARÍA".to_owned(),
        }
    }

    #[test]
    fn an_appointment_token_verifies_as_one_and_never_as_a_receipt_or_the_other_way_round() {
        let signer = key(7);
        let keys = [public_key(&signer.verifying_key())];
        let token = sign_appointment(&appointment(), &signer);
        assert_eq!(verify_appointment(&token, &keys), Ok(appointment()));
        assert_eq!(verify(&token, &keys), Err(TokenError::UnsupportedAlgorithm));
        let receipt = sign(&claims(), &signer);
        assert_eq!(
            verify_appointment(&receipt, &keys),
            Err(TokenError::UnsupportedAlgorithm)
        );
        let other = [public_key(&key(8).verifying_key())];
        assert_eq!(
            verify_appointment(&token, &other),
            Err(TokenError::UnknownKey)
        );
        let mut altered = appointment();
        altered.given_names = "OTRA PERSONA".to_owned();
        let forged = format!(
            "{}.{}",
            appointment_signing_input(&altered, &key_id(&signer.verifying_key())),
            token.rsplit('.').next().unwrap_or_default()
        );
        assert_eq!(
            verify_appointment(&forged, &keys),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn a_snapshot_verifies_only_with_its_trust_root_and_unaltered() {
        let root = key(3);
        let roots = [trust_root(&root.verifying_key())];
        let signed = sign_snapshot(&snapshot(), &root);
        assert_eq!(verify_snapshot(&signed, &roots), Ok(snapshot()));
        assert_eq!(
            verify_snapshot(&signed, &[trust_root(&key(4).verifying_key())]),
            Err(TokenError::UnknownKey)
        );
        // A key added to the payload (or a revocation dropped) breaks the signature.
        let parts: Vec<&str> = signed.split('.').collect();
        let mut altered = snapshot();
        altered.keys.push(public_key(&key(9).verifying_key()));
        altered.revocations.clear();
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&altered).unwrap_or_default());
        let forged = format!("{}.{payload}.{}", parts[0], parts[2]);
        assert_eq!(
            verify_snapshot(&forged, &roots),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn a_receipt_is_not_a_snapshot_nor_a_snapshot_a_receipt() {
        let shared = key(5);
        let receipt = sign(&claims(), &shared);
        let signed = sign_snapshot(&snapshot(), &shared);
        assert_eq!(
            verify_snapshot(&receipt, &[trust_root(&shared.verifying_key())]),
            Err(TokenError::UnsupportedAlgorithm)
        );
        assert_eq!(
            verify(&signed, &[public_key(&shared.verifying_key())]),
            Err(TokenError::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn a_signed_receipt_verifies_with_the_published_key() {
        let key = key(7);
        let token = sign(&claims(), &key);
        let published = [public_key(&key.verifying_key())];
        assert_eq!(verify(&token, &published), Ok(claims()));
        assert_eq!(sign(&claims(), &key), token, "signing is deterministic");
    }

    #[test]
    fn a_changed_claim_fails_verification() {
        let key = key(7);
        let token = sign(&claims(), &key);
        let published = [public_key(&key.verifying_key())];
        let parts: Vec<&str> = token.split('.').collect();
        let mut altered = claims();
        altered.arrival_date = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default();
        let forged_payload =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&altered).unwrap_or_default());
        let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(verify(&forged, &published), Err(TokenError::BadSignature));

        let mut flipped = token.clone().into_bytes();
        let middle = flipped.len() / 2;
        flipped[middle] = if flipped[middle] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap_or_default();
        assert!(verify(&flipped, &published).is_err());
    }

    #[test]
    fn another_key_or_algorithm_is_refused() {
        let token = sign(&claims(), &key(7));
        let other = [public_key(&key(8).verifying_key())];
        assert_eq!(verify(&token, &other), Err(TokenError::UnknownKey));

        // Same kid, different key bytes: the signature check catches it.
        let mut impostor = public_key(&key(8).verifying_key());
        impostor.kid = key_id(&key(7).verifying_key());
        assert_eq!(verify(&token, &[impostor]), Err(TokenError::BadSignature));

        let parts: Vec<&str> = token.split('.').collect();
        let none_header = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"alg":"none","kid":"{}","typ":"prereg+jwt"}}"#,
            key_id(&key(7).verifying_key())
        ));
        let unsigned = format!("{none_header}.{}.", parts[1]);
        let published = [public_key(&key(7).verifying_key())];
        assert_eq!(
            verify(&unsigned, &published),
            Err(TokenError::UnsupportedAlgorithm)
        );
        assert_eq!(verify("abc", &published), Err(TokenError::Malformed));
        assert_eq!(verify("a.b.c.d", &published), Err(TokenError::Malformed));
    }

    #[test]
    fn an_officers_device_refuses_truncated_revoked_and_mistimed_receipts() {
        let key = key(7);
        let published = [public_key(&key.verifying_key())];
        let token = sign(&claims(), &key);
        let arrival = claims().arrival_date;
        let on = |day: NaiveDate, revocations: &[Revocation]| {
            check(&token, &published, revocations, day).verdict
        };
        assert_eq!(on(arrival, &[]), Verdict::Valid);
        assert_eq!(
            on(arrival - chrono::Days::new(5), &[]),
            Verdict::NotForToday
        );
        assert_eq!(on(arrival + chrono::Days::new(2), &[]), Verdict::Expired);
        let superseded = Revocation {
            receipt: portal_shared::officers::receipt_reference(&claims().preregistration_id),
            revision: 1,
            reason: RevocationReason::Superseded,
            revoked_at: String::new(),
        };
        assert_eq!(
            on(arrival, &[superseded]),
            Verdict::Revoked(RevocationReason::Superseded)
        );
        for cut in [10, token.len() / 2, token.len() - 1] {
            let checked = check(&token[..cut], &published, &[], arrival);
            assert!(
                matches!(checked.verdict, Verdict::Invalid(_)),
                "cut at {cut}"
            );
            assert_eq!(checked.claims, None);
        }
    }
}
