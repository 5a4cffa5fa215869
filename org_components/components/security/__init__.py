"""Components of the organization-wide security services, each run from a delegated administrator account."""

from .access_analyzer import AccessAnalyzer, AccessAnalyzerArgs
from .config_aggregation import ConfigAggregation, ConfigAggregationArgs, ConformancePack
from .guard_duty import GuardDuty, GuardDutyArgs
from .inspector import Inspector, InspectorArgs
from .macie import Macie, MacieArgs
from .organization_trail import OrganizationTrail, OrganizationTrailArgs
from .providers import AdministratorProviders
from .security_hub import ConfigurationPolicy, SecurityHub, SecurityHubArgs
from .security_services import SecurityServices

__all__ = [
    "AccessAnalyzer",
    "AccessAnalyzerArgs",
    "AdministratorProviders",
    "ConfigAggregation",
    "ConfigAggregationArgs",
    "ConfigurationPolicy",
    "ConformancePack",
    "GuardDuty",
    "GuardDutyArgs",
    "Inspector",
    "InspectorArgs",
    "Macie",
    "MacieArgs",
    "OrganizationTrail",
    "OrganizationTrailArgs",
    "SecurityHub",
    "SecurityHubArgs",
    "SecurityServices",
]
