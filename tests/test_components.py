"""The components used directly, as a user's own stack does: linking by object, by id from another stack, and refusals."""

from __future__ import annotations

import pulumi
import pytest

from org_components import (
    Account,
    AccountArgs,
    ComponentArgumentError,
    ExistingAccount,
    ExistingOrganizationalUnit,
    ExistingRoot,
    GuardrailPolicy,
    GuardrailPolicyArgs,
    Organization,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationArgs,
    PolicyType,
)
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

DENY_LEAVE = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}


def test_components_link_by_object(run_components):
    def program():
        org = Organization("org", OrganizationArgs(enabled_policy_types=[PolicyType.SERVICE_CONTROL_POLICY]))
        workloads = OrganizationalUnit("workloads", OrganizationalUnitArgs(name="Workloads", parent=org.root))
        prod = OrganizationalUnit("prod", OrganizationalUnitArgs(name="Prod", parent=workloads), pulumi.ResourceOptions(parent=workloads))
        app = Account("app", AccountArgs(name="app-prod", email="app@example.com", parent=prod))
        guardrail = GuardrailPolicy(
            "deny-leave",
            GuardrailPolicyArgs(policy_name="deny-leave", type=PolicyType.SERVICE_CONTROL_POLICY, content=DENY_LEAVE, targets=[org.root]),
        )
        guardrail.attach_to(app)
        assert (prod.path, prod.depth, workloads.path) == ("/Workloads/Prod", 2, "/Workloads")

    run = run_components(program, preview=False)
    assert run.error is None
    prod = run.named(AWS_ORGANIZATIONAL_UNIT, "prod")
    assert prod.inputs["parentId"] == run.named(AWS_ORGANIZATIONAL_UNIT, "workloads").id
    assert run.named(AWS_ACCOUNT, "app").inputs["parentId"] == prod.id
    targets = {r.name: r.inputs["targetId"] for r in run.by_type(AWS_POLICY_ATTACHMENT)}
    assert targets == {"deny-leave@root": "r-ex4m", "deny-leave@app": run.named(AWS_ACCOUNT, "app").id}


def test_objects_from_another_stack_are_referenced_by_id(run_components):
    def program():
        prod = ExistingOrganizationalUnit("ou-ab12-22222222", path="/Workloads/Prod")
        team = OrganizationalUnit("team", OrganizationalUnitArgs(name="Team", parent=prod))
        Account("svc", AccountArgs(name="svc", email="svc@example.com", parent="ou-ab12-33333333"))
        GuardrailPolicy(
            "deny-leave",
            GuardrailPolicyArgs(
                policy_name="deny-leave",
                type=PolicyType.SERVICE_CONTROL_POLICY,
                content=DENY_LEAVE,
                targets=[ExistingRoot("r-ab12"), team, ExistingAccount("210987654321"), "123456789012"],
            ),
        )
        assert (team.path, team.depth) == ("/Workloads/Prod/Team", 3)

    run = run_components(program, preview=True)
    assert run.error is None
    assert run.named(AWS_ORGANIZATIONAL_UNIT, "team").inputs["parentId"] == "ou-ab12-22222222"
    assert run.named(AWS_ACCOUNT, "svc").inputs["parentId"] == "ou-ab12-33333333"
    attachments = sorted(r.name for r in run.by_type(AWS_POLICY_ATTACHMENT))
    assert attachments == ["deny-leave@123456789012", "deny-leave@210987654321", "deny-leave@r-ab12", "deny-leave@team"]


def _error_of(run_components, program) -> str:
    run = run_components(program)
    assert isinstance(run.error, ComponentArgumentError)
    assert run.resources == []
    return str(run.error)


