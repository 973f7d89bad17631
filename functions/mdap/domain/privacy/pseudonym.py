"""Keyed pseudonyms: HMAC-SHA-256 of a normalised value under a secret key.

The same person gets the same pseudonym in every dataset (so joins still work) and nobody without the key can
recompute or reverse it. Values are normalised first (NFKC, spaces removed) so "김 민준" and "김민준" agree.
The pseudonym is spelled in the letters a–p only: no digit runs, so no detector can ever mistake one for a
registration or phone number.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

PREFIX = "psn_"
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
LENGTH = 20  # 80 bits: collisions are out of reach for any factory's people


def normalise_identity(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


def pseudonym(key: bytes, value: str) -> str:
    """``psn_`` + 20 letters; refuses an empty key (a pseudonym without a secret is only a hash)."""
    if not key:
        raise ValueError("pseudonym key is empty")
    digest = hmac.new(key, normalise_identity(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:LENGTH].translate(_LETTERS)
