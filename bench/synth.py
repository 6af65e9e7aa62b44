"""Write N SYNTHETIC articles of the NPC-session family, for benchmarks and tests only.

Deterministic from a seed. Every article is labelled synthetic in its title ("(synthetic)") and
uses invented people; the numbers are random. The variations of DESIGN.md are all exercised:
infobox keys in any order, outgoing and elected officeholder sets, ordinal typos ("4rd"), every
date spelling, tables with empty cells, separators and percent signs, prose votes with number
words, repeated bullets, and articles that stop mid-way.

Article i is the session of year 2003 + i, and consecutive sessions line up as real work reports
do: the session of year Y sets Y's targets (GDP growth "about X%" or, some years, a range "6-6.5%",
CPI "around 3%", registered urban unemployment "not above 4.5%", "over 11 million" new urban jobs,
the deficit "around 3.2% of GDP"), and the session of Y + 1 reports Y's outcomes in the past tense
("GDP grew by 6.9%", "13.5 million new urban jobs were created"), in the sentence shapes of the
real articles (corpus/npc-12-2.txt). `economy(seed, year)` gives both, so a test can check them.

Usage: python bench/synth.py OUT_DIR --articles N [--seed S] [--rows R]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

SURNAMES = "Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo".split()
SYLLABLES = ("an bai bin bo chang chao cheng chun da de dong fang fei feng gang guo hai hao hong hua hui jian "
             "jiang jie jin jing jun kai lan lei liang lin ling long mei min ming nan ning peng ping qiang qing "
             "rong rui shan sheng shu song tao tian ting wei wen xi xia xian xiang xiao xin xing xiu xu yan yang "
             "yi ying yong yu yuan yun ze zhen zheng zhi zhong").split()
ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth"}
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
MEASURES = [("GDP", "trillion yuan", 40, 130), ("Government revenue", "trillion yuan", 10, 25),
            ("Grain output", "million metric tons", 550, 700), ("Total imports and exports", "trillion US$", 3, 7)]
GROWTHS = ["Government revenue increased by {v}%", "Total electricity consumption increased by {v}%",
           "The volume of freight transport rose by {v}%"]
FIRST_YEAR = 2003  # the year of article 0
GUIDELINES = ["carry out reform and innovation in all areas of economic and social development",
              "maintain continuity and stability of macroeconomic policies",
              "make macro-control more forward-oriented and targeted",
              "strengthen the development of the basic public service system",
              "raise the quality and returns of development", "constantly expand opening up"]


@dataclass(frozen=True)
class Economy:
    """One year's targets (set by that year's session) and outcomes (reported by the next one)."""

    year: int
    gdp_target: float  # "about"; the low end when gdp_target_high is set
    gdp_target_high: float | None  # a range, "6-6.5%"
    cpi_target: float  # "around"
    unemployment_ceiling: float  # "not above"
    jobs_target: int  # million, "over"
    deficit_target: float  # percent of GDP, "around"
    gdp_growth: float
    cpi_rise: float
    unemployment: float
    jobs: float  # million
    deficit: float  # percent of GDP


def economy(seed: int, year: int) -> Economy:
    """Year `year`'s figures: a function of the seed and the year only, so that the sessions of Y and
    Y + 1 agree on Y whatever else each article draws."""
    rng = random.Random(f"economy {seed} {year}")
    gdp = rng.choice((6.0, 6.5, 7.0, 7.5, 8.0))
    ranged = year % 4 == 0
    low = gdp - 0.5 if ranged else gdp
    return Economy(
        year=year, gdp_target=low, gdp_target_high=gdp if ranged else None, cpi_target=rng.choice((3.0, 3.5)),
        unemployment_ceiling=rng.choice((4.5, 4.6)), jobs_target=rng.choice((9, 10, 11)),
        deficit_target=rng.choice((2.1, 2.8, 3.0, 3.2)),
        gdp_growth=round(low + rng.uniform(-0.6, 1.2), 1), cpi_rise=round(rng.uniform(0.8, 3.8), 1),
        unemployment=round(rng.uniform(3.9, 4.7), 1), jobs=round(rng.uniform(10.2, 13.9), 1),
        deficit=round(rng.uniform(1.8, 3.6), 1))


def number(value: float) -> str:
    """A figure as the reports print it: 7% rather than 7.0%."""
    return f"{value:g}"


def outcome_bullets(past: Economy, rng: random.Random, gdp_level: float) -> list[str]:
    """The past year's outcomes, in the past tense, as the achievements list of a work report."""
    gdp = (f"The economy was stable and improved. The gross domestic product (GDP) reached {gdp_level:.1f} "
           f"trillion yuan, an increase of {number(past.gdp_growth)}% over the previous year"
           if rng.random() < 0.5 else f"GDP grew by {number(past.gdp_growth)}% in {past.year}")
    cpi = (f"The rise in the consumer price index (CPI) was kept at {number(past.cpi_rise)}%"
           if rng.random() < 0.5 else f"The CPI rose {number(past.cpi_rise)}%")
    return [f"- {gdp}.", f"- {cpi}.",
            f"- {number(past.jobs)} million new urban jobs were created, and the registered urban unemployment "
            f"rate was kept at {number(past.unemployment)}%.",
            f"- The deficit was {number(past.deficit)}% of GDP."]


