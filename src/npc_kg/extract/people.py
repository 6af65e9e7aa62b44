"""Finding people's names in English text about Chinese politics.

A name is a Chinese surname (any of `catalogue.SURNAMES`) followed by a given name that reads as
pinyin ("Li Keqiang", "Xi Jin Ping"). Checking the given name against pinyin syllables is what keeps
English words out: "Deng Xiaoping Theory" names a doctrine, and "Premier Li" alone names nobody in
particular. Two signs admit names the surname list does not: the name's characters in brackets
after it ("Lou Qinjian (楼勤俭)"), and a role that introduces a person ("Foreign Minister Sergey
Lavrov", "the US ambassador Nicholas Burns"). A place (`catalogue.PLACES`) is never a person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import catalogue
from ..numbers import MONTHS

# Words after a name that make it part of something else's name ("Deng Xiaoping Theory", "Hang Seng
# Index", "Sun Yat-sen University"), compared in lower case.
_NOT_A_PERSON_AFTER = frozenset("""
theory theories thought thoughts doctrine index bank university college school institute hospital company
group corporation airport station road street avenue bridge district county province city town village
river lake mountain temple park square hall port bay dam
""".split())

_INITIALS = ["", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r",
             "z", "c", "s", "y", "w"]
_PLAIN = "a o e ai ei ao ou an en ang eng ong er u ua uo uai ui uan un uang i".split()
_MEDIAL_I = "i ia ie iao iu ian in iang ing iong".split()
_PALATAL_U = "u ue uan un v ve".split()
_Y_FINALS = "a e ao ou an ang in ing ong u ue uan un i".split()
_W_FINALS = "a o ai ei an en ang eng u".split()
_ZERO_FINALS = "a o e ai ei ao ou an en ang eng er".split()


def _syllables() -> frozenset[str]:
    out: set[str] = set()
    for ini in _INITIALS:
        if ini == "":
            finals = _ZERO_FINALS
        elif ini == "y":
            finals = _Y_FINALS
        elif ini == "w":
            finals = _W_FINALS
        elif ini in ("j", "q", "x"):
            finals = _MEDIAL_I + _PALATAL_U
        elif ini in ("b", "p", "m", "d", "t", "n", "l"):
            finals = _PLAIN + _MEDIAL_I + (["v", "ve", "ue"] if ini in ("n", "l") else [])
        else:
            finals = _PLAIN
        out.update(ini + f for f in finals)
    return frozenset(out)


PINYIN_SYLLABLES = _syllables()


def ascii_fold(text: str) -> str:
    """Drop tone marks: 'Lǚ Dìng' -> 'Lu Ding' (ü becomes u)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """Whether `word` splits into pinyin syllables ('Keqiang' -> ke+qiang)."""
    low = ascii_fold(word).lower().replace("'", "")
    if not low.isalpha():
        return False
    reachable = [True] + [False] * len(low)
    for end in range(1, len(low) + 1):
        reachable[end] = any(reachable[start] and low[start:end] in PINYIN_SYLLABLES
                             for start in range(max(0, end - 6), end))
    return reachable[-1]


_CAP_WORD = r"[A-Z][a-zü\u00e0-\u01dc]+"
# Capitalised words that stand apart (not inside "Shenzhou-10" or "Chang'e-3").
_WORD_RE = re.compile(rf"(?<![\w'’-]){_CAP_WORD}(?![\w-])")


# Chinese characters in brackets right after a name: "Lou Qinjian (楼勤俭)".
_HAN_IN_BRACKETS_RE = re.compile(r" ?[(（][\u3400-\u9fff·]{2,4}[)）]")
# A role that introduces a person, with what it is of ("Minister of Foreign Affairs", "Ambassador to
# China"), then the name: two or three capitalised words. Every repetition is bounded.
_ROLE_WORDS = ("spokesperson", "spokesman", "spokeswoman", "minister", "ambassador", "envoy", "secretary",
               "secretary-general", "senator", "governor", "mayor", "chancellor", "president", "premier",
               "chairman", "chairwoman", "commissioner", "diplomat", "representative", "official", "executive")
_NAME_WORD = r"[A-Z][a-z\u00e0-\u01dc]{1,30}(?:-[A-Za-z][a-z]{1,30})?"
_ROLE_RE = re.compile(
    r"\b(?i:" + "|".join(re.escape(w) for w in sorted(_ROLE_WORDS, key=len, reverse=True))
    + r")(?: (?:of|to|for)(?: the)?(?: [A-Z][\w'’]{0,30}){1,4})?"
    + rf" (?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,2}})(?![\w-])")
