"""Language identification with py3langid, restricted to the languages met in Indonesian news.

py3langid alone confuses Indonesian and Malay on short text; restricting the candidate set and using
the whole text is what makes it reliable here.
"""

from __future__ import annotations

from functools import cache

LANGUAGES = ["id", "ms", "en", "jv", "tl", "nl", "de", "fr", "es", "pt", "it", "zh", "ja", "ko", "ar", "ru", "th", "vi"]


@cache
def _identifier():
    import py3langid.langid as langid

    ident = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability); None for text too short to tell."""
    sample = text[:2000]  # enough to tell; langid's cost grows with the length
    if sum(c.isalpha() for c in sample) < 20:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
