"""The program's services: calls, applications, reviews, evaluation, projects, approvals, audit.

Services take plain values and ports (Table, Clock, Workflow, Notifier, BlobStore) and call the domain rules
in ``mdap.domain.program``; the API, the Step Functions task handlers and the CLI are thin layers over them.
"""
