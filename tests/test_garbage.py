"""Garbage is not data: counts in words or other scripts in a table cell, months that merely start
like one, integers beyond any count and spaced-out digits are refused with FILE:LINE (exit 2, the
earlier build kept); an endless or zero ordinal or a year in other digits, in a field the article can
do without, is a warning and ignored; in prose, such numbers are left unread; never read as a value."""

import re
import shutil
from decimal import Decimal

import pytest

from npc_kg.extract import extract_document
from npc_kg.numbers import (DIGITS_RE, MAX_COUNT, MAX_ORDINAL, NUMBER_WORDS_RE, parse_count, parse_date,
                            parse_number, parse_ordinal, parse_table_count, parse_year)
from npc_kg.parse import parse_text

from helpers import ARTICLES, run_cli, snapshot

HEAD = "= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n"


def table(cell: str) -> str:
    """An article whose vote table has `cell` as the Against count, on line 7."""
    return HEAD + f"\n| Topic | For | Against |\n| Some Law | 2,887 | {cell} |\n"


# name -> (article text, line of the error, words the message must hold)
GARBAGE = {
    "words.txt": (table("one two"), 7, "not a count: 'one two'"),
    "an.txt": (table("an"), 7, "not a count: 'an'"),
    "none.txt": (table("none"), 7, "not a count: 'none'"),
    "no.txt": (table("no"), 7, "not a count: 'no'"),
    "huge.txt": (table("9" * 25), 7, "a count beyond"),
    "beyond64.txt": (table("18,446,744,073,709,551,616"), 7, "a count beyond"),
    "arabic.txt": (table("٣"), 7, "not a count: '٣'"),
    "fullwidth.txt": (table("３"), 7, "not a count: '３'"),
    "spaced.txt": (table("2 887"), 7, "not a count: '2 887'"),
    "thin-spaced.txt": (table("2\u202f887"), 7, "not a count"),
    "octopus.txt": (HEAD + "- Session: 2nd | # = 12th | term-begin = 13 Octopus\n", 5, "not a month: 'Octopus'"),
}

# Garbage in a field the article can do without: a warning naming the line, the value ignored, and
# the session still identified from what else the article says (title, year, table of terms).
USABLE = {
    "ordinal.txt": (HEAD + "- Session: 12345678901234567890th | # = 12th\n", 5, "ordinal outside 1..999"),
    "congress.txt": (HEAD + "- Session: 2nd | # = 12345678901234567890th\n", 5, "ordinal outside 1..999"),
    "zeroth.txt": (HEAD + "- Session: 0th | # = 12th\n", 5, "ordinal outside 1..999"),
    "title.txt": (HEAD.replace("Second", "12345678901234567890th"), 4, "inferred from the year 2014"),
    "year.txt": (HEAD.replace("2014", "٢٠١٤"), 4, "not a year: '٢٠١٤'"),
}


