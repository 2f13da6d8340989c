"""'Did you mean' hints: the same answers as difflib, and cheap on a large book."""

from __future__ import annotations

import time

from foretell.suggest import EXHAUSTIVE_LIMIT, Suggestions, did_you_mean


def test_small_sets_behave_as_difflib() -> None:
    assert did_you_mean("forcaster", ["forecaster", "question", "made"]) == (
        "did you mean 'forecaster'?"
    )
    assert did_you_mean("QUESTION", ["question"]) == "did you mean 'question'?"
    assert did_you_mean("zzz", ["question"]) is None


def test_a_large_set_is_indexed_once_and_answers_quickly() -> None:
    """0.64 s per unknown id in a 100,000-forecast book before (a sort and difflib each time)."""
    ids = [f"question-{i:06d}-{('rain', 'war', 'talks')[i % 3]}" for i in range(100_000)]
    assert len(ids) > EXHAUSTIVE_LIMIT
    index = Suggestions(ids)
    assert index.hint("question-012345-rian") == "did you mean 'question-012345-rain'?"
    started = time.perf_counter()
    for i in range(50):
        assert index.closest(f"question-{i:06d}-{('rian', 'wr', 'tallks')[i % 3]}") == ids[i]
    assert time.perf_counter() - started < 5  # ~7 ms each on the development machine
    assert index.hint("something else entirely") is None