def test_account_refuses_an_ou_as_its_pulumi_parent(run_components):
    def program():
        org = Organization("org")
        ou = OrganizationalUnit("ou", OrganizationalUnitArgs(name="Ou", parent=org.root))
        Account("a", AccountArgs(name="a", email="a@example.com", parent=ou), pulumi.ResourceOptions(parent=ou))

    run = run_components(program)
    assert str(run.error) == (
        "Account 'a': pass the OU as args.parent, not as opts.parent; a Pulumi parent is part of the URN, "
        "so moving the account to another OU would delete and recreate it."
    )
    assert "a" not in {r.name for r in run.resources}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: OrganizationalUnit(
                "deep", OrganizationalUnitArgs(name="L6", parent=ExistingOrganizationalUnit("ou-ab12-22222222", path="/1/2/3/4/5"))
            ),
            "OrganizationalUnit 'deep': it would be 6 levels below the root; AWS allows at most 5.",
        ),
        (
            lambda: OrganizationalUnit("blank", OrganizationalUnitArgs(name="", parent="r-ab12")),
            "OrganizationalUnit 'blank': name '' is 0 characters long; AWS requires at least 1.",
        ),
        (
            lambda: OrganizationalUnit("orphan", OrganizationalUnitArgs(name="Orphan", parent="p-12345678")),
            "OrganizationalUnit 'orphan': parent id 'p-12345678' is neither a root id (r-...) nor an OU id (ou-...).",
        ),
        (
            lambda: Account("long", AccountArgs(name="x" * 51, email="x@example.com", parent="r-ab12")),
            f"Account 'long': name '{'x' * 51}' is 51 characters long; AWS allows at most 50.",
        ),
        (
            lambda: Account("mail", AccountArgs(name="mail", email="not-an-email", parent="r-ab12")),
            "Account 'mail': email 'not-an-email' does not match the AWS Email pattern [^\\s@]+@[^\\s@]+\\.[^\\s@]+.",
        ),
        (
            lambda: Account("adopt", AccountArgs(name="adopt", email="a@example.com", parent="r-ab12", existing_id="12345")),
            "Account 'adopt': existing_id '12345' does not match the AWS AccountId pattern ^\\d{12}$.",
        ),
        (
            lambda: GuardrailPolicy(
                "big", GuardrailPolicyArgs(policy_name="big", type=PolicyType.SERVICE_CONTROL_POLICY, content="{" + " " * 10239 + "}")
            ),
            "GuardrailPolicy 'big': content is 10241 characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY.",
        ),
        (
            lambda: GuardrailPolicy("kind", GuardrailPolicyArgs(policy_name="kind", type="DNS_POLICY", content={})),
            "GuardrailPolicy 'kind': type 'DNS_POLICY' must be one of SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, CHATBOT_POLICY, DECLARATIVE_POLICY_EC2, SECURITYHUB_POLICY, INSPECTOR_POLICY, BEDROCK_POLICY, S3_POLICY, UPGRADE_ROLLOUT_POLICY.",
        ),
        (
            lambda: GuardrailPolicy(
                "twice",
                GuardrailPolicyArgs(
                    policy_name="twice", type=PolicyType.TAG_POLICY, content={}, targets=["r-ab12", ExistingRoot("r-ab12")]
                ),
            ),
            "GuardrailPolicy 'twice': target 'r-ab12' is listed twice.",
        ),
        (
            lambda: Organization(
                "billing", OrganizationArgs(feature_set="CONSOLIDATED_BILLING", enabled_policy_types=[PolicyType.TAG_POLICY])
            ),
            "Organization 'billing': enabled_policy_types, aws_service_access_principals and enable_ram_sharing need feature_set ALL.",
        ),
    ],
    ids=[
        "ou-depth",
        "ou-name",
        "ou-parent-id",
        "account-name",
        "account-email",
        "account-id",
        "policy-size",
        "policy-type",
        "policy-target-twice",
        "feature-set",
    ],
)
def test_invalid_arguments_are_refused_at_construction(run_components, build, message):
    assert _error_of(run_components, build) == message


