"""extract.indicators: the bundled articles' economic figures, exactly, and the phrasings other
sessions' articles use (numbers in words, ranges, bounds, thresholds, ordinals, names with numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from npc_kg.extract.indicators import extract_indicators
from npc_kg.model import SCALES, Indicator, IndicatorKind
from npc_kg.parse import parse_article, parse_text

from helpers import CORPUS, expected

ACHIEVEMENT, TARGET = IndicatorKind.ACHIEVEMENT, IndicatorKind.TARGET
STEMS = ["npc-11-3", "npc-12-1", "npc-12-2", "npc-13-1", "npc-13-2", "npc-13-4", "npc-14-2"]

# How the expected files write a unit after the scale word, and the unit the extractor gives it.
EXPECTED_UNITS = {"yuan": "CNY", "US$": "USD", "%": "percent", "% of GDP": "percent", "jobs": "jobs",
                  "people": "people", "metric tons": "tonnes"}


def expected_unit(text: str) -> tuple[str | None, str]:
    """'trillion yuan' -> ('trillion', 'CNY'); '%' -> (None, 'percent')."""
    scale, _, rest = text.partition(" ")
    if scale in SCALES:
        return scale, EXPECTED_UNITS[rest]
    return None, EXPECTED_UNITS[text]


def expected_fact(item: dict) -> tuple:
    """An expected indicator as (kind, scale, unit, qualifier, magnitude, upper magnitude)."""
    scale, unit = expected_unit(item["unit"])
    factor = SCALES.get(scale or "", Decimal(1))
    high = item.get("value_high")
    return (item["kind"], scale, unit, item.get("qualifier"), Decimal(str(item["value"])) * factor,
            Decimal(str(high)) * factor if high is not None else None)


def fact(indicator: Indicator) -> tuple:
    return (indicator.kind.value, indicator.scale, indicator.unit, indicator.qualifier, indicator.magnitude,
            indicator.magnitude_high)


def corpus_indicators(stem: str) -> list[Indicator]:
    doc = parse_article(CORPUS / f"{stem}.txt")
    return extract_indicators(doc.blocks, expected(stem)["session"]["year"])


def prose(text: str, session_year: int = 2018) -> list[Indicator]:
    """The indicators of an article whose body is one paragraph."""
    return extract_indicators(parse_text(f"= Test =\n\n{text}\n", "test.txt").blocks, session_year)


def bullets(intro: str, *items: str, session_year: int = 2018) -> list[Indicator]:
    """The indicators of an article whose body is a bullet list and the paragraph introducing it."""
    lines = "\n".join(f"- {item}" for item in items)
    return extract_indicators(parse_text(f"= Test =\n\n{intro}\n\n{lines}\n", "test.txt").blocks, session_year)


def summary(found: list[Indicator]) -> list[tuple]:
    """(kind, value, value_high, scale, unit, qualifier) of each indicator, values as printed."""
    return [(i.kind, i.value, i.value_high, i.scale, i.unit, i.qualifier) for i in found]


# --------------------------------------------------------------------------- the bundled corpus


@pytest.mark.parametrize("stem", STEMS)
def test_corpus_gives_exactly_the_expected_indicators_in_text_order(stem):
    wanted = [expected_fact(item) for item in expected(stem)["indicators"]]
    assert [fact(i) for i in corpus_indicators(stem)] == wanted


def test_expected_counts():
    """The brief's numbers, so that an expected file losing entries cannot pass unnoticed."""
    kinds = {stem: [i.kind for i in corpus_indicators(stem)] for stem in STEMS}
    assert (kinds["npc-12-2"].count(ACHIEVEMENT), kinds["npc-12-2"].count(TARGET)) == (15, 4)
    assert kinds["npc-12-1"] == [ACHIEVEMENT] * 7
    assert kinds["npc-13-2"] == [TARGET] * 2


def test_expected_unit_helper():
    assert expected_unit("trillion yuan") == ("trillion", "CNY")
    assert expected_unit("trillion US$") == ("trillion", "USD")
    assert expected_unit("million metric tons") == ("million", "tonnes")
    assert expected_unit("%") == (None, "percent")


