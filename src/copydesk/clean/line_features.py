"""Line features for the learned boilerplate classifier, computed in one numba pass per document.

The rules in `rules.py` name chrome whose wording gives it away. Much chrome has no such wording:
menus of section names, teaser headlines, comment threads, photo captions. What gives those away is
the *shape* of the line and of its neighbourhood: article prose is long, ends in a full stop,
is dense in function words ("the", "der", "się", "les") and sits in one contiguous block; menus
are runs of short, indented, capitalised lines far from that block. This module turns a document
into one feature row per non-blank line, language-neutral except for small stop-word lists.

Speed: the whole document is handed to numba as an array of code points (plus its lower-cased
twin, which the rules already need), so no Python code runs per line or per word.
"""

from __future__ import annotations

import functools

import numba as nb
import numpy as np

from copydesk.normalize import code_points, is_cjk

# Function words of the languages copydesk is tuned for. The classifier uses the *ratio* of such
# words in a line, which separates prose from labels, names and menus in any of these languages.
# One list for all of them, as the model does not know a line's language; a word that is also
# a common English content word ("men", "care", "end") is left out. A language missing here
# reads as a menu (its prose has the share of one: 0), so the list covers more languages than
# the training pages hold.
_STOP_WORDS = """
a about after all also an and any are as at be been before but by can could did do does for from
had has have he her his how i if in into is it its just more most new no not now of on one only
or other our out over said says she so some such than that the their them then there these they
this those through to two up us was we were what when where which while who will with would you
your
aber alle als am an auch auf aus bei bis da das dass dem den der des die doch du durch ein eine
einem einen einer eines er es für gegen hat hatte ich ihr im in ist ja kann man mehr mit nach
nicht noch nur oder schon sehr sein seine sich sie sind so um und uns unter vom von vor war
werden wie wir wird wurde zu zum zur zwischen über
a aby ale bo by był była było być co czy dla do go i ich jak jego jej jest już na nie o od oraz
po pod przed przez przy się są ta tak także te tego tej też to tym w we z za ze że
au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui mais ne nous
on ou par pas pour qu que qui sa se ses son sont sur un une été était
al como con de del el en era es esta este fue ha han la las lo los más no para pero por que se
sin sobre su sus un una y ya
che di e gli il la le nel per non una uno lo ma della delle dei degli del al alla ai alle
dal dalla nella nei con su tra fra sono è ha hanno anche più come questo questa quello quella
era suo sua loro dopo ci ne essere stato già se
de een het in is van op te dat die met voor niet zijn en aan er maar om ook als bij of door
naar nog wel kan hij zij ze wij je ik was werd wordt worden heeft hebben dit deze uit over tot
geen zo na meer toen hun
o os as do da dos das em na nos nas um uma ao à é não mais com foi seu sua pelo pela mas ou
quando muito também já ele ela eles isso esse essa está são tem só aos ter ser
и в во не что он на я с со как а то все она так его но да к у же вы за бы по только ее мне было
от меня еще нет о из ему когда даже ли если уже или ни быть был него до вас там себя ей может
они где есть для мы их чем была сам без чтобы под будет тоже себе кто этот того потому этого
при после над через эти нас про всего них этой перед том также которые который которая
і й та із зі що це як але від про її він вона вони ми ви була були є також вже ще які який яка
яке щоб коли де чи після між або тому цей ця ці цього
yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai atau
ada karena bisa mereka saat telah sudah tersebut lebih dapat bahwa para seperti hingga namun
jika kami kita ia dia hanya menjadi masih harus setelah agar saya
ve bir bu için ile ne olarak çok daha gibi kadar ama ancak sonra her şu ise olan oldu olduğu
değil var yok ki veya göre diye ya ben sen onlar bunu bunun onun
och att det som är av för till den har inte om ett han var jag sig från vi så när också
efter eller nu sin där vid mot ska skulle hon detta hade bara över sedan här alla vara än
og er af ikke der mig havde hun ud dem os op hvor hvad skal selv vil blev kunne når være
noget ville deres denne dette også have meget disse hvis nogle hos blive mange bliver
av seg ble jeg etter ut hadde noe
se je že jako který která které byl byla bylo jeho jen už také nebo při než aby když ve být
bude ještě tento jsou jsem jsme má mezi podle před
sa ako sú pre ktorý ktorá ktoré bol bola bolo len tiež alebo keď vo zo byť ešte
și şi în la cu nu pe că din pentru mai ce este sunt au fost ca dar sau iar lui ei el ea acest
această după prin cel cea fi va până despre
ja on ei että oli kun mutta niin hän ovat myös tai jo kuin ole sen joka jotka voi vain nyt sitä
siitä tämä mitä ne me he olla ollut kanssa
az és hogy nem is egy meg van már csak ez még volt ha vagy ki be azt mert sem lesz után
pedig kell fel most itt ott nagyon amely ami aki
"""

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


