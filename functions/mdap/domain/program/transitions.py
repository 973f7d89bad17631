"""Status tables: one way to move along a life cycle and to refuse every move the table does not list."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from mdap.domain.program.errors import IllegalTransition

S = TypeVar("S", bound=StrEnum)


def advance(table: Mapping[S, frozenset[S]], labels_ko: Mapping[S, str], current: S | str, to: S | str,
            what: str) -> S:
    """`to` when the table allows current → to; IllegalTransition naming both otherwise."""
    kind = type(next(iter(table)))
    now, target = _member(kind, current, what), _member(kind, to, what)
    if target not in table[now]:
        raise IllegalTransition(f"{what} cannot go from {now} to {target}",
                                message_ko=f"'{labels_ko[now]}' 단계에서 '{labels_ko[target]}'(으)로 바꿀 수 없습니다.",
                                field="status")
    return target


def is_terminal(table: Mapping[S, frozenset[S]], status: S) -> bool:
    return not table[status]


def _member(kind: type[S], value: S | str, what: str) -> S:
    try:
        return kind(value)
    except ValueError:
        raise IllegalTransition(f"{what} has no status {value!r}", message_ko=f"알 수 없는 상태입니다: {value}",
                                field="status") from None
