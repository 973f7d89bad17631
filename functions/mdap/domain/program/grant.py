"""Who pays what (R-PRG-1, R-AGR-1): the city pays the audited budget up to the cap; the adopter bears the
excess and all VAT. Whole won throughout; VAT fractions of a won are dropped, as on a tax invoice."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_DOWN, Decimal

from mdap.domain.program.errors import RuleViolation

GRANT_CAP_KRW = 80_000_000


@dataclass(frozen=True)
class GrantSplit:
    audited_budget: int  # set by the cost audit, VAT excluded (R-AGR-1)
    city_share: int
    adopter_share: int  # the part of the budget above the cap
    vat: int
    adopter_total: int  # adopter_share + vat

    @property
    def project_total(self) -> int:
        return self.audited_budget + self.vat

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def grant_split(audited_budget_krw: int, *, cap_krw: int = GRANT_CAP_KRW, vat_rate: Decimal = Decimal("0.1")
                ) -> GrantSplit:
    _whole_won(audited_budget_krw, "audited_budget_krw")
    _whole_won(cap_krw, "cap_krw")
    if not Decimal(0) <= vat_rate < Decimal(1):
        raise RuleViolation(f"vat_rate must be from 0 to below 1, not {vat_rate}",
                            message_ko="부가세율이 올바르지 않습니다.", field="vat_rate")
    city = min(audited_budget_krw, cap_krw)
    excess = audited_budget_krw - city
    vat = int((Decimal(audited_budget_krw) * vat_rate).to_integral_value(rounding=ROUND_DOWN))
    return GrantSplit(audited_budget_krw, city, excess, vat, excess + vat)


def _whole_won(amount: object, field: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise RuleViolation(f"{field} must be whole won, zero or more, not {amount!r}",
                            message_ko="금액은 0원 이상의 정수(원)여야 합니다.", field=field, rule="R-PRG-1")