@nb.njit(cache=True)
def _is_space(c: int) -> bool:
    return c == 32 or c == 9 or c == 13 or c == 160 or (0x2000 <= c <= 0x200B) or c == 0x202F or (
        c == 0x205F or c == 0x3000 or c == 0xFEFF
    )


@nb.njit(cache=True)
def _is_digit(c: int) -> bool:
    return 48 <= c <= 57


@nb.njit(cache=True)
def _is_punct(c: int) -> bool:
    """ASCII punctuation and the Unicode punctuation/symbol blocks news text uses."""
    if c < 128:
        return not (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c <= 32)
    return (
        (0xA1 <= c <= 0xBF)
        or c == 0xD7
        or c == 0xF7
        or (0x2010 <= c <= 0x2BFF)
        or (0x3001 <= c <= 0x303F)
        or (0xFE30 <= c <= 0xFE4F)
        or (0xFF01 <= c <= 0xFF0F)
        or (0xFF1A <= c <= 0xFF20)
        or (0xFF3B <= c <= 0xFF40)
        or (0xFF5B <= c <= 0xFF65)
        or c == 0x060C or c == 0x061B or c == 0x061F or c == 0x06D4  # Arabic script
        or c == 0x0964 or c == 0x0965  # danda (Devanagari, Bengali, ...)
    )


# Chinese function characters (particles, pronouns, prepositions, conjunctions); in Japanese,
# every hiragana (they carry the particles and endings, while names and nouns are kanji and
# katakana). Their share of a line's characters is what the stop-word share is in a spaced
# language: high in prose, near zero in menus, labels and names.
_CHINESE_FUNCTION = (
    "的了是在和有也就都而与及着被把对这那他她它我们你为以所"
    "从之其个中上不将并等于但或还又更已让使给要会能可"
)


@nb.njit(cache=True)
def _is_word(c: int) -> bool:
    return not (_is_space(c) or _is_punct(c) or c == 10) or c == 0x2019 or c == 39


# Character classes, looked up in one table for the Basic Multilingual Plane (all four tests
# above cost a dozen comparisons per character of every line); code points above it are
# word characters for all of them (emoji, historic scripts).
_SPACE = 1
_PUNCT = 2
_WORD = 4
_DIGIT = 8
_CJK = 16  # half a word each (see `_features`)
_FUNCTION = 32  # a CJK function character: counted as the stop words of spaced languages
_TABLE_SIZE = 0x10000


@nb.njit(cache=True)
def _class_table() -> np.ndarray:
    table = np.zeros(_TABLE_SIZE, np.uint8)
    for c in range(_TABLE_SIZE):
        table[c] = (
            (_SPACE if _is_space(c) else 0)
            | (_PUNCT if _is_punct(c) else 0)
            | (_WORD if _is_word(c) else 0)
            | (_DIGIT if _is_digit(c) else 0)
            | (_CJK if is_cjk(c) else 0)
        )
    return table


@nb.njit(cache=True, inline="always")
def _class(table: np.ndarray, c: int) -> int:
    return table[c] if c < _TABLE_SIZE else _WORD


@functools.cache
def _classes() -> np.ndarray:
    table = _class_table()
    table[0x3040:0x30A0] |= _FUNCTION  # hiragana
    for character in _CHINESE_FUNCTION:
        table[ord(character)] |= _FUNCTION
    return table


def _hash_word(word: str) -> int:
    """The FNV-1a hash `_features` computes for each word, for building the word table."""
    h = int(_FNV_OFFSET)
    for ch in word:
        h = ((h ^ ord(ch)) * int(_FNV_PRIME)) & 0xFFFFFFFFFFFFFFFF
    return h


