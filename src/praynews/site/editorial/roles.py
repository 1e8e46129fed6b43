"""The two roles of the desk, as Django groups: Editors review, edit and publish what the check
passes; Admins may also publish over the check's fidelity flags, giving a reason, and manage
the accounts in the Django admin (`praynews editor --admin` makes them staff). A superuser is
an admin. The groups are made (or brought up to date) after every migration."""

from __future__ import annotations

from typing import Any

EDITORS = "Editors"
ADMINS = "Admins"
EDITOR_PERMISSIONS = ("view_post", "change_post", "review_post", "view_edition")
ADMIN_PERMISSIONS = (*EDITOR_PERMISSIONS, "override_check")
# What an admin may do with accounts in the Django admin: add editors, change and remove them.
ACCOUNT_PERMISSIONS = ("view_user", "add_user", "change_user", "delete_user", "view_group")


def add_member(username: str, email: str, password: str, admin: bool = False) -> bool:
    """Give `username` a desk account in the Editors (or Admins) group, with this password;
    True when the account is new. Raises `InputError` with Django's reasons when the password
    is too weak."""
    from django.contrib.auth import get_user_model, password_validation
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError

    from praynews.core.errors import InputError

    ensure_roles()
    model = get_user_model()
    user, created = model.objects.get_or_create(username=username, defaults={"email": email})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        if created:
            user.delete()
        raise InputError("; ".join(exc.messages)) from exc
    user.set_password(password)
    user.email = email or user.email
    user.is_staff = user.is_staff or admin
    user.save()
    user.groups.add(Group.objects.get(name=ADMINS if admin else EDITORS))
    return created


def ensure_roles(**_: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, codenames in ((EDITORS, EDITOR_PERMISSIONS), (ADMINS, ADMIN_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(
            content_type__app_label="editorial", codename__in=codenames
        )
        group.permissions.add(*wanted)
    accounts = Permission.objects.filter(
        content_type__app_label="auth", codename__in=ACCOUNT_PERMISSIONS
    )
    Group.objects.get(name=ADMINS).permissions.add(*accounts)