def test_a_policy_type_must_be_enabled_on_the_organization(run_components):
    def program():
        org = Organization("org", OrganizationArgs(enabled_policy_types=[PolicyType.SERVICE_CONTROL_POLICY]))
        GuardrailPolicy(
            "tags", GuardrailPolicyArgs(policy_name="tags", type=PolicyType.TAG_POLICY, content={"tags": {}}, targets=[org.root])
        )

    run = run_components(program)
    assert (
        str(run.error)
        == "GuardrailPolicy 'tags': policy type TAG_POLICY is not enabled on organization 'org'; add it to enabled_policy_types."
    )
    assert AWS_POLICY not in {r.type for r in run.resources}


def test_delegated_administrator_needs_trusted_access(run_components):
    def program():
        org = Organization("org", OrganizationArgs(aws_service_access_principals=["guardduty.amazonaws.com"]))
        org.delegate_administrator(ExistingAccount("123456789012"), "securityhub.amazonaws.com")

    run = run_components(program)
    assert str(run.error) == (
        "Organization 'org': service 'securityhub.amazonaws.com' must be in aws_service_access_principals "
        "before an account can administer it."
    )


def test_ids_known_only_at_run_time_are_accepted_with_a_path_or_name(run_components):
    def program():
        # What a StackReference to the organization stack gives: Outputs, not literals.
        workloads_id = pulumi.Output.from_input("ou-ab12-22222222")
        workloads = ExistingOrganizationalUnit(workloads_id, path="/Workloads")
        Account("svc", AccountArgs(name="svc", email="svc@example.com", parent=workloads))
        GuardrailPolicy(
            "deny-leave",
            GuardrailPolicyArgs(
                policy_name="deny-leave",
                type=PolicyType.SERVICE_CONTROL_POLICY,
                content=DENY_LEAVE,
                targets=[workloads, ExistingAccount(pulumi.Output.from_input("123456789012"), name="svc")],
            ),
        )

    run = run_components(program, preview=False)
    assert run.error is None
    assert run.named(AWS_ACCOUNT, "svc").inputs["parentId"] == "ou-ab12-22222222"
    assert {r.name: r.inputs["targetId"] for r in run.by_type(AWS_POLICY_ATTACHMENT)} == {
        "deny-leave@/Workloads": "ou-ab12-22222222",
        "deny-leave@svc": "123456789012",
    }


def test_a_run_time_id_without_a_path_cannot_be_a_target(run_components):
    def program():
        unnamed = ExistingOrganizationalUnit(pulumi.Output.from_input("ou-ab12-22222222"))
        GuardrailPolicy("g", GuardrailPolicyArgs(policy_name="g", type=PolicyType.TAG_POLICY, content={}, targets=[unnamed]))

    assert _error_of(run_components, program) == (
        "ExistingOrganizationalUnit with an id known only at run time needs a path or name to name its attachments."
    )


def test_the_account_component_and_add_account_register_the_same_safe_account(run_components):
    def program():
        org = Organization("org", OrganizationArgs(aws_service_access_principals=["guardduty.amazonaws.com"]))
        Account("as-component", AccountArgs(name="a", email="a@example.com", parent=org.root))
        member = org.add_account("as-member", AccountArgs(name="b", email="b@example.com", parent=org.root, close_on_deletion=True))
        org.delegate_administrator(member, "guardduty.amazonaws.com")

    run = run_components(program)
    assert run.error is None
    component, member = run.named(AWS_ACCOUNT, "as-component"), run.named(AWS_ACCOUNT, "as-member")
    assert (component.protect, component.retain_on_delete, component.ignore_changes) == (True, True, ("iamUserAccessToBilling", "roleName"))
    assert (member.protect, member.retain_on_delete, member.ignore_changes) == (True, False, ("iamUserAccessToBilling", "roleName"))
    assert component.parent.endswith("org-components:index:Account::as-component")
    assert member.parent.endswith("org-components:index:Organization::org")


