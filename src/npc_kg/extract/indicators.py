"""Economic figures: the past period's achievements and the coming year's targets.

A work report's figures come in bullet lists whose introducing sentence says whether they are
achievements or targets (see `lists`; a list of policy requirements holds no figures), or in prose,
where the figure's clause decides by its tense and modality: the future or an intention makes a
target, the past or perfect an achievement, and a clause that says neither leaves the kind unknown
(with a warning, see `figure_warnings`) rather than guessed.

A figure is a number with a unit: percent, yuan, US$, a counted noun ("jobs", "people", "tonnes") or
any noun after "million"/"billion"/...; a number without one (a vote count, a year, a date,
"Shenzhou-10", "2nd") is no figure, nor is a size threshold ("enterprises with annual revenue of 20
million yuan or more"). What a figure measures is read from the words before it, first match wins:
a change in apposition to the figure before ("..., an increase of 7.7%"), a noun phrase the figure
completes ("a deficit of 2.38 trillion yuan"), the subject of the verb before it ("GDP grew by 6.9
percent"), the object of an imperative ("increase GDP by about 7.5%"), a subject whose verb is the
qualifier ("grain output exceeded"), or the nouns the figure counts ("13.1 million urban jobs were
created"); or from the words after it: the change it sizes ("a 6 percent rise in industrial
output") or what an amount buys ("1 trillion yuan of special treasury bonds").

Each figure is read from at most `_WINDOW` characters on either side, and no pattern repeats an
unbounded repetition, so a line of any length is read in time proportional to its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ..measures import classify
from ..model import SCALES, Block, Bullet, Indicator, IndicatorKind, Paragraph, SourceWarning, Span
from ..numbers import DIGITS_RE, NUMBER_WORDS_RE, parse_number
from .lists import ACHIEVEMENTS, TARGETS, BulletList, bullet_lists

# How a figure relates to its subject: its level, a change by it, or the start / end of a period
# ("from 26.6 trillion yuan to 51.9 trillion yuan").
Relation = Literal["level", "up", "down", "from", "to"]

# --------------------------------------------------------------------------- figures

# A number in digits ("56.9", "2,887", not "2nd") or in words ("ten"; not the article-like "a", "an",
# "no", nor the start of an ordinal such as "tenth").
_NUMBER = rf"(?:{DIGITS_RE})(?!\w)|\b(?!(?:a|an|no|none)\b)(?:{NUMBER_WORDS_RE})(?<=\w)(?!\w)"
# Before a number: a currency sign ("US$", "RMB"), or else nothing that glues it to a word or a name
# ("x2", "3.5", "Shenzhou-10").
_LEAD = r"(?:(?P<sign>US\$|U\.S\.\s?\$|\$|USD|RMB|¥)\s?|(?<![\w.])(?<![A-Za-z]-))"
_PERCENT = r"%|per[\s-]?cent\b|percent\b|pct\b"
_SCALE = r"thousand|million|billion|trillion"

# A quantity: an optional currency sign, a number or a range, an optional scale word and unit.
# "US$4 trillion", "56.9 trillion yuan", "6-6.5 per cent", "between 6 and 6.5 percent", "ten million",
# "from 54 trillion to 82.7 trillion yuan" (a span, read as a range and split later).
_QUANTITY_RE = re.compile(
    rf"(?:(?P<between>between)\s+)?{_LEAD}(?P<low>{_NUMBER})"
    rf"(?:(?:\s+(?P<low_scale>{_SCALE})\b)?"
    rf"(?(between)\s+and\s+|(?:(?:\s*(?:{_PERCENT}))?\s*[-–—]\s*|\s+to\s+))"
    rf"(?:(?:US\$|\$|RMB)\s?)?(?P<high>{_NUMBER}))?"
    rf"(?:\s+(?P<scale>{_SCALE})\b)?"
    rf"(?:\s*(?:(?P<percent>{_PERCENT})|(?P<points>percentage\s+points?\b)|(?P<yuan>yuan\b|renminbi\b|RMB\b)"
    r"|(?P<dollars>(?:U\.?S\.?\s?)?dollars\b|USD\b)))?"
    # A bound after the figure: "5.5 percent or less", "10 percent or more".
    r"(?:\s+(?:or|and)\s+(?:(?P<or_less>less|lower|below|under|fewer)|(?P<or_more>more|above|higher|over|greater))\b)?",
    re.IGNORECASE,
)

# A hedge or bound right before a figure, named by its normalised label ("not_above" -> "not above").
_QUALIFIER_RE = re.compile(
    r"\b(?:(?P<not_above>(?:(?:does|do|did|will|would|should|must)\s+)?not\s+(?:rise|go|climb|increase|be)\s+"
    r"(?:above|beyond|over)|(?:(?:does|do|will|should|must)\s+)?not\s+exceed|no\s+(?:more|higher)\s+than"
    r"|at\s+or\s+(?:below|under)|at\s+most|up\s+to|within)"
    r"|(?P<at_least>at\s+least|no\s+less\s+than|not\s+less\s+than)"
    r"|(?P<more_than>more\s+than|over|above|upwards\s+of)"
    r"|(?P<less_than>less\s+than|fewer\s+than|under|below)"
    r"|(?P<exceeded>exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|topped)"
    r"|(?P<nearly>nearly|almost|close\s+to)"
    r"|(?P<about>about|approximately|roughly|some)"
    r"|(?P<around>around))\s*$",
    re.IGNORECASE,
)
# How far before and after a figure its words are read: the longest qualifier, threshold, subject
# and time phrase fit well inside, and a bound keeps each figure's reading constant-time however
# long its line is (a line of thousands of figures is read in linear time).
_WINDOW = 200
_QUALIFIER_WINDOW = 48  # "should not increase beyond "
_TAIL = 60  # the longest phrase ending right before a figure: ", registering an annual average rate of "
_THRESHOLD_WINDOW = 100  # " with annual revenue from main business of "
# Qualifiers that are the clause's verb, so that the words before them are its subject.
_VERBAL_QUALIFIERS = frozenset({"exceeded", "not above"})

# A size threshold that narrows who is measured: "enterprises with annual revenue of", "whose sales
# exceed"; not an adjunct after a comma (", with its GDP growing by").
_THRESHOLD_RE = re.compile(
    r"(?<![,;])\s(?:with|whose|having)\s+(?:[\w'-]+\s+){0,4}?(?:of|above|over|exceeding|exceeds?|at\s+least"
    r"|more\s+than)\s*$",
    re.IGNORECASE,
)
# A conversion in brackets right after a figure: "(US$ 370 billion)", "(or about $1.2 trillion)".
_CONVERSION_RE = re.compile(r"\s*\(\s*(?:or\s+|equivalent\s+to\s+)?(?:about|around|approximately|roughly)?\s*",
                            re.IGNORECASE)

# Nouns a bare count counts, and the unit each stands for.
_COUNT_UNITS = {"jobs": "jobs", "job": "jobs", "people": "people", "persons": "people", "person": "people",
                "tons": "tonnes", "ton": "tonnes", "tonnes": "tonnes", "tonne": "tonnes"}
# Words that end a noun phrase: articles, prepositions, conjunctions, auxiliaries.
_PHRASE_STOPS = frozenset(
    "a an the its their this that and or but in of for to from by with at on over than per into as "
    "was were is are be been has have had will would".split())
# Auxiliaries between a counted noun and its participle: "jobs have been added".
_AUXILIARIES = frozenset({"was", "were", "is", "are", "be", "been", "has", "have", "had", "will", "would", "should",
                          "shall", "must", "can", "could"})
# Words that mark a count as new rather than naming what it counts: "ten million more urban jobs".
_NEW_WORDS = frozenset({"more", "new", "additional"})
# A word of a noun phrase (lower-case letters and hyphens), and a past participle ("created").
_WORD_RE = re.compile(r"[a-z][a-z-]*")
_PARTICIPLE_RE = re.compile(r"[a-z-]{3,}ed")
# Participles not in -ed: "5 million homes will be rebuilt".
_IRREGULAR_PARTICIPLES = frozenset(
    "built rebuilt grown risen fallen made sold spent kept held cut set won brought taken given done shrunk "
    "become met lent paid laid sent dug".split())


def _is_participle(word: str) -> bool:
    return word in _IRREGULAR_PARTICIPLES or _PARTICIPLE_RE.fullmatch(word) is not None
# What a subject counts: "the number of rural people living in poverty".
_NUMBER_OF_RE = re.compile(r"\bnumber\s+of\s+((?:[\w-]+\s+){0,3}[\w-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class _Figure:
    """A quantity with a unit, and where it (with its qualifier) sits in its sentence."""

    start: int
    end: int
    value: Decimal  # in `scale`, also when the text gave the low end of a range its own scale
    value_high: Decimal | None
    scale: str | None
    unit: str
    qualifier: str | None
    counted: tuple[str, ...] = ()  # the nouns after a bare count: ("more", "urban", "jobs")
    participle: str | None = None  # what happened to them: "created" in "jobs were created"


def _figures(sentence: str) -> list[_Figure]:
    """The sentence's figures in order, leaving out thresholds and bracketed conversions."""
    figures: list[_Figure] = []
    for match in _QUANTITY_RE.finditer(sentence):
        if figures and _CONVERSION_RE.fullmatch(sentence, figures[-1].end, match.start()):
            continue
        figure = _figure(match, sentence)
        if figure is not None and not _THRESHOLD_RE.search(sentence, max(0, match.start() - _THRESHOLD_WINDOW),
                                                            match.start()):
            figures.append(figure)
    return figures


