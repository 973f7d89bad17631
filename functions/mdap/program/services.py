"""The program's services wired over one container's ports (built once per container, on first use)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mdap.program.access import Access
from mdap.program.applications import Applications
from mdap.program.approvals import Approvals
from mdap.program.audit import AuditLog
from mdap.program.calls import Calls
from mdap.program.clawbacks import Clawbacks
from mdap.program.documents import Documents
from mdap.program.evaluation import Evaluation
from mdap.program.notices import Notices
from mdap.program.projects import Projects
from mdap.program.reviews import Reviews
from mdap.program.selection import Selection
from mdap.program.store import Key, Records


@dataclass(frozen=True)
class Program:
    records: Records
    access: Access
    audit: AuditLog
    approvals: Approvals
    notices: Notices
    calls: Calls
    applications: Applications
    documents: Documents
    reviews: Reviews
    evaluation: Evaluation
    selection: Selection
    projects: Projects
    clawbacks: Clawbacks

    @staticmethod
    def records_key(app_id: str, doc_id: str) -> Key:
        """Where a document's record is (tests and the demo write the bytes themselves)."""
        return Key(f"APP#{app_id}", f"DOC#{doc_id}")


def program(container: Any) -> Program:
    cached: Program | None = container._cache.get("program")
    if cached is None:
        cached = _build(container)
        container._cache["program"] = cached
    return cached


def _build(c: Any) -> Program:
    records = Records(c.table)
    access = Access(records)
    audit = AuditLog(c.table, c.clock)
    workflow = lambda: c.workflow  # noqa: E731 - the engine is built on first use
    approvals = Approvals(c.table, c.clock, workflow)
    notices = Notices(c.notifier)
    calls = Calls(records, audit, c.clock, workflow)
    documents = Documents(records, access, audit, c.blobs["documents"], c.clock)
    applications = Applications(records, access, audit, notices, c.clock, calls, documents.missing)
    evaluation = Evaluation(records, audit, c.clock, calls, applications, approvals, c.identity)
    projects = Projects(records, access, audit, notices, c.clock, workflow)
    return Program(records=records, access=access, audit=audit, approvals=approvals, notices=notices, calls=calls,
                   applications=applications, documents=documents, reviews=Reviews(records, audit, documents.present),
                   evaluation=evaluation,
                   selection=Selection(records, audit, notices, calls, applications, evaluation),
                   projects=projects, clawbacks=Clawbacks(records, audit, notices, c.clock, projects, workflow))