def test_add_account_checks_its_arguments(run_components):
    def program():
        Organization("org").add_account("bad", AccountArgs(name="bad", email="nope", parent="r-ab12"))

    assert str(run_components(program).error) == "Account 'bad': email 'nope' is 4 characters long; AWS requires at least 6."


def test_an_organization_refuses_a_bad_limit_override(run_components):
    assert _error_of(run_components, lambda: Organization("org", OrganizationArgs(limits={"ouDepth": True}))) == (
        "Organization 'org': limit 'ouDepth' must be a whole number from 1 to 1,000,000, not True."
    )


def test_ous_and_policies_follow_their_organizations_limits(run_components):
    def organization():
        return Organization(
            "org", OrganizationArgs(enabled_policy_types=[PolicyType.SERVICE_CONTROL_POLICY], limits={"ouDepth": 1, "scpSize": 20})
        )

    def deep_ou():
        top = OrganizationalUnit("top", OrganizationalUnitArgs(name="Top", parent=organization().root))
        OrganizationalUnit("below", OrganizationalUnitArgs(name="Below", parent=top))

    def large_policy():
        GuardrailPolicy(
            "p",
            GuardrailPolicyArgs(
                policy_name="p", type=PolicyType.SERVICE_CONTROL_POLICY, content="{" + " " * 19 + "}", targets=[organization().root]
            ),
        )

    for program, message, refused in (
        (deep_ou, "OrganizationalUnit 'below': it would be 2 levels below the root; AWS allows at most 1.", "below"),
        (large_policy, "GuardrailPolicy 'p': content is 21 characters as sent; AWS allows at most 20 for SERVICE_CONTROL_POLICY.", "p"),
    ):
        run = run_components(program)
        assert (type(run.error), str(run.error)) == (ComponentArgumentError, message)
        assert refused not in {resource.name for resource in run.resources}


@pytest.mark.parametrize(
    "build",
    [
        lambda: GuardrailPolicy("gd", GuardrailPolicyArgs(policy_name="gd", type="GUARDDUTY_POLICY", content={})),
        lambda: Organization("gd", OrganizationArgs(enabled_policy_types=["GUARDDUTY_POLICY"])),
    ],
    ids=["policy", "organization"],
)
def test_a_type_the_provider_does_not_accept_yet_is_refused_as_such(run_components, build):
    assert _error_of(run_components, build).endswith(
        ": policy type 'GUARDDUTY_POLICY' (Amazon GuardDuty policies) exists in AWS Organizations, but the pulumi-aws "
        "provider (7.51.1) does not accept it yet; manage it outside this stack until it does."
    )


def test_inspector_policies_need_trusted_access(run_components):
    assert _error_of(run_components, lambda: Organization("org", OrganizationArgs(enabled_policy_types=[PolicyType.INSPECTOR_POLICY]))) == (
        "Organization 'org': policy type INSPECTOR_POLICY needs trusted access for inspector2.amazonaws.com; add it to aws_service_access_principals."
    )


def test_the_offline_engine_refuses_what_the_pulumi_engine_refuses(run_components):
    """Two resources with one URN, a parent that was never registered, a name that cannot be in a URN."""
    import pulumi_aws as aws

    from org_components.offline.engine import OfflineEngineError

    def twins():
        aws.organizations.OrganizationalUnit("x", name="a", parent_id="r-ab12")
        aws.organizations.OrganizationalUnit("x", name="b", parent_id="r-ab12")

    def bad_name():
        aws.organizations.OrganizationalUnit("a::b", name="a", parent_id="r-ab12")

    run = run_components(twins)
    assert (type(run.error), str(run.error)) == (
        OfflineEngineError,
        "Duplicate resource URN 'urn:pulumi:test::components-test::aws:organizations/organizationalUnit:OrganizationalUnit::x'; try giving it a unique name",
    )
    run = run_components(bad_name)
    assert (
        str(run.error)
        == "resource name 'a::b' of type aws:organizations/organizationalUnit:OrganizationalUnit is not valid: a name must be non-empty and must not contain '::'"
    )
