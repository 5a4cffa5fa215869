"""IAM's global condition keys whose value each request gives, not the organization."""

from __future__ import annotations

from .pages import CHECKED

# Global condition keys whose value AWS takes from each request, not from where the principal or resource sits in
# the organization: the transport, the network, the session (MFA, tags, times), the calling service. Offline their
# value is not known, so a condition on one is undetermined unless the question gives it (explain's --context).
# IAM User Guide, "AWS global condition context keys", checked 2026-11-30.
GLOBAL_CONDITION_KEYS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
REQUEST_TIME_KEYS_CHECKED = CHECKED
REQUEST_TIME_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SecureTransport",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:SourceVpc",
        "aws:SourceVpcArn",
        "aws:SourceVpce",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "aws:TokenIssueTime",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:userid",
        "aws:username",
        "aws:FederatedProvider",
        "aws:SourceIdentity",
        "aws:AssumedRoot",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceOwner",
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:ViaAWSService",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:referer",
        "aws:UserAgent",
        "aws:TagKeys",
        "aws:ChatbotSourceArn",
        "aws:IsMcpServiceAction",
        "aws:ViaAWSMCPService",
        "aws:CalledViaAWSMCP",
    )
)
# Keys with a tag name after the slash (aws:PrincipalTag/team): the principal's, the request's and the resource's tags.
REQUEST_TIME_KEY_PREFIXES = ("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/")
