"""Name normalisation: two spellings of one name compare equal, two different names do not.

Articles and Wikidata write one name several ways: "Xi Jin Ping" / "Xi Jinping", "Guō Jīnlóng" /
"Guo Jinlong", curly or straight apostrophes, "Vice-Chairman" / "Vice Chairman". Offices come with or
without the body they belong to: "Premier of the State Council" and "Premier of the People's Republic
of China" name one post, once by its body and once by the state. This module folds such differences
away, proposes the spellings worth looking up, and says how alike two names are (1.0: the same name;
less: a weaker hint). What a similarity is worth in context is for `score` to decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .. import catalogue
from .entities import Kind

COUNTRY = catalogue.organization("prc")  # the state every post and body of the articles belongs to

SAME = 1.0
WITHOUT_COUNTRY = 0.9  # "Supreme People's Court" / "Supreme People's Court of the People's Republic of China"
BODY_OR_STATE = 0.8  # "Premier of the State Council" / "Premier of the People's Republic of China"
BARE_TITLE = 0.7  # "President" alone names no post in particular


def fold(text: str) -> str:
    """Lower-case words without tone marks, hyphens or extra spaces: 'Vice-Chairman' -> 'vice chairman'."""
    plain = _toneless(unicodedata.normalize("NFKC", text)).replace("\u2019", "'").casefold()
    return " ".join(re.findall(r"[^\W_]+(?:'[^\W_]+)*", plain))


def name_key(text: str) -> str:
    """A name with its spacing gone: 'Xi Jin Ping', 'Xi Jinping' and 'XI JINPING' all give 'xijinping'."""
    return fold(text).replace(" ", "").replace("'", "")


def person_similarity(ours: str, theirs: str) -> float:
    key = name_key(ours)
    return SAME if key and key == name_key(theirs) else 0.0


def office_similarity(ours: str, theirs: str) -> float:
    """Same title, and the same body or one named by its body and the other by the state."""
    (title, body), (other_title, other_body) = _title_and_body(ours), _title_and_body(theirs)
    if not title or title != other_title:
        return 0.0
    if body is None or other_body is None:
        return BARE_TITLE
    if body == other_body:
        return SAME
    return BODY_OR_STATE if COUNTRY.key in (body, other_body) else 0.0


def institution_similarity(ours: str, theirs: str) -> float:
    """The same name, or the same once 'of the People's Republic of China' is dropped."""
    key = name_key(ours)
    if key and key == name_key(theirs):
        return SAME
    return WITHOUT_COUNTRY if key and _without_country(ours) == _without_country(theirs) else 0.0


def spellings(name: str) -> set[str]:
    """The name with tidy spacing and apostrophes, as written and without tone marks."""
    tidy = " ".join(name.replace("\u2019", "'").split())
    return {tidy, _toneless(tidy)}


def person_variants(name: str) -> set[str]:
    """Adds the pinyin given name written as one word: 'Xi Jin Ping' -> 'Xi Jinping'."""
    found = spellings(name)
    for spelling in list(found):
        words = spelling.split()
        if len(words) == 3 and spelling.isascii() and all(w.isalpha() for w in words):
            found.add(f"{words[0]} {words[1]}{words[2].lower()}")
    return found


def office_variants(name: str) -> set[str]:
    """Adds the post named by the state instead of its body: '... of the People's Republic of China'."""
    found = spellings(name)
    for spelling in list(found):
        title, of, _ = spelling.partition(" of ")
        if of and _title_and_body(spelling)[1] not in (None, COUNTRY.key):
            found.add(f"{title} of the {COUNTRY.label}")
    return found


def organization_variants(name: str) -> set[str]:
    """Adds the name qualified with the state, the way Wikidata labels the PRC's central bodies."""
    found = spellings(name)
    found |= {f"{s} of the {COUNTRY.label}" for s in list(found)
              if " of " not in s and catalogue.find_organization(s) != COUNTRY.key}
    return found


SIMILARITY: dict[Kind, Callable[[str, str], float]] = {
    Kind.PERSON: person_similarity,
    Kind.OFFICE: office_similarity,
    Kind.ORGANIZATION: institution_similarity,
    Kind.PLACE: institution_similarity,
    Kind.CONGRESS: institution_similarity,
}
VARIANTS: dict[Kind, Callable[[str], set[str]]] = {
    Kind.PERSON: person_variants,
    Kind.OFFICE: office_variants,
    Kind.ORGANIZATION: organization_variants,
    Kind.PLACE: spellings,
    Kind.CONGRESS: spellings,
}


def _toneless(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def _title_and_body(name: str) -> tuple[str, str | None]:
    """'Premier of the State Council' -> ('premier', 'state-council'); a known body as its catalogue key."""
    title, of, body = fold(name).removeprefix("the ").partition(" of ")
    if not of:
        return title, None
    body = body.removeprefix("the ")
    return title, catalogue.find_organization(body) or body


def _without_country(name: str) -> str:
    title, body = _title_and_body(name)
    return name_key(title) if body == COUNTRY.key else name_key(name)
