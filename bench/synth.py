"""Write N SYNTHETIC articles of the NPC-session family, for benchmarks only.

Deterministic from a seed. Every article is labelled synthetic in its title ("(synthetic)") and
uses invented people; the numbers are random. The variations of DESIGN.md are all exercised:
infobox keys in any order, outgoing and elected officeholder sets, ordinal typos ("4rd"), every
date spelling, tables with empty cells, separators and percent signs, prose votes with number
words, repeated bullets, and articles that stop mid-way.

Usage: python bench/synth.py OUT_DIR --articles N [--seed S] [--rows R]
"""

from __future__ import annotations

import argparse
import random
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
GROWTHS = ["The gross domestic product grew by {v}%", "The consumer price index rose by {v}%",
           "Government revenue increased by {v}%", "The registered urban unemployment rate was kept at {v}%",
           "Total electricity consumption increased by {v}%", "The volume of freight transport rose by {v}%"]
TARGETS = ["increase GDP by about {v}%", "keep the rise in the CPI at around {v}%",
           "create {w} million more urban jobs", "ensure that the registered urban unemployment rate does not rise "
           "above {v}%"]
GUIDELINES = ["carry out reform and innovation in all areas of economic and social development",
              "maintain continuity and stability of macroeconomic policies",
              "make macro-control more forward-oriented and targeted",
              "strengthen the development of the basic public service system",
              "raise the quality and returns of development", "constantly expand opening up"]


def suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
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
        year = 2003 + index
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
        for measure, unit, low, high in rng.sample(MEASURES, 2):
            lines.append(f"- {measure} reached {rng.uniform(low, high):.1f} {unit}.")
        for sentence in rng.sample(GROWTHS, 3):
            lines.append("- " + sentence.format(v=f"{rng.uniform(1, 12):.1f}") + ".")
        lines += ["", "The work report also included requirements for the government's work for the coming year, "
                  "the main points were:"]
        guidelines = rng.sample(GUIDELINES, 4)
        lines += [f"- {g}" for g in guidelines + guidelines[:1]]  # a repeated bullet
        lines += ["", "The last part of the report consists of targets for the coming year, the main points are:"]
        lines += ["- " + t.format(v=f"{rng.uniform(2, 8):.1f}", w=rng.randint(9, 13)) for t in TARGETS]
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
    writer = Writer(random.Random(args.seed))
    for index in range(args.articles):
        (args.out / f"synthetic-{index:05d}.txt").write_text(writer.article(index, args.rows), encoding="utf-8")
    print(f"{args.articles} synthetic articles in {args.out}/")


if __name__ == "__main__":
    main()
