"""Personal data in free text: find it, then mask it with a label saying what was there.

Each kind has its own compiled pattern; numeric candidates are kept only when their check digit holds, so lot and
order numbers of the same shape stay readable. Choices where the law is silent:
- 13-digit numbers count as 주민등록번호/외국인등록번호 with or without the hyphen (people write both), but as
  법인등록번호 only when hyphenated (``110111-1234567``), and 사업자등록번호 only with separators
  (``123-45-67890``): a bare 10-digit run passes that check once in ten and is far more often an order number.
- Landline numbers need separators (``02-123-4567``, ``(031) 123-4567``); mobile numbers may be bare.
- Known names match anywhere (Korean names are written glued to particles: 김민준님, 김민준이); names shorter
  than two characters are ignored, Latin names match whole Latin words only ("Kim과" yes, "Kimchi" no).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from mdap.domain.privacy.numbers import valid_arn, valid_crn, valid_rrn
from mdap.domain.program.brn import valid_brn

LABELS = {
    "rrn": "[주민등록번호]", "arn": "[외국인등록번호]", "brn": "[사업자등록번호]", "crn": "[법인등록번호]",
    "mobile": "[휴대전화]", "phone": "[전화번호]", "email": "[이메일]", "name": "[이름]",
}  # fmt: skip
KINDS = tuple(LABELS)
# RE2-compatible pre-filter: every numeric kind holds a run of four digits, every e-mail an "@". Text that matches
# neither (nor a known name) cannot hold personal data, so vectorised callers skip it without calling Python.
CANDIDATE_RE2 = r"[0-9]{4}|@"

_THIRTEEN = re.compile(r"(?<![0-9])[0-9]{6}[- ]?[0-9]{7}(?![0-9])")
_BRN = re.compile(r"(?<![0-9])[0-9]{3}[- ][0-9]{2}[- ][0-9]{5}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9+])(?:\+82[- ]?|0)1[016789][- .]?[0-9]{3,4}[- .]?[0-9]{4}(?![0-9])")
_AREA = r"(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)"
_PHONE = re.compile(rf"(?<![0-9+])(?:(?:\+82[- ]?|0){_AREA}[- .]|\(0{_AREA}\) ?)[0-9]{{3,4}}[- .][0-9]{{4}}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str


def _thirteen_kind(candidate: str) -> str | None:
    if valid_rrn(candidate):
        return "rrn"
    if valid_arn(candidate):
        return "arn"
    return "crn" if "-" in candidate and valid_crn(candidate) else None


def _numbers(text: str) -> Iterable[Finding]:
    for match in _THIRTEEN.finditer(text):
        kind = _thirteen_kind(match.group())
        if kind:
            yield Finding(match.start(), match.end(), kind)
    for match in _BRN.finditer(text):
        if valid_brn(match.group().replace(" ", "-")):
            yield Finding(match.start(), match.end(), "brn")
    for pattern, kind in ((_MOBILE, "mobile"), (_PHONE, "phone"), (_EMAIL, "email")):
        yield from (Finding(m.start(), m.end(), kind) for m in pattern.finditer(text))


@lru_cache(maxsize=32)
def names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """One alternation of the known names, longest first (so 김민준 wins over 김민)."""
    usable = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=lambda n: (-len(n), n))
    if not usable:
        return None
    parts = [re.escape(n) if not n.isascii() else rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])" for n in usable]
    return re.compile("|".join(parts), re.IGNORECASE)


def find_personal_data(text: str, names: frozenset[str] = frozenset()) -> list[Finding]:
    """Non-overlapping findings in text order; where two overlap the longer (then the earlier) wins."""
    findings = list(_numbers(text))
    pattern = names_pattern(names)
    if pattern is not None:
        findings.extend(Finding(m.start(), m.end(), "name") for m in pattern.finditer(text))
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in findings:
        if kept and finding.start < kept[-1].end:
            if finding.end - finding.start > kept[-1].end - kept[-1].start:
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept


def mask_personal_data(text: str, names: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """The text with every finding replaced by its label, and the kinds found (in text order)."""
    findings = find_personal_data(text, names)
    if not findings:
        return text, []
    pieces, position = [], 0
    for finding in findings:
        pieces.append(text[position:finding.start])
        pieces.append(LABELS[finding.kind])
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces), [f.kind for f in findings]
