"""The offline preview: run a project's program as a first `pulumi preview`, then its policy packs."""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi

from ..access.apply_pace import AssignmentPace, pace_of_steps
from ..errors import UserError
from ..limits import resolve_limits
from ..rules.engine import all_rules
from ..spec.quarantine import detached_references, quarantine_paths
from ..unknown import replace_unknowns
from .analyzer import AnalyzerProcess, AnalyzeStream, PackError, Violation
from .engine import MissingStackOutputs, OfflineEngineError, OfflineRun, RegisteredResource, run_project
from .pack_config import pack_configs
from .project import StackProject, load_project
from .state import (
    StateFinding,
    Step,
    diff,
    interrupted_findings,
    rename_access_findings,
    save_state,
    state_findings,
    state_for_stack,
    summary_line,
)
from .state_file import StackState, StateError, read_state

DEFAULT_PACK = Path("policies") / "org-guardrails"
UNKNOWN_IN_JSON = "<unknown>"
LEVEL_ORDER = ("mandatory", "remediate", "advisory", "disabled")


class ProgramError(UserError):
    """The project's program failed; the message is the one the user needs, without a traceback."""


@dataclass
class PreviewResult:
    project: StackProject
    run: OfflineRun
    packs: list[Path]
    violations: list[Violation]
    steps: list[Step] | None = None  # against the stack's state, when one was given
    state_findings: list[StateFinding] = field(default_factory=list)
    state: StackState | None = None  # the stack's state, when one was given

    @property
    def mandatory(self) -> list[Violation]:
        return [v for v in self.violations if v.enforcement_level in ("mandatory", "remediate")]

    @property
    def refused(self) -> bool:
        """A mandatory policy violation, or a step `pulumi up` would refuse or that would hurt the organization."""
        return bool(self.mandatory or self.state_findings)


def resolve_packs(project_dir: Path, pack_dirs: Sequence[str] | None) -> list[Path]:
    """The packs to run: those named (relative to the working directory, as the CLI reads them), else the default."""
    if pack_dirs:
        packs = [Path(pack).resolve() for pack in pack_dirs]
        for pack in packs:
            if not (pack / "PulumiPolicy.yaml").is_file():
                raise PackError(f"--policy-pack {pack}: not a policy pack directory (no PulumiPolicy.yaml).")
        return packs
    default = (project_dir / DEFAULT_PACK).resolve()
    return [default] if (default / "PulumiPolicy.yaml").is_file() else []


