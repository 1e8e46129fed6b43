"""The two roles of the desk, as Django groups: Editors review, edit and publish what the check
passes; Admins may also publish over the check's fidelity flags, giving a reason. A superuser
is an admin. The groups are made (or brought up to date) after every migration."""

from __future__ import annotations

from typing import Any

EDITORS = "Editors"
ADMINS = "Admins"
EDITOR_PERMISSIONS = ("view_post", "change_post", "review_post", "view_edition")
ADMIN_PERMISSIONS = (*EDITOR_PERMISSIONS, "override_check")


def ensure_roles(**_: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, codenames in ((EDITORS, EDITOR_PERMISSIONS), (ADMINS, ADMIN_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(
            content_type__app_label="editorial", codename__in=codenames
        )
        group.permissions.add(*wanted)