def _figure(match: re.Match[str], sentence: str) -> _Figure | None:
    """The figure a quantity makes, or None when it has no unit and so is no economic figure."""
    scale = match["scale"].lower() if match["scale"] else None
    value = parse_number(match["low"])
    if match["low_scale"]:  # "from 540 billion to 1.2 trillion": the low end in the high end's scale
        value = value * SCALES[match["low_scale"].lower()] / SCALES.get(scale or "", Decimal(1))
    unit = _stated_unit(match)
    counted: tuple[str, ...] = ()
    participle = None
    if unit is None:
        counted, participle = _counted(sentence[match.end(): match.end() + _WINDOW])
        unit = _count_unit(counted, sentence[max(0, match.start() - _WINDOW): match.start()], scale)
    if unit is None:
        return None
    qualifier = _QUALIFIER_RE.search(sentence, max(0, match.start() - _QUALIFIER_WINDOW), match.start())
    return _Figure(
        start=qualifier.start() if qualifier else match.start(),
        end=match.end(),
        value=value,
        value_high=parse_number(match["high"]) if match["high"] else None,
        scale=scale,
        unit=unit,
        qualifier=_qualifier(qualifier, match),
        counted=counted,
        participle=participle,
    )


def _qualifier(before: re.Match[str] | None, match: re.Match[str]) -> str | None:
    """The hedge or bound before the figure, else the bound after it ("3 percent or less")."""
    if before is not None and before.lastgroup:
        return before.lastgroup.replace("_", " ")
    if match["or_less"]:
        return "not above"
    return "at least" if match["or_more"] else None


def _stated_unit(match: re.Match[str]) -> str | None:
    """The normalised unit the quantity spells out or signs, if any."""
    sign = (match["sign"] or "").upper()
    if match["percent"]:
        return "percent"
    if match["points"]:
        return "percentage points"
    if match["yuan"] or sign in ("RMB", "¥"):
        return "CNY"
    if match["dollars"] or sign:
        return "USD"
    return None


def _count_unit(counted: tuple[str, ...], before: str, scale: str | None) -> str | None:
    """The unit of a bare count: the noun it counts, or the one its subject counts ("the number of
    rural people ... was reduced by 16.5 million"). Any noun serves after a scale word, only a known
    count noun without one, so that "2,945 votes" and "five years" are no figures."""
    noun = counted[-1] if counted else _subject_counts(before)
    if noun in _COUNT_UNITS:
        return _COUNT_UNITS[noun]
    return noun if noun and scale else None


def _subject_counts(before: str) -> str | None:
    """The plural noun after the last "number of" before a figure: "people"."""
    found = list(_NUMBER_OF_RE.finditer(before))
    words = found[-1].group(1).lower().split() if found else []
    return next((w for w in words if w in _COUNT_UNITS or w.endswith("s")), None)


def _counted(right: str) -> tuple[tuple[str, ...], str | None]:
    """The nouns a bare count is followed by and the participle after them:
    " more urban jobs were created, ..." -> (("more", "urban", "jobs"), "created")."""
    tokens = right.lower().split()[:8]
    nouns: list[str] = []
    for token in tokens:
        word = token.rstrip(",.;:)")
        if len(nouns) == 4 or word in _PHRASE_STOPS or _is_participle(word) or not _WORD_RE.fullmatch(word):
            break
        nouns.append(word)
        if word != token:  # punctuation ends the phrase
            return tuple(nouns), None
    rest = [t.rstrip(",.;:") for t in tokens[len(nouns):]]
    while rest and rest[0] in _AUXILIARIES:
        rest.pop(0)
    participle = rest[0] if nouns and rest and _is_participle(rest[0]) else None
    return tuple(nouns), participle


