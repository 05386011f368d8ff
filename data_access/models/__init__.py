"""SQLAlchemy models of the improvement domain (SPEC section 3), one module per subject.
Importing this package registers every table on `Base.metadata` (Alembic compares with it)."""

from data_access.models.base import Base
from data_access.models.inspections import (
    Event,
    Inspection,
    Judgement,
    Recommendation,
    action_recommendation,
    indicator_recommendation,
)
from data_access.models.measures import (
    Area,
    Indicator,
    Observation,
    StatisticalNeighbour,
    Team,
    TeamAlias,
    Theme,
    indicator_theme,
    team_indicator,
)
from data_access.models.people import AuditEvent, User, UserSession, user_team
from data_access.models.plans import (
    Action,
    ActionUpdate,
    Plan,
    Priority,
    indicator_action,
    team_action,
)
from data_access.models.records import BackgroundWork, Change, Commentary, DataVersion

__all__ = [
    "Action",
    "ActionUpdate",
    "Area",
    "AuditEvent",
    "BackgroundWork",
    "Base",
    "Change",
    "Commentary",
    "DataVersion",
    "Event",
    "Indicator",
    "Inspection",
    "Judgement",
    "Observation",
    "Plan",
    "Priority",
    "Recommendation",
    "StatisticalNeighbour",
    "Team",
    "TeamAlias",
    "Theme",
    "User",
    "UserSession",
    "action_recommendation",
    "indicator_action",
    "indicator_recommendation",
    "indicator_theme",
    "team_action",
    "team_indicator",
    "user_team",
]
