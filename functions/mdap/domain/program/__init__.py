"""The program's rules (2022 제조데이터 활성화 지원사업) as plain values and functions, standard library only.

Rule ids (`R-SEL-3`) and open points (`OP-1`) are those of `docs/PROGRAM_RULES.md`. Modules, bottom up:
`errors` (the refusals), `values` (reading JSON input), `brn`, `policy` (per-call settings answering the open
points), `calendar` (KST terms and deadlines), `rubric`, `score_sheets` and `scoring` (the ranked selection and
reserve list), `eligibility_facts`, `eligibility_checks` and `eligibility` (the requirements-review checklist),
`documents` (required uploads), `participation`, `grant`, and the life cycles `application`, `project`, `clawback`.
"""