@pytest.mark.parametrize("name", sorted(USABLE))
def test_garbage_in_a_field_the_article_can_do_without_is_a_warning(name, tmp_path):
    text, line, message = USABLE[name]
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(article), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert any(w.startswith(f"{article.name}:{line}: warning: ") and message in w
               for w in result.stderr.splitlines()), result.stderr
    graph = (out / "graph.nt").read_text(encoding="utf-8")
    assert "/session/12-2>" in graph  # the line's text is kept in provenance, but no IRI is minted from it
    assert not re.search(r"<https://w3id.org/npc-kg/[^>]*12345678901234567890[^>]*>", graph)  # (the title's own URL keeps it)


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("earlier") / "out"
    result = run_cli("build", str(ARTICLES[0]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_is_exit_2_with_file_line(name, earlier_build, tmp_path):
    text, line, message = GARBAGE[name]
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(earlier_build, out)
    before = snapshot(out)
    result = run_cli("build", str(ARTICLES[0]), str(article), "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{article}:{line}: "), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert snapshot(out) == before


def test_a_megabyte_cell_is_named_briefly(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(table("x" * 1_000_000), encoding="utf-8")
    result = run_cli("build", str(article), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and f"{article}:7: " in result.stderr
    assert len(result.stderr) < 500


# --------------------------------------------------------------------------- prose: unread, not misread

def records(paragraph: str):
    text = HEAD + "- Session: 2nd | # = 12th | term-begin = 5 March | term-end = 13 March\n\n" + paragraph + "\n"
    return extract_document(parse_text(text, "t.txt"), "t")


@pytest.mark.parametrize("digits", ["٣", "３", "٣٫٥"])
def test_digits_of_other_scripts_are_not_read_in_prose(digits):
    found = records(f"In 2013 GDP grew by {digits} percent, the report said.").indicators
    assert not found, found


@pytest.mark.parametrize("sentence", [
    "The report was approved with 2 887 votes in favour and 1 against.",
    "The report was approved with 2\u00a0887 votes in favour and 1 against.",
])
def test_spaced_digits_are_not_read_as_their_last_group(sentence):
    for resolution in records(sentence).resolutions:
        assert resolution.vote.yes not in (2, 887), resolution


def test_plain_prose_votes_are_still_read():
    (resolution,) = records("The report was approved with 2,887 votes in favour and 1 against.").resolutions
    assert (resolution.vote.yes, resolution.vote.no) == (2887, 1)


# --------------------------------------------------------------------------- numbers.py


@pytest.mark.parametrize("text, value", [("2,887", 2887), ("0", 0), ("eight", 8), ("zero", 0), ("twenty", 20),
                                         ("twenty-five", 25), ("Three", 3), (f"{MAX_COUNT:,}", MAX_COUNT)])
def test_table_counts(text, value):
    assert parse_table_count(text) == value


@pytest.mark.parametrize("text", ["one two", "an", "a", "none", "no", "two hundred and six", "twenty five",
                                  "٣", "３", "2 887", "28,87", "2.5", "-3", str(MAX_COUNT + 1), "9" * 5000,
                                  "1" + "0" * 19, "five-twenty"])
def test_bad_table_counts(text):
    with pytest.raises(ValueError):
        parse_table_count(text)


@pytest.mark.parametrize("text", ["٣", "３", "2 887", "12٣"])
def test_prose_counts_are_ascii(text):
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize("text", ["13 Octopus", "5 Marchember", "5 Decimal", "Mayday 5", "1 Juneteenth"])
def test_months_are_whole_names_or_abbreviations(text):
    with pytest.raises(ValueError, match="not a (month|date)"):
        parse_date(text, 2014)


@pytest.mark.parametrize("text, month", [("13 Oct", 10), ("13 Oct.", 10), ("13 Sept", 9), ("13 Sep.", 9),
                                         ("Mar 5", 3), ("5 march", 3), ("5 June", 6)])
def test_standard_month_abbreviations(text, month):
    assert parse_date(text, 2014).month == month


@pytest.mark.parametrize("text", ["٥ March", "5 March ٢٠١٤", "２０１４-03-05"])
def test_dates_are_ascii_digits(text):
    with pytest.raises(ValueError):
        parse_date(text, 2014)


@pytest.mark.parametrize("text", ["0th", "1000th", "12345678901234567890th", "٢nd", "1" * 5000])
def test_ordinals_are_bounded(text):
    with pytest.raises(ValueError):
        parse_ordinal(text)


def test_ordinal_bounds_are_inclusive():
    assert (parse_ordinal("1st"), parse_ordinal(f"{MAX_ORDINAL}th"), parse_ordinal("012th")) == (1, MAX_ORDINAL, 12)


def test_year_is_ascii():
    with pytest.raises(ValueError):
        parse_year("٢٠١٤")


@pytest.mark.parametrize("text, numbers", [
    ("2,887 and 56.9", ["2,887", "56.9"]),
    ("2 887 deputies", []),
    ("28,87 of them", []),
    ("٣ or ３", []),
    ("1, 2, 3", ["1", "2", "3"]),
])
def test_digits_pattern(text, numbers):
    found = [m.group() for m in re.finditer(DIGITS_RE, text)]
    assert found == numbers


def test_number_words_pattern_reads_a_number_not_a_run():
    assert re.fullmatch(NUMBER_WORDS_RE, "two thousand nine hundred and forty-five")
    assert parse_number("two thousand nine hundred and forty-five") == Decimal(2945)
    match = re.match(NUMBER_WORDS_RE, " ".join(["one"] * 50))
    assert match and len(match.group().split()) == 9


@pytest.mark.parametrize("text", ["99.31%", "99.31 %", "99.31 per cent", "99.31 percent", "99.31 Per Cent", "99.31"])
def test_rates_in_any_spelling(text):
    from npc_kg.numbers import parse_percent

    assert parse_percent(text) == Decimal("99.31")


@pytest.mark.parametrize("run", ["9" * 19, "9" * 5000, "1,000,000,000,000,000,000", "1." + "5" * 13])
def test_digit_runs_beyond_64_bits_are_not_numbers(run):
    assert not re.search(DIGITS_RE, f"about {run} votes")


def test_a_huge_prose_count_is_left_unread():
    found = records("The report was approved with " + "9" * 5000 + " votes in favour and 1 against.").resolutions
    assert all(r.vote.yes is None for r in found), found
