from nominations.models.council import AgendaItem, Attendance, CouncilSession, Vote
from nominations.models.decisions import Decision, DecisionEvent, DecisionItem
from nominations.models.dossiers import Attachment, Nomination, NominationEvent
from nominations.models.notifications import EmailOptOut, Notification, ReminderSent

__all__ = [
    "AgendaItem",
    "Attachment",
    "Attendance",
    "CouncilSession",
    "Decision",
    "DecisionEvent",
    "DecisionItem",
    "EmailOptOut",
    "Nomination",
    "NominationEvent",
    "Notification",
    "ReminderSent",
    "Vote",
]