def read_stack_outputs(pairs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``STACK=FILE`` pairs, FILE holding `pulumi stack output --json` of STACK, as the outputs StackReferences read."""
    outputs = {}
    for pair in pairs:
        stack, equals, file = pair.partition("=")
        if not equals or not stack or not file:
            raise ProgramError(f"--stack-outputs {pair!r} must have the form STACK=FILE, e.g. acme/aws-organization/prod=outputs.json.")
        try:
            value = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            raise ProgramError(f"--stack-outputs {pair}: cannot read {file}: {error.strerror}.") from None
        except json.JSONDecodeError as error:
            raise ProgramError(f"--stack-outputs {pair}: {file} is not JSON: {error}.") from None
        if not isinstance(value, dict):
            raise ProgramError(f"--stack-outputs {pair}: {file} must hold a JSON object of output names to values.")
        outputs[stack] = value
    return outputs


def program_error_message(error: BaseException) -> str:
    """What to tell the user about a failed program: its own message, without the SDK's wrapping and no traceback."""
    if isinstance(error, pulumi.RunError | OfflineEngineError):
        return str(error)
    cause: BaseException = error
    seen = {id(cause)}
    # The SDK wraps an error raised while it processes an input in a chain of "While processing ..." errors.
    while (following := cause.__cause__ or cause.__context__) is not None and id(following) not in seen:
        cause = following
        seen.add(id(cause))
    if isinstance(cause, MissingStackOutputs | OfflineEngineError | pulumi.RunError):
        return str(cause)
    return f"the program failed: {type(error).__name__}: {error}"


def run_preview(
    project_dir: str | Path,
    stack: str,
    pack_dirs: Sequence[str] | None = None,
    on_register: Callable[[int], None] | None = None,
    on_analyzed: Callable[[int, int], None] | None = None,
    stack_outputs: Sequence[str] = (),
    state_file: Path | None = None,
    save_state_file: Path | None = None,
    save_outputs_file: Path | None = None,
    pack_config_files: Sequence[Path] = (),
    state_of_other_stack: bool = False,
) -> PreviewResult:
    project_dir = Path(project_dir)
    project = load_project(project_dir, stack)
    packs = resolve_packs(project_dir, pack_dirs)
    state = _stack_state(state_file, project, state_of_other_stack) if state_file is not None else None
    outputs = read_stack_outputs(stack_outputs)
    configs = pack_configs(packs, pack_config_files, spec_pack_config(project))
    if save_state_file is not None or save_outputs_file is not None:
        # First: `preview --all-shards` starts the shards as soon as the core's outputs are written.
        _save_update(project, outputs, save_state_file, save_outputs_file)
    with contextlib.ExitStack() as running:
        # The packs start (and import their rules) while the program runs, and judge each resource as it registers,
        # in their own processes: as the CLI drives them during a preview.
        streams = [
            AnalyzeStream(running.enter_context(AnalyzerProcess(pack, connect=False)), config, on_analyzed)
            for pack, config in zip(packs, configs, strict=True)
        ]

        def analyze(resource: RegisteredResource) -> None:
            for stream in streams:
                stream.add(resource)

        run = run_project(project, preview=True, on_register=on_register, stack_outputs=outputs, on_resource=analyze if streams else None)
        if run.error is not None:
            raise ProgramError(program_error_message(run.error))
        violations: list[Violation] = [violation for stream in streams for violation in stream.finish(run.resources)]
    result = PreviewResult(project, run, packs, violations)
    if state is not None:
        result.state = state
        result.steps = diff(run, state.resources)
        overrides = project.spec_settings().get("limits")
        result.state_findings = [
            *state_findings(result.steps, run, state.resources, resolve_limits(overrides)),
            *interrupted_findings(result.steps, state),
            *rename_access_findings(result.steps, run),
        ]
    return result


def _stack_state(state_file: Path, project: StackProject, of_other_stack: bool) -> StackState:
    """The state to diff against; the state of another stack or project is refused unless asked for (after `pulumi stack
    rename`), and then read as this stack's: every resource would otherwise be a delete and a create."""
    state = read_state(state_file)
    names = state.stack_and_project
    stack = project.stack.rsplit("/", 1)[-1]  # URNs carry the stack's own name, not organization/project/stack
    if names is None or names == (stack, project.name):
        return state
    if not of_other_stack:
        raise StateError(
            f"the state {state_file} belongs to stack '{names[0]}' of project '{names[1]}', not to stack '{stack}' of project "
            f"'{project.name}': export this stack's state (`pulumi stack export --stack {stack}`), or pass --state-of-other-stack "
            "to read it as this stack's (after `pulumi stack rename`)."
        )
    return state_for_stack(state, stack, project.name)


def _save_update(project: StackProject, outputs: dict[str, dict[str, Any]], state_file: Path | None, outputs_file: Path | None) -> None:
    """The state an update would leave: the same program with every id known, as `pulumi stack export` writes it;
    its outputs as `pulumi stack output --json` would give them (what other stacks read after the update). Each file
    appears whole or not at all (written aside, then renamed), for a reader that waits for it."""
    updated = run_project(project, preview=False, stack_outputs=outputs)
    if updated.error is not None:
        raise ProgramError(program_error_message(updated.error))
    written: list[tuple[Path | None, Callable[[], Any]]] = [
        (state_file, lambda: save_state(updated, project.stack, project.name)),
        (outputs_file, lambda: _json_value(updated.outputs)),
    ]
    for file, content in written:
        if file is None:
            continue
        aside = file.with_name(f".{file.name}.partial")
        try:
            aside.write_text(json.dumps(content(), indent=2) + "\n", encoding="utf-8")
            os.replace(aside, file)
        except OSError as error:
            raise ProgramError(f"cannot write {file}: {error.strerror}.") from None


# Spec settings that say what the resources cannot show, and the rule options that read them.
SPEC_SETTINGS_FOR_RULES = ("fullAwsAccessDetachedFrom", "managementAccountId", "knownActions", "controlTower")


def spec_pack_config(project: StackProject) -> dict[str, dict[str, Any]]:
    """The pack config that carries the org spec's own settings (where FullAWSAccess is detached, the management
    account's id) to the rules that read them, as `pulumi preview --policy-pack-config` would."""
    spec = project.spec_settings()
    settings = {key: spec[key] for key in SPEC_SETTINGS_FOR_RULES if spec.get(key)}
    if quarantine := quarantine_paths(spec):
        settings["quarantine"] = quarantine
        settings["fullAwsAccessDetachedFrom"] = detached_references(spec)
    services = spec.get("securityServices")
    if isinstance(services, dict) and services.get("governedRegions"):
        settings["governedRegions"] = services["governedRegions"]  # a stack's resources do not say which Regions are governed
    levels: dict[str, Any] = spec["rules"] if isinstance(spec.get("rules"), dict) else {}
    config = {}
    for rule in all_rules():
        options = {key: value for key, value in settings.items() if key in rule.options}
        level = levels.get(rule.name)
        if options or level is not None:
            # The CLI always sends a policy's level with its properties; without it the SDK reads advisory.
            config[rule.name] = {"enforcementLevel": level if isinstance(level, str) else rule.enforcement.value, **options}
    return config


def first_update_line(resources: Sequence[RegisteredResource]) -> str:
    """What a first `pulumi up` does with the run's custom resources: import the adopted ones, create the others."""
    custom = [resource for resource in resources if resource.custom]
    imports = sum(bool(resource.import_id) for resource in custom)
    return f"= {imports} to import, + {len(custom) - imports} to create"


def assignment_pace(result: PreviewResult) -> AssignmentPace:
    """How many Identity Center assignments the update makes and removes: a first update creates every one it does not
    import; against a state, its steps say."""
    if result.steps is None:
        return pace_of_steps((r.type, "create") for r in result.run.resources if r.custom and not r.import_id)
    return pace_of_steps((step.type, step.op) for step in result.steps)


def node_marks(violations: Sequence[Violation]) -> dict[str, str]:
    """The worst enforcement level reported against each URN: what a diagram marks."""
    marks: dict[str, str] = {}
    for violation in violations:
        level = "mandatory" if violation.enforcement_level in ("mandatory", "remediate") else "advisory"
        if violation.urn and marks.get(violation.urn) != "mandatory":
            marks[violation.urn] = level
    return marks


def _json_value(value: Any) -> Any:
    return replace_unknowns(value, UNKNOWN_IN_JSON)


def json_report(result: PreviewResult, exit_code: int) -> dict[str, Any]:
    resources = result.run.resources
    levels = Counter(v.enforcement_level for v in result.violations)
    report: dict[str, Any] = {
        "resources": [
            {"urn": r.urn, "type": r.type, "name": r.name, "parent": r.parent or None, "inputs": _json_value(dict(r.inputs))}
            for r in resources
        ],
        "violations": [
            {
                "policyPack": v.policy_pack,
                "policyName": v.policy_name,
                "enforcementLevel": v.enforcement_level,
                "urn": v.urn or None,
                "message": v.message,
            }
            for v in result.violations
        ],
        "summary": {
            "project": result.project.name,
            "stack": result.project.stack,
            "resources": len(resources),
            "resourcesByType": dict(sorted(Counter(r.type for r in resources).items())),
            "policyPacks": [str(pack) for pack in result.packs],
            "violations": {
                level: levels.get(level, 0) for level in LEVEL_ORDER if levels.get(level, 0) or level in ("mandatory", "advisory")
            },
            "exitCode": exit_code,
        },
    }
    if result.steps is None:
        report["summary"]["firstUpdate"] = first_update_line(resources)
    if result.steps is not None:
        report["steps"] = [{"urn": s.urn, "op": s.op, "diff": list(s.diff), "reason": s.reason} for s in result.steps]
        report["stateFindings"] = [{"urn": f.urn, "message": f.message} for f in result.state_findings]
        report["summary"]["changes"] = summary_line(result.steps)
    pace = assignment_pace(result)
    if pace.creations or pace.deletions:
        report["summary"]["identityCenterPace"] = pace.to_json()
    if result.state is not None:
        report["pendingDeletes"] = [resource.urn for resource in result.state.pending_deletes]
        report["pendingOperations"] = [
            {"urn": operation.urn, "type": operation.type, "operation": operation.kind} for operation in result.state.pending_operations
        ]
    return report
