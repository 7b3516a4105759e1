//! Voicemail greetings: checked before upload so a wrong file fails fast with a clear message.
//! Webex takes WAV only, at most 5000 KB (FACTS §2).
//!
//! The file is parsed as RIFF/WAVE (with `hound`), not recognised by its first bytes: the RIFF
//! size must match the file, a `fmt ` chunk must describe linear PCM and a `data` chunk must hold
//! whole sample frames inside the file. FACTS names no encoding; linear PCM, 8 or 16 bits, one or
//! two channels, 8 to 48 kHz is what telephony recorders write and what every WAV player plays,
//! so anything else (float, 24/32-bit, compressed codecs) is refused with a way out.

use std::io::Cursor;

/// Webex's greeting size limit: "not exceed 5000 kilobytes" (FACTS §2).
pub const MAX_GREETING_BYTES: usize = 5000 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GreetingError {
    #[error("Choose a greeting file to upload.")]
    Empty,
    #[error("The greeting must be a WAV file; this file is not one.")]
    NotWav,
    /// A WAV file, but not in an encoding [`check_wav`] accepts.
    #[error("The greeting's WAV encoding is not one Webex plays.")]
    Encoding,
    /// `size_kb` is the file's own size, when known (a body cut off at the upload limit only
    /// tells that it is larger).
    #[error("The greeting is larger than 5000 KB.")]
    TooLarge { size_kb: Option<usize> },
}

/// The size in KB (rounded up) that messages show.
pub fn size_kb(bytes: usize) -> usize {
    bytes.div_ceil(1024)
}

/// Checks the size, the RIFF structure and the encoding.
pub fn check_wav(bytes: &[u8]) -> Result<(), GreetingError> {
    if bytes.is_empty() {
        return Err(GreetingError::Empty);
    }
    if bytes.len() > MAX_GREETING_BYTES {
        return Err(GreetingError::TooLarge {
            size_kb: Some(size_kb(bytes.len())),
        });
    }
    // The RIFF size counts everything after its own 8 header bytes: a file cut short, or with
    // something glued on, is not the file that was recorded.
    let riff_size = bytes
        .get(4..8)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    if riff_size.and_then(|n| n.checked_add(8)) != Some(bytes.len()) {
        return Err(GreetingError::NotWav);
    }
    let reader = match hound::WavReader::new(Cursor::new(bytes)) {
        Ok(reader) => reader,
        Err(hound::Error::Unsupported) => return Err(GreetingError::Encoding),
        Err(_) => return Err(GreetingError::NotWav),
    };
    let spec = reader.spec();
    let frames = reader.duration();
    let samples = reader.len() as usize;
    // hound leaves the reader at the first byte of the data chunk and checked that the chunk
    // holds whole frames; it must also end inside the file.
    let data_start = reader.into_inner().position() as usize;
    let data_len = samples * usize::from(spec.bits_per_sample / 8);
    if frames == 0 || data_start.saturating_add(data_len) > bytes.len() {
        return Err(GreetingError::NotWav);
    }
    let playable = spec.sample_format == hound::SampleFormat::Int
        && matches!(spec.bits_per_sample, 8 | 16)
        && matches!(spec.channels, 1 | 2)
        && (8_000..=48_000).contains(&spec.sample_rate);
    if !playable {
        return Err(GreetingError::Encoding);
    }
    Ok(())
}

