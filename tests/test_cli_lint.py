"""`praynews lint` as a user runs it: pages and saved drafts in, findings and counts out."""

import json

from praynews.core.types import LintKind
from tests.test_cli import run


def saved_draft_with_clutter(tmp_path, page):
    draft = json.loads(run("write", str(page), "--json").stdout)
    draft["opening"][0] += " Sorry we are not currently accepting comments on this story."
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(draft))
    return path


def test_lint_reads_a_folder_of_pages_and_saved_drafts(tmp_path, sample_pages):
    saved = saved_draft_with_clutter(tmp_path, sample_pages[0])
    (tmp_path / "page.html").write_bytes(sample_pages[1].read_bytes())
    result = run("lint", str(tmp_path), "--json", check=False)
    report = json.loads(result.stdout)
    assert [d["file"] for d in report["drafts"]] == [str(saved), str(tmp_path / "page.html")]
    edited, page = report["drafts"]
    assert {"kind": "clutter", "where": "opening[0]"}.items() <= edited["findings"][0].items()
    assert page["source_words"] > page["story_words"] > 0 and edited["source_words"] == 0
    assert set(report["counts"]) == {str(kind) for kind in LintKind}
    assert report["counts"]["clutter"] == 1
    assert result.returncode == 1  # drafts with findings, as linters answer


def test_lint_prints_each_finding_and_a_table_of_counts(tmp_path, sample_pages):
    saved = saved_draft_with_clutter(tmp_path, sample_pages[0])
    result = run("lint", str(saved), check=False)
    assert "clutter opening[0]: page clutter (comments notice)" in result.stdout
    assert "drafts linted: 1" in result.stdout and "prayer-place" in result.stdout


def test_lint_explains_a_missing_file():
    result = run("lint", "/nonexistent/page.html", check=False)
    assert result.returncode == 2
    assert "neither a web address nor an existing file" in result.stderr
