"""Preview against the stack's state: what `pulumi up` would create, update, replace, delete or import.

The state is what `pulumi stack export` writes (deployment format version 3), or what `preview --save-state`
writes from an offline run. The diff is the engine's: resources are matched by URN (or by an alias the program
declares), an input difference is an update, or a replace where the provider cannot change the property in place,
and a URN only in the state is a delete. A reference to another resource (a parent, a policy) is compared by the
URN it refers to, so real AWS ids in an exported state and the offline run's ids never differ by themselves; a
resource whose referent is created or replaced gets a new value there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..aws.accounts_and_names import CLOSED_ACCOUNT_RETENTION_DAYS
from ..aws.create_only import CREATE_ONLY
from ..aws.pages import CLOSE_ACCOUNT_PAGE
from ..aws.service_principals import ACCOUNT_MANAGEMENT_PRINCIPAL, ACCOUNT_MANAGEMENT_SOURCE
from ..limits import account_closure_quota
from ..types import (
    AWS_ACCOUNT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_SERVICE_ACCESS,
)
from ..unknown import UNKNOWN, replace_unknowns
from ..urns import PROVIDER_TYPE_PREFIX, ROOT_STACK_TYPE, own_type, stack_urn, urn_name, urn_prefix
from .engine import STACK_REFERENCE_TYPE, OfflineRun, RegisteredResource
from .state_file import StackState, StateResource

NOT_DIFFED = (ROOT_STACK_TYPE, PROVIDER_TYPE_PREFIX)
DEFAULTS_KEY = "__defaults"  # in a bridged provider's inputs: the properties its Check gave default values
STATE_VERSION = 3  # what --save-state writes: the version `pulumi stack export` writes for a stack without newer features


@dataclass(frozen=True)
class Step:
    urn: str
    op: str  # create, update, replace, delete, same, import
    diff: tuple[str, ...] = ()
    reason: str = ""

    @property
    def name(self) -> str:
        return urn_name(self.urn)

    @property
    def type(self) -> str:
        return own_type(self.urn)


def _json_value(value: Any) -> Any:
    return replace_unknowns(value, None)


def save_state(run: OfflineRun, stack: str, project: str) -> dict[str, Any]:
    """A deployment (format version 3) of an offline run, as `pulumi stack export` would write it after an update."""
    root = stack_urn(stack, project)
    resources: list[dict[str, Any]] = [{"urn": root, "custom": False, "type": ROOT_STACK_TYPE}]
    # The stacks the program reads: the CLI keeps each StackReference in the state as a read (external) resource, before
    # the resources that depend on it, so the state passes the CLI's integrity check.
    references = sorted({urn for resource in run.resources for urn in resource.dependencies if f"::{STACK_REFERENCE_TYPE}::" in urn})
    for urn in references:
        name = urn_name(urn)
        resources.append(
            {
                "urn": urn,
                "custom": True,
                "external": True,
                "type": STACK_REFERENCE_TYPE,
                "id": name,
                "inputs": {"name": name},
                "parent": root,
            }
        )
    for resource in run.resources:
        entry: dict[str, Any] = {"urn": resource.urn, "custom": resource.custom, "type": resource.type}
        if resource.custom:
            entry["id"] = resource.id
        entry["inputs"] = _json_value(dict(resource.inputs))
        entry["outputs"] = _json_value(dict(resource.inputs))
        if resource.parent:
            entry["parent"] = resource.parent
        if resource.protect:
            entry["protect"] = True
        if resource.retain_on_delete:
            entry["retainOnDelete"] = True
        entry["dependencies"] = list(resource.dependencies)
        entry["propertyDependencies"] = {key: list(urns) for key, urns in resource.property_dependencies.items()}
        resources.append(entry)
    return {"version": STATE_VERSION, "deployment": {"manifest": {"time": "", "magic": "", "version": ""}, "resources": resources}}


def _same_value(new: Any, old: Any) -> bool:
    if new is UNKNOWN or old is UNKNOWN:
        return True  # a secret, or a value known only after the update: nothing to compare
    if isinstance(new, Mapping) and isinstance(old, Mapping):
        # A nested object of a bridged provider's inputs carries its own `__defaults` list as well.
        keys = set(new) - {DEFAULTS_KEY}
        return keys == set(old) - {DEFAULTS_KEY} and all(_same_value(new[k], old[k]) for k in keys)
    if isinstance(new, list | tuple) and isinstance(old, list | tuple):
        return len(new) == len(old) and all(_same_value(a, b) for a, b in zip(new, old, strict=True))
    return bool(new == old)


def diff(run: OfflineRun, state: Mapping[str, StateResource]) -> list[Step]:
    """The engine's steps for ``run`` against ``state``, in registration order, then the deletes."""
    identity: dict[str, str] = {}  # a resource's URN in this run -> the URN of its state in ``state``
    for resource in run.resources:
        if resource.urn in state:
            identity[resource.urn] = resource.urn
        else:
            alias = next((urn for urn in resource.aliases if urn in state), None)
            if alias is not None:
                identity[resource.urn] = alias
    new_ids: set[str] = set()  # URNs whose resource gets a new id in this update (created or replaced)
    steps: list[Step] = []
    for resource in run.resources:
        old_urn = identity.get(resource.urn)
        if old_urn is None:
            op = "import" if resource.import_id else "create"
            if op == "create":
                new_ids.add(resource.urn)
            steps.append(Step(resource.urn, op))
            continue
        changed = _changed_inputs(resource, state[old_urn], identity, new_ids)
        replacing = [key for key in changed if key in CREATE_ONLY.get(resource.type, ())]
        if replacing:
            new_ids.add(resource.urn)
            steps.append(Step(resource.urn, "replace", tuple(changed), f"{', '.join(replacing)} cannot change in place"))
        elif changed:
            steps.append(Step(resource.urn, "update", tuple(changed)))
        else:
            steps.append(Step(resource.urn, "same", reason=f"renamed from {urn_name(old_urn)}" if old_urn != resource.urn else ""))
    kept = set(identity.values())
    for urn, old in state.items():
        if urn not in kept and not old.type.startswith(NOT_DIFFED):
            steps.append(Step(urn, "delete"))
    return steps


