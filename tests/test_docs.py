"""Every setting and every command is documented in the README (as datasette's test_docs)."""

import re
from pathlib import Path

import pytest

from praynews.cli import build_parser
from praynews.site.config import SETTINGS

README = (Path(__file__).parent.parent / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_is_documented(name):
    assert f"`{name}`" in README


def _commands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _commands())
def test_command_is_documented(command):
    assert f"praynews {command}" in README


def test_readme_opens_with_the_two_setup_commands():
    blocks = README.split("```")
    first_code = blocks[1]
    assert "praynews demo" in first_code
    assert ".ci/run" in first_code


PRODUCTION = (Path(__file__).parent.parent / "docs" / "production.md").read_text()
# `praynews COMMAND` where a command starts: a line (after its indent), a code span, a path to
# the installed script, or after && in a shell line. Not "createdb --owner praynews praynews".
PRAYNEWS_COMMAND = re.compile(r"(?:^[ \t]*|`|bin/|&& )praynews ([a-z][a-z-]*)", re.MULTILINE)


def test_every_command_the_production_guide_names_exists():
    named = set(PRAYNEWS_COMMAND.findall(PRODUCTION))
    assert {"init", "check", "serve", "worker", "manage"} <= named
    assert named <= set(_commands()), named - set(_commands())


def test_the_readme_links_the_production_guide():
    assert "(docs/production.md)" in README
