import pytest

from npc_kg.errors import InputError
from npc_kg.model import Bullet, Paragraph, Table
from npc_kg.parse import decode, parse_article, parse_text

from helpers import CORPUS

ARTICLE = """= Second session of the 12th National People's Congress =

Infobox
- Year: 2014
- Session: 2nd | # = 12th | term-begin = 5 March | term-end = 13 March

Lead paragraph.

==Voting results==
=== Resolutions ===
| Topic | For | Against | Abstain | Rate |
| A report | 2,887 | 1 | 8 | 99.31% |
| Resignation of Chen Sixi from the NPCSC | | | | |
- a bullet
"""


def test_layout_with_lines():
    doc = parse_text(ARTICLE, "a.txt")
    assert doc.title == "Second session of the 12th National People's Congress"
    assert [(e.key, e.span.line) for e in doc.infobox] == [("Year", 4), ("Session", 5)]
    assert [h.title for h in doc.headings] == ["Voting results", "Resolutions"]
    paragraph, table, bullet = doc.blocks
    assert isinstance(paragraph, Paragraph) and paragraph.span.line == 7
    assert isinstance(table, Table) and table.span.line == 11
    assert table.section == ("Voting results", "Resolutions")
    assert table.rows[0].cells == ("A report", "2,887", "1", "8", "99.31%")
    assert table.rows[1].cells == ("Resignation of Chen Sixi from the NPCSC", None, None, None, None)
    assert table.rows[1].span.line == 13
    assert isinstance(bullet, Bullet) and bullet.text == "a bullet"


def test_bundled_articles_parse():
    for path in sorted(CORPUS.glob("*.txt")):
        doc = parse_article(path)
        assert doc.infobox and doc.blocks and not doc.truncated
        assert len(doc.sha256) == 64


@pytest.mark.parametrize("text, line, message", [
    ("", 1, "empty"),
    ("   \n\n", 1, "empty"),
    ("no title here\n", 1, "no title"),
    ("\n\n== Section ==\n", 3, "no title"),
    ("= T =\n\nInfobox\n- Year 2014\n", 4, "Key: value"),
    ("= T =\n\n| A | B |\n| 1 |\n| 2 | 3 |\n", 4, "1 cells"),
    ("= T =\n\n| A | B |\n| 1 | 2 | 3 |\ntext\n", 4, "3 cells"),
])
def test_bad_layout(text, line, message):
    with pytest.raises(InputError, match=message) as caught:
        parse_text(text, "bad.txt")
    assert (caught.value.file, caught.value.line) == ("bad.txt", line)


def test_binary_and_encoding():
    with pytest.raises(InputError, match="binary") as caught:
        decode(b"= T =\nabc\n\x00\x01", "b.bin")
    assert caught.value.line == 3
    with pytest.raises(InputError, match="UTF-8") as caught:
        decode(b"= T =\n\n\xff\xfe", "c.txt")
    assert caught.value.line == 3


def test_row_cut_short_at_the_end_is_a_warning():
    doc = parse_text("= T =\n\n| Topic | For |\n| a | 1 |\n| Resign", "t.txt")
    assert doc.truncated
    assert [w.span.line for w in doc.warnings] == [5]
    assert len(doc.blocks[0].rows) == 1


def test_crlf_and_bom():
    doc = parse_text(decode("\ufeff= T =\r\n\r\nText.\r\n".encode("utf-8"), "w.txt"), "w.txt")
    assert doc.title == "T" and doc.blocks[0].text == "Text."
