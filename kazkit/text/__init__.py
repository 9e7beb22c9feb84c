"""The shared text layer: decoding, normalisation, tokenisation, sentences, language id, transliteration."""
