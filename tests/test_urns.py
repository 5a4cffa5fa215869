"""URNs are built and read in one module (org_components.urns), as the Pulumi engine forms them."""

from __future__ import annotations

from org_components.offline.analyzer import _provider
from org_components.offline.engine import RegisteredResource
from org_components.urns import child_urn, provider_reference, provider_urn_of, urn, urn_name

PROVIDER = urn("prod", "aws-organization", ["pulumi:providers:aws"], "member-web-prod")


def _bucket(provider: str) -> RegisteredResource:
    return RegisteredResource(
        urn=child_urn("prod", "aws-organization", "", "aws:s3/bucket:Bucket", "logs"),
        type="aws:s3/bucket:Bucket",
        name="logs",
        parent="",
        custom=True,
        inputs={},
        dependencies=(),
        property_dependencies={},
        provider=provider,
        protect=None,
        retain_on_delete=None,
        ignore_changes=(),
        import_id="",
        id="",
    )


def test_a_urn_and_its_parts():
    assert PROVIDER == "urn:pulumi:prod::aws-organization::pulumi:providers:aws::member-web-prod"
    assert urn_name(PROVIDER) == "member-web-prod"


def test_a_provider_reference_is_its_urn_and_id_and_the_urn_is_read_back():
    reference = provider_reference(PROVIDER, "04da6b54-80e4-46f7-96ec-b56ff0331ba9")
    assert reference == f"{PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    assert provider_urn_of(reference) == PROVIDER
    assert provider_urn_of(PROVIDER) == PROVIDER  # a reference without an id (an unknown one) is the URN itself


def test_the_pack_is_told_the_providers_urn_and_name_not_its_id():
    """As the Pulumi CLI tells a policy pack: AnalyzerProviderResource.urn is the provider's URN, name its name."""
    sent = _provider(_bucket(provider_reference(PROVIDER, "04da6b54-80e4-46f7-96ec-b56ff0331ba9")), "prod", "aws-organization")
    assert sent is not None
    assert (sent.type, sent.urn, sent.name) == ("pulumi:providers:aws", PROVIDER, "member-web-prod")
