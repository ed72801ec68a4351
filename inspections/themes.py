"""The themes that findings are tagged with, and the keyword rules that tag them.

Pure Python, no Django import: text in, theme slugs out, so the rules can be read,
unit-tested and shown to admins exactly as they run.

How the rules work
------------------
Each theme has a list of **keywords**. A finding gets a theme when any of the theme's
keywords appears in the finding's text or in the name of the part of the report it
is in (such as "Local Safeguarding Children Board").

- Matching ignores case, and treats hyphens as spaces and curly apostrophes as
  straight ones: "multi agency" matches "multi-agency".
- A keyword matches whole words only: "plan" does not match "planet".
- A `*` at the end of a keyword matches any ending: "audit*" matches "audit",
  "audits", "audited" and "auditing".
- A theme may list **ignored phrases**, which are taken out of the text before its
  keywords are looked for: the quality of assessments and plans ignores "business
  plan", so that a board's business plan is not read as a child's plan.

The rules suggest; people decide. An admin can add or remove a theme on any finding
in the admin, and re-running the rules (the `tag_themes` command, or importing a
letter) never overrides what an admin set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class ThemeRule:
    slug: str
    name: str
    description: str
    keywords: tuple[str, ...]
    ignored: tuple[str, ...] = field(default=())

    @cached_property
    def _keyword_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(keyword, _compile(keyword)) for keyword in self.keywords]

    @cached_property
    def _ignored_pattern(self) -> re.Pattern[str] | None:
        if not self.ignored:
            return None
        return re.compile("|".join(_compile(phrase).pattern for phrase in self.ignored))

    def first_match(self, text: str) -> str | None:
        """The first of this theme's keywords found in already-normalised `text`."""
        if self._ignored_pattern is not None:
            text = self._ignored_pattern.sub(" ", text)
        for keyword, pattern in self._keyword_patterns:
            if pattern.search(text):
                return keyword
        return None


def _compile(keyword: str) -> re.Pattern[str]:
    """A keyword as a whole-word pattern; a trailing `*` allows any ending."""
    words = normalise(keyword).split()
    parts = [
        re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word) for word in words
    ]
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b")


_FOLD = str.maketrans({"’": "'", "‘": "'", "-": " ", "‐": " ", "‑": " ", "–": " "})


def normalise(text: str) -> str:
    """Lower case, straight apostrophes and hyphens as spaces: the form rules match on."""
    return text.translate(_FOLD).casefold()


