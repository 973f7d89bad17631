"""A small client of the program API for end-to-end tests: one logged-in session per person, document
uploads through the presigned URLs, and waiting for the workflows to reach their next human step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ADOPTER_FACTS = {"company_size": "sme", "factory_in_incheon": True, "supported_before": False,
                 "in_large_business_group": False, "runs_mes": True, "network_data_supply": True,
                 "imate_consent": True, "exclusions": []}
SUPPLIER_FACTS = {"founded": "2015-03-02", "experts_3y": 3, "solution_track_record": True, "sw_hw_record_3y": True,
                  "consulting_category": True, "own_platform": True, "gs_certified": True,
                  "consulting_record_3y": True}
ADOPTER_DOCUMENTS = ("application_form", "consent_form", "business_registration", "factory_registration",
                     "local_tax_certificate", "budget_breakdown", "quote")
SUPPLIER_DOCUMENTS = ("business_registration", "track_record", "staff_cv", "social_insurance_roster")
CONSENTS = {"personal_info": True, "company_info": True, "imate_sharing": True, "evaluator_sharing": True,
            "marketing": False}


class ApiError(AssertionError):
    pass


@dataclass
class Person:
    base: str
    email: str
    password: str
    session: requests.Session = field(default_factory=requests.Session)

    def log_in(self) -> Person:
        reply = self.session.post(f"{self.base}/api/auth/login", json={"email": self.email, "password": self.password},
                                  timeout=30)
        if reply.status_code != 200:
            raise ApiError(f"log-in of {self.email}: {reply.status_code} {reply.text}")
        self.session.headers["Authorization"] = f"Bearer {reply.json()['id_token']}"
        return self

    def call(self, method: str, path: str, body: Any = None, *, expect: int | tuple[int, ...] = (200, 201, 204)
             ) -> Any:
        reply = self.session.request(method, f"{self.base}/api{path}", json=body, timeout=60)
        if reply.status_code == 401 and reply.json().get("code") == "unauthenticated":
            self.log_in()  # the test moved the clock past the ID token's life: log in again, as a person would
            reply = self.session.request(method, f"{self.base}/api{path}", json=body, timeout=60)
        wanted = (expect,) if isinstance(expect, int) else expect
        if reply.status_code not in wanted:
            raise ApiError(f"{method} {path} as {self.email}: {reply.status_code} {reply.text[:600]}")
        return reply.json() if reply.content else None

    def upload(self, app_id: str, kind: str, role: str | None = None, data: bytes = PDF) -> dict[str, Any]:
        declared = self.call("POST", f"/applications/{app_id}/documents", {
            "kind": kind, "filename": f"{kind}.pdf", "content_type": "application/pdf", "size": len(data),
            **({"role": role} if role else {})})
        put = requests.put(declared["upload_url"], data=data, headers=declared["headers"], timeout=30)
        if put.status_code not in (200, 201, 204):
            raise ApiError(f"upload of {kind}: {put.status_code} {put.text}")
        document_id = declared["document"]["id"]
        done: dict[str, Any] = self.call("POST", f"/applications/{app_id}/documents/{document_id}/complete")
        return done


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll until ``probe`` returns something truthy (the workflows run in the server's background)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def pending(staff: Person, kind: str, **subject: str) -> list[dict[str, Any]]:
    items = staff.call("GET", "/approvals?limit=100")["items"]
    return [a for a in items if a["kind"] == kind and all(a["subject"].get(k) == v for k, v in subject.items())]


def approval(staff: Person, kind: str, **subject: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = wait_for(f"approval {kind} {subject}", lambda: pending(staff, kind, **subject))
    return found[0]


def decide(staff: Person, kind: str, decision: dict[str, Any], **subject: str) -> dict[str, Any]:
    chosen = approval(staff, kind, **subject)
    decided: dict[str, Any] = staff.call("POST", f"/approvals/{chosen['id']}/decision", decision)
    return decided
