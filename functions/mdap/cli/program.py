"""`mdap program`: the program's rules from the command line (no data directory, no settings).

`rank` ranks a selection round from one JSON document; `calendar` prints an agreement's dates (KST).
Refusals are one line on stderr and exit 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

import click

from mdap.domain.program import values
from mdap.domain.program.calendar import project_calendar
from mdap.domain.program.errors import ProgramError, ScoreSheetInvalid
from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.rubric import Rubric
from mdap.domain.program.scoring import Entry, rank


class Refused(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"mdap: {self.format_message()}", err=True)


def _refuse(message: str) -> NoReturn:
    raise Refused(" ".join(message.split()))  # one line, whatever the message holds


@click.group("program")
def program_group() -> None:
    """Program rules: rank a selection round, compute an agreement's calendar."""


@program_group.command("rank")
@click.option("--input", "source", required=True, metavar="FILE", help="Round as JSON; '-' reads stdin.")
def rank_command(source: str) -> None:
    """Rank a selection round (R-SEL-3/4/5) and print the ranking as JSON.

    \b
    Input: {"policy": {...}, "rubric": {"categories": [...]},
            "applications": [{"id", "bonus", "scores": [{"evaluator", "items": {...}}]}]}
    """
    document = _read_json(source)
    try:
        policy, rubric, entries = _round(document)
        ranking = rank(policy, rubric, entries)
    except ProgramError as exc:
        _refuse(f"{exc.code}: {exc}")
    click.echo(json.dumps(ranking.as_json(), ensure_ascii=False, indent=2))


@program_group.command("calendar")
@click.option("--signed", required=True, metavar="YYYY-MM-DD", help="Day the agreement was signed.")
@click.option("--term-months", default="9", show_default=True, metavar="N", help="Agreement term in months.")
@click.option("--report-submitted", default=None, metavar="YYYY-MM-DD", help="Day the final report came in.")
def calendar_command(signed: str, term_months: str, report_submitted: str | None) -> None:
    """Print an agreement's term, windows and deadlines as ISO dates.

    Each due date is in time until the end of that day, Korean Standard Time.
    """
    if not term_months.isdigit() or int(term_months) < 1:
        _refuse(f"--term-months must be a whole number of months, at least 1, not {term_months!r}")
    reported = _date("--report-submitted", report_submitted) if report_submitted is not None else None
    try:
        dates = project_calendar(_date("--signed", signed), int(term_months), reported)
    except ProgramError as exc:
        _refuse(f"{exc.code}: {exc}")
    click.echo(json.dumps(dates.as_json(), indent=2))


def _date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _refuse(f"{option} must be a date YYYY-MM-DD, not {text!r}")


def _read_json(source: str) -> Any:
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        _refuse(f"cannot read {source}: {exc}")
    try:
        return json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        _refuse(f"{'stdin' if source == '-' else source} is not valid JSON: {exc}")


def _round(document: Any) -> tuple[SelectionPolicy, Rubric, list[Entry]]:
    def refuse(message: str, message_ko: str, field: str) -> ScoreSheetInvalid:
        return ScoreSheetInvalid(message, message_ko=message_ko, field=field)

    body: Mapping[str, Any] = values.mapping(document, "input", refuse, allowed=("policy", "rubric", "applications"),
                                             required=("rubric", "applications"))
    policy = SelectionPolicy.from_json(body.get("policy", {}))
    rubric = Rubric.from_json(body["rubric"])
    applications = values.array(body["applications"], "applications", refuse)
    return policy, rubric, [Entry.from_json(raw, f"applications[{index}]") for index, raw in enumerate(applications)]
