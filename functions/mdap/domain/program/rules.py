"""Every numbered rule of the call (R-…) and where the platform enforces it: the source of docs/program.md.

`where` names the code that holds the rule (module or workflow); the documentation lists the tests that name
the rule next to it, found by scanning the tests. R-PLT rules are what the delivered data platform must do:
the data side (edge collection, preprocessing, monitoring, manual data, BI) answers them; those it does not answer
yet say so (NOT_BUILT).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    en: str
    where: tuple[str, ...]


NOT_BUILT = "not built yet (a later piece of the data side)"


def _r(id: str, en: str, *where: str) -> Rule:
    return Rule(id, en, where)


RULES: tuple[Rule, ...] = (
    _r("R-PRG-1", "Grant ≤ 80,000,000 KRW per adopter; VAT and the excess borne by the adopter",
       "domain/program/grant.py", "program/projects.py (cost audit)"),
    _r("R-PRG-2", "9-month term from signing; extension ≤ 3 months with approval",
       "domain/program/calendar.py", "domain/program/project.py (check_extension)", "plan_change.asl.json"),
    _r("R-PRG-3", "Application window of the call (KST); nothing accepted or changed after it",
       "program/calls.py", "program/applications.py (deadline)", "selection_round.asl.json (WaitForDeadline)"),
    _r("R-PRG-4", "Single supplier with both qualifications, or a consortium; a supplier brings 1–3 adopters",
       "domain/program/participation.py", "program/applications.py (invite, submit)"),
    _r("R-PRG-5", "The process from call to final report meeting", "step_functions/*.asl.json"),
    *(_r(f"R-ELG-{n}", text, "domain/program/eligibility_checks.py", "program/reviews.py")
      for n, text in ((1, "SME or mid-sized manufacturer with its factory in Incheon"),
                      (2, "Same business or corporation not supported twice"), (3, "Large business groups excluded"),
                      (4, "Runs MES or similar, can supply process data over a network"),
                      (5, "Consents to share real-time data with I-MATE"), (6, "Exclusion grounds"),
                      (7, "Solution company's track record"), (8, "Consulting company's category, platform, GS"),
                      (9, "Every supplier founded ≥ 3 years, ≥ 2 experts with ≥ 3 years"),
                      (10, "Bonus +5 for smart-factory program participation (staff-confirmed)"))),
    _r("R-DOC-1", "Application form, business plan, consents", "domain/program/documents.py",
       "program/consent.py", "program/applications.py (submit)"),
    _r("R-DOC-2", "Adopter's registrations and tax certificate", "domain/program/documents.py"),
    _r("R-DOC-3", "Each supplier company's own documents, completed by its own people", "domain/program/documents.py",
       "program/applications.py (sections)", "program/documents.py"),
    _r("R-DOC-4", "Budget evidence", "domain/program/documents.py"),
    _r("R-DOC-5", "Bonus evidence where claimed", "domain/program/documents.py", "domain/program/eligibility.py"),
    _r("R-REV-1", "Staff check documents and eligibility; only passing applications go on",
       "program/reviews.py", "program/deciding.py", "selection_round.asl.json (ReviewEach)"),
    _r("R-REV-2", "Document screening when adopters ≥ 2 × places", "domain/program/policy.py (needs_screening)",
       "program/selection.py", "selection_round.asl.json (NeedsScreening)"),
    _r("R-REV-3", "Too few applicants: evaluate those present, reopen for the rest (OP-3)",
       "domain/program/policy.py (places_to_reopen)", "program/selection.py (reopen)"),
    _r("R-SEL-1", "Panel of at most 5 including the chair", "program/evaluation.py (assign_panel)"),
    _r("R-SEL-2", "Rubric 30/30/40 = 100, bonus +5 (OP-2: the printed one adds up to 95)",
       "domain/program/rubric.py", "program/calls.py (open)"),
    _r("R-SEL-3", "Selected: ≥ pass mark, highest first, 3 places", "domain/program/scoring.py"),
    _r("R-SEL-4", "Ties: bonus holder first, then adopter fit", "domain/program/scoring.py",
       "program/selection.py (publish)"),
    _r("R-SEL-5", "Ranked reserve list", "domain/program/scoring.py", "program/selection.py"),
    _r("R-AGR-1", "The cost audit's budget is the agreement's", "program/projects.py (record_cost_audit)"),
    _r("R-AGR-2", "Agreement among agency, adopter and supplier companies", "program/projects.py (parties)"),
    _r("R-AGR-3", "Plan changes with approval, until 1 month before the end", "domain/program/project.py",
       "program/projects.py", "plan_change.asl.json"),
    _r("R-PAY-1", "Payment request within 2 weeks of signing, with its documents",
       "domain/program/calendar.py", "program/projects.py (request_payment)", "project.asl.json (PaymentWindow)"),
    _r("R-PAY-2", "No request in time: agreement cancelled, next reserve selected",
       "project.asl.json (MissedPayment)", "program/selection.py (promote_first_reserve)"),
    _r("R-PAY-3", "Guarantee insurance: term + 3 months", "domain/program/calendar.py (insurance_end)"),
    _r("R-PAY-4", "The agency pays after checking the documents", "program/deciding.py (payment)",
       "program/projects.py (check_payable)"),
    _r("R-FIN-1", "Interim checks any time during the term", "program/projects.py (record_interim_check)"),
    _r("R-FIN-2", "Final report due 1 month before the end", "domain/program/calendar.py", "project_term.asl.json"),
    _r("R-FIN-3", "Final evaluation within 2 weeks: success, supplement or fail", "domain/program/project.py",
       "project_closing.asl.json"),
    _r("R-FIN-4", "Success: final report meeting", "project_closing.asl.json (ReportMeeting)"),
    _r("R-CLW-1", "Bankruptcy or closure: full refund", "domain/program/clawback.py", "program/clawbacks.py"),
    _r("R-CLW-2", "Abandoned through fault: full refund", "domain/program/clawback.py", "program/clawbacks.py"),
    _r("R-CLW-3", "Failed final evaluation: full refund", "project_closing.asl.json (OpenClawback)"),
    _r("R-CLW-4", "Relocated outside Incheon: full refund", "domain/program/clawback.py", "program/clawbacks.py"),
    _r("R-CLW-5", "Not repaid: recovered through the guarantee insurance", "clawback.asl.json (Escalate)"),
    _r("R-OBL-1", "Deliverables' IP with the supplier, perpetual use for the adopter", "program/projects.py"),
    _r("R-OBL-2", "Licences for 1 year from the agreement", "program/projects.py (deliverables)"),
    _r("R-OBL-3", "5-year maintenance from the success verdict", "domain/program/project.py (obligation_end)",
       "obligation.asl.json"),
    _r("R-PLT-1", "Data collection at the factory", "edge_greengrass/ (mdap_edge collector, Greengrass components)"),
    _r("R-PLT-2", "Automatic preprocessing", "preprocessing.asl.json", "pipeline/ (cleaning, de-identification)"),
    _r("R-PLT-3", "Web monitoring of collection and processing", "monitoring/", "frontend/src/areas/monitoring"),
    _r("R-PLT-4", "Interface for analysis platforms", NOT_BUILT),
    _r("R-PLT-5", "Integration with I-MATE", NOT_BUILT),
    _r("R-PLT-6", "Manual shop-floor data upload", "manual/", "frontend/src/areas/data"),
    _r("R-PLT-7", "BI visualisation", "catalog/views/kpi_*.sql", "dashboards/", "infra/parts/quicksight.py"),
    _r("R-PLT-8", "Analysis platform, consulting and report per company", NOT_BUILT),
)

PROGRAM_RULES = tuple(rule for rule in RULES if not rule.id.startswith("R-PLT"))
