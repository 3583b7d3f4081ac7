"""Staff passwords for the portal's staff pages: argon2id hashes and the password policy.

A password is kept only as its argon2id hash (argon2-cffi's :class:`PasswordHasher` with
its default parameters, the RFC 9106 low-memory profile); the store never sees the text.
The policy: at least :data:`MIN_LENGTH` characters, at most :data:`MAX_LENGTH`, and not
the user's own name.

>>> stored = hash_password("长城长城长城-2026-秋", name="王查询")
>>> stored.startswith("$argon2id$")
True
>>> verify_password(stored, "长城长城长城-2026-秋"), verify_password(stored, "wrong password!")
(True, False)
>>> verify_password(None, "anything at all")  # no such user: as slow as a wrong password
False
>>> needs_rehash(stored)
False
>>> hash_password("short")
Traceback (most recent call last):
...
sgs.platform.passwords.PasswordError: 密码至少应有 12 个字符 (a password has at least 12 characters)
>>> hash_password("wang.chaxun.1", name="Wang.Chaxun.1")
Traceback (most recent call last):
...
sgs.platform.passwords.PasswordError: 密码不得与用户名相同 (a password may not be the user name)
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sgs.errors import SgsError

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "PasswordError",
    "check_password",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

#: The fewest characters a password may have.
MIN_LENGTH = 12
#: The most (a bound on the work one login asks of the server).
MAX_LENGTH = 1024

_HASHER = PasswordHasher()  # argon2id, the library's default (RFC 9106) parameters


class PasswordError(SgsError):
    """A password the policy refuses."""

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


def check_password(text: str, *, name: str = "") -> None:
    """Refuse ``text`` (:class:`PasswordError`) unless the policy allows it for user ``name``."""
    if len(text) < MIN_LENGTH:
        raise PasswordError(f"密码至少应有 {MIN_LENGTH} 个字符",
                            f"a password has at least {MIN_LENGTH} characters")  # fmt: skip
    if len(text) > MAX_LENGTH:
        raise PasswordError(f"密码至多 {MAX_LENGTH} 个字符",
                            f"a password has at most {MAX_LENGTH} characters")  # fmt: skip
    if name.strip() and text.strip().casefold() == name.strip().casefold():
        raise PasswordError("密码不得与用户名相同", "a password may not be the user name")


def hash_password(text: str, *, name: str = "") -> str:
    """The argon2id hash of ``text``, once the policy allows it (for user ``name``)."""
    check_password(text, name=name)
    return _HASHER.hash(text)


@functools.cache
def _decoy() -> str:
    return _HASHER.hash("a decoy: no user has this password")


def verify_password(stored: str | None, text: str) -> bool:
    """Whether ``text`` is the password hashed as ``stored``.

    ``stored`` ``None`` (no such user, or one without a password) is verified against a
    decoy hash and answers ``False``, so that the time taken does not tell which names
    exist. A malformed hash answers ``False``.
    """
    if len(text) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored or _decoy(), text) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with other parameters than the hasher's current ones."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True