# --------------------------------------------------------------------------- what a figure measures

_LETTER_RE = re.compile(r"[^\W\d_]")
# Quotation marks around a figure: 'a target of "around 5 percent"'.
_QUOTE_RE = re.compile(r"[\"“”]")
# A bracketed figure, e.g. a conversion: "(US$ 370 billion)"; dropped before reading a measure.
_BRACKETED_FIGURE_RE = re.compile(r"\s*\([^)]*\d[^)]*\)")
# Where a new clause begins in the words before a figure: "; ", ", and ", ", while ".
_CLAUSE_BREAK_RE = re.compile(r";|,\s*(?:and|but|while|whereas)\s", re.IGNORECASE)
# The first "and" after the figure before, which starts a new clause ("4.1% and 13.1 million jobs").
_AND_BREAK_RE = re.compile(r"[^,;]*?\b(?:and|but|while|whereas)\s", re.IGNORECASE)  # used with match()
# A change stated in apposition to the figure before, maybe after a time phrase: ", an increase of",
# " in the past five years, registering average annual growth of", ", up", ", growing".
_APPOSITION_RE = re.compile(
    r"(?:\s+(?:in|over|during|for|last|this)\b[^,;]*)?\s*,\s*"
    r"(?:(?:(?:registering|posting|recording|marking|representing)\s+)?(?:an?\s+)?"
    r"(?:(?P<how>annual\s+average|average\s+annual|annual)\s+|year[\s-]on[\s-]year\s+)?"
    r"(?P<change>increase|rise|growth|gain|decrease|decline|drop|fall|reduction)\s+of"
    r"|(?P<direction>up|down|growing|rising|increasing|falling|declining|dropping)(?:\s+by)?)\s*",
    re.IGNORECASE,
)
_DOWNWARD = frozenset({"decrease", "decline", "drop", "fall", "reduction", "down", "falling", "declining", "dropping"})
# The end of a span the figure before began: "from 26.6 trillion yuan to 51.9 trillion yuan".
# maybe past the whole it is a share of and its year: "from 3.6% of GDP in 2020 to".
_CONTINUATION_RE = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2}?)?(?:\s+(?:in|for)\s+(?:19|20)\d{2})?\s*,?\s*to\s*",
    re.IGNORECASE)
# A figure compared with the one before, so measuring the same: ", below the 9 percent of earlier
# years", "compared with", "up from", "than".
_COMPARISON_RE = re.compile(
    r"\s*,?\s*(?:(?:well|slightly|far|much|still)\s+)?(?:below|above|under|over|compared\s+(?:with|to)|against"
    r"|versus|(?:up|down)\s+from|than)\s+(?:(?:the|an?|its)\s+)?(?:(?:level|rate|figure|pace)\s+of\s+)?",
    re.IGNORECASE,
)
# A share in apposition to the amount before: "1.05 trillion yuan, 2.8 percent of GDP".
_APPOSED_SHARE_RE = re.compile(r"\s*(?:,|\bor\b)\s*(?:(?:about|around|roughly|or)\s+)?", re.IGNORECASE)
# Words between a verb and its figure that say how it is counted ("by an annual average of",
# "a total of", "at a rate of"), or a bare article ("lowered to a 6-6.5 per cent range").
_FILLER_RE = re.compile(
    r"\s*\b(?:(?:by|at)\s+)?(?:(?:an?|the)\s+)?"
    r"(?:(?P<how>annual\s+average|average\s+annual|average)(?:\s+(?:rate|pace))?"
    r"|total|record(?:\s+high)?|(?:new|all-time)\s+high)\s+of\s*$"
    r"|\s*\b(?:by|at)\s+(?:an?|the)\s+(?:rate|pace)\s+of\s*$"
    r"|\s*\b(?:an?|the)\s*$",
    re.IGNORECASE,
)
# A figure named as the target for the one before it: "slightly below the target of".
_TARGET_REFERENCE_RE = re.compile(r"\b(?:the|a|an|its)\s+(?:targets?|goals?)\s+(?:of|for)\s*$", re.IGNORECASE)

# Auxiliaries, modals and "expected to" before a verb: "will", "is expected to", "has been".
_AUX = (r"(?:(?:was|were|is|are|has|have|had|be|been|being|will|would|should|shall|must|can|could|may|to"
        r"|expected|projected|forecast|planned|likely)\s+){0,4}")
# A time adverbial between a verb and its preposition: "rose for the twelfth consecutive year to".
_ADVERBIAL = r"(?:\s+(?:for|in|during|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:years?|months?|row|time|\d{4}))?"
_UP = (r"rose|risen|rises|rise|rising|increased|increases|increase|increasing|grew|grown|grows|grow|growing"
       r"|(?:went|gone|goes|go)\s+up|climbed|climbs|climbing|expanded|expands|expanding|jumped|surged|raised|up"
       r"|(?:saw|posted|recorded|registered|reported)\s+(?:an?\s+)?(?:increase|rise|growth|gain)(?:\s+of)?")
_DOWN = (r"fell|fallen|falls|fall|falling|dropped|drops|dropping|declined|declines|declining|decreased|decreases"
         r"|decreasing|reduced|reduces|cut|cuts|lowered|shrank|shrunk|narrowed|down"
         r"|(?:saw|posted|recorded|registered|reported)\s+(?:an?\s+)?(?:decrease|decline|drop|fall|reduction)"
         r"(?:\s+of)?")
_LEVEL = (r"reached|reaches|reach|reaching|hit|hits|stood|stands|stand|standing|totall?ed|totals|totall?ing"
          r"|amounted|amounts|amounting|kept|held|remained|remains|maintained|stayed|was|were|is|are|be|been"
          r"|registered|recorded|posted|set|targeted|projected|forecast|budgeted|accounted|accounts|accounting"
          r"|made\s+up|makes\s+up|came\s+in|slowed|slows|slowing|eased|eases|moderated|accelerated|rebounded"
          r"|recovered|saw|sees|see|logged|achieved|had|has|have|controlled|contained|capped|limited|pegged")
# A subject, its verb and the preposition right before a figure: "GDP grew by", "China's GDP
# increased from", "the rise in the CPI was kept at", "the 2019 GDP growth target was lowered to".
_PREDICATE = (rf"{_AUX}(?:(?P<up>{_UP})|(?P<down>{_DOWN})|(?P<level>{_LEVEL})){_ADVERBIAL}"
              r"(?:\s+(?P<prep>by|at|to|for|from))?\s*")