def _changed_inputs(resource: RegisteredResource, old: StateResource, identity: Mapping[str, str], new_ids: set[str]) -> list[str]:
    changed = []
    # A bridged provider's Check fills in schema defaults and lists them under `__defaults`; the program never gives
    # them, and the provider fills the same ones again on the next update: they are no change.
    defaults = old.inputs.get(DEFAULTS_KEY)
    defaulted: list[Any] = defaults if isinstance(defaults, list) else []
    for key in sorted(set(resource.inputs) | set(old.inputs)):
        if key in resource.ignore_changes or key == DEFAULTS_KEY or (key in defaulted and key not in resource.inputs):
            continue
        new_refs = resource.property_dependencies.get(key, ())
        old_refs = old.property_dependencies.get(key, ()) if old.property_dependencies is not None else None
        if new_refs or old_refs:
            if any(urn in new_ids for urn in new_refs):
                changed.append(key)  # its referent gets a new id
            elif key in resource.inputs and key in old.inputs and _fully_known(resource.inputs[key]):
                # A value known now is compared as the engine compares it: a referent in another stack, or a dependency
                # `pulumi state move` broke, is no change while the value is the same.
                if not _same_value(resource.inputs[key], old.inputs[key]):
                    changed.append(key)
            elif old_refs is None:
                # The state does not say which input came from which resource (a CLI before ResourceV3 wrote only
                # `dependencies`, which the engine then takes for every input): the same referent is among them.
                if not {identity.get(urn, urn) for urn in new_refs} <= set(old.dependencies):
                    changed.append(key)
            elif {identity.get(urn, urn) for urn in new_refs} != set(old_refs):
                # Not known until the update: the same referent (as the state knew it), which keeps its id, is the same value.
                changed.append(key)
            continue
        if key not in resource.inputs or key not in old.inputs or not _same_value(resource.inputs[key], old.inputs[key]):
            changed.append(key)
    return changed


