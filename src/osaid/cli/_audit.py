"""`osaid audit`: declared versus detected."""

from __future__ import annotations

import json
from pathlib import Path

from osaid.cli._errors import ExitCode
from osaid.cli._output import write_output


def run(declared_path: Path, against: str, fmt: str, output: Path | None) -> int:
    from osaid.evidence.audit import audit
    from osaid.manifest.load import load_system
    from osaid.targets import load_target

    declared = load_system(declared_path)
    detected = load_target(against)
    found = audit(declared, detected)
    if fmt == "json":
        text = (
            json.dumps(
                {
                    "declared": str(declared_path),
                    "against": against,
                    "disagreements": [
                        {
                            "kind": d.kind,
                            "component": d.component,
                            "declared": d.declared,
                            "detected": d.detected,
                            "message": d.message,
                            "locations": list(d.locations),
                        }
                        for d in found
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        lines = [f"{declared.name} ({declared_path}) against {against}:"]
        lines += [f"  ✘ [{d.kind}] {d.message}" for d in found] or ["  no disagreements found"]
        text = "\n".join(lines) + "\n"
    write_output(text, output)
    return ExitCode.REQUIREMENT_NOT_MET if found else ExitCode.OK