# Words of photo captions and credits ("In this photo ...", "(AP Photo/...)", "Foto: dpa").
_PHOTO_WORDS = """
photo photos photograph photographer pictured picture image images caption credit getty
shutterstock reuters afp epa ap file foto fotos bild bildquelle fot zdjęcie zdjęcia
"""


_STOP = 1
_PHOTO = 2


def _word_table() -> tuple[np.ndarray, np.ndarray]:
    """An open-addressing hash table of the word hashes: (keys, kind bits), 0 = empty slot.

    One probe (rarely two) per word instead of two binary searches, which were a third of the
    feature pass on news text.
    """
    kinds: dict[int, int] = {}
    for bit, words in ((_STOP, _STOP_WORDS), (_PHOTO, _PHOTO_WORDS)):
        for word in words.split():
            kinds[_hash_word(word)] = kinds.get(_hash_word(word), 0) | bit
    size = 1 << (4 * len(kinds)).bit_length()  # at most a quarter full
    keys = np.zeros(size, np.uint64)
    values = np.zeros(size, np.uint8)
    for key, kind in kinds.items():
        slot = (key ^ (key >> 31)) & (size - 1)  # as `_slot`
        while keys[slot]:
            slot = (slot + 1) & (size - 1)
        keys[slot] = key
        values[slot] = kind
    return keys, values


@nb.njit(cache=True)
def _slot(h: np.uint64, mask: np.uint64) -> np.int64:
    return np.int64((h ^ (h >> np.uint64(31))) & mask)


WORD_KEYS, WORD_KINDS = _word_table()

# Per-line base features (before context); names in FEATURE_NAMES keep the model file readable.
_BASE_NAMES = (
    "log_chars",
    "log_words",
    "ends_terminal",
    "ends_colon",
    "ends_ellipsis",
    "digit_ratio",
    "upper_ratio",
    "starts_upper",
    "capitalised_words",
    "punct_ratio",
    "stop_ratio",
    "indent",
    "bullet",
    "rule",
    "separators",
    "sentences",
    "comma_ratio",
    "blank_before",
    "blank_after",
    "mean_word_len",
    "photo_words",
)
_N_BASE = len(_BASE_NAMES)
_NEIGHBOUR_BASE = (0, 2, 10, 11, 13)  # log_chars, ends_terminal, stop_ratio, indent, rule
_NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
_CONTEXT_NAMES = (
    "position",
    "char_position",
    "log_chars_win3",
    "log_chars_win10",
    "prose_win3",
    "prose_win10",
    "prose_win30",
    "short_run",
    "in_core",
    "before_core",
    "after_core",
    "repeats",
    "chars_vs_max",
    "log_lines",
    "doc_prose",
    "indent_vs_core",
    "group_lines",
    "group_log_chars",
    "group_prose",
    "group_index",
)
FEATURE_NAMES: tuple[str, ...] = (
    _BASE_NAMES
    + tuple(
        f"{_BASE_NAMES[b]}@{o:+d}" for o in _NEIGHBOUR_OFFSETS for b in _NEIGHBOUR_BASE
    )
    + _CONTEXT_NAMES
)
N_FEATURES = len(FEATURE_NAMES)
_N_FEATURES = N_FEATURES  # a plain int global, which numba compiles in as a constant
_N_NEIGHBOUR_BASE = len(_NEIGHBOUR_BASE)
_NEIGHBOUR_BASE_ARR = np.array(_NEIGHBOUR_BASE, np.int64)
_NEIGHBOUR_OFFSETS_ARR = np.array(_NEIGHBOUR_OFFSETS, np.int64)
_CTX = _N_BASE + len(_NEIGHBOUR_OFFSETS) * len(_NEIGHBOUR_BASE)  # first context column