def test_npc_12_2_values_as_printed_and_their_measures():
    found = corpus_indicators("npc-12-2")
    first_bullet = [(i.measure, i.value, i.scale, i.unit) for i in found if i.span.line == found[0].span.line]
    assert first_bullet == [
        ("GDP", Decimal("56.9"), "trillion", "CNY"),
        ("GDP growth", Decimal("7.7"), None, "percent"),
        ("CPI rise", Decimal("2.6"), None, "percent"),
        ("registered urban unemployment rate", Decimal("4.1"), None, "percent"),
        ("urban jobs created", Decimal("13.1"), "million", "jobs"),
        ("total imports and exports", Decimal("4"), "trillion", "USD"),
    ]
    measures = [i.measure for i in found]
    assert "grain output" in measures and "government revenue growth" in measures
    assert [i.measure for i in found if i.kind is TARGET] == [
        "GDP growth", "CPI rise", "new urban jobs", "registered urban unemployment rate"]


def test_npc_12_2_years_and_spans():
    found = corpus_indicators("npc-12-2")
    assert {i.year for i in found if i.kind is ACHIEVEMENT} == {2013}  # "the past year"
    assert {i.year for i in found if i.kind is TARGET} == {2014}  # "the coming year"
    for indicator in found:
        assert indicator.span.file == "npc-12-2.txt"
        assert indicator.span.text.startswith("- ")  # every figure comes from a bullet
    assert found[0].span.line == 28
    assert found[-1].span.text == "- ensure that the registered urban unemployment rate does not rise above 4.6%"


def test_npc_12_1_five_year_period_has_no_single_year_and_spans_have_start_and_end():
    found = corpus_indicators("npc-12-1")
    assert {i.year for i in found} == {None}
    assert [i.measure for i in found[:4]] == ["GDP at start of period", "GDP at end of period",
                                              "government revenue at start of period",
                                              "government revenue at end of period"]


def test_npc_13_2_targets_come_from_prose():
    growth, defense = corpus_indicators("npc-13-2")
    assert (growth.measure, growth.value, growth.value_high, growth.year) == (
        "GDP growth", Decimal(6), Decimal("6.5"), 2019)
    assert (defense.measure, defense.value, defense.unit, defense.year) == (
        "defense budget spending increase", Decimal("7.5"), "percent", 2019)


# --------------------------------------------------------------------------- other phrasings


@pytest.mark.parametrize("sentence, value, scale, unit", [
    ("Ten million people were lifted out of poverty.", 10, "million", "people"),
    ("Twenty-five thousand jobs were created.", 25000, None, "jobs"),
    ("A total of three million urban jobs were created.", 3, "million", "jobs"),
])
def test_numbers_in_words(sentence, value, scale, unit):
    assert summary(prose(sentence)) == [(ACHIEVEMENT, Decimal(value), None, scale, unit, None)]


def test_target_written_in_words():
    found = bullets("The targets for the coming year are:", "create ten million more urban jobs", session_year=2014)
    assert summary(found) == [(TARGET, Decimal(10), None, "million", "jobs", None)]
    assert (found[0].measure, found[0].magnitude, found[0].year) == ("new urban jobs", Decimal(10) ** 7, 2014)


@pytest.mark.parametrize("sentence", [
    "In the report, the 2019 GDP growth target was lowered to a 6-6.5 per cent range.",
    "The GDP growth target for 2019 is between 6 and 6.5 percent.",
    "The report targets GDP growth of 6 to 6.5 percent for 2019.",
    "The 2019 GDP growth target was set at 6–6.5%.",
])
def test_ranges(sentence):
    found = prose(sentence, session_year=2019)
    assert summary(found) == [(TARGET, Decimal(6), Decimal("6.5"), None, "percent", None)]
    assert (found[0].measure, found[0].year) == ("GDP growth", 2019)


