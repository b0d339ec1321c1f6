"""Publishing or withdrawing a yearly report tells the public catalogue's processes
(practices/triggers.py): a change of kind ``a`` (the network's activity), whatever made it,
so that what they keep of the public reports is renewed."""

from practices.triggers import PublicTables

TABLES = ["reports_yearlyreportpublication"]
TRIGGERS = PublicTables(TABLES, "a")
