"""The regions `impact` asks about are the aws partition's, as botocore's session lists them for EC2."""

from __future__ import annotations

import botocore.session

from org_components.impact.classes import known_regions


def test_the_regions_are_those_a_session_lists_for_ec2():
    assert known_regions() == tuple(botocore.session.get_session().get_available_regions("ec2"))
