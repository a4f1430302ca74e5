"""Signals the output side listens to (certificates registers receivers).

`nominations` never imports `certificates`; it announces what happened.
"""

from django.dispatch import Signal

# Sent inside the issuing transaction, after award records are written and the
# nominations are awarded. kwargs: decision (Decision), items (list[DecisionItem]
# in annex order), records (nomination id → its new AwardRecord id), actor.
decision_issued = Signal()
