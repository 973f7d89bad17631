"""Personal data (개인정보) rules, standard library only: detectors with check digits, keyed pseudonyms,
masking, generalisation and the k-anonymity report.

Modules, bottom up: `numbers` (주민등록번호, 외국인등록번호, 법인등록번호 check digits; 사업자등록번호 from
`mdap.domain.program.brn`), `detect` (finding and masking personal data in free text), `pseudonym` (HMAC-SHA-256),
`masking` (value masks and generalisation), `kanon` (k-anonymity of quasi-identifiers).
"""