def test_a_span_from_one_level_to_another_gives_its_start_and_its_end():
    found = prose("China's gross domestic product (GDP) has risen from 54 trillion to 82.7 trillion yuan in the "
                  "past five years, registering average annual growth of 7.1 percent.")
    assert [(i.measure, i.magnitude, i.unit, i.year) for i in found] == [
        ("GDP at start of period", Decimal(54) * 10 ** 12, "CNY", None),
        ("GDP at end of period", Decimal("82.7") * 10 ** 12, "CNY", None),
        ("GDP, average annual growth", Decimal("7.1"), "percent", None),
    ]


@pytest.mark.parametrize("item, measure", [
    ("ensure that the registered urban unemployment rate does not rise above 4.6%",
     "registered urban unemployment rate"),
    ("keep the surveyed urban unemployment rate within 5.5 percent", "surveyed urban unemployment rate"),
    ("Keep the registered urban unemployment rate at or below 4.6 per cent.", "registered urban unemployment rate"),
    ("the urban unemployment rate should not exceed 4.5 percent", "urban unemployment rate"),
])
def test_not_above(item, measure):
    found = bullets("Targets for 2018:", item)
    assert [(i.kind, i.measure, i.qualifier, i.unit) for i in found] == [(TARGET, measure, "not above", "percent")]


@pytest.mark.parametrize("sentence, qualifier", [
    ("Total imports and exports exceeded US$4 trillion, reaching a new high.", "exceeded"),
    ("Grain output exceeded 600 million metric tons.", "exceeded"),
    ("Over 11 million new urban jobs were created.", "more than"),
    ("More than 68 million people have been lifted out of poverty.", "more than"),
    ("At least 10 million rural people were lifted out of poverty.", "at least"),
    ("GDP grew by about 7 percent.", "about"),
    ("The rise in the CPI was kept at around 2 percent.", "around"),
    ("GDP grew by 7 percent.", None),
])
def test_qualifiers(sentence, qualifier):
    assert [i.qualifier for i in prose(sentence)] == [qualifier]


@pytest.mark.parametrize("sentence", [
    "GDP grew by 7.5% last year.",
    "GDP grew by 7.5 per cent last year.",
    "GDP grew by 7.5 percent last year.",
    "GDP grew by 7.5 per-cent last year.",
])
def test_percent_spellings(sentence):
    assert [(i.measure, i.value, i.unit) for i in prose(sentence)] == [("GDP growth", Decimal("7.5"), "percent")]


@pytest.mark.parametrize("sentence, scale, unit", [
    ("Foreign trade totalled US$ 3.87 trillion.", "trillion", "USD"),
    ("Foreign direct investment was 126 billion US dollars.", "billion", "USD"),
    ("A deficit of RMB1.2 trillion was projected for 2018.", "trillion", "CNY"),
    ("The government set a deficit of 2.38 trillion yuan for 2018.", "trillion", "CNY"),
    ("Grain output reached 621 million tonnes.", "million", "tonnes"),
    ("Energy consumption per unit of GDP fell by 5.6 percentage points.", None, "percentage points"),
])
def test_units_are_normalised(sentence, scale, unit):
    assert [(i.scale, i.unit) for i in prose(sentence)] == [(scale, unit)]


def test_a_size_threshold_is_not_an_indicator_but_the_figure_it_qualifies_is():
    found = prose("The profits of industrial enterprises with annual revenue of 20 million yuan or more from their "
                  "main business operations rose by 12.2%.")
    assert [(i.measure, i.value, i.unit) for i in found] == [
        ("profits of industrial enterprises growth", Decimal("12.2"), "percent")]
    assert prose("Companies whose annual revenue exceeds 20 million yuan saw profits grow by 8.5%.")[0].value == \
        Decimal("8.5")
    assert prose("Enterprises with annual revenue of 20 million yuan or more saw their profits rise.") == []