VOCABULARY: tuple[ThemeRule, ...] = (
    ThemeRule(
        slug="management-oversight",
        name="Management oversight and supervision",
        description="How managers direct, check and support casework, and supervise staff.",
        keywords=(
            "oversight",
            "supervision",
            "supervisor*",
            "management decision*",
            "managerial decision*",
            "senior management",
            "senior leader*",
            "leadership",
        ),
    ),
    ThemeRule(
        slug="assessments-and-plans",
        name="Quality of assessments and plans",
        description="Assessments of children's needs and the plans made for them.",
        keywords=(
            "assessment*",
            "plans",
            "the plan",
            "care plan*",
            "child protection plan*",
            "child in need plan*",
            "pathway plan*",
            "contingency plan*",
            "written plan*",
            "safety plan*",
            "care planning",
            "case planning",
        ),
        ignored=(
            "business plan*",
            "action plan*",
            "improvement plan*",
            "service plan*",
            "development plans",
            "work plans",
            "plans are being",
            "common assessment framework",
            "assessment team*",
            "assessment service*",
        ),
    ),
    ThemeRule(
        slug="timeliness",
        name="Timeliness",
        description="Whether work happens soon enough: timescales, delay and drift.",
        keywords=(
            "timely",
            "timeliness",
            "timescale*",
            "delay*",
            "drift",
            "promptly",
            "as soon as possible",
            "untimely",
        ),
    ),
    ThemeRule(
        slug="partnership-working",
        name="Partnership working, police and health",
        description="Work with partner agencies: the police, health services, schools.",
        keywords=(
            "partner agenc*",
            "partnership working",
            "partners",
            "partnership",
            "multi agency",
            "inter agency",
            "agencies",
            "police",
            "health services",
            "health visitor*",
            "health partners",
            "GP*",
            "school*",
        ),
        ignored=("mental health services", "safeguarding partnership*"),
    ),
    ThemeRule(
        slug="front-door",
        name="Thresholds and the front door",
        description="How contacts and referrals are received, judged against thresholds and "
        "passed on, including strategy discussions and early help.",
        keywords=(
            "threshold*",
            "front door",
            "contacts",
            "initial contact*",
            "referral*",
            "MASH",
            "multi agency safeguarding hub",
            "duty",
            "strategy meeting*",
            "strategy discussion*",
            "initial response",
            "early help",
            "step down",
        ),
    ),
    ThemeRule(
        slug="workforce",
        name="Workforce and caseloads",
        description="Staffing, recruitment, caseloads, training and development of staff.",
        keywords=(
            "caseload*",
            "workload*",
            "workforce",
            "recruit*",
            "retention",
            "turnover",
            "vacanc*",
            "agency staff",
            "agency workers",
            "staffing",
            "training",
            "appraisal*",
            "capacity",
        ),
    ),
    ThemeRule(
        slug="quality-assurance",
        name="Quality assurance and audit",
        description="How the council checks the quality of its own practice: audits, "
        "quality assurance and performance information.",
        keywords=(
            "audit*",
            "quality assurance",
            "moderation",
            "performance management",
            "performance data",
            "performance information",
            "management information",
        ),
    ),
    ThemeRule(
        slug="voice-of-the-child",
        name="Voice of the child",
        description="Whether children are seen, heard and understood, and their views count.",
        keywords=(
            "voice of the child",
            "voice of children",
            "children's voices",
            "views",
            "wishes and feelings",
            "seen alone",
            "child centred",
            "direct work",
            "lived experience*",
            "child's experience*",
            "children's experience*",
            "participation",
        ),
    ),
    ThemeRule(
        slug="identity-and-diversity",
        name="Identity, ethnicity and diversity",
        description="Children's identity, culture, ethnicity, faith and language.",
        keywords=(
            "identity",
            "ethnic*",
            "diversity",
            "culture",
            "cultural",
            "religio*",
            "faith",
            "language needs",
            "first language",
            "equality",
        ),
    ),
    ThemeRule(
        slug="missing-and-exploitation",
        name="Missing children and exploitation",
        description="Children who go missing, and sexual and criminal exploitation.",
        keywords=(
            "missing",
            "exploit*",
            "CSE",
            "county lines",
            "traffick*",
            "return home interview*",
            "gang*",
            "radicalis*",
        ),
    ),
    ThemeRule(
        slug="domestic-abuse",
        name="Domestic abuse",
        description="Children living with domestic abuse and violence.",
        keywords=(
            "domestic abuse",
            "domestic violence",
            "MARAC",
            "coercive control",
        ),
    ),
    ThemeRule(
        slug="mental-health",
        name="Mental health",
        description="The mental health of children and of their parents and carers.",
        keywords=(
            "mental health",
            "CAMHS",
            "emotional wellbeing",
            "emotional well being",
            "emotional health",
            "self harm*",
            "psycholog*",
        ),
    ),
    ThemeRule(
        slug="care-leavers",
        name="Care leavers",
        description="Young people leaving care and the support they are entitled to.",
        keywords=(
            "care leaver*",
            "leaving care",
            "pathway plan*",
            "personal adviser*",
            "staying put",
            "local offer",
            "care experienced",
        ),
    ),
    ThemeRule(
        slug="safeguarding-board",
        name="Safeguarding board governance",
        description="The local safeguarding children board or partnership: its priorities, "
        "scrutiny, case reviews and hold on partners.",
        keywords=(
            "safeguarding children board",
            "LSCB",
            "safeguarding partnership*",
            "the board",
            "serious case review*",
            "safeguarding practice review*",
            "governance",
            "scrutiny",
        ),
    ),
)

BY_SLUG: dict[str, ThemeRule] = {rule.slug: rule for rule in VOCABULARY}


def match(text: str, section: str = "") -> dict[str, str]:
    """The themes the rules give a finding: slug -> the keyword that matched, in vocabulary
    order. `section` is the part of the report the finding is in, if any."""
    haystack = normalise(f"{text}\n{section}")
    found = {}
    for rule in VOCABULARY:
        keyword = rule.first_match(haystack)
        if keyword is not None:
            found[rule.slug] = keyword
    return found
