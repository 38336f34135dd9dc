"""Overlap spans (dedup/overlap.py): offsets into both texts, on non-ASCII and awkward text."""

from __future__ import annotations

import sys
import textwrap

import numpy as np
import pyarrow as pa

from copydesk.dedup.overlap import _is_space, batch_spans, overlap_spans

STORY = [
    "Die Fähre „Nordlicht“ lief am Dienstagmorgen in Kiel auf eine Sandbank, teilte die "
    "Wasserschutzpolizei mit; verletzt wurde niemand.",
    "An Bord waren 212 Passagiere 🚢 und 31 Besatzungsmitglieder, die das Schiff am Nachmittag "
    "mit Hilfe zweier Schlepper wieder verlassen konnten.",
    "Die Reederei kündigte an, den Fahrplan bis Freitag auszudünnen, und entschuldigte sich "
    "bei den Reisenden für die Verspätungen.",
]
LOCAL = "Ein Leser aus Flensburg schickte uns am Abend Fotos von der Bergung im Hafen."


def test_is_space_agrees_with_python_on_every_code_point() -> None:
    # surrogates cannot occur in cleaned text (Arrow rejects them), the rest must agree
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        assert _is_space(cp) == chr(cp).isspace(), hex(cp)


def test_spans_count_characters_not_bytes() -> None:
    # emoji (4 UTF-8 bytes), umlauts (2), curly quotes and a no-break space before a line:
    # the offsets must still cut the member's and the representative's text exactly
    representative = "\n".join(STORY)
    member = "\n".join(["\u00a0" + STORY[0].replace("„", '"').replace("“", '"'), LOCAL, *STORY[1:]])
    spans = overlap_spans(member, representative)
    assert len(spans) == 2
    first, second = spans
    assert member[first["start"] : first["end"]] == STORY[0].replace("„", '"').replace("“", '"')
    assert representative[first["rep_start"] : first["rep_end"]] == STORY[0]
    assert member[second["start"] : second["end"]] == "\n".join(STORY[1:])
    assert representative[second["rep_start"] : second["rep_end"]] == "\n".join(STORY[1:])


def test_a_line_with_typos_overlaps_through_its_three_grams() -> None:
    typo = STORY[1].replace("Passagiere", "Pasagiere").replace("Schlepper", "Schleper")
    spans = overlap_spans(typo, "\n".join(STORY))
    assert spans == [
        {
            "start": 0,
            "end": len(typo),
            "rep_start": len(STORY[0]) + 1,
            "rep_end": len(STORY[0]) + 1 + len(STORY[1]),
        }
    ]


def test_one_batch_gives_each_pair_its_own_spans() -> None:
    representative = "\n".join(STORY)
    texts = [representative, STORY[2], LOCAL, "\n\n" + STORY[0]]
    spans = batch_spans(pa.array(texts), np.array([(1, 0), (2, 0), (3, 0)])).to_pylist()
    start_of_last = len(STORY[0]) + len(STORY[1]) + 2
    assert spans == [
        [
            {
                "start": 0,
                "end": len(STORY[2]),
                "rep_start": start_of_last,
                "rep_end": len(representative),
            }
        ],
        [],
        [{"start": 2, "end": 2 + len(STORY[0]), "rep_start": 0, "rep_end": len(STORY[0])}],
    ]


def test_words_match_across_case_quotes_dashes_and_zero_width_characters() -> None:
    representative = "Prezydent Łodzi – „nie” dla planu.\nDrugi akapit tekstu o mieście i porcie."
    # upper case (Polish letters too), straight quotes, a hyphen, a zero-width space in a word
    member = 'PREZYDENT ŁODZI - "NIE" DLA PLA\u200bNU.'
    assert overlap_spans(member, representative) == [
        {"start": 0, "end": len(member), "rep_start": 0, "rep_end": representative.index("\n")}
    ]
    # a different word is a different line, whatever the case
    assert overlap_spans("Prezydent Krakowa nie dla planu.", representative) == []


def test_a_slice_of_an_arrow_column_is_read_in_place() -> None:
    column = pa.array(["unrelated first row", *STORY, STORY[1]])
    window = column.slice(1)  # offsets no longer start at the buffer's start
    spans = batch_spans(window, np.array([(3, 1)])).to_pylist()
    assert spans == [[{"start": 0, "end": len(STORY[1]), "rep_start": 0, "rep_end": len(STORY[1])}]]


def test_a_verbatim_copy_of_paragraphs_is_one_span() -> None:
    # the blank lines between paragraphs neither break a span in the member nor stop its
    # partners in the representative from following on
    text = "\n\n".join(STORY)
    assert overlap_spans(text, text) == [
        {"start": 0, "end": len(text), "rep_start": 0, "rep_end": len(text)}
    ]


def test_a_rewrapped_copy_is_one_span_with_its_short_lines() -> None:
    # wrapped at 60 columns, paragraphs no longer apart: lines such as "Verspätungen." hold
    # fewer than three words and overlap through the words before them
    representative = "\n\n".join(STORY)
    member = "\n".join(textwrap.fill(paragraph, 60) for paragraph in STORY)
    assert min(len(line.split()) for line in member.split("\n")) < 3
    assert overlap_spans(member, representative) == [
        {"start": 0, "end": len(member), "rep_start": 0, "rep_end": len(representative)}
    ]


def test_a_dropped_paragraph_or_a_short_local_line_stays_outside_the_spans() -> None:
    representative = "\n\n".join(STORY)
    member = f"{STORY[0]}\n\n{STORY[2]}\nFoto: privat"
    third = representative.index(STORY[2])
    assert overlap_spans(member, representative) == [
        {"start": 0, "end": len(STORY[0]), "rep_start": 0, "rep_end": len(STORY[0])},
        {
            "start": len(STORY[0]) + 2,
            "end": len(STORY[0]) + 2 + len(STORY[2]),
            "rep_start": third,
            "rep_end": len(representative),
        },
    ]


def test_a_phrase_shared_with_another_paragraph_does_not_stretch_the_partner_range() -> None:
    representative = "\n".join(
        [
            "Water can keep you feeling full and help you eat less at every meal of the day.",
            "Yoga joins body and mind through breathing exercises and poses held for minutes.",
            "Fiber can keep you feeling full and reduce cravings for snacks between your meals.",
        ]
    )
    local = "Residents of Millbrook told this paper they had changed their habits this winter."
    copied = "Fiber can keep you feeling full and reduce cravings for skacns between your meals."
    member = f"{local}\n{copied}"
    [span] = overlap_spans(member, representative)
    assert member[span["start"] : span["end"]] == copied
    third = representative.index("Fiber")
    assert (span["rep_start"], span["rep_end"]) == (third, len(representative))
