"""Finding people's names in English text about Chinese politics.

A name is a Chinese surname followed by a given name that reads as pinyin ("Li Keqiang",
"Xi Jin Ping"). Checking the given name against pinyin syllables is what keeps English words out:
"Deng Xiaoping Theory" names a doctrine, and "Premier Li" alone names nobody in particular.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Common single- and double-syllable surnames, romanised in pinyin.
SURNAMES = frozenset("""
Ai An Bai Ban Bao Bi Bian Bo Cai Cao Cen Chai Chang Chen Cheng Chi Chu Cong Cui Dai Deng Di Ding Dong Dou Du
Duan Fan Fang Fei Feng Fu Gao Ge Geng Gong Gu Guan Guo Han Hao He Hong Hou Hu Hua Huang Huo Ji Jia Jian Jiang
Jiao Jin Jing Kang Ke Kong Kuang Lai Lan Lei Li Lian Liang Liao Lin Ling Liu Long Lou Lu Luo Lü Ma Mao Mei Meng
Mi Miao Min Mo Mu Ni Nie Niu Ou Pan Pang Pei Peng Qi Qian Qiao Qin Qiu Qu Ran Ren Rong Ruan Sha Shan Shang Shao
Shen Sheng Shi Shu Si Song Su Sun Tan Tang Tao Teng Tian Tong Wan Wang Wei Wen Weng Wu Xi Xia Xiang Xiao Xie Xin
Xing Xiong Xu Xue Yan Yang Yao Ye Yi Yin Ying You Yu Yuan Yue Yun Zang Zeng Zha Zhai Zhan Zhang Zhao Zheng Zhong
Zhou Zhu Zhuang Zhuo Zong Zou Ouyang Sima Zhuge Situ Shangguan
""".split())

# Words after a name that make it part of something else's name.
_NOT_A_PERSON_AFTER = ("Theory", "Thought", "Doctrine", "Thoughts", "Theories")

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


def find_people(text: str) -> list[str]:
    """Names of people in `text`, in order of first mention, without repeats."""
    words = list(_WORD_RE.finditer(text))
    found: list[str] = []
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
        name = _as_name([m.group() for m in run], text[run[-1].end():])
        if name:
            free_from = index + len(name.split()) + _given_words([m.group() for m in run]) - 1
            if name not in found:
                found.append(name)
    return found


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


def _as_name(words: list[str], after: str) -> str | None:
    """A canonical name from words that start at a possible surname, or None."""
    surname = words[0]
    if ascii_fold(surname) not in _SURNAMES_ASCII:
        return None
    used = _given_words(words)
    given = words[1] + "".join(w.lower() for w in words[2:1 + used])
    if not is_pinyin(given):
        return None
    rest = words[1 + used:] or after.strip().split(" ", 1)[:1]
    if rest and rest[0].strip(".,;:") in _NOT_A_PERSON_AFTER:
        return None
    return f"{surname} {given}"


_SURNAMES_ASCII = frozenset(ascii_fold(s) for s in SURNAMES)
