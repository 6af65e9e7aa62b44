"""The institutions the article family talks about: organisations, offices and the standard reports.

Articles name the same body many ways ("NPCSC", "the Standing Committee of the National People's
Congress", "NPC Standing Committee"); extraction resolves every mention to one catalogue key here,
and `iris` turns that key into the one IRI of the entity. Adding an institution is a change to this
file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Organization:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Office:
    key: str
    label: str  # the full name ("Premier of the State Council of the People's Republic of China")
    organization: str  # Organization.key the post belongs to
    aliases: tuple[str, ...] = ()
    infobox_code: str | None = None  # "Pz", "Ch", "Pm": the infobox key prefix
    titles: tuple[str, ...] = ()  # honorifics put before a holder's name ("Chief Justice")


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    organization: str | None  # the body that reports
    office: str | None  # the office whose holder presents it
    patterns: tuple[str, ...]  # regular expressions recognising the report in a topic or sentence


ORGANIZATIONS: tuple[Organization, ...] = (
    Organization("prc", "People's Republic of China", ("China", "PRC")),
    Organization("npc", "National People's Congress", ("NPC",)),
    Organization(
        "npcsc",
        "Standing Committee of the National People's Congress",
        ("NPCSC", "NPC Standing Committee", "National People's Congress Standing Committee",
         "National People's Congress (NPC) Standing Committee", "Standing Committee"),
    ),
    Organization("state-council", "State Council", ("State Council of the People's Republic of China",)),
    Organization("spc", "Supreme People's Court", ("Supreme People's Court of the People's Republic of China",)),
    Organization(
        "spp", "Supreme People's Procuratorate", ("Supreme People's Procuratorate of the People's Republic of China",)
    ),
    Organization("cmc", "Central Military Commission", ("CMC",)),
)

OFFICES: tuple[Office, ...] = (
    Office("president", "President of the People's Republic of China", "prc",
           ("President", "President of China", "President of the PRC", "State President"), "Pz", ("President",)),
    Office("vice-president", "Vice President of the People's Republic of China", "prc",
           ("Vice President", "Vice President of China", "Vice-President"),
           "Vpz", ("Vice President", "Vice-President")),
    Office("premier", "Premier of the State Council of the People's Republic of China", "state-council",
           ("Premier", "Premier of the State Council", "Premier of the People's Republic of China", "Premier of China"),
           "Pm", ("Premier",)),
    Office("npcsc-chairman", "Chairman of the Standing Committee of the National People's Congress", "npcsc",
           ("Chairman of the NPCSC", "Chairman of the NPC Standing Committee", "chairman of the Standing Committee",
            "Chairman of the National People's Congress Standing Committee"),
           "Ch", ("Chairman",)),
    Office("npcsc-vice-chairman", "Vice Chairman of the Standing Committee of the National People's Congress", "npcsc",
           ("Vice Chairman of the NPCSC",
            "vice chairman of the National People's Congress (NPC) Standing Committee",
            "Vice Chairman of the NPC Standing Committee",
            "Vice-Chairman of the National People's Congress Standing Committee",
            "Vice Chairman of the Standing Committee"),
           None, ("Vice Chairman", "Vice-Chairman")),
    Office("npcsc-secretary-general", "Secretary-General of the Standing Committee of the National People's Congress",
           "npcsc", ("Secretary-General of the NPCSC", "Secretary-General of the NPC Standing Committee"), None,
           ("Secretary-General",)),
    Office("spc-president", "President of the Supreme People's Court", "spc",
           ("Chief Justice", "Chief Justice of the Supreme People's Court", "President of the SPC"),
           None, ("Chief Justice",)),
    Office("procurator-general", "Procurator-General of the Supreme People's Procuratorate", "spp",
           ("Procurator-General", "Prosecutor-General"),
           None, ("Procurator-General", "Prosecutor-General")),
    Office("cmc-chairman", "Chairman of the Central Military Commission", "cmc",
           ("Chairman of the CMC",), None, ()),
    Office("npc-deputy", "Deputy to the National People's Congress", "npc",
           ("member of the National People's Congress", "NPC deputy", "deputy"), None, ()),
)

# Offices many people hold at once (some fourteen vice chairmen, thousands of deputies). Every other
# office has one holder at a time, so its terms follow one another and a session has one incumbent.
SHARED_OFFICES = frozenset({"npcsc-vice-chairman", "npc-deputy"})

REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("government-work-report", "Government Work Report", "state-council", "premier",
               (r"government work report", r"premier'?s? (?:\w+ ){0,2}(?:work )?report",
                r"work report of the (?:state council|government)")),
    ReportKind("npcsc-work-report", "Work Report of the NPC Standing Committee", "npcsc", "npcsc-chairman",
               (r"npcsc work report", r"standing committee'?s? work report",
                r"work report of the (?:\d+\w* )?(?:national people's congress |npc )?standing committee",
                r"report on the work of the (?:\d+\w* )?(?:national people's congress |npc )?standing committee",
                r"chairman \w+(?: \w+)?'s (?:npcsc )?work report")),
    ReportKind("spc-work-report", "Work Report of the Supreme People's Court", "spc", "spc-president",
               (r"supreme people's court(?:'s)? work report", r"work report of the supreme people's court",
                r"report on the work of the supreme people's court")),
    ReportKind("spp-work-report", "Work Report of the Supreme People's Procuratorate", "spp", "procurator-general",
               (r"supreme people's procuratorate(?:'s)? work report",
                r"work report of the supreme people's procuratorate",
                r"report on the work of the supreme people's procuratorate")),
    ReportKind("plan-report", "Report on the National Economic and Social Development Plan", "state-council", None,
               (r"economic and social development plan",)),
    ReportKind("budget-report", "Report on the Central and Local Budgets", "state-council", None,
               (r"central and local budgets", r"\bbudget report\b")),
)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip().lower().removeprefix("the ")


_ORG_INDEX = {_norm(a): o.key for o in ORGANIZATIONS for a in (o.label, *o.aliases)}
_OFFICE_INDEX = {_norm(a): o.key for o in OFFICES for a in (o.label, *o.aliases)}


def organization(key: str) -> Organization:
    return next(o for o in ORGANIZATIONS if o.key == key)


def office(key: str) -> Office:
    return next(o for o in OFFICES if o.key == key)


def find_organization(name: str) -> str | None:
    """Catalogue key of the organisation `name` denotes, or None."""
    return _ORG_INDEX.get(_norm(name))


def find_office(name: str) -> str | None:
    """Catalogue key of the office `name` denotes, or None."""
    return _OFFICE_INDEX.get(_norm(name))


def office_by_infobox_code(code: str) -> Office | None:
    return next((o for o in OFFICES if o.infobox_code == code), None)


def find_report_kind(text: str) -> ReportKind | None:
    """The standard report a topic or sentence speaks of, or None."""
    low = text.replace("\u2019", "'").lower()
    for kind in REPORT_KINDS:
        if any(re.search(p, low) for p in kind.patterns):
            return kind
    return None


def report_kind(key: str) -> ReportKind | None:
    return next((k for k in REPORT_KINDS if k.key == key), None)


# --------------------------------------------------------------------------- congress terms


@dataclass(frozen=True)
class CongressTerm:
    """One National People's Congress: the year of its first session and how many sessions it held.
    Sessions are annual within a term, except in the years listed as `gaps`."""

    number: int
    first_year: int
    sessions: int
    gaps: tuple[int, ...] = ()

    def session_years(self) -> tuple[int, ...]:
        years: list[int] = []
        year = self.first_year
        while len(years) < self.sessions:
            if year not in self.gaps:
                years.append(year)
            year += 1
        return tuple(years)


CONGRESS_TERMS: tuple[CongressTerm, ...] = (
    CongressTerm(1, 1954, 5),
    CongressTerm(2, 1959, 4, gaps=(1961,)),  # no session in 1961: the third met in 1962, the fourth in 1963
    CongressTerm(3, 1964, 1),
    CongressTerm(4, 1975, 1),
    CongressTerm(5, 1978, 5),
    CongressTerm(6, 1983, 5),
    CongressTerm(7, 1988, 5),
    CongressTerm(8, 1993, 5),
    CongressTerm(9, 1998, 5),
    CongressTerm(10, 2003, 5),
    CongressTerm(11, 2008, 5),
    CongressTerm(12, 2013, 5),
    CongressTerm(13, 2018, 5),
    CongressTerm(14, 2023, 5),  # a five-year term: sessions 2023 to 2027
)


def session_year(congress: int, ordinal: int) -> int | None:
    """The year of the `ordinal`th session of the `congress`th NPC, when the table knows it."""
    term = next((t for t in CONGRESS_TERMS if t.number == congress), None)
    years = term.session_years() if term else ()
    return years[ordinal - 1] if 0 < ordinal <= len(years) else None


def session_of_year(year: int) -> tuple[int, int] | None:
    """(congress, ordinal) of the session held in `year`, or None for a year without one."""
    for term in CONGRESS_TERMS:
        years = term.session_years()
        if year in years:
            return term.number, years.index(year) + 1
    return None


# --------------------------------------------------------------------------- places and surnames

# Every provincial-level division of the People's Republic of China (provinces, autonomous regions,
# municipalities, special administrative regions) with the spellings English text uses. A place is
# never a person, however much its name reads like one ("Hong Kong" is a surname and a syllable).
PLACES: tuple[str, ...] = (
    # provinces
    "Anhui", "Fujian", "Gansu", "Guangdong", "Guizhou", "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei",
    "Hunan", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Qinghai", "Shaanxi", "Shandong", "Shanxi", "Sichuan",
    "Taiwan", "Yunnan", "Zhejiang",
    # autonomous regions
    "Guangxi", "Inner Mongolia", "Nei Mongol", "Nei Menggu", "Ningxia", "Tibet", "Xizang", "Xinjiang",
    # municipalities
    "Beijing", "Chongqing", "Shanghai", "Tianjin", "Peking",
    # special administrative regions
    "Hong Kong", "Xianggang", "Macau", "Macao", "Aomen",
)

# Chinese surnames in pinyin: the single-syllable surnames of the Hundred Family Surnames and of
# modern usage, and the compound (two-syllable) surnames. Data, read by `extract.people`. (The
# one-letter "E" is left out: a lone capital is far more often an initial.)
SURNAMES: tuple[str, ...] = tuple("""
Ai An Ang Ao Ba Bai Ban Bao Bei Ben Bi Bian Biao Bie Bing Bo Bu Cai Cang Cao Cen Chai Chan Chang Chao Che Chen
Cheng Chi Chong Chou Chu Chuan Chun Ci Cong Cui Da Dai Dan Dang Dao Deng Di Dian Diao Ding Dong Dou Du Duan En
Fa Fan Fang Fei Fen Feng Fu Gai Gan Gang Gao Ge Geng Gong Gou Gu Guan Gui Guo Ha Hai Han Hang Hao He Hei Heng Hong
Hou Hu Hua Huai Huan Huang Hui Huo Ji Jia Jian Jiang Jiao Jie Jin Jing Ju Jue Kan Kang Kao Ke Kong Kou Kuai Kuang
Kui Lai Lan Lang Lao Le Lei Leng Li Lian Liang Liao Lin Ling Liu Long Lou Lu Lü Luan Lun Luo Ma Mai Man Mao Mei
Meng Mi Miao Min Ming Miu Mo Mou Mu Na Nai Nan Ni Nian Nie Ning Niu Nong Ou Pan Pang Pei Peng Pi Piao Ping Pu Qi
Qian Qiang Qiao Qin Qing Qiong Qiu Qu Quan Que Ran Rao Ren Rong Ru Ruan Rui Sa Sang Sha Shan Shang Shao She Shen
Sheng Shi Shou Shu Shuai Shuang Si Song Su Sui Sun Suo Tai Tan Tang Tao Teng Tian Tie Tong Tu Tuo Wan Wang Wei Wen Weng
Wo Wu Xi Xia Xian Xiang Xiao Xie Xin Xing Xiong Xiu Xu Xuan Xue Xun Yan Yang Yao Ye Yi Yin Ying Yong You Yu Yuan
Yue Yun Zai Zan Zang Zeng Zha Zhai Zhan Zhang Zhao Zhen Zheng Zhi Zhong Zhou Zhu Zhuang Zhuo Zi Zong Zou Zu Zuo
Baili Chunyu Dongfang Dongguo Duanmu Gongsun Gongye Helian Huangfu Linghu Lüqiu Murong Nangong Ouyang Shangguan
Shentu Sikong Sikou Sima Situ Taishi Tantai Wenren Wuma Ximen Xiahou Xianyu Xuanyuan Yuchi Yuwen Zhangsun Zhongli
Zhuge Zhuansun Zongzheng Gongyang Guliang Huyan Jiagu Puyang Qiguan Shusun Tuoba Zaifu Zhongsun
""".split())
