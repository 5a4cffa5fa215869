"""The SecurityServices component: the parent of the organization's security services and of the providers they share."""

from __future__ import annotations

import pulumi

from ...types import SECURITY_SERVICES_COMPONENT
from .providers import AdministratorProviders


class SecurityServices(pulumi.ComponentResource):
    """Its children: one component per service, and one provider per administrator account and Region
    (``providers``), assuming ``role_name`` there."""

    def __init__(self, name: str, role_name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__(SECURITY_SERVICES_COMPONENT, name, None, opts)
        self.providers = AdministratorProviders(self, role_name)
