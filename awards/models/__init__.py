from awards.models.catalogue import AwardType, BaseSalary, Period, RuleSet
from awards.models.organizations import EmulationBloc, Organization, User
from awards.models.register import (
    AwardRecord,
    BlocResult,
    Hold,
    Initiative,
    Person,
    Rating,
    RatingLock,
    Registration,
)

__all__ = [
    "AwardRecord",
    "AwardType",
    "BaseSalary",
    "BlocResult",
    "EmulationBloc",
    "Hold",
    "Initiative",
    "Organization",
    "Period",
    "Person",
    "Rating",
    "RatingLock",
    "Registration",
    "RuleSet",
    "User",
]
