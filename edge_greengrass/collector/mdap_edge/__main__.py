"""``python -m mdap_edge``: the collector on a device (the Greengrass component runs this).

    python -m mdap_edge run --config FILE --data-dir DIR [--expect-site SITE]
    python -m mdap_edge check --config FILE

Configuration errors print one line (file:line: field: problem) and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mdap_edge.config import ConfigError
from mdap_edge.process import configure_logging, load, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mdap_edge", description="mdap edge collector")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("run", "check"):
        command = commands.add_parser(name)
        command.add_argument("--config", type=Path, required=True)
        command.add_argument("--data-dir", type=Path, default=Path("."))
        command.add_argument("--expect-site", default=None, help="refuse a configuration of another site")
    args = parser.parse_args(argv)
    try:
        config = load(args.config, args.data_dir.resolve(), args.expect_site)
    except ConfigError as exc:
        print(f"mdap-edge: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        print(f"{args.config}: valid ({len(config.sources)} sources)")
        return 0
    configure_logging()
    return run(config, args.data_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())
