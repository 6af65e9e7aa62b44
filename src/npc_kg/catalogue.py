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
    label: str  # the short form the articles use ("Premier")
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
    Office("president", "President", "prc",
           ("President of China", "President of the People's Republic of China", "President of the PRC",
            "State President"), "Pz", ("President",)),
    Office("vice-president", "Vice President", "prc",
           ("Vice President of China", "Vice President of the People's Republic of China", "Vice-President"),
           "Vpz", ("Vice President", "Vice-President")),
    Office("premier", "Premier", "state-council",
           ("Premier of the State Council", "Premier of the People's Republic of China", "Premier of China"),
           "Pm", ("Premier",)),
    Office("npcsc-chairman", "Chairman of the NPCSC", "npcsc",
           ("Chairman of the Standing Committee of the National People's Congress",
            "Chairman of the NPC Standing Committee", "chairman of the Standing Committee",
            "Chairman of the National People's Congress Standing Committee"),
           "Ch", ("Chairman",)),
    Office("npcsc-vice-chairman", "Vice Chairman of the NPCSC", "npcsc",
           ("Vice Chairman of the Standing Committee of the National People's Congress",
            "vice chairman of the National People's Congress (NPC) Standing Committee",
            "Vice Chairman of the NPC Standing Committee",
            "Vice-Chairman of the National People's Congress Standing Committee"),
           None, ("Vice Chairman", "Vice-Chairman")),
    Office("npcsc-secretary-general", "Secretary-General of the NPCSC", "npcsc",
           ("Secretary-General of the Standing Committee of the National People's Congress",
            "Secretary-General of the NPC Standing Committee"), None, ("Secretary-General",)),
    Office("spc-president", "President of the Supreme People's Court", "spc",
           ("Chief Justice", "Chief Justice of the Supreme People's Court", "President of the SPC"),
           None, ("Chief Justice",)),
    Office("procurator-general", "Procurator-General", "spp",
           ("Procurator-General of the Supreme People's Procuratorate", "Prosecutor-General"),
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