def target_bullets(plan: Economy) -> list[str]:
    """This year's targets, as the last list of a work report."""
    gdp = (f"increase GDP by {number(plan.gdp_target)}-{number(plan.gdp_target_high)}%" if plan.gdp_target_high
           else f"increase GDP by about {number(plan.gdp_target)}%")
    return [f"- {gdp}", f"- keep the rise in the CPI at around {number(plan.cpi_target)}%",
            f"- create over {plan.jobs_target} million new urban jobs",
            f"- ensure that the registered urban unemployment rate does not rise above "
            f"{number(plan.unemployment_ceiling)}%",
            f"- keep the deficit at around {number(plan.deficit_target)}% of GDP"]


def suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


class Writer:
    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.seed = seed
        self.used: set[str] = set()

    def person(self) -> str:
        while True:
            name = f"{self.rng.choice(SURNAMES)} {''.join(self.rng.sample(SYLLABLES, 2)).capitalize()}"
            if name not in self.used:
                self.used.add(name)
                return name

    def date(self, day: int, year: int, with_year: bool) -> str:
        if not with_year:
            return f"{day} March"
        return (f"{day} March {year}", f"March {day}, {year}", f"{day} March, {year}")[self.rng.randrange(3)]

    def article(self, index: int, rows: int) -> str:
        rng = self.rng
        congress, ordinal = 10 + index // 5, index % 5 + 1
        year = FIRST_YEAR + index
        start, end = rng.randint(3, 6), rng.randint(13, 20)
        holders = {code: self.person() for code in ("Pz", "Ch", "Pm")}
        elected = {code + "e": self.person() for code in ("Pz", "Ch", "Pm")} if ordinal == 1 else {}
        typo = "rd" if rng.random() < 0.1 else suffix(ordinal)
        infobox = ["- Status: inactive", f"- Year: {year}",
                   f"- Session: {ordinal}{typo} | # = {congress}{suffix(congress)} | "
                   f"term-begin = {self.date(start, year, False)} | term-end = {self.date(end, year, False)}",
                   f"- Lastyear: {year - 1}", f"- Nextyear: {year + 1}"]
        for code, name in {**holders, **elected}.items():
            term_year = year if code.endswith("e") else year - rng.randint(1, 4)
            infobox += [f"- {code}: {name}", f"- {code}image: 100px",
                        f"- {code}term: {self.date(rng.randint(start, end), term_year, True)}"]
        rng.shuffle(infobox)
        lines = [f"= {ORDINALS[ordinal]} session of the {congress}{suffix(congress)} National People's Congress "
                 f"(synthetic {index}) =", "", "Infobox", *infobox, "",
                 f"The {ORDINALS[ordinal].lower()} session of the {congress}{suffix(congress)} National People's "
                 f"Congress held its annual meeting in March {year} at the Great Hall of the People in Beijing, "
                 f"China. The session opened on {start} March and concluded on {end} March.", "",
                 "== The session ==", "", "=== Government Work Report ===",
                 "Below are the key points of the country's achievements in the past year, from Premier "
                 f"{holders['Pm']}'s work report:"]
        lines += outcome_bullets(economy(self.seed, year - 1), rng, rng.uniform(*MEASURES[0][2:]))
        for measure, unit, low, high in rng.sample(MEASURES[1:], 2):
            lines.append(f"- {measure} reached {rng.uniform(low, high):.1f} {unit}.")
        for sentence in rng.sample(GROWTHS, 2):
            lines.append("- " + sentence.format(v=f"{rng.uniform(1, 12):.1f}") + ".")
        lines += ["", "The work report also included requirements for the government's work for the coming year, "
                  "the main points were:"]
        guidelines = rng.sample(GUIDELINES, 4)
        lines += [f"- {g}" for g in guidelines + guidelines[:1]]  # a repeated bullet
        lines += ["", "The last part of the report consists of targets for the coming year, the main points are:"]
        lines += target_bullets(economy(self.seed, year))
        report_vote = (rng.randint(2700, 2900), rng.randint(0, 10), rng.randint(0, 10))
        lines += ["", f"The Premier's report was approved with {report_vote[0]:,} votes in favour, "
                  f"{NUMBER_WORDS[report_vote[1]]} against and {NUMBER_WORDS[report_vote[2]]} abstentions.",
                  "", "== Voting results ==", "", "=== Resolutions ===",
                  "| Topic | For | Against | Abstain | Rate |"]
        for row in range(rows):
            yes, no, abstain = report_vote if row == 0 else (rng.randint(2300, 2700), rng.randint(0, 180),
                                                            rng.randint(0, 100))
            if row == 0:
                topic = f"Premier {holders['Pm']}'s Government Work Report"
            elif row == 1:
                topic = f"Chairman {holders['Ch']}'s NPCSC Work Report"
            elif row % 7 == 6:
                topic = f"Resignation of {self.person()} from the NPCSC"
            else:
                topic = f"Draft Law number {row} on matters of state"
            if row % 11 == 10:
                lines.append(f"| {topic} | | | | |")
            else:
                lines.append(f"| {topic} | {yes:,} | {no} | {abstain} | {100 * yes / (yes + no + abstain):.2f}% |")
        if index % 13 == 12:  # an article that stops mid-way
            lines.append("| Resignation of")
        return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=12, help="vote-table rows per article")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    writer = Writer(random.Random(args.seed), args.seed)
    for index in range(args.articles):
        (args.out / f"synthetic-{index:05d}.txt").write_text(writer.article(index, args.rows), encoding="utf-8")
    print(f"{args.articles} synthetic articles in {args.out}/")


if __name__ == "__main__":
    main()
