"""Demo log-ins (local profile only) stay true to the users that exist."""

from __future__ import annotations

from pathlib import Path

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.adapters.local.table import SqliteTable
from mdap.localserver.demo import DEMO_USERS, seed_demo_users


def identity(path: Path) -> LocalIdentity:
    return LocalIdentity(SqliteTable(path), SystemClock(), b"k" * 48, token_minutes=5)


def test_demo_users_are_created_once_and_their_log_ins_work(tmp_path: Path) -> None:
    first = seed_demo_users(identity(tmp_path / "t.sqlite3"), tmp_path)
    again = seed_demo_users(identity(tmp_path / "t.sqlite3"), tmp_path)
    assert first == again
    assert set(first) == set(DEMO_USERS)
    email, password = first["staff"]
    assert identity(tmp_path / "t.sqlite3").authenticate(email, password).principal.roles == {"staff"}
    assert oct((tmp_path / "demo-logins.json").stat().st_mode & 0o777) == "0o600"


def test_a_reset_table_gets_its_demo_users_back_with_the_printed_passwords(tmp_path: Path) -> None:
    printed = seed_demo_users(identity(tmp_path / "old.sqlite3"), tmp_path)
    fresh = identity(tmp_path / "new.sqlite3")
    assert seed_demo_users(fresh, tmp_path) == printed
    email, password = printed["admin"]
    assert fresh.authenticate(email, password).principal.roles == {"admin"}