_SUBJECT_VERB_RE = re.compile(rf"(?P<subject>.+?)\s+{_PREDICATE}", re.IGNORECASE)
# A verb that shares the subject of the figure before: "(the economy had expanded by 6.9 percent)
# and would grow by".
_SHARED_SUBJECT_RE = re.compile(rf"(?P<subject>){_PREDICATE}", re.IGNORECASE)
# A transitive verb (imperative, infinitive or third person), its object and preposition: "increase
# GDP by", "keep the rise in the CPI at", "ensure that the registered urban unemployment rate",
# "plans to cut the deficit to", "China sets its GDP growth target at".
_TRANSITIVE_RE = re.compile(
    r"(?:^|(?<=\s))(?:(?P<up>(?:increase|raise|boost|grow|expand)s?)|(?P<down>(?:cut|reduce|lower)s?|bring\s+down)"
    r"|(?P<level>(?:keep|hold|maintain|control|limit|cap|ensure|create|add|achieve|set|put|peg)s?|stabili[sz]es?))\b"
    r"(?:\s+that\b)?(?P<object>[^,;]*?)(?:\s+(?P<prep>by|at|to|within|below|under))?\s*$",
    re.IGNORECASE,
)
# The same verbs as a gerund after a noun of intention, nearer the figure than any finite verb:
# "set targets for reducing the State Council's budget deficit from".
_GERUND_RE = re.compile(
    r"(?:^|(?<=\s))(?:(?P<up>increasing|raising|boosting|expanding)|(?P<down>cutting|reducing|lowering|bringing\s+down)"
    r"|(?P<level>keeping|holding|maintaining|controlling|limiting|capping|stabili[sz]ing))\b"
    r"(?P<object>[^,;]*?)(?:\s+(?P<prep>by|at|to|from|within|below|under))?\s*$",
    re.IGNORECASE,
)
# What the nouns before an "of" end at when read backwards: function words and verbs that take an object.
_NOUN_STOPS = _PHRASE_STOPS | {"said", "says", "stated", "noted", "announced",
                               "his", "her", "our", "these", "those", "both", "saw", "sees", "set", "sets", "hit",
                               "posted", "targets", "aims", "plans", "expects", "includes", "including",
                               "registering", "posting", "recording", "marking", "keeps", "maintains"}
