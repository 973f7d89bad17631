"""Demo users for the local profile only: one per role, random passwords kept in the data directory. The factory
user sees the demo factory's site (the one `make run`'s collector reports for)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from mdap.adapters.local.identity import LocalIdentity
from mdap.adapters.local.private import write_private

DEMO_USERS = {
    "applicant": ("applicant@demo.mdap.kr", "데모 신청기업 담당자"),
    "evaluator": ("evaluator@demo.mdap.kr", "데모 평가위원"),
    "staff": ("staff@demo.mdap.kr", "데모 사업담당자"),
    "admin": ("admin@demo.mdap.kr", "데모 관리자"),
    "factory": ("factory@demo.mdap.kr", "데모 공장 담당자"),
}
DEMO_SITE = "demo"  # mdap.localserver.demo_factory.SITE and edge_greengrass/collector/demo.yaml


def seed_demo_users(identity: LocalIdentity, data_dir: Path) -> dict[str, tuple[str, str]]:
    """Create the demo users once; return role -> (email, password) from the data directory's file."""
    path = data_dir / "demo-logins.json"
    saved: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    existing = {user.email for user in identity.list_users()}
    logins: dict[str, tuple[str, str]] = {}
    for role, (email, name) in DEMO_USERS.items():
        if email in existing:
            if role in saved:
                logins[role] = (saved[role][0], saved[role][1])
            continue  # created earlier, password file gone: leave the account alone
        # a missing demo user (new data dir, or its table was reset) is created with the saved password if any
        password = saved[role][1] if role in saved else f"demo-{role}-{secrets.token_urlsafe(9)}"
        identity.create_user(email, name, [role], password, DEMO_SITE if role == "factory" else None)
        logins[role] = (email, password)
    write_private(path, json.dumps(logins, ensure_ascii=False, indent=2).encode("utf-8"))
    return logins