def _fully_known(value: Any) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, Mapping):
        return all(_fully_known(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(_fully_known(item) for item in value)
    return True


SYMBOLS = {"create": "+", "update": "~", "replace": "+-", "delete": "-", "import": "=", "same": " "}


def summary_line(steps: Iterable[Step]) -> str:
    counts = Counter(step.op for step in steps)
    parts = [
        f"{SYMBOLS[op]} {counts[op]} to {verb}"
        for op, verb in (("create", "create"), ("update", "update"), ("replace", "replace"), ("delete", "delete"), ("import", "import"))
        if counts[op]
    ]
    return ", ".join([*parts, f"{counts['same']} unchanged"])


@dataclass(frozen=True)
class StateFinding:
    """A step `pulumi up` would refuse or that would hurt the organization: a mandatory finding of the preview."""

    urn: str
    message: str


def state_findings(
    steps: list[Step], run: OfflineRun, state: Mapping[str, StateResource], limits: Mapping[str, int | None] | None = None
) -> list[StateFinding]:
    """Replacing or deleting a protected resource (the CLI refuses it), replacing or re-creating an account (AWS would be
    asked for a second account), an OU created anew where it was renamed (new ids below it), and closing more accounts
    than AWS allows in 30 days; each with its fix. ``limits``: the organization's quotas (default: AWS's)."""
    new = {resource.urn: resource for resource in run.resources}
    findings: list[StateFinding] = _closures_over_quota(steps, state, limits)
    # A rename without the old key: the old resource is deleted and a new one created, or imported by the same id.
    created = [step for step in steps if step.op in ("create", "import")]
    deleted = [step for step in steps if step.op == "delete"]
    for step in deleted:
        old = state[step.urn]
        adopted = next((c for c in created if old.id and new[c.urn].import_id == old.id and new[c.urn].type == old.type), None)
        if old.type == AWS_ACCOUNT:
            twin = adopted or next(
                (
                    c
                    for c in created
                    if c.op == "create" and new[c.urn].type == AWS_ACCOUNT and new[c.urn].inputs.get("email") == old.inputs.get("email")
                ),
                None,
            )
            if twin is not None:
                what = (
                    f"import account {old.id} a second time, into a new resource,"
                    if twin is adopted
                    else f"try to create a second AWS account with the email of '{urn_name(step.urn)}'"
                )
                findings.append(
                    StateFinding(
                        twin.urn,
                        (
                            f"Account '{urn_name(twin.urn)}' must keep the key of the account it renames: `pulumi up` would {what} and delete "
                            f"the protected old one; keep the old name as `key: {urn_name(step.urn)}` (or list it in formerKeys)."
                        ),
                    )
                )
                continue
        if old.type == AWS_ORGANIZATIONAL_UNIT:
            twin = adopted or next(
                (c for c in created if c.op == "create" and new[c.urn].type == AWS_ORGANIZATIONAL_UNIT and _same_parent(new[c.urn], old)),
                None,
            )
            if twin is not None:
                old_key = urn_name(step.urn).rsplit("/", 1)[-1]
                what = (
                    f"import OU {old.id} a second time, into a new resource, and delete OU '{urn_name(step.urn)}'"
                    if twin is adopted
                    else f"delete OU '{urn_name(step.urn)}' and create it anew with a new id"
                )
                findings.append(
                    StateFinding(
                        twin.urn,
                        (
                            f"OU '{urn_name(twin.urn)}' must keep the key of the OU it renames: `pulumi up` would {what}, re-create its attachments, "
                            f"and do the same to every OU below it; keep `key: {old_key}` (or list it in formerKeys)."
                        ),
                    )
                )
                continue
        if old.protect:
            findings.append(
                StateFinding(
                    step.urn,
                    (
                        f"{old.type.rsplit(':', 1)[-1]} '{urn_name(step.urn)}' must not be deleted: it is protected, so `pulumi up` refuses it; "
                        "restore it in the program, or remove it from the stack with `pulumi state delete` after lifting protection."
                    ),
                )
            )
    for step in steps:
        resource = new.get(step.urn)
        if step.op != "replace" or resource is None:
            continue
        if resource.type == AWS_ACCOUNT:
            findings.append(
                StateFinding(
                    step.urn,
                    (
                        f"Account '{step.name}' must not be replaced ({step.reason}): AWS would be asked for a second account; keep its "
                        f"{', '.join(step.diff)} as it was, or create a new account under a new name."
                    ),
                )
            )
        elif resource.protect:
            findings.append(
                StateFinding(
                    step.urn,
                    f"{resource.type.rsplit(':', 1)[-1]} '{step.name}' must not be replaced ({step.reason}): it is protected, so `pulumi up` refuses it.",
                )
            )
    return findings


def rename_access_findings(steps: Iterable[Step], run: OfflineRun) -> list[StateFinding]:
    """An account renamed in place (its key kept) is renamed through Account Management's PutAccountName, which the
    management account may call for a member only once trusted access for Account Management is enabled."""
    renamed = [step for step in steps if step.op == "update" and step.type == AWS_ACCOUNT and "name" in step.diff]
    if not renamed:
        return []
    trusted: set[Any] = set()
    for resource in run.resources:
        if resource.type == AWS_ORGANIZATION and isinstance(resource.inputs.get("awsServiceAccessPrincipals"), list):
            trusted.update(resource.inputs["awsServiceAccessPrincipals"])
        elif resource.type == AWS_SERVICE_ACCESS:
            trusted.add(resource.inputs.get("servicePrincipal"))
    if ACCOUNT_MANAGEMENT_PRINCIPAL in trusted or UNKNOWN in trusted:
        return []
    return [
        StateFinding(
            step.urn,
            f"Account '{step.name}' is renamed in place through Account Management's PutAccountName, which needs trusted access "
            f"for {ACCOUNT_MANAGEMENT_PRINCIPAL}; add it to awsServiceAccessPrincipals ({ACCOUNT_MANAGEMENT_SOURCE}).",
        )
        for step in renamed
    ]


def interrupted_findings(steps: Iterable[Step], state: StackState) -> list[StateFinding]:
    """An account whose creation was interrupted may exist in AWS already: creating it again asks AWS for a second
    account with the same email, so the create waits until `pulumi refresh` has settled what happened."""
    creating = {operation.urn for operation in state.pending_operations if operation.kind == "creating" and operation.type == AWS_ACCOUNT}
    return [
        StateFinding(
            step.urn,
            f"Account '{step.name}' must not be created again: its creation was interrupted in the last update, so AWS may "
            "have created it already; run `pulumi refresh` to settle the pending operation (import the account if AWS "
            "created it), then preview again.",
        )
        for step in steps
        if step.op == "create" and step.urn in creating
    ]


def state_for_stack(state: StackState, stack: str, project: str) -> StackState:
    """``state`` with its URNs renamed to ``stack`` and ``project``, as `pulumi stack rename` renames them."""
    names = state.stack_and_project
    if names is None or names == (stack, project):
        return state
    old_prefix, new_prefix = urn_prefix(*names), urn_prefix(stack, project)

    def rename(urn: str) -> str:
        return new_prefix + urn.removeprefix(old_prefix) if urn.startswith(old_prefix) else urn

    def renamed(resource: StateResource) -> StateResource:
        dependencies = resource.property_dependencies
        return replace(
            resource,
            urn=rename(resource.urn),
            parent=rename(resource.parent) if resource.parent else "",
            dependencies=tuple(rename(urn) for urn in resource.dependencies),
            property_dependencies=None
            if dependencies is None
            else {key: tuple(rename(urn) for urn in urns) for key, urns in dependencies.items()},
        )

    return replace(
        state,
        resources={rename(urn): renamed(resource) for urn, resource in state.resources.items()},
        pending_deletes=tuple(renamed(resource) for resource in state.pending_deletes),
        pending_operations=tuple(replace(operation, urn=rename(operation.urn)) for operation in state.pending_operations),
    )


def _closures_over_quota(
    steps: list[Step], state: Mapping[str, StateResource], limits: Mapping[str, int | None] | None
) -> list[StateFinding]:
    """Deleting an account whose state says closeOnDeletion closes it; AWS closes only so many in a rolling 30 days."""
    closing = [
        step
        for step in steps
        if step.op == "delete" and state[step.urn].type == AWS_ACCOUNT and state[step.urn].inputs.get("closeOnDeletion") is True
    ]
    members = sum(resource.type == AWS_ACCOUNT for resource in state.values())
    quota = account_closure_quota(members, limits)
    if len(closing) <= quota:
        return []
    return [
        StateFinding(
            step.urn,
            f"Account '{urn_name(step.urn)}' is one of {len(closing)} accounts this update would close; AWS closes at most {quota} of "
            f"{members} member accounts in a rolling 30 days ({CLOSE_ACCOUNT_PAGE}): close them in batches of at most {quota}, "
            f"30 days apart (a closed account stays suspended for {CLOSED_ACCOUNT_RETENTION_DAYS} days).",
        )
        for step in closing
    ]


def _parent_of(resource: RegisteredResource) -> tuple[str, ...]:
    return resource.property_dependencies.get("parentId", ())


def _same_parent(resource: RegisteredResource, old: StateResource) -> bool:
    if old.property_dependencies is None:  # a state that records only `dependencies`: the parent is among them
        return set(_parent_of(resource)) <= set(old.dependencies)
    return _parent_of(resource) == old.property_dependencies.get("parentId", ())


def step_marks(steps: Iterable[Step], findings: Iterable[StateFinding]) -> dict[str, str]:
    """How the chart marks nodes that change: by their operation (create, update, replace, delete), and red
    ("mandatory") for what is refused."""
    marks = {step.urn: step.op for step in steps if step.op not in ("same", "import")}
    marks.update({finding.urn: "mandatory" for finding in findings})
    return marks
