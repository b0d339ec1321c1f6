"""The protocols' tables tell the public catalogue's processes when they change
(practices/triggers.py): a change of kind ``a`` (the network's activity), whatever made it.
Insight's overlay, the map's protocols layer and the yearly reports' protocols are then
renewed, with the cached public pages."""

from practices.triggers import PublicTables

TABLES = ["protocols_protocol", "protocols_signatory", "protocols_protocol_practices"]
TRIGGERS = PublicTables(
    TABLES, "a", name="activity", migration=("protocols", "0003_activity_changes")
)