@pytest.mark.parametrize("sentence", [
    "Rice production in China increased for the ninth consecutive year in 2012.",
    "Grain output increased for the tenth consecutive year.",
    "China's GDP now ranks second in the world.",
    "Effectively countered the severe impact of the 2008 financial crisis.",
    "The Shenzhou-10 spacecraft was sent into orbit.",
    "The Chang'e-3 lunar lander successfully landed on the moon.",
    "The 12th Five-Year Plan was adopted by the 2nd session of the 13th NPC on 5 March 2014.",
    "The Premier's report was approved with 2,945 votes in favour and three abstentions.",
    "The session opened on March 5, 2010 and lasted ten days.",
])
def test_ordinals_years_dates_names_and_votes_are_not_indicators(sentence):
    assert prose(sentence) == []


def test_not_indicators_next_to_one():
    """A name with a number in the same sentence as a figure leaves only the figure."""
    found = prose("The Shenzhou-11 spacecraft flew in 2016, the ninth such launch, and R&D spending rose by 12%.")
    assert [(i.measure, i.value) for i in found] == [("R&D spending growth", Decimal(12))]


def test_apposition_and_bracketed_conversion():
    found = prose("GDP reached 74.4 trillion yuan (about US$ 11.2 trillion), up 6.7% over the previous year.")
    assert [(i.measure, i.value, i.unit) for i in found] == [
        ("GDP", Decimal("74.4"), "CNY"), ("GDP growth", Decimal("6.7"), "percent")]


def test_several_figures_in_one_bullet_keep_text_order():
    found = bullets("Below are the key points of the country's achievements in the past year:",
                    "The registered urban unemployment rate was kept at 4.1% and 13.1 million urban jobs were "
                    "created. The number of rural people living in poverty was reduced by 16.5 million.",
                    "China's total electricity consumption increased by 7.5%, and the volume of freight transport "
                    "rose by 9.9%.", session_year=2014)
    assert [(i.measure, i.value, i.unit, i.year) for i in found] == [
        ("registered urban unemployment rate", Decimal("4.1"), "percent", 2013),
        ("urban jobs created", Decimal("13.1"), "jobs", 2013),
        ("reduction in rural people living in poverty", Decimal("16.5"), "people", 2013),
        ("total electricity consumption growth", Decimal("7.5"), "percent", 2013),
        ("volume of freight transport growth", Decimal("9.9"), "percent", 2013),
    ]


def test_a_requirements_list_holds_no_figures():
    items = ("keep the rise in the CPI at around 3.5%", "create ten million more urban jobs")
    assert bullets("The work report also included requirements for the government's work for the coming year:",
                   *items) == []
    assert [i.kind for i in bullets("The targets for the coming year are:", *items)] == [TARGET, TARGET]


def test_prose_kinds_and_years():
    assert [(i.kind, i.year) for i in prose("GDP grew by 6.9 percent.", session_year=2018)] == [(ACHIEVEMENT, 2017)]
    assert [(i.kind, i.measure, i.year) for i in prose("The NPC announced a defense budget spending increase of "
                                                      "8.1%.", session_year=2018)] == [
        (TARGET, "defense budget spending increase", 2018)]
    found = prose("China's GDP grew 7.4%, slightly below the target of 7.5%.", session_year=2015)
    assert [(i.kind, i.measure, i.year) for i in found] == [(ACHIEVEMENT, "GDP growth", 2014),
                                                             (TARGET, "GDP growth", 2015)]
    found = prose("The deficit was 1.62 trillion yuan, and the budget for this year is 2.18 trillion yuan.")
    assert [i.kind for i in found] == [ACHIEVEMENT, TARGET]


def test_a_list_of_targets_in_one_sentence():
    found = prose("Targets were set for 2022, including a GDP growth of around 5.5 per cent, more than 11 million "
                  "new urban jobs, and a fiscal deficit-to-GDP ratio of 2.8 percent.", session_year=2022)
    assert [(i.kind, i.measure, i.year) for i in found] == [
        (TARGET, "GDP growth", 2022), (TARGET, "new urban jobs", 2022), (TARGET, "fiscal deficit-to-GDP ratio", 2022)]


def test_tables_are_not_read():
    text = "= Test =\n\n=== Resolutions ===\n| Topic | Rate |\n| GDP growth of 7.5% | 99.31% |\n"
    assert extract_indicators(parse_text(text, "test.txt").blocks, 2014) == []