/// A well-formed PCM WAV file of exactly `len` bytes (at least 46): 8 kHz, 16-bit, mono, silent.
/// For tests here and in `tests/it`.
pub fn test_wav(len: usize) -> Vec<u8> {
    let len = len.max(46);
    // 44 header bytes; the data is whole 2-byte frames, so an odd length ends on a pad chunk.
    let data_len = (len - 44) & !1;
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&((len - 8) as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes()); // PCM
    v.extend_from_slice(&1u16.to_le_bytes()); // mono
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&16000u32.to_le_bytes()); // bytes per second
    v.extend_from_slice(&2u16.to_le_bytes()); // block align
    v.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data_len as u32).to_le_bytes());
    v.resize(44 + data_len, 0);
    // An odd byte left: the RIFF padding byte after the data.
    v.resize(len, 0);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_wav_up_to_the_limit() {
        assert_eq!(check_wav(&test_wav(46)), Ok(()));
        assert_eq!(check_wav(&test_wav(64 * 1024 + 1)), Ok(()));
        assert_eq!(check_wav(&test_wav(MAX_GREETING_BYTES)), Ok(()));
    }

    #[test]
    fn refuses_other_files_and_oversize() {
        assert_eq!(check_wav(b""), Err(GreetingError::Empty));
        assert_eq!(
            check_wav(b"ID3\x04mp3 data here"),
            Err(GreetingError::NotWav)
        );
        assert_eq!(
            check_wav(&test_wav(MAX_GREETING_BYTES + 1)),
            Err(GreetingError::TooLarge {
                size_kb: Some(5001)
            })
        );
    }

    #[test]
    fn refuses_malformed_riff_files() {
        let good = test_wav(2048);
        // The first 12 bytes of a WAV file and nothing else.
        let mut header_only = b"RIFF\x04\0\0\0WAVE".to_vec();
        assert_eq!(check_wav(&header_only), Err(GreetingError::NotWav));
        header_only.extend_from_slice(&[0; 2036]);
        assert_eq!(check_wav(&header_only), Err(GreetingError::NotWav));
        // The RIFF size disagrees with the file: cut short, or with bytes glued on.
        assert_eq!(check_wav(&good[..1500]), Err(GreetingError::NotWav));
        let mut longer = good.clone();
        longer.extend_from_slice(b"junk");
        assert_eq!(check_wav(&longer), Err(GreetingError::NotWav));
        // No `fmt ` chunk before the data.
        let mut no_fmt = good.clone();
        no_fmt[12..16].copy_from_slice(b"LIST");
        assert_eq!(check_wav(&no_fmt), Err(GreetingError::NotWav));
        // A data chunk that claims more than the file holds.
        let mut long_data = good.clone();
        long_data[40..44].copy_from_slice(&100_000u32.to_le_bytes());
        assert_eq!(check_wav(&long_data), Err(GreetingError::NotWav));
        // A fmt chunk whose byte rate contradicts its block size.
        let mut inconsistent = good.clone();
        inconsistent[28..32].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(check_wav(&inconsistent), Err(GreetingError::NotWav));
        // No audio at all.
        let mut silent = test_wav(46);
        silent.truncate(44);
        silent[4..8].copy_from_slice(&36u32.to_le_bytes());
        silent[40..44].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(check_wav(&silent), Err(GreetingError::NotWav));
    }

    #[test]
    fn refuses_encodings_webex_does_not_play() {
        // IEEE float, 32-bit.
        let mut float = test_wav(2048);
        float[20..22].copy_from_slice(&3u16.to_le_bytes());
        float[28..32].copy_from_slice(&32000u32.to_le_bytes());
        float[32..34].copy_from_slice(&4u16.to_le_bytes());
        float[34..36].copy_from_slice(&32u16.to_le_bytes());
        assert_eq!(check_wav(&float), Err(GreetingError::Encoding));
        // G.711 μ-law and ADPCM are codecs hound does not decode.
        let mut mulaw = test_wav(2048);
        mulaw[20..22].copy_from_slice(&7u16.to_le_bytes());
        assert_eq!(check_wav(&mulaw), Err(GreetingError::Encoding));
        // 4 kHz.
        let mut slow = test_wav(2048);
        slow[24..28].copy_from_slice(&4000u32.to_le_bytes());
        slow[28..32].copy_from_slice(&8000u32.to_le_bytes());
        assert_eq!(check_wav(&slow), Err(GreetingError::Encoding));
    }
}
