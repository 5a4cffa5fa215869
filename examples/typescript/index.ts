// A TypeScript program using the org-components package. Add the package first (from the repository root):
//   pulumi package add ./provider      (generates the @pulumi/org-components SDK into sdks/)
// It cannot run on a machine without the Pulumi CLI; tests/test_multilang.py checks it uses only schema tokens.
import * as orgComponents from "@pulumi/org-components";

const organization = new orgComponents.Organization("organization", {
    featureSet: "ALL",
    enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
});

const sandbox = new orgComponents.OrganizationalUnit("sandbox", {
    name: "Sandbox",
    parentId: organization.rootId,
    parentPath: "/",
});

const alice = new orgComponents.Account("alice", {
    name: "sandbox-alice",
    email: "aws+sandbox-alice@example.com",
    parentId: sandbox.ouId,
    parentPath: "/Sandbox",
});

new orgComponents.GuardrailPolicy("deny-leave", {
    policyName: "deny-leave-organization",
    type: "SERVICE_CONTROL_POLICY",
    content: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
    },
    targets: [{ kind: "ou", id: sandbox.ouId, key: "/Sandbox" }],
});

export const aliceId = alice.accountId;
