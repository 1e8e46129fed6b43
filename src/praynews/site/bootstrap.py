"""Start Django from the CLI: settings, then the database created and migrated on first use."""

from __future__ import annotations

import os


def start(migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praynews.site.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
