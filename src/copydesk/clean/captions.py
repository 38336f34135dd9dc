"""Photo captions that the line model kept: a sentence about a picture, ending in its credit.

"Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot in Hialeah,
Fla. (AP Photo/Alan Diaz, File)" reads like the story's own sentences, and stands among them,
so the model keeps it; the credit in brackets at its end gives it away. The line is named
after the trees (`lines.model_reasons`) rather than by a rule before them: a rule's verdict
among body lines reads to the model like the chrome around a page (a copyright rule that named
captions lowered AEB's `--cv` from 0.933 to 0.916, docs/CLEANING.md), so the model's input
stays as it was trained.
"""

from __future__ import annotations

import re

from copydesk.clean.rows import CLOSING_END_RE, RowCounter, words

_CAPTION = "boilerplate:caption"
# A credit in brackets at a line's end, in the lower-cased text: a picture's word with "by", a
# colon or a slash after it ("(Photo by Jon Super/Getty Images)", "(Foto: Volkswagen)", "(Bild:
# Kantonspolizei Aargau)", "(AP Photo/Alan Diaz, File)"), a credit ("(Image credit: Future plc)",
# "(credit: NASA/Jude Guidry)"), Polish "fot." or "zdj." ("(fot. PAP/Leszek Szymański)"), or a
# picture agency's name ("(Image: GETTY)", "(picture alliance/dpa/K-D.Gabbert)",
# "(smolaw11/iStock)"). Not an address ("![Natural](https://cdn.pixabay.com/photo/...)"), and
# not an agency's credit alone: "(dpa)" closes a paragraph of the story. Searched for only in
# the lines that end in ")" (`rows.CLOSING_END_RE`): most of a page's brackets stand inside
# its lines.
_CREDIT_END_RE = re.compile(
    r"\((?![^()\n]*://)"
    r"(?:[^()\n]*?\b(?:photo|foto|bild|image|picture|zdjęcie)(?:\s+by\b|\s*:|\s*/)"
    r"|[^()\n]*?\b(?:credits?\s*:|fot\.|zdj\.|getty\b|picture[ -]alliance|istock|shutterstock"
    r"|adobe ?stock|pixabay|unsplash|123rf|imago\b))"
    r"[^()\n]{0,100}\)[^\S\n]*$"
)
_CAPTION_MIN_WORDS = 4  # with the credit's: "(Foto: Charlotte Elsen)" alone is no caption


def name_captions(text: str, low: str, reasons: list[str | None]) -> None:
    """Name `boilerplate:caption` the kept lines of `text` (reason None) that end in a photo
    credit. `low` is `text` lower-cased (the same line breaks); `reasons` is the document's,
    changed in place."""
    rows = RowCounter(low)
    for closing in CLOSING_END_RE.finditer(low):
        start = low.rfind("\n", 0, closing.start()) + 1
        end = closing.end() - (low[closing.end() - 1 : closing.end()] == "\n")
        if _CREDIT_END_RE.search(low, start, end) and words(text[start:end]) >= _CAPTION_MIN_WORDS:
            row = rows.row(start)
            if reasons[row] is None:
                reasons[row] = _CAPTION
