"""CI fails when the writer's scores on the labelled samples drop below their pins."""

import json

import pytest

from tests.quality_gate import BASELINE, scores

# Scores are deterministic; the margin only absorbs floating-point noise across platforms.
TOLERANCE = 0.0005
PINNED = json.loads(BASELINE.read_text())


@pytest.mark.parametrize("metric", sorted(PINNED))
def test_score_has_not_dropped(metric):
    current = scores()[metric]
    assert current >= PINNED[metric] - TOLERANCE, (
        f"{metric} fell from {PINNED[metric]} to {current}; fix the regression, or lower the pin "
        "on purpose with `.venv/bin/python tests/quality_gate.py --update` and say why"
    )


def test_the_gate_covers_the_labelled_set():
    assert len(list(BASELINE.parent.glob("*.json"))) - 1 >= 20
