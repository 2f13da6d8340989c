"""How well `foretell draft` finds forward-looking sentences in real news text.

The labelled set (tests/draft/data/voa-forward-looking.yaml) is 26 Voice of America reports,
public domain, every sentence marked by hand. Each report's sentences are joined into one
document, drafted with `made` set to the report's date, and each labelled sentence counts as
found when a candidate's quote holds it. Targets: recall of at least 0.9 on forward-looking
sentences with an estimative or modal cue, precision of at least 0.75.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
import yaml

from foretell.dates import parse_date
from foretell.draft import candidates
from foretell.textmatch import normalise

DATA = Path(__file__).parent / "data" / "voa-forward-looking.yaml"


def measure() -> dict[str, float]:
    articles = yaml.safe_load(DATA.read_text(encoding="utf-8"))["articles"]
    counts = {"tp": 0, "fp": 0, "fn": 0, "modal": 0, "modal_found": 0, "forward": 0}
    for article in articles:
        sentences = article["sentences"]
        made: pendulum.Date = parse_date(article["date"])
        text = " ".join(s["text"] for s in sentences)
        quotes = [normalise(c.quote) for c in candidates(text, made=made)]
        for sentence in sentences:
            words = normalise(sentence["text"])
            found = any(words in quote for quote in quotes)
            forward = sentence["forward"]
            counts["forward"] += forward
            counts["tp"] += found and forward
            counts["fp"] += found and not forward
            counts["fn"] += forward and not found
            if forward and sentence.get("modal"):
                counts["modal"] += 1
                counts["modal_found"] += found
    return {
        "articles": len(articles),
        "sentences": sum(len(a["sentences"]) for a in articles),
        "forward": counts["forward"],
        "precision": counts["tp"] / (counts["tp"] + counts["fp"]),
        "recall": counts["tp"] / (counts["tp"] + counts["fn"]),
        "modal_recall": counts["modal_found"] / counts["modal"],
        "modal": counts["modal"],
    }


def test_the_labelled_set_is_large_enough() -> None:
    figures = measure()
    assert figures["articles"] >= 20
    assert figures["forward"] >= 50


def test_recall_and_precision_meet_the_targets() -> None:
    figures = measure()
    assert figures["modal_recall"] >= 0.9, figures
    assert figures["precision"] >= 0.75, figures


if __name__ == "__main__":  # pragma: no cover - prints the figures for the notes
    print(measure())


@pytest.mark.parametrize("name", ["voa-forward-looking.yaml"])
def test_every_label_is_a_sentence_of_its_article(name: str) -> None:
    articles = yaml.safe_load((Path(__file__).parent / "data" / name).read_text())["articles"]
    for article in articles:
        assert article["found"].startswith(("http://", "https://"))
        for sentence in article["sentences"]:
            assert isinstance(sentence["forward"], bool)
            assert not sentence["forward"] or sentence["cues"], sentence
