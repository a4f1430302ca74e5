from nominations.models.council import AgendaItem, Attendance, CouncilSession, Vote
from nominations.models.decisions import Decision, DecisionEvent, DecisionItem
from nominations.models.dossiers import Attachment, Nomination, NominationEvent

__all__ = [
    "AgendaItem",
    "Attachment",
    "Attendance",
    "CouncilSession",
    "Decision",
    "DecisionEvent",
    "DecisionItem",
    "Nomination",
    "NominationEvent",
    "Vote",
]
