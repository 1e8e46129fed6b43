"""The core stays pure: no Django, no network client, no database, no app layer."""

import ast
from pathlib import Path

import praynews.core

CORE = Path(praynews.core.__file__).parent
FORBIDDEN = {
    "django",
    "httpx",
    "requests",
    "urllib3",
    "urllib.request",
    "http",
    "socket",
    "sqlite3",
    "psycopg",
    "smtplib",
    "praynews.site",
    "praynews.cli",
    "praynews.fetch",
    "praynews.llm",
    "praynews.sources",
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_framework_network_or_database():
    offences = []
    for path in CORE.rglob("*.py"):
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in FORBIDDEN):
                offences.append(f"{path.relative_to(CORE)} imports {module}")
    assert offences == []


def test_the_check_would_see_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport socket\n")
    assert {"django.db", "socket"} <= imported_modules(bad)
