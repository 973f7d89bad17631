"""``make synth``: writes cdk.out/ offline; exits non-zero on a cdk-nag finding or any synth error.

Options point the generic constructs at other definition files (the tests use fixtures this way).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

# jsii warns that Node 20 is past its end of life; the pinned versions are proven on it (infra/README.md).
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from infra.app import OptionError, build_app
from infra.config import REPO_ROOT, Sources
from infra.nag import SUPPRESSED, suppression_counts

_SOURCE_FLAGS = {
    "chalice_project": "--chalice-project", "step_functions": "--step-functions", "catalog": "--catalog",
    "edge_components": "--edge-components", "frontend_dist": "--frontend-dist",
}  # fmt: skip


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.synth", description=__doc__)
    parser.add_argument("--outdir", type=Path, default=REPO_ROOT / "cdk.out")
    for field, flag in _SOURCE_FLAGS.items():
        parser.add_argument(flag, dest=field, type=Path, help=f"instead of {getattr(Sources(), field)}")
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE",
                        help="a deploy option as CDK context, e.g. -c quicksight=true (see infra/README.md)")
    return parser.parse_args(argv)


def _context(pairs: list[str]) -> dict[str, str]:
    bad = [pair for pair in pairs if "=" not in pair or not pair.split("=", 1)[0]]
    if bad:
        raise SystemExit(f"python -m infra.synth: -c takes KEY=VALUE, got {bad[0]!r}")
    return dict(pair.split("=", 1) for pair in pairs)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    overrides = {f: getattr(args, f).resolve() for f in _SOURCE_FLAGS if getattr(args, f) is not None}
    try:
        app, stack = build_app(src=dataclasses.replace(Sources(), **overrides), outdir=args.outdir,
                               context=_context(args.context))
    except OptionError as exc:  # a deploy option people set: said as such, without a traceback
        print(f"python -m infra.synth: {exc} (-c KEY=VALUE or MDAP_INFRA_<KEY>, see infra/README.md)",
              file=sys.stderr)
        return 2
    try:
        assembly = app.synth()
    except RuntimeError as exc:  # jsii surfaces cdk-nag's ValidationFailed this way; the report is above
        print(f"synth failed: {exc}", file=sys.stderr)
        return 1
    counts = suppression_counts()
    (args.outdir / "nag-suppressions.json").write_text(json.dumps(dict(sorted(counts.items())), indent=1))
    (args.outdir / "nag-suppressions.txt").write_text("".join(f"{r}\t{p}\t{why}\n" for r, p, why in SUPPRESSED))
    listing = ", ".join(f"{rule}x{n}" for rule, n in sorted(counts.items()))
    print(f"synthesized {stack.stack_name} into {assembly.directory}")
    print(f"cdk-nag AwsSolutions: no unacknowledged finding; {sum(counts.values())} acknowledged ({listing})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
