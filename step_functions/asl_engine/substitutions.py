"""Definition substitutions: the same "${...}" placeholders CDK fills with real ARNs, filled locally."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

LOCAL_REGION, LOCAL_ACCOUNT = "local", "000000000000"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_.]+)\}")


def lambda_arn(logical_name: str) -> str:
    return f"arn:aws:lambda:{LOCAL_REGION}:{LOCAL_ACCOUNT}:function:{logical_name}"


def state_machine_arn(stem: str) -> str:
    return f"arn:aws:states:{LOCAL_REGION}:{LOCAL_ACCOUNT}:stateMachine:{stem}"


def local_substitutions(mapping: Mapping[str, Any], state_machine_names: Iterable[str],
                        table_name: str) -> dict[str, str]:
    """Placeholder name -> local value, keyed like CDK's definition_substitutions."""
    subs = {name: lambda_arn(name) for name in mapping}
    subs.update({f"StateMachine.{stem}": state_machine_arn(stem) for stem in state_machine_names})
    subs["TableName"] = table_name
    return subs


def substitute(text: str, substitutions: Mapping[str, str]) -> str:
    """Fill every placeholder; raise KeyError naming the first unknown one."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in substitutions:
            raise KeyError(f"unknown placeholder ${{{name}}}; known: {sorted(substitutions)}")
        return substitutions[name]

    return _PLACEHOLDER.sub(fill, text)
