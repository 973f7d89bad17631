"""``make synth``: writes cdk.out/ offline; exits non-zero on any unsuppressed cdk-nag or synth error."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from infra.app import build_app
from infra.nag import suppression_counts


def main() -> int:
    app, stack = build_app()
    assembly = app.synth()
    errors = [
        (message.id, message.entry.data)
        for artifact in assembly.stacks
        for message in artifact.messages
        if message.level.value == "error"
    ]  # fmt: skip
    for path, data in errors:
        print(f"ERROR {path}: {data}", file=sys.stderr)
    counts = ", ".join(f"{rule}×{n}" for rule, n in sorted(suppression_counts().items()))
    print(f"synthesized {stack.stack_name} into {assembly.directory}")
    print(f"cdk-nag suppressions: {sum(suppression_counts().values())} ({counts})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