_POSSESSIVE_RE = re.compile(r"['’]s$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "this", "that", "these", "those"})
# A change opening its clause, whose subject follows the figure: "a drop of at least 3 percent in energy
# consumption per unit of GDP".
_CHANGE_OF_RE = re.compile(
    r"(?:^|,)\s*(?:an?\s+)?(?:(?P<up>increase|rise|growth|gain)|(?P<down>decrease|decline|drop|fall|reduction))"
    r"\s+of\s*$",
    re.IGNORECASE,
)
_CHANGE_SUBJECT_RE = re.compile(r"\s+in\s+(?P<subject>[^,;.]+)", re.IGNORECASE)
# Where a noun phrase after a figure ends: a time phrase, a new clause or its verb.
_PHRASE_END = (r"\s+(?:last|this|next|in|for|by|from|to|over|compared|and|while|since|during|on|was|were|is|are"
               r"|will|would|has|have|had)\b|[,;.()]|$")
# A figure before the change it sizes, maybe with what changes after it: "a 6 percent rise in
# industrial output", "saw a 6 percent rise last year". What changes ends at a time phrase or a
# new clause.
_CHANGE_AFTER_RE = re.compile(
    r"\s+(?:(?P<up>rise|increase|growth|gain|jump|expansion)|(?P<down>drop|fall|decline|decrease|reduction|cut"
    r"|contraction))\b(?:\s+(?:in|of)\s+(?!(?:19|20)\d{2}\b)(?P<subject>[^,;.()]{1,80}?)"
    rf"(?={_PHRASE_END}))?",
    re.IGNORECASE,
)
_AMOUNT_OF_RE = re.compile(rf"\s+of\s+(?P<subject>[^,;.()]{{1,80}}?)(?={_PHRASE_END})", re.IGNORECASE)
# A clause whose verb is left out because it is the one before: "(cut steel by 30 million tons) and
# coal production capacity by".
_GAPPED_RE = re.compile(r"(?P<subject>[^,;]+?)\s+(?:by|at|to)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class _Reading:
    """What a figure measures: the thing measured and how the figure relates to it."""

    subject: str  # "GDP", "registered urban unemployment rate"
    relation: Relation
    year: int | None = None  # a year the subject names: "the 2019 GDP growth target"
    how: str | None = None  # how a change is counted: "annual average"
    continues: bool = False  # goes on from the figure before, so shares its kind unless its clause says


def _read(gap: str, right: str, figure: _Figure, previous: _Reading | None, after_figure: bool) -> _Reading | None:
    """What the figure measures, from the words between it and the figure before it (or the
    sentence's start) and, for a few phrasings, the words after it; None when nothing names a measure."""
    gap = _QUOTE_RE.sub("", _BRACKETED_FIGURE_RE.sub("", gap))
    if previous is not None:
        apposition = _APPOSITION_RE.fullmatch(gap)
        if apposition:
            change = (apposition["change"] or apposition["direction"]).lower()
            how = apposition["how"].lower() if apposition["how"] else None
            return replace(previous, relation="down" if change in _DOWNWARD else "up", how=how, continues=True)
        if _CONTINUATION_RE.fullmatch(gap):
            return replace(previous, relation="to" if previous.relation == "from" else "level", how=None,
                           continues=True)
        if _COMPARISON_RE.fullmatch(gap):
            return replace(previous, year=None, continues=True)
        if figure.unit == "percent" and _APPOSED_SHARE_RE.fullmatch(gap) and _SHARE_RE.match(right):
            return replace(previous, relation="level", how=None, continues=True)  # "1.05 trillion yuan, 2.8% of GDP"
    left = _clause(gap, after_figure)
    worded = _LETTER_RE.search(left) is not None  # no words before it: only the words after can say
    filler = _FILLER_RE.search(left, max(0, len(left) - _TAIL)) if worded else None
    how = filler["how"].lower() if filler and filler["how"] else None
    left = left[: filler.start()] if filler else left
    if previous is not None and worded and _TARGET_REFERENCE_RE.search(left, max(0, len(left) - _TAIL)):
        return replace(previous, how=None, continues=False)
    change = _CHANGE_AFTER_RE.match(right)
    reading = _change_after(change) if change else None
    if reading is None and worded:
        reading = (_noun_of(left, right) or _subject_verb(left, previous) or _transitive(left, figure)
                   or _bare_subject(left, figure) or _gapped(left, previous))
    reading = reading or _opening_count(left, figure) or _amount_of(right, figure)
    if reading is not None and change and reading.relation == "level":  # "Industrial output saw a 6 percent rise"
        reading = replace(reading, relation="up" if change["up"] else "down")
    reading = reading or _growth_alone(change)
    if reading is None:
        return None
    return replace(reading, how=how or reading.how, continues=reading.continues and previous is not None)


def _clause(gap: str, after_figure: bool) -> str:
    """The words of the figure's own clause: after the last "; " or ", and", or after an "and"
    that follows the figure before ("4.1% and 13.1 million urban jobs")."""
    ends = [m.end() for m in _CLAUSE_BREAK_RE.finditer(gap)]
    opening = _AND_BREAK_RE.match(gap) if after_figure else None
    if opening:
        ends.append(opening.end())
    return gap[max(ends):] if ends else gap


def _change_after(change: re.Match[str]) -> _Reading | None:
    """What a change sized before its noun measures: "a 6 percent rise in industrial output"."""
    subject, year = _clean(change["subject"]) if change["subject"] else ("", None)
    return _Reading(subject, "up" if change["up"] else "down", year) if subject else None


def _growth_alone(change: re.Match[str] | None) -> _Reading | None:
    """Growth that names no subject is the economy's, stated as such: "a target of 8 percent growth"."""
    if change is None or change["subject"] or change.group(0).strip().lower() != "growth":
        return None
    return _Reading("growth", "level")


def _noun_of(left: str, right: str) -> _Reading | None:
    """A noun phrase the figure completes: "a defense budget spending increase of 7.5%"; a bare
    change takes its subject from after the figure: "a drop of 3 percent in energy consumption"."""
    change = _CHANGE_OF_RE.search(left, max(0, len(left) - _TAIL))
    if change:
        after = _CHANGE_SUBJECT_RE.match(right)
        subject, year = _clean(after["subject"]) if after else ("", None)
        return _Reading(subject, "up" if change["up"] else "down", year) if subject else None
    words = left.split()
    if not words or words[-1].lower() != "of":
        return None
    subject, year = _clean(" ".join(_trailing_noun_phrase(words[:-1])))
    return _Reading(subject, "level", year, continues=True) if subject else None


def _trailing_noun_phrase(words: list[str]) -> list[str]:
    """The noun phrase that ends a run of words, back to a determiner, verb or comma:
    "The NPC announced a defense budget spending increase" -> "defense budget spending increase"."""
    phrase: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        lower = word.lower()
        adjective = index > 0 and words[index - 1].lower() in _DETERMINERS  # "the surveyed ... rate"
        if (lower in _NOUN_STOPS or word.endswith(",") or (_PARTICIPLE_RE.fullmatch(lower) and not adjective)
                or _POSSESSIVE_RE.search(lower)):
            break
        phrase.insert(0, word)
    return phrase


def _subject_verb(left: str, previous: _Reading | None = None) -> _Reading | None:
    """The subject of the verb before the figure: "Government revenue increased by 10.1%"; or,
    for a verb with none of its own, the subject of the figure before."""
    shared = _SHARED_SUBJECT_RE.fullmatch(left.strip()) if previous is not None else None
    if shared and previous is not None:
        return _shared_subject(shared, previous)
    match = _SUBJECT_VERB_RE.fullmatch(left.strip())
    if not match:
        return None
    prep = (match["prep"] or "").lower()
    relation: Relation = "level"
    if prep == "from":
        relation = "from"
    elif prep in ("", "by") and (match["up"] or match["down"]):
        relation = "up" if match["up"] else "down"
    subject, year = _clean(match["subject"])
    return _Reading(subject, relation, year) if subject else None


def _shared_subject(match: re.Match[str], previous: _Reading) -> _Reading:
    prep = (match["prep"] or "").lower()
    relation: Relation = "level"
    if prep in ("", "by") and (match["up"] or match["down"]):
        relation = "up" if match["up"] else "down"
    return replace(previous, relation=relation, year=None, how=None, continues=False)


def _transitive(left: str, figure: _Figure) -> _Reading | None:
    """The object of a transitive verb: "increase GDP by about 7.5%", "sets its GDP growth target at";
    a verb without one is followed by what it counts: "create ten million more urban jobs". Such a
    verb often shares the subject of the figure before ("will maintain CPI at 3%, and cut ...")."""
    left = left.strip()
    match = _GERUND_RE.search(left) or _TRANSITIVE_RE.search(left)
    if not match:
        return None
    if not match["object"].strip():
        return _counted_reading(figure)
    prep = (match["prep"] or "").lower()
    relation: Relation = "level"
    if prep == "from":
        relation = "from"
    elif prep in ("", "by") and (match["up"] or match["down"]):
        relation = "up" if match["up"] else "down"
    subject, year = _clean(match["object"])
    return _Reading(subject, relation, year, continues=True) if subject else None


def _bare_subject(left: str, figure: _Figure) -> _Reading | None:
    """A subject whose verb the qualifier took: "Grain output exceeded 600 million metric tons"."""
    if figure.qualifier not in _VERBAL_QUALIFIERS:
        return None
    subject, year = _clean(left)
    return _Reading(subject, "level", year) if subject else None


def _gapped(left: str, previous: _Reading | None) -> _Reading | None:
    """A subject whose verb is the one before: "... and coal production capacity by 150 million tons"."""
    match = _GAPPED_RE.fullmatch(left.strip()) if previous is not None else None
    if previous is None or not match:
        return None
    subject, year = _clean(match["subject"])
    return _Reading(subject, previous.relation, year) if subject else None


def _amount_of(right: str, figure: _Figure) -> _Reading | None:
    """An amount of money followed by what it buys or raises: "1 trillion yuan of special treasury
    bonds" (a percentage "of GDP" is a share, read with the subject before it)."""
    match = _AMOUNT_OF_RE.match(right) if figure.unit in ("CNY", "USD") else None
    subject, year = _clean(match["subject"]) if match else ("", None)
    return _Reading(subject, "level", year) if subject else None


def _opening_count(left: str, figure: _Figure) -> _Reading | None:
    """A count that opens its clause measures what it counts."""
    return _counted_reading(figure) if not any(c.isalnum() for c in left.rsplit(",", 1)[-1]) else None


def _counted_reading(figure: _Figure) -> _Reading | None:
    """What a count counts: "13.1 million urban jobs were created" -> "urban jobs created";
    "ten million more urban jobs" -> "new urban jobs"."""
    nouns = [w for w in figure.counted if w not in _NEW_WORDS]
    if not nouns:
        return None
    if figure.participle:
        return _Reading(" ".join([*nouns, figure.participle]), "level", continues=True)
    if len(nouns) < len(figure.counted):
        return _Reading(" ".join(["new", *nouns]), "level", continues=True)
    return _Reading(" ".join(nouns), "level", continues=True)


# Reported speech before a subject: "Li said", "the report showed that".
_REPORTING_RE = re.compile(r"^.*(?<![\w-])(?:said|says|stated|states|noted|notes|showed|shows|added|announced"
                           r"|announces|reported|reports|stressed|told\s+\w+)\s+(?:that\s+)?", re.IGNORECASE)
# Words after which the rest of a subject narrows who is counted: "enterprises with annual revenue of ...".
_NARROWING_RE = re.compile(r"(?<!\s)\s+(?:with|whose|having)\b.*$", re.IGNORECASE)
# A time phrase inside a subject: "the budget for this year".
_TIME_PHRASE_RE = re.compile(
    r"\s*\b(?:for|in|during|of)\s+(?:this|last|next|the\s+(?:coming|next|past|previous))\s+year\b", re.IGNORECASE)
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
# Spelled-out words and their abbreviation in brackets: "gross domestic product (GDP)".
_ABBREVIATION_RE = re.compile(r"(?<![\w-])((?:[\w-]+\s+){1,8})\(([A-Z]{2,6})\)")
# A year named in a subject, with its preposition: "the 2019 GDP growth target", "the target for 2019".
_SUBJECT_YEAR_RE = re.compile(r"(?:\b(?:for|in|of|during)\s+)?\b((?:19|20)\d{2})\b", re.IGNORECASE)
# Determiners, possessives and dashes opening a subject: "the", "China's", "with its", "- ".
_LEADING_RE = re.compile(r"^(?:(?:the|a|an|its|their|our|this|that|both|with|[\w-]+['’]s)\s+|[-–—•]+\s*)+",
                         re.IGNORECASE)
# A closing word saying the figure is a target, not what it measures: "GDP growth target".
_TARGET_WORD_RE = re.compile(r"\s+(?:targets?|goals?|ceilings?|objectives?)$"
                             r"|^(?:targets?|goals?|ceilings?|objectives?)\s+(?:for|of)\s+", re.IGNORECASE)
# A change named before its subject: "rise in the CPI" (-> "CPI rise").
_CHANGE_IN_RE = re.compile(
    r"^(?P<change>rise|increase|growth|decline|drop|fall)\s+(?:in|of)\s+(?:the\s+)?(?P<what>.+)$", re.IGNORECASE)


# The owner before a measure: "the State Council's budget deficit" -> "budget deficit".
_POSSESSOR_RE = re.compile(r"^.*['’]s\s+(?=\S)")
# Changes that are no measure on their own.
_CHANGE_WORDS = frozenset({"increase", "rise", "gain", "decrease", "decline", "drop", "fall", "reduction",
                           "cut", "change", "target", "goal", "figure", "level", "rate", "total"})
_PRONOUNS = frozenset({"it", "they", "this", "that", "these", "those", "which", "we", "he", "she"})
# Verbs of a clause that a label never holds.
_CLAUSE_VERBS = frozenset({"said", "says", "stated", "noted", "announced", "set", "sets", "targets", "aims", "plans",
                           "expects", "reported", "showed", "shows", "will", "would", "should", "must", "is", "are",
                           "was", "were", "be", "been"})


def _clean(text: str) -> tuple[str, int | None]:
    """A short measure label from a subject phrase, and the year the phrase names, if any:
    "In Li's report, the 2019 GDP growth target" -> ("GDP growth", 2019)."""
    parts = text.strip(" ,;:").split(",")
    text = parts[-1].strip()  # after an introductory phrase: "In 2013, GDP"
    if len(parts) > 1 and text.lower() in _RELATIVE_PRONOUNS:  # "hit exports, which fell by"
        text = " ".join(_trailing_noun_phrase(parts[-2].split()))
    text = _REPORTING_RE.sub("", text)
    text = _NARROWING_RE.sub("", text)
    text = _TIME_PHRASE_RE.sub("", text)
    text = _ABBREVIATION_RE.sub(_abbreviate, text)
    year = _SUBJECT_YEAR_RE.search(text)
    text = " ".join(_SUBJECT_YEAR_RE.sub(" ", text).split())
    text = _POSSESSOR_RE.sub("", text)
    text = _LEADING_RE.sub("", text)
    text = _TARGET_WORD_RE.sub("", text)
    text = _CHANGE_IN_RE.sub(r"\g<what> \g<change>", text).strip(" ,;:")
    first, _, rest = text.partition(" ")
    if first[1:].islower():  # a sentence-initial capital, not an acronym
        first = first.lower()
    label = " ".join(filter(None, [first, rest]))
    return (label if _is_label(label) else ""), int(year.group(1)) if year else None


def _is_label(label: str) -> bool:
    """Whether a cleaned phrase names what is measured, not a fragment of its clause: it neither
    opens nor closes on a function word ("of GDP", "... deficit from"), is not a bare change
    ("increase"), and holds no verb of the clause ("said GDP growth")."""
    words = label.lower().split()
    if not words or _QUOTE_RE.search(label) or words[-1] in _PHRASE_STOPS:
        return False
    if words[0] in _PHRASE_STOPS and words[:2] != ["per", "capita"]:
        return False
    if len(words) == 1 and (words[0] in _CHANGE_WORDS or words[0] in _PRONOUNS):
        return False
    return not any(word in _CLAUSE_VERBS for word in words)


def _abbreviate(match: re.Match[str]) -> str:
    """'gross domestic product (GDP)' -> 'GDP', when the words before the brackets spell it."""
    words, abbreviation = match.group(1).split(), match.group(2)
    spelled = words[-len(abbreviation):]
    if "".join(w[0] for w in spelled).upper() != abbreviation:
        return match.group(0)
    return " ".join([*words[: -len(abbreviation)], abbreviation]) + " "


# What a percentage is a share of: "46.1% of GDP".
_SHARE_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?P<whole>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)"
    r"(?=\s*(?:[,.;]|$)|\s+(?:and|in|for|from|to|by|with|than|over)\b)",
    re.IGNORECASE,
)
# A subject that already is a share: "deficit-to-GDP ratio", "proportion of urban residents".
_SHARE_WORD_RE = re.compile(r"\b(?:share|proportion|percentage|ratio)\b", re.IGNORECASE)
_PERIOD_WORD_RE = re.compile(r"\b(?:years?|months?|period)\b", re.IGNORECASE)
# A change stated after inflation: "rose by 7% in real terms".
_REAL_TERMS_RE = re.compile(r"\s+in\s+real\s+terms\b", re.IGNORECASE)
# "number of" before what is counted, dropped after "reduction in".
_NUMBER_OF_PREFIX_RE = re.compile(r"^number\s+of\s+", re.IGNORECASE)


