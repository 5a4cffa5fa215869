"""A stand-in for the `pulumi` CLI, for the tests of `org-components up --all-shards`.

There is no Pulumi CLI on the machines these tests run on (it is downloaded from the internet), so the orchestration
is tested against this program, installed as `pulumi` on PATH: it records every invocation and answers the calls
the Automation API and `org-components` make as the CLI would, from a backend folder of stacks (STAND_IN_BACKEND):

- ``<stack>.json``: {"deployment": <`pulumi stack export`>, "outputs": {...}}; ``<stack>.next.json``: what an update
  of the stack leaves (its program cannot run here), with ``changes`` to report;
- ``fail-up``: one stack name per line whose update fails; ``calls.jsonl``: the invocations, in order.

`state move` moves state as the CLI's own implementation does (pkg/cmd/pulumi/state/state_move.go): the given
resources and their descendants, each URN renamed to the destination stack and project with its type chain kept,
re-parented to the destination's root stack when its parent stays behind; dependencies across the two broken.
The real CLI runs in users' CI.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

VERSION = "3.200.0"


def _backend() -> Path:
    return Path(os.environ["STAND_IN_BACKEND"])


def _flag(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def _load(stack: str) -> dict | None:
    file = _backend() / f"{stack}.json"
    return json.loads(file.read_text()) if file.exists() else None


def _save(stack: str, content: dict) -> None:
    (_backend() / f"{stack}.json").write_text(json.dumps(content, indent=2))


def _root_urn(stack: str, project: str) -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}"


def _rename(urn: str, stack: str, project: str) -> str:
    _, _, rest = urn.partition("urn:pulumi:")
    _, _, rest = rest.partition("::")  # the stack
    _, _, rest = rest.partition("::")  # the project
    return f"urn:pulumi:{stack}::{project}::{rest}"


def move_state(source: dict, destination: dict, urns: list[str], dest_stack: str, project: str) -> tuple[list[str], list[str]]:
    """Move ``urns`` (and their descendants) from deployment ``source`` to ``destination`` in place; return the moved
    URNs as they were and the arguments that matched nothing."""
    resources = source["deployment"]["resources"]
    moving = {r["urn"] for r in resources if r["urn"] in urns and r["type"] != "pulumi:pulumi:Stack"}
    unmatched = [urn for urn in urns if urn not in moving]
    grew = True
    while grew:  # every descendant moves with its ancestor
        children = {r["urn"] for r in resources if r.get("parent") in moving} - moving
        moving |= children
        grew = bool(children)
    kept = [r for r in resources if r["urn"] not in moving]
    moved = [r for r in resources if r["urn"] in moving]
    target = destination["deployment"].setdefault("resources", [])
    root = _root_urn(dest_stack, project)
    if not any(r["urn"] == root for r in target):
        target.insert(0, {"urn": root, "custom": False, "type": "pulumi:pulumi:Stack"})
    existing = {r["urn"] for r in target}
    for resource in moved:
        copy = dict(resource)
        copy["urn"] = _rename(resource["urn"], dest_stack, project)
        if copy["urn"] in existing:
            raise SystemExit(f"error: resource {copy['urn']} already exists in destination stack")
        copy["parent"] = _rename(resource["parent"], dest_stack, project) if resource.get("parent") in moving else root
        copy["dependencies"] = [_rename(d, dest_stack, project) for d in resource.get("dependencies", []) if d in moving]
        copy["propertyDependencies"] = {
            key: [_rename(d, dest_stack, project) for d in deps if d in moving]
            for key, deps in (resource.get("propertyDependencies") or {}).items()
        }
        target.append(copy)
    for resource in kept:
        resource["dependencies"] = [d for d in resource.get("dependencies", []) if d not in moving]
        resource["propertyDependencies"] = {
            key: [d for d in deps if d not in moving] for key, deps in (resource.get("propertyDependencies") or {}).items()
        }
    source["deployment"]["resources"] = kept
    return [r["urn"] for r in moved], unmatched


def _project() -> str:
    for line in Path("Pulumi.yaml").read_text().splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit("error: no Pulumi.yaml here")


def main(args: list[str]) -> int:
    with (_backend() / "calls.jsonl").open("a") as log:
        log.write(json.dumps(args) + "\n")
    stack = _flag(args, "--stack")
    words = [arg for arg in args if not arg.startswith("-")]
    if words[:1] == ["version"]:
        print(f"v{VERSION}")
        return 0
    if words[:2] == ["stack", "ls"]:
        names = sorted(file.stem for file in _backend().glob("*.json") if not file.stem.endswith(".next"))
        print(json.dumps([{"name": name, "current": False} for name in names]))
        return 0
    if words[:2] == ["stack", "select"]:
        if _load(stack or "") is None:
            print(f"error: no stack named '{stack}' found", file=sys.stderr)
            return 255
        return 0
    if words[:2] == ["stack", "init"]:
        name = words[2]
        _save(name, {"deployment": {"resources": []}, "outputs": {}})
        return 0
    if words[:2] == ["stack", "output"]:
        print(json.dumps((_load(stack or "") or {}).get("outputs", {})))
        return 0
    if words[:2] == ["stack", "export"]:
        print(json.dumps({"version": 3, "deployment": (_load(stack or "") or {})["deployment"]}))
        return 0
    if words[:2] == ["state", "move"]:
        source_name, dest_name = _flag(args, "--source") or "", _flag(args, "--dest") or ""
        source, destination = _load(source_name), _load(dest_name)
        if source is None or destination is None:
            print("error: no such stack", file=sys.stderr)
            return 255
        urns = [arg for arg in words if arg.startswith("urn:")]
        moved, unmatched = move_state(source, destination, urns, dest_name, _project())
        for urn in unmatched:
            print(f"warning: Resource {urn} not found in source stack")
        if not moved:
            print("error: no resources found to move", file=sys.stderr)
            return 255
        _save(dest_name, destination)
        _save(source_name, source)
        print(f"Successfully moved resources from {source_name} to {dest_name}")
        return 0
    if words[:1] == ["up"] or words[:1] == ["preview"]:
        failing = (_backend() / "fail-up").read_text().split() if (_backend() / "fail-up").exists() else []
        if stack in failing:
            print(f"error: update of {stack} failed: AccessDeniedException: not authorized", file=sys.stderr)
            return 255
        following = _backend() / f"{stack}.next.json"
        changes = {"same": 1}
        if following.exists():
            content = json.loads(following.read_text())
            changes = content.pop("changes", changes)
            if words[:1] == ["up"]:
                _save(stack or "", content)
        print(f"{'Updating' if words[:1] == ['up'] else 'Previewing update'} ({stack})")
        ours = {key: value for key, value in os.environ.items() if key.startswith("ORG_COMPONENTS_")}
        (_backend() / f"{stack}.environment.json").write_text(json.dumps(ours))
        (_backend() / f"{stack}.changes.json").write_text(json.dumps(changes))
        log_file = _flag(args, "--event-log")
        if log_file:
            with open(log_file, "a") as events:
                events.write(
                    json.dumps(
                        {
                            "sequence": 0,
                            "timestamp": 0,
                            "summaryEvent": {"maybeCorrupt": False, "durationSeconds": 1, "resourceChanges": changes, "PolicyPacks": {}},
                        }
                    )
                    + "\n"
                )
                events.write(json.dumps({"sequence": 1, "timestamp": 0, "cancelEvent": {}}) + "\n")
        return 0
    if words[:2] == ["stack", "history"]:
        changes_file = _backend() / f"{stack}.changes.json"
        changes = json.loads(changes_file.read_text()) if changes_file.exists() else {}
        print(
            json.dumps(
                [
                    {
                        "kind": "update",
                        "startTime": "2026-11-30T10:00:00.000Z",
                        "endTime": "2026-11-30T10:01:00.000Z",
                        "message": "",
                        "environment": {},
                        "config": {},
                        "result": "succeeded",
                        "resourceChanges": changes,
                    }
                ]
            )
        )
        return 0
    print(f"error: the stand-in pulumi does not answer {args}", file=sys.stderr)
    return 255


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