# Words that make a capitalised run an institution or a title rather than a person's name.
_NOT_NAME_WORDS = frozenset("""
The A An And Of National People People's Congress Standing Committee Council State Court Party Republic Ministry
Department Office Commission Government China Chinese Central Military Supreme Procuratorate Foreign Affairs Work
Report General Secretary Minister President Premier Vice Chairman Spokesperson Ambassador United States Kingdom
Union European Nations House Senate Assembly Parliament Bureau Administration Agency Federal Prime Monday Tuesday
Wednesday Thursday Friday Saturday Sunday
""".split()) | {m.capitalize() for m in MONTHS}
_AFTER_LIMIT = 40  # characters after a name that are looked at: enough for one word, and linear


def find_people(text: str) -> list[str]:
    """Names of people in `text`, in order of first mention, without repeats."""
    found = sorted([*_chinese_names(text), *_introduced_names(text)])
    return list(dict.fromkeys(name for _, name in found))


def _chinese_names(text: str) -> list[tuple[int, str]]:
    """(position, name) of every surname-and-pinyin name, and of pinyin names with their characters."""
    words = list(_WORD_RE.finditer(text))
    found: list[tuple[int, str]] = []
    free_from = 0  # words already read as part of a name are not read again
    for index, word in enumerate(words):
        if index < free_from:
            continue
        run = [word]
        for nxt in words[index + 1:index + 3]:
            if text[run[-1].end():nxt.start()] != " ":
                break
            run.append(nxt)
        if len(run) < 2:
            continue
        after = text[run[-1].end():run[-1].end() + _AFTER_LIMIT]
        han = bool(_HAN_IN_BRACKETS_RE.match(text, run[1].end()))
        name = _as_name([m.group() for m in run], after, any_surname=han)
        if name:
            free_from = index + len(name.split()) + _given_words([m.group() for m in run]) - 1
            found.append((word.start(), name))
    return found


def _introduced_names(text: str) -> list[tuple[int, str]]:
    """(position, name) of people a role introduces: "Foreign Minister Wang Yi", "spokesperson Ned Price"."""
    found = []
    for match in _ROLE_RE.finditer(text):
        name = match["name"]
        words = name.split()
        if any(w in _NOT_NAME_WORDS or w.lower() in _NOT_A_PERSON_AFTER for w in words) or _is_place(name):
            continue
        if _names_a_thing(text[match.end():match.end() + _AFTER_LIMIT].strip().split(" ", 1)[:1]):
            continue
        found.append((match.start("name"), _as_name(words, "") or name))
    return found


def _is_place(name: str) -> bool:
    return _squash(name) in _PLACES


def _squash(text: str) -> str:
    return ascii_fold(text).lower().replace(" ", "").replace("-", "").replace("'", "")


def person_name(text: str) -> str | None:
    """`text` as a canonical person's name if the whole of it is one, else None."""
    words = text.strip().split()
    if len(words) < 2 or not all(re.fullmatch(_CAP_WORD, w) for w in words):
        return None
    name = _as_name(words, "")
    return name if name and len(name.split()) == 2 and _given_words(words) == len(words) - 1 else None


def _given_words(words: list[str]) -> int:
    """How many of the words after the surname form the given name: one ("Keqiang"), or two
    one-syllable words written apart ("Jin Ping")."""
    if len(words) >= 3 and all(w.lower() in PINYIN_SYLLABLES for w in words[1:3]):
        return 2
    return 1


def _as_name(words: list[str], after: str, any_surname: bool = False) -> str | None:
    """A canonical name from words that start at a possible surname, or None. With `any_surname`
    (the name's characters follow it) any pinyin syllable may be the surname."""
    surname = words[0]
    folded = ascii_fold(surname)
    if folded not in _SURNAMES_ASCII and not (any_surname and folded.lower() in PINYIN_SYLLABLES):
        return None
    used = _given_words(words)
    given = words[1] + "".join(w.lower() for w in words[2:1 + used])
    if not is_pinyin(given) or _is_place(f"{surname} {given}") or _is_place(given):
        return None
    if _names_a_thing(words[1 + used:] or after.strip().split(" ", 1)[:1]):
        return None
    return f"{surname} {given}"


def _names_a_thing(rest: list[str]) -> bool:
    """Whether the words after a name make it part of something else's name ("Deng Xiaoping Theory")."""
    return bool(rest) and rest[0].strip(".,;:").lower() in _NOT_A_PERSON_AFTER


_SURNAMES_ASCII = frozenset(ascii_fold(s) for s in catalogue.SURNAMES)
_PLACES = frozenset(_squash(p) for p in catalogue.PLACES)