def line_features(
    text: str, low: str, rule_hits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows for the non-blank lines of one document.

    `text` is the document, `low` its lower-cased twin of equal length, `rule_hits` one int8 per
    line (1 where a rule already names the line). Returns (row -> line index, float32 features).
    """
    codes, low_codes = code_points(text), code_points(low)
    return _features(codes, low_codes, rule_hits, WORD_KEYS, WORD_KINDS, _classes())


@nb.njit(cache=True, nogil=True)
def _features(
    text: np.ndarray,
    low: np.ndarray,
    rule_hits: np.ndarray,
    word_keys: np.ndarray,
    word_kinds: np.ndarray,
    classes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    n_all = len(rule_hits)
    # Line spans.
    starts = np.empty(n_all, np.int64)
    ends = np.empty(n_all, np.int64)
    line = 0
    starts[0] = 0
    for i in range(len(text)):
        if text[i] == 10:
            ends[line] = i
            line += 1
            starts[line] = i + 1
    ends[line] = len(text)
    # Non-blank lines.
    rows = np.empty(n_all, np.int64)
    n = 0
    for li in range(n_all):
        for i in range(starts[li], ends[li]):
            if not _class(classes, text[i]) & _SPACE:
                rows[n] = li
                n += 1
                break
    rows = rows[:n]
    out = np.zeros((n, _N_FEATURES), np.float32)
    if n == 0:
        return rows, out
    chars = np.zeros(n, np.float64)
    prose = np.zeros(n, np.float64)
    # The `repeats` feature counts the lines with the same hash. The hash takes each word's
    # first character and every character between words, so lines of the same skeleton count
    # as repeats of each other ("Home" and "Help"); the model was trained on that. A hash
    # of every character, retrained, moved `--cv` by +0.005 on AEB and -0.005 on
    # trafilatura-eval (docs/CLEANING.md), so the skeleton stays.
    line_hash = np.zeros(n, np.uint64)
    for r in range(n):
        li = rows[r]
        s, e = _strip(text, starts[li], ends[li], classes)
        indent = s - starts[li]
        n_chars = e - s
        words = 0
        stops = 0
        caps = 0
        word_chars = 0
        digits = 0
        upper = 0
        alpha = 0
        punct = 0
        commas = 0
        seps = 0
        sentences = 0
        photo = 0
        cjk = 0
        cjk_function = 0
        i = s
        h = _FNV_OFFSET
        while i < e:
            c = text[i]
            h = (h ^ np.uint64(low[i])) * _FNV_PRIME
            kind = _class(classes, c)
            if kind & _CJK:
                # Chinese and Japanese put no spaces between words: each character counts as
                # half a word (a Chinese word is ~1.5-2 characters), its function characters
                # as stop words, so that a line's length in words, its stop-word share and its
                # mean word length read as those of a spaced language's line.
                cjk += 1
                cjk_function += (kind & _FUNCTION) >> 5
                i += 1
                continue
            if kind & _WORD:
                j = i
                wh = _FNV_OFFSET
                while j < e:
                    cj = text[j]
                    # Most word characters are a-z, which are their own lower case: counted
                    # without the class lookup and the case tests (the loop ~7% faster).
                    if np.uint32(cj - 97) < np.uint32(26):
                        wh = (wh ^ np.uint64(cj)) * _FNV_PRIME
                        alpha += 1
                        j += 1
                        continue
                    kind = _class(classes, cj)
                    if not kind & _WORD or kind & _CJK:
                        break
                    wh = (wh ^ np.uint64(low[j])) * _FNV_PRIME
                    if kind & _DIGIT:
                        digits += 1
                    elif cj != low[j]:
                        upper += 1
                        alpha += 1
                    elif cj > 64:
                        alpha += 1
                    j += 1
                words += 1
                word_chars += j - i
                if text[i] != low[i]:
                    caps += 1
                listed = _word_kind(word_keys, word_kinds, wh)
                stops += listed & _STOP
                photo += (listed & _PHOTO) >> 1
                i = j
                continue
            if kind & _PUNCT:
                punct += 1
                if c == 44 or c == 0xFF0C or c == 0x3001 or c == 0x060C:
                    commas += 1
                elif c == 124 or c == 0xB7 or c == 0x2022:
                    seps += 1
                elif (
                    (c == 46 or c == 33 or c == 63)
                    and i + 1 < e
                    and _class(classes, text[i + 1]) & _SPACE
                ) or ((c == 0x3002 or c == 0xFF01 or c == 0xFF1F) and i + 1 < e):
                    sentences += 1
            i += 1
        line_hash[r] = h
        last = text[e - 1] if e > s else 0
        first = text[s] if e > s else 0
        ellipsis = _ends_in_ellipsis(text, s, e)
        terminal = _ends_sentence(text, s, e)
        stops_f = stops + 0.5 * cjk_function
        word_chars += cjk
        words_f = words + 0.5 * cjk
        f = out[r]
        f[0] = np.log1p(n_chars)
        f[1] = np.log1p(words_f)
        f[2] = 1.0 if terminal else 0.0
        f[3] = 1.0 if last == 58 else 0.0
        f[4] = 1.0 if ellipsis else 0.0
        f[5] = digits / max(n_chars, 1)
        f[6] = upper / max(alpha, 1)
        # a Chinese character or kana, which have no case, starts a line as a capital does
        f[7] = 1.0 if first != low[s] or _class(classes, first) & _CJK else 0.0
        f[8] = caps / max(words_f, 1.0)
        f[9] = punct / max(n_chars, 1)
        f[10] = stops_f / max(words_f, 1.0)
        f[11] = min(indent, 40)
        f[12] = 1.0 if (first == 0x2022 or first == 45 or first == 42 or first == 0xB7
                         or first == 0x25AA or first == 0x25BA) else 0.0
        f[13] = rule_hits[li]
        f[14] = seps
        f[15] = sentences
        f[16] = commas / max(words_f, 1.0)
        f[17] = 1.0 if li > 0 and _blank(text, starts[li - 1], ends[li - 1]) else 0.0
        f[18] = 1.0 if li + 1 < n_all and _blank(text, starts[li + 1], ends[li + 1]) else 0.0
        f[19] = word_chars / max(words_f, 1.0)
        f[20] = photo
        chars[r] = n_chars
        prose[r] = 1.0 if terminal and words_f >= 8 else 0.0
    _context(out, chars, prose, line_hash)
    _groups(out, rows, chars, prose)
    return rows, out


@nb.njit(cache=True)
def _strip(text: np.ndarray, s: int, e: int, classes: np.ndarray) -> tuple[int, int]:
    """The span text[s:e] without the white space at either end."""
    while s < e and _class(classes, text[s]) & _SPACE:
        s += 1
    while e > s and _class(classes, text[e - 1]) & _SPACE:
        e -= 1
    return s, e


@nb.njit(cache=True)
def _ends_in_ellipsis(text: np.ndarray, s: int, e: int) -> bool:
    """Whether the stripped line text[s:e] ends in "…" or "..."."""
    return e > s and (
        text[e - 1] == 0x2026
        or (e - s >= 3 and text[e - 1] == 46 and text[e - 2] == 46 and text[e - 3] == 46)
    )


@nb.njit(cache=True)
def _ends_sentence(text: np.ndarray, s: int, e: int) -> bool:
    """Whether the stripped line text[s:e] ends like a sentence: in a full stop, "!", "?", a
    closing quote or bracket, but not an ellipsis (the `ends_terminal` feature)."""
    if e <= s:
        return False
    last = text[e - 1]
    return (
        last == 46 or last == 33 or last == 63 or last == 34 or last == 39
        or last == 0x201D or last == 0x2019 or last == 0xBB or last == 41
        # 。！？．, the closing brackets 」』）, ؟ ۔, the dandas । ॥, and the full stops of
        # Armenian, Ethiopic, Myanmar and Khmer
        or last == 0x3002 or last == 0xFF01 or last == 0xFF1F or last == 0xFF0E
        or last == 0x300D or last == 0x300F or last == 0xFF09
        or last == 0x061F or last == 0x06D4 or last == 0x0964 or last == 0x0965
        or last == 0x0589 or last == 0x1362 or last == 0x104B or last == 0x17D4
    ) and not _ends_in_ellipsis(text, s, e)


@nb.njit(cache=True)
def _blank(text: np.ndarray, s: int, e: int) -> bool:
    for i in range(s, e):  # noqa: SIM110 (numba compiles no generator expressions)
        if not _is_space(text[i]):
            return False
    return True


@nb.njit(cache=True)
def _word_kind(keys: np.ndarray, kinds: np.ndarray, h: np.uint64) -> int:
    """The kind bits of word hash `h` in the `_word_table` (0: not listed)."""
    mask = np.uint64(len(keys) - 1)
    slot = _slot(h, mask)
    while keys[slot]:
        if keys[slot] == h:
            return int(kinds[slot])
        slot = (slot + 1) & (len(keys) - 1)
    return 0


@nb.njit(cache=True)
def _best_run(scores: np.ndarray) -> tuple[int, int]:
    """First and last row of the run of rows with the largest total score (Kadane)."""
    best = -1e18
    current = 0.0
    start = 0
    best_start = 0
    best_end = 0
    for r in range(scores.shape[0]):
        if current <= 0:
            current = scores[r]
            start = r
        else:
            current += scores[r]
        if current > best:
            best = current
            best_start = start
            best_end = r
    return best_start, best_end


@nb.njit(cache=True)
def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    n = len(values)
    cum = np.zeros(n + 1)
    for i in range(n):
        cum[i + 1] = cum[i] + values[i]
    out = np.empty(n)
    for i in range(n):
        lo = max(0, i - radius)
        hi = min(n, i + radius + 1)
        out[i] = (cum[hi] - cum[lo]) / (hi - lo)
    return out


@nb.njit(cache=True)
def _counts(keys: np.ndarray) -> np.ndarray:
    """How often each key occurs, per position: an open-addressing table rather than a sort,
    because numba compiles np.argsort slowly (seconds on every fresh install)."""
    n = len(keys)
    size = 16
    while size < 2 * n:
        size *= 2
    mask = np.uint64(size - 1)
    slot_key = np.zeros(size, np.uint64)
    slot_count = np.zeros(size, np.int64)
    used = np.zeros(size, np.bool_)
    where = np.empty(n, np.int64)
    for i in range(n):
        h = keys[i]
        k = (h ^ (h >> np.uint64(29))) & mask
        while used[k] and slot_key[k] != h:
            k = (k + np.uint64(1)) & mask
        used[k] = True
        slot_key[k] = h
        slot_count[k] += 1
        where[i] = k
    out = np.empty(n)
    for i in range(n):
        out[i] = slot_count[where[i]]
    return out


@nb.njit(cache=True)
def _context(out: np.ndarray, chars: np.ndarray, prose: np.ndarray, line_hash: np.ndarray) -> None:
    """Neighbour and whole-document features: where the line sits relative to the prose."""
    n = len(chars)
    # The lines before and after.
    col = _N_BASE
    for o in _NEIGHBOUR_OFFSETS_ARR:
        for b in _NEIGHBOUR_BASE_ARR:
            for r in range(n):
                j = r + o
                out[r, col] = out[j, b] if 0 <= j < n else -1.0
            col += 1
    log_chars = np.log1p(chars)
    total = chars.sum()
    # The core: the run of lines with the most prose, where each non-prose line costs.
    core_start, core_end = _best_run(
        np.where(prose > 0, chars, -0.5 * chars - 20.0).astype(np.float64)
    )
    # Runs of short lines (menus) and of long ones.
    run = np.zeros(n)
    r = 0
    while r < n:
        j = r
        while j < n and (chars[j] < 40) == (chars[r] < 40):
            j += 1
        for k in range(r, j):
            run[k] = j - r
        r = j
    repeats = _counts(line_hash)
    # Indentation of the prose, to tell nested menu items from body paragraphs.
    prose_indent = 0.0
    n_prose = 0.0
    for r in range(n):
        if prose[r] > 0:
            prose_indent += out[r, 11]
            n_prose += 1
    prose_indent = prose_indent / n_prose if n_prose else 0.0
    win3 = _window_mean(log_chars, 3)
    win10 = _window_mean(log_chars, 10)
    prose3 = _window_mean(prose, 3)
    prose10 = _window_mean(prose, 10)
    prose30 = _window_mean(prose, 30)
    max_chars = max(chars.max(), 1.0)
    doc_prose = prose.mean()
    seen = 0.0
    for r in range(n):
        f = out[r]
        c = _CTX
        f[c] = r / max(n - 1, 1)
        f[c + 1] = seen / max(total, 1.0)
        seen += chars[r]
        f[c + 2] = win3[r]
        f[c + 3] = win10[r]
        f[c + 4] = prose3[r]
        f[c + 5] = prose10[r]
        f[c + 6] = prose30[r]
        f[c + 7] = np.log1p(run[r])
        f[c + 8] = 1.0 if core_start <= r <= core_end else 0.0
        f[c + 9] = max(core_start - r, 0) / n
        f[c + 10] = max(r - core_end, 0) / n
        f[c + 11] = np.log1p(repeats[r] - 1)
        f[c + 12] = chars[r] / max_chars
        f[c + 13] = np.log1p(n)
        f[c + 14] = doc_prose
        f[c + 15] = abs(f[11] - prose_indent)


CONTEXT_NAMES: tuple[str, ...] = (
    "p",
    "p_win1",
    "p_win2",
    "p_win5",
    "p_win10",
    "p_prev",
    "p_next",
    "p_max_before",
    "p_max_after",
    "p_in_block",
    "p_block_gap",
    "p_doc_max",
    "p_below_max",
    "p_rank",
    "p_in_top_block",
    "p_top_block_gap",
)
N_CONTEXT = len(CONTEXT_NAMES)
_N_CONTEXT = N_CONTEXT


@nb.njit(cache=True, nogil=True)
def probability_context(p: np.ndarray, log_chars: np.ndarray) -> np.ndarray:
    """Second-stage features: the first-stage scores of a line's neighbourhood.

    Article text comes in one block, so a short line between two confident body paragraphs is
    probably body too, and a paragraph among confident chrome probably is not. The block is the
    run of lines with the largest text-weighted excess of score over 0.5.

    The page's own scale counts too: on a page of hundreds of menu items and teasers, stage 1
    can score the short article itself below 0.5, yet still the highest on the page. So each
    line also gets the page's top score, its distance below it, the share of the page's text
    scored above it, and the block of lines within 0.2 of the top (found as above).
    """
    n = len(p)
    out = np.zeros((n, _N_CONTEXT), np.float32)
    if n == 0:
        return out
    w1 = _window_mean(p, 1)
    w2 = _window_mean(p, 2)
    w5 = _window_mean(p, 5)
    w10 = _window_mean(p, 10)
    block_start, block_end = _best_run((p - 0.5) * (log_chars + 1.0))
    running = 0.0
    for r in range(n):
        running = max(running, p[r])
        out[r, 7] = running
    running = 0.0
    for r in range(n - 1, -1, -1):
        running = max(running, p[r])
        out[r, 8] = running
    for r in range(n):
        out[r, 0] = p[r]
        out[r, 1] = w1[r]
        out[r, 2] = w2[r]
        out[r, 3] = w5[r]
        out[r, 4] = w10[r]
        out[r, 5] = p[r - 1] if r > 0 else 0.0
        out[r, 6] = p[r + 1] if r + 1 < n else 0.0
        out[r, 9] = 1.0 if block_start <= r <= block_end else 0.0
        gap = block_start - r if r < block_start else (r - block_end if r > block_end else 0)
        out[r, 10] = np.log1p(gap)
    top = p.max()
    top_start, top_end = _best_run((p - (top - 0.2)) * (log_chars + 1.0))
    chars = np.expm1(log_chars) + 1.0
    text_above = 0.0
    for r in np.argsort(-p, kind="mergesort"):  # stable: ties keep page order
        out[r, 11] = top
        out[r, 12] = top - p[r]
        out[r, 13] = text_above
        text_above += chars[r]
        out[r, 14] = 1.0 if top_start <= r <= top_end else 0.0
        gap = top_start - r if r < top_start else (r - top_end if r > top_end else 0)
        out[r, 15] = np.log1p(gap)
    out[:, 13] /= text_above
    return out


@nb.njit(cache=True)
def _groups(out: np.ndarray, rows: np.ndarray, chars: np.ndarray, prose: np.ndarray) -> None:
    """Features of the line's group: the lines around it with no blank line between.

    Full-page text separates block elements by blank lines and puts the items of one container
    (a menu, a link list) on consecutive lines, so the group's size and content say what the
    container is.
    """
    n = len(rows)
    c = _CTX + 16
    r = 0
    while r < n:
        j = r + 1
        while j < n and rows[j] == rows[j - 1] + 1:
            j += 1
        size = j - r
        mean_chars = 0.0
        mean_prose = 0.0
        for k in range(r, j):
            mean_chars += np.log1p(chars[k])
            mean_prose += prose[k]
        for k in range(r, j):
            out[k, c] = np.log1p(size)
            out[k, c + 1] = mean_chars / size
            out[k, c + 2] = mean_prose / size
            out[k, c + 3] = (k - r) / size
        r = j


@nb.njit(cache=True, nogil=True)
def _features_batch(
    text: np.ndarray,
    low: np.ndarray,
    char_bounds: np.ndarray,
    rule_hits: np.ndarray,
    line_bounds: np.ndarray,
    judged: np.ndarray,
    word_keys: np.ndarray,
    word_kinds: np.ndarray,
    classes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_features` of each `judged` document of a batch (its characters and lines given by
    bounds), stacked; with the first row of each document (a document not judged has none)."""
    n_docs = len(char_bounds) - 1
    rows = np.empty(line_bounds[n_docs], np.int64)
    out = np.empty((line_bounds[n_docs], _N_FEATURES), np.float32)
    row_bounds = np.zeros(n_docs + 1, np.int64)
    k = 0
    for d in range(n_docs):
        if judged[d]:
            a, b = char_bounds[d], char_bounds[d + 1]
            hits = rule_hits[line_bounds[d] : line_bounds[d + 1]]
            doc_rows, doc_out = _features(text[a:b], low[a:b], hits, word_keys, word_kinds, classes)
            m = len(doc_rows)
            rows[k : k + m] = doc_rows
            out[k : k + m] = doc_out
            k += m
        row_bounds[d + 1] = k
    return rows[:k], out[:k], row_bounds


def longest_fragment_run(text: str) -> int:
    """The longest run of fragments in one document, lines that end no sentence (blank lines
    between them aside), as `CleanConfig.model_min_fragment_run` counts them."""
    bounds = np.array([0, len(text)], np.int64)
    return int(_fragment_runs(code_points(text), bounds, _classes())[0])


@nb.njit(cache=True, nogil=True)
def _fragment_runs(text: np.ndarray, char_bounds: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per document of a batch (its characters given by bounds), its longest run of
    fragments, non-blank lines that end no sentence (blank lines between them do not end a
    run): a menu, a list of links or of teaser headlines. One pass over the characters, so
    that the features of a document the model will not judge are never computed."""
    out = np.zeros(len(char_bounds) - 1, np.int64)
    for d in range(len(char_bounds) - 1):
        run = 0
        s = char_bounds[d]
        while s <= char_bounds[d + 1]:
            e = s
            while e < char_bounds[d + 1] and text[e] != 10:
                e += 1
            a, b = _strip(text, s, e, classes)
            if b > a:
                run = 0 if _ends_sentence(text, a, b) else run + 1
                out[d] = max(out[d], run)
            s = e + 1
    return out


@nb.njit(cache=True, nogil=True)
def _context_batch(p: np.ndarray, log_chars: np.ndarray, row_bounds: np.ndarray) -> np.ndarray:
    """See `context_batch`."""
    out = np.zeros((len(p), _N_CONTEXT), np.float32)
    for d in range(len(row_bounds) - 1):
        a, b = row_bounds[d], row_bounds[d + 1]
        if b > a:
            out[a:b] = probability_context(p[a:b], log_chars[a:b])
    return out


def features_batch(
    codes: tuple[np.ndarray, np.ndarray, np.ndarray],
    rule_hits: np.ndarray,
    line_bounds: np.ndarray,
    judged: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`line_features` of each `judged` document of a batch at once, stacked: (row -> line
    index, features, the first row of each document and the end). `codes`: the texts' code
    points end to end, the lower-cased texts' likewise, and where each text starts (and the
    end); `rule_hits` and `line_bounds` as for `line_features`, per line of all documents."""
    return _features_batch(
        *codes, rule_hits, line_bounds, judged, WORD_KEYS, WORD_KINDS, _classes()
    )


def fragment_runs(codes: np.ndarray, char_bounds: np.ndarray) -> np.ndarray:
    """Each document's longest run of fragments (see `_fragment_runs`), for a batch: the texts'
    code points end to end, and where each starts (and the end)."""
    return _fragment_runs(codes, char_bounds, _classes())


def context_batch(p: np.ndarray, log_chars: np.ndarray, row_bounds: np.ndarray) -> np.ndarray:
    """`probability_context` of each document of a batch, stacked (rows as `features_batch`)."""
    return _context_batch(p, log_chars, row_bounds)
