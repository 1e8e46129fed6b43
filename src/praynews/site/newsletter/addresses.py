"""Email addresses as subscribers type them, checked and put in one form (email-validator)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from praynews.core.errors import InputError


def normalise(address: str) -> str:
    """The address in the form it is stored and compared in; `InputError` says why not.

    Syntax only: whether the domain receives mail is not asked (it needs the network, and a
    bounce says it better). The whole address is lower-cased: mail systems treat the local part
    as case-blind in practice, and one person typing "Ann@" and "ann@" is one subscriber."""
    try:
        checked = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InputError(
            f"{address.strip()!r} is not an email address: {exc}",
            what="email address",
            where=address.strip(),
            why=str(exc),
        ) from exc
    return checked.normalized.lower()
