"""Monitoring of collection and processing (the data side's live page), over the Table only.

Bottom up: ``collectors`` and ``runs`` read what the edge collectors and the pipeline record; ``access`` scopes a
request to the sites its caller may see; ``alarm_store`` keeps alarms; ``status`` builds the page's answer (cached
for a second, with an ETag); ``evaluation`` runs the rules of ``mdap.domain.monitoring`` on a schedule and
``notices`` tells people of new alarms; ``quality`` reads the pipeline's data-quality scorecards (query engine,
not live); ``service`` wires them over a container; ``tasks`` is the scheduled Lambda.
"""
