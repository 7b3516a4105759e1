//! RS256 signing keys with `kid`s, the JWKS document, and ID-token minting (also the deliberately
//! broken tokens that attack tests need: a foreign key, `alg: none`).

use std::sync::{Arc, Mutex, OnceLock, mpsc};

use aws_lc_rs::{
    rand::SystemRandom,
    rsa::KeySize,
    signature::{KeyPair, RSA_PKCS1_SHA256, RsaKeyPair},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};

pub(crate) struct SigningKey {
    kid: String,
    pair: RsaKeyPair,
}

/// A new key, unique to its caller. RSA key generation takes a few hundred milliseconds, so a
/// background thread keeps a couple ready: test suites start many simulators.
fn fresh_key() -> SigningKey {
    static READY: OnceLock<Mutex<mpsc::Receiver<SigningKey>>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let (tx, rx) = mpsc::sync_channel(2);
        let spawned = std::thread::Builder::new()
            .name("simulator-keygen".into())
            .spawn(move || while tx.send(SigningKey::generate()).is_ok() {});
        if spawned.is_err() {
            tracing::warn!("no background key generation; generating keys on demand");
        }
        Mutex::new(rx)
    });
    let next = ready.lock().unwrap().recv();
    next.unwrap_or_else(|_| SigningKey::generate())
}

impl SigningKey {
    fn generate() -> SigningKey {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key generation");
        SigningKey {
            kid: format!("sim-{}", uuid::Uuid::new_v4().simple()),
            pair,
        }
    }

    fn jwk(&self) -> Value {
        let public = self.pair.public_key();
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        })
    }

    /// A compact JWS of `claims`, header `{alg: RS256, kid}` (the `kid` may be overridden to
    /// impersonate another key).
    fn sign(&self, kid: &str, claims: &Value) -> String {
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": kid });
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                input.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing");
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}

/// The published keys; the last one signs. Old keys stay published until removed.
pub(crate) struct KeyRing {
    keys: Vec<SigningKey>,
}

impl KeyRing {
    pub(crate) fn new() -> KeyRing {
        KeyRing {
            keys: vec![fresh_key()],
        }
    }

    fn current(&self) -> &SigningKey {
        self.keys.last().expect("a signing key")
    }

    pub(crate) fn jwks(&self) -> Value {
        json!({ "keys": self.keys.iter().map(SigningKey::jwk).collect::<Vec<_>>() })
    }

    pub(crate) fn rotate(&mut self) {
        self.keys.push(fresh_key());
    }

    pub(crate) fn remove_old(&mut self) {
        let n = self.keys.len();
        self.keys.drain(..n - 1);
    }
}

/// Mints ID tokens with the simulator's keys; cheap to clone and `Send`, so an
/// [`override_next_id_token`](super::Simulator::override_next_id_token) closure can hold one.
#[derive(Clone)]
pub struct IdTokenSigner {
    pub(crate) ring: Arc<Mutex<KeyRing>>,
}

impl IdTokenSigner {
    /// Signs `claims` with the current key (RS256, its `kid`).
    pub fn mint(&self, claims: &Value) -> String {
        let ring = self.ring.lock().unwrap();
        let key = ring.current();
        key.sign(&key.kid, claims)
    }

    /// Signs `claims` with a fresh key that is not in the JWKS, but names the current key's `kid`,
    /// so only a real signature check rejects it.
    pub fn mint_with_foreign_key(&self, claims: &Value) -> String {
        let kid = self.current_kid();
        fresh_key().sign(&kid, claims)
    }

    /// An unsigned token (`alg: none`, empty signature).
    pub fn mint_alg_none(&self, claims: &Value) -> String {
        let header = json!({ "alg": "none", "typ": "JWT" });
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    /// The `kid` of the key that signs now.
    pub fn current_kid(&self) -> String {
        self.ring.lock().unwrap().current().kid.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};

    #[test]
    fn signature_verifies_with_the_published_key() {
        let signer = IdTokenSigner {
            ring: Arc::new(Mutex::new(KeyRing::new())),
        };
        let token = signer.mint(&json!({"sub": "x"}));
        let jwks = signer.ring.lock().unwrap().jwks();
        let key = &jwks["keys"][0];
        let n = URL_SAFE_NO_PAD.decode(key["n"].as_str().unwrap()).unwrap();
        let e = URL_SAFE_NO_PAD.decode(key["e"].as_str().unwrap()).unwrap();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
        let public = RsaPublicKeyComponents { n: &n, e: &e };
        public
            .verify(&RSA_PKCS1_2048_8192_SHA256, input.as_bytes(), &sig)
            .unwrap();
        let forged = signer.mint_with_foreign_key(&json!({"sub": "x"}));
        let (input, sig) = forged.rsplit_once('.').unwrap();
        let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
        assert!(
            public
                .verify(&RSA_PKCS1_2048_8192_SHA256, input.as_bytes(), &sig)
                .is_err()
        );
    }
}