def _measure(reading: _Reading, figure: _Figure, right: str) -> str:
    """The measure's label: the subject and what the figure says about it ("GDP growth",
    "reduction in rural people living in poverty", "GDP at start of period")."""
    subject = reading.subject
    if reading.relation == "from":
        return f"{subject} at start of period"
    if reading.relation == "to":
        return f"{subject} at end of period"
    if reading.relation == "level":
        share = _SHARE_RE.match(right) if figure.unit == "percent" and not _SHARE_WORD_RE.search(subject) else None
        if share and not _PERIOD_WORD_RE.search(share["whole"]):  # not "the 9 percent of earlier years"
            return f"{subject} share of {share['whole']}"
        return subject
    how = " ".join(filter(None, [reading.how, "real" if _REAL_TERMS_RE.match(right) else None]))
    if reading.relation == "down":
        return f"{how} reduction in {_NUMBER_OF_PREFIX_RE.sub('', subject)}".strip()
    change = "growth" if figure.unit == "percent" else "increase"
    return f"{subject}, {how} {change}" if how else f"{subject} {change}"


# --------------------------------------------------------------------------- kind and year

# The future or an intention: a figure set for what is to come ("will", "is expected to", "aims to",
# "a target of", "is set at", "keep ... at", "announced a ... goal of", "this year") is a target. A
# budget is a plan, but a "budget deficit" is a measure like any other; a Five-Year Plan is a name.
_TARGET_CUE_RE = re.compile(
    r"\b(?:targets?|targeted|targeting|goals?|aims?|aimed|aiming|objectives?|(?<!five-year\s)plans?|planned|planning"
    r"|projected|projections?|forecasts?|expected|expects?|budget(?:s|ed)?(?!\s+(?:deficits?|surplus))"
    r"|proposed|proposes?|will|would|should|must|shall|ceilings?|quotas?|keep|keeps|(?:calls?|called)\s+for"
    r"|(?:this|coming|next)\s+year|set\s+(?:at|to)|(?:is|are|was|were|been)\s+(?:announced|unveiled)"
    r"|(?:is|are)\s+to\s+be"
    r"|(?:announc|unveil)(?:ed|es?)\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:goals?|targets?|plans?|budgets?|(?:increase|rise|cut|reduction)\s+of))\b",
    re.IGNORECASE,
)
# The past or the perfect: a figure reported as reached ("grew", "rose", "was", "has reached", "had",
# "last year") is an achievement. An "-ed" word counts unless a determiner or the clause's start
# makes it an adjective ("the registered urban unemployment rate").
_PAST_CUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<verb>was|were|had|grew|rose|fell|stood|went|came|saw|made|kept|held|won|became|shrank|spent"
    r"|sold|built|met|took|beat|topped|been|grown|risen|fallen)"
    r"|(?P<ed>[a-z]{3,}(?<!e)ed)|last\s+year|(?:past|previous|preceding|earlier|recent)\s+(?:[\w-]+\s+)?years?)\b",
    re.IGNORECASE,
)
# Past forms that report speech or judge, not what was reached: "Li said GDP growth would be ...".
_NOT_REPORTED_PAST = frozenset({"said", "stated", "noted", "added", "reported", "announced", "stressed", "emphasized",
                                "emphasised", "pointed", "mentioned", "explained", "considered", "hundred"})
