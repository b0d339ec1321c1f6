"""What the public yearly reports read tells the public catalogue's processes when it
changes (practices/triggers.py): a change of kind ``a`` (the network's activity, triggers named
``activity_*``), whatever made it, so that what they keep of the public reports is renewed.

- ``TRIGGERS``: publishing or withdrawing a year's report.
- ``SUGGESTIONS``: the suggestions of improvement. A report counts those its group took up
  in the year, on any of its practices (a draft's too), which the catalogue's own triggers
  on that table do not report (they see only a published practice's "taken up" count).
"""

from practices.triggers import PublicTables

TABLES = ["reports_yearlyreportpublication"]
TRIGGERS = PublicTables(
    TABLES, "a", name="activity", migration=("reports", "0002_activity_changes")
)
SUGGESTIONS = PublicTables(
    ["practices_improvement"],
    "a",
    name="activity",
    migration=("reports", "0003_suggestion_changes"),
)
