"""Start Django from the CLI: settings, then the database created and migrated on first use."""

from __future__ import annotations

import os


def start(migrate: bool = True, create: bool = False) -> None:
    """Set Django up on the data folder. Only `create` makes the folder (private) when it is
    missing; otherwise the settings refuse to start without one."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praynews.site.settings")
    if create:
        from praynews.site.config import home, private_folder

        private_folder(home())
    import django

    django.setup()
    if migrate:
        _migrate()


def _migrate() -> None:
    """Apply pending migrations under the data folder's lock, so processes started together
    on a fresh folder migrate it once; the others wait, then find nothing pending."""
    from django.conf import settings
    from django.core.management import call_command

    from praynews.site.config import folder_lock

    with folder_lock(settings.HOME):
        if _pending():
            call_command("migrate", interactive=False, verbosity=0)


def _pending() -> bool:
    """Whether any migration is unapplied: a cheap read, where `migrate` would also rerun
    every app's post-migrate work on each start."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def collect_static() -> None:
    """Gather the static files for WhiteNoise before serving."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def manage(arguments: list[str]) -> None:
    """Run a Django management command on the data folder's site."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["praynews manage", *arguments])
