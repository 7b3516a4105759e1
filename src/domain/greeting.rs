//! Voicemail greetings: checked before upload so a wrong file fails fast with a clear message.
//! Webex takes WAV only, at most 5000 KB (FACTS §2).

/// Webex's greeting size limit: "not exceed 5000 kilobytes" (FACTS §2).
pub const MAX_GREETING_BYTES: usize = 5000 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GreetingError {
    #[error("Choose a greeting file to upload.")]
    Empty,
    #[error("The greeting must be a WAV file; this file is not one.")]
    NotWav,
    #[error(
        "The greeting is {size_kb} KB; Webex takes at most 5000 KB. Record a shorter greeting or save it at a lower quality."
    )]
    TooLarge { size_kb: usize },
}

/// Checks the RIFF/WAVE header and the size.
pub fn check_wav(bytes: &[u8]) -> Result<(), GreetingError> {
    if bytes.is_empty() {
        return Err(GreetingError::Empty);
    }
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(GreetingError::NotWav);
    }
    if bytes.len() > MAX_GREETING_BYTES {
        return Err(GreetingError::TooLarge {
            size_kb: bytes.len().div_ceil(1024),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(len: usize) -> Vec<u8> {
        let mut v = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        v.resize(len.max(v.len()), 0);
        v
    }

    #[test]
    fn accepts_wav_up_to_the_limit() {
        assert_eq!(check_wav(&wav(44)), Ok(()));
        assert_eq!(check_wav(&wav(MAX_GREETING_BYTES)), Ok(()));
    }

    #[test]
    fn refuses_other_files_and_oversize() {
        assert_eq!(check_wav(b""), Err(GreetingError::Empty));
        assert_eq!(
            check_wav(b"ID3\x04mp3 data here"),
            Err(GreetingError::NotWav)
        );
        assert_eq!(
            check_wav(&wav(MAX_GREETING_BYTES + 1)),
            Err(GreetingError::TooLarge { size_kb: 5001 })
        );
    }
}
