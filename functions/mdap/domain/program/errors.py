"""The program's refusals: one exception type per kind, each carrying a stable code and a Korean message.

The API maps `code` to an HTTP status in one place; nothing matches on the English text.
"""

from __future__ import annotations

from collections.abc import Sequence


class ProgramError(Exception):
    """Base of every refusal of a program rule.

    `field` names the input the refusal concerns; `rule` cites `PROGRAM_RULES.md` (e.g. "R-PRG-4").
    """

    code: str = "program_error"
    default_message_ko: str = "사업 규정에 맞지 않는 요청입니다."

    def __init__(self, message: str, *, message_ko: str | None = None, field: str | None = None,
                 rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_ko = message_ko or self.default_message_ko
        self.field = field
        self.rule = rule

    def as_json(self) -> dict[str, str]:
        body = {"code": self.code, "message": self.message, "message_ko": self.message_ko}
        if self.field is not None:
            body["field"] = self.field
        if self.rule is not None:
            body["rule"] = self.rule
        return body


class IllegalTransition(ProgramError):
    """A status change the life cycle does not allow from the current status."""

    code = "illegal_transition"
    default_message_ko = "현재 단계에서는 허용되지 않는 상태 변경입니다."


class RuleViolation(ProgramError):
    """A request that breaks a rule of the call."""

    code = "rule_violation"
    default_message_ko = "사업 공고의 규정에 맞지 않습니다."


class PolicyInvalid(ProgramError):
    """A per-call policy setting that is missing, of the wrong type or out of range."""

    code = "policy_invalid"
    default_message_ko = "사업 운영 설정값이 올바르지 않습니다."


class RubricInvalid(ProgramError):
    """An evaluation rubric whose points do not add up (OP-2) or whose shape is wrong."""

    code = "rubric_invalid"
    default_message_ko = "평가표의 배점이 맞지 않습니다."

    def __init__(self, problems: Sequence[str], *, message_ko: str | None = None, field: str | None = None,
                 rule: str | None = "R-SEL-2") -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) or "invalid rubric", message_ko=message_ko, field=field,
                         rule=rule)


class ScoreSheetInvalid(ProgramError):
    """An evaluator's score sheet that cannot be counted."""

    code = "score_sheet_invalid"
    default_message_ko = "평가 점수표가 올바르지 않습니다."


class DeadlinePassed(ProgramError):
    """A request made after its deadline (Korean Standard Time)."""

    code = "deadline_passed"
    default_message_ko = "기한이 지나 처리할 수 없습니다."