_DETERMINER_BEFORE_RE = re.compile(r"(?:^|\b(?:the|a|an|its|their|this|that|these|those|[\w-]+['’]s))\s*$",
                                   re.IGNORECASE)
# A period of several years: "in the past five years", "of earlier years", "each year until 2020".
_MULTI_YEAR_RE = re.compile(
    r"\b(?:(?:past|last|previous|earlier|recent|next|coming)\s+(?:[\w-]+\s+)?years|five-year\s+plan\s+period"
    r"|(?:each|every|a|per)\s+year\s+(?:until|through|till|to|by)\s+(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# A rate for each year of a period: "by 3 percent each year", "annually".
_EACH_YEAR_RE = re.compile(
    r"^[^,;]{0,40}?\b(?:(?:each|every|per)\s+year|a\s+year(?!\s+(?:earlier|ago|before))|annually)\b", re.IGNORECASE)
# A year a clause is about: "in 2012", "for 2014".
_IN_YEAR_RE = re.compile(r"\b(?:in|for|during|by)\s+((?:19|20)\d{2})\b", re.IGNORECASE)


def _says_past(clause: str) -> bool:
    """Whether the clause reports what was reached: a past or perfect verb, or a past period."""
    for cue in _PAST_CUE_RE.finditer(clause):
        word = cue.group(0).lower()
        if word in _NOT_REPORTED_PAST:
            continue
        if cue["ed"] and _DETERMINER_BEFORE_RE.search(clause, max(0, cue.start() - 40), cue.start()):
            continue
        return True
    return False


@dataclass(frozen=True)
class _Context:
    """What a bullet list's intro says of its figures; `kind` None: judge each clause as prose."""

    kind: IndicatorKind | None
    year: int | None


_PROSE = _Context(None, None)


def _list_context(found: BulletList, session_year: int) -> _Context | None:
    """Kind and year of a list's figures; None for a list of policy requirements (no figures)."""
    intro = found.intro.text if found.intro else ""
    named = _IN_YEAR_RE.search(intro)
    if found.kind == ACHIEVEMENTS:
        if _MULTI_YEAR_RE.search(intro):
            return _Context(IndicatorKind.ACHIEVEMENT, None)
        return _Context(IndicatorKind.ACHIEVEMENT, int(named.group(1)) if named else session_year - 1)
    if found.kind == TARGETS:
        return _Context(IndicatorKind.TARGET, int(named.group(1)) if named else session_year)
    return _PROSE if found.kind is None else None


def _named_year(before: str, after: str) -> int | None:
    """The year the figure's clause names: right after the figure ("3.2% of GDP in 2021") before
    one earlier in the clause ("In 2013, GDP grew by 7.7%")."""
    named = _IN_YEAR_RE.search(after) or _last(_IN_YEAR_RE.finditer(before))
    return int(named.group(1)) if named else None


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:
        pass
    return found


def _kind_and_year(reading: _Reading, before: str, after: str, sentence_years: bool, context: _Context,
                   session_year: int, previous_kind: IndicatorKind | None) -> tuple[IndicatorKind, int | None]:
    """Achievement, target or unknown, and the year the figure is about. A list's intro decides
    both. In prose the clause's tense and modality decide: the future or an intention (or a year
    not yet past) makes a target, the past or perfect (or a past year) an achievement, and the
    start of a change from a past year ("from 3.6% of GDP in 2020 to ...") is what was reached. A
    figure that goes on from the one before shares its kind; a clause that says neither leaves the
    kind unknown. The year is the one the clause names, else last year's for an achievement and
    this year's for a target, none for a period of several years."""
    clause = before + after
    year = reading.year or _named_year(before, after)
    if context.kind is not None:
        return context.kind, year or context.year
    several = _MULTI_YEAR_RE.search(clause) is not None
    if reading.relation == "from" and year is not None and year < session_year:
        kind = IndicatorKind.ACHIEVEMENT
    elif _TARGET_CUE_RE.search(clause) or (year is not None and year >= session_year):
        kind = IndicatorKind.TARGET
    elif _says_past(clause) or (year is not None and year < session_year):
        kind = IndicatorKind.ACHIEVEMENT
    elif reading.continues and previous_kind is not None:
        kind = previous_kind
    else:
        kind = IndicatorKind.UNKNOWN
    if year is not None or several or kind is IndicatorKind.UNKNOWN:
        return kind, year
    if kind is IndicatorKind.TARGET:
        return kind, session_year
    return kind, None if sentence_years else session_year - 1


def figure_warnings(indicators: Sequence[Indicator]) -> list[SourceWarning]:
    """A warning on the line of each figure whose clause says neither target nor achievement, and
    of each figure no measure of the scheme fits (it is published, without npc:measure)."""
    warnings: list[SourceWarning] = []
    for i in indicators:
        if i.kind is IndicatorKind.UNKNOWN:
            warnings.append(SourceWarning(i.span, f"figure of unknown kind: {i.measure} {i.value} {i.unit} (its "
                                                  f"clause states neither a target nor an achievement)"))
        if i.measure_key is None:
            warnings.append(SourceWarning(i.span, f"unclassified figure: no measure of ontology/measures.ttl is "
                                                  f"'{i.measure}' in {i.unit}"))
    return warnings


# --------------------------------------------------------------------------- the extractor

# The end of a figure's clause in the words after it.
_CLAUSE_END_RE = re.compile(r"[,;]|\s(?:and|but|while|whereas)\s", re.IGNORECASE)
# The end of a sentence: a full stop, question or exclamation mark before a capital or a digit.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")


def extract_indicators(blocks: Sequence[Block], session_year: int) -> list[Indicator]:
    """Every economic figure stated in the article's paragraphs and bullets, in text order."""
    contexts = {bullet: _list_context(found, session_year)
                for found in bullet_lists(blocks) for bullet in found.bullets}
    indicators: list[Indicator] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            context: _Context | None = _PROSE
        elif isinstance(block, Bullet):
            context = contexts[block]
        else:
            continue
        if context is None:
            continue
        for sentence in _SENTENCE_END_RE.split(block.text):
            indicators.extend(_sentence_indicators(sentence, context, session_year, block.span))
    return indicators


def _sentence_indicators(sentence: str, context: _Context, session_year: int, span: Span) -> list[Indicator]:
    """The figures of one sentence; each is read against the words since the figure before it,
    at most `_WINDOW` characters back, and the words after it up to the next figure, at most
    `_WINDOW` characters on."""
    figures = _figures(sentence)
    sentence_years = _MULTI_YEAR_RE.search(sentence) is not None if figures else False
    found: list[Indicator] = []
    previous: _Reading | None = None
    previous_kind: IndicatorKind | None = None
    for index, figure in enumerate(figures):
        opening = figures[index - 1].end if index else 0
        start = _window_start(sentence, opening, figure.start)
        joined = _AND_BREAK_RE.match(sentence, opening, figure.start) if index and start > opening else None
        if joined and joined.end() > start:  # words cut, but the figure's clause begins inside the window
            start = joined.end()
        following = figures[index + 1].start if index + 1 < len(figures) else len(sentence)
        right = sentence[figure.end: min(following, figure.end + _WINDOW)]
        reading = _read(sentence[start: figure.start], right, figure, previous if start == opening else None,
                        after_figure=index > 0 and start == opening)
        if reading is None:
            continue
        after = _CLAUSE_END_RE.split(right, 1)[0]  # up to ", " or " and ": the figure's own clause
        if reading.how is None and _EACH_YEAR_RE.match(after):
            reading = replace(reading, how="annual")
        kind, year = _kind_and_year(reading, sentence[start: figure.end], after, sentence_years, context,
                                    session_year, previous_kind)
        found += _indicators(figure, reading, kind, year, right, span)
        previous, previous_kind = reading, kind
    return found


def _window_start(sentence: str, start: int, end: int) -> int:
    """Where the words read before a figure begin: the figure before, or the first word within
    `_WINDOW` characters of the figure."""
    if end - start <= _WINDOW:
        return start
    space = sentence.find(" ", end - _WINDOW, end)
    return space + 1 if space >= 0 else end - _WINDOW


def _indicators(figure: _Figure, reading: _Reading, kind: IndicatorKind, year: int | None, right: str,
                span: Span) -> list[Indicator]:
    """The figure as indicators: one, or two for a span written as a range ("from 5.1 to 11.7
    trillion yuan": its start and its end)."""
    def indicator(value: Decimal, value_high: Decimal | None, read: _Reading) -> Indicator:
        label = _measure(read, figure, right)
        return Indicator(kind, label, value, figure.scale, figure.unit, figure.qualifier, year, span, value_high,
                         classify(label, figure.unit))

    if reading.relation == "from" and figure.value_high is not None:
        return [indicator(figure.value, None, reading),
                indicator(figure.value_high, None, replace(reading, relation="to"))]
    if reading.relation in ("from", "to") and year is not None:  # a level in a named year
        reading = replace(reading, relation="level")
    return [indicator(figure.value, figure.value_high, reading)]
