"""Sealed forecasts: a salted SHA-256 commitment to a forecast's canonical serialisation.

A sealed forecast is published as its id and a commitment only::

    id: my-private-question
    sealed: sha256:9f2c...

The commitment is ``"sha256:" + hex(SHA-256(b"foretell-seal-v1\\n" + salt + b"\\n" + C))`` where
``salt`` is the ASCII hex text of 32 random bytes kept private until the reveal, and ``C`` is the
**canonical serialisation** of the forecast (:func:`canonical_forecast`): the forecast as foretell
reads it (file-level defaults applied), as compact JSON with sorted keys, UTF-8, no ASCII
escaping, dates as ``YYYY-MM-DD``, numbers as the shortest text that reads back to the same
double, absent fields left out. When the forecast is revealed, its entry carries
``revealed: {commitment: ..., salt: ...}`` and anyone can recompute the hash.

The salt makes the commitment hiding: without it, a forecast with a guessable question and a
probability in whole percents could be found by trying every candidate.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from foretell.model import Forecast, Source

__all__ = [
    "COMMITMENT_PREFIX",
    "canonical_forecast",
    "commitment",
    "new_salt",
    "verify",
]

COMMITMENT_PREFIX = "sha256:"
_DOMAIN = b"foretell-seal-v1\n"


def new_salt() -> str:
    """A fresh salt: 32 random bytes from the operating system, as 64 hex digits."""
    return secrets.token_hex(32)


def canonical_forecast(forecast: Forecast) -> bytes:
    """The canonical serialisation of a forecast (see the module's description).

    It covers every field foretell reads from the entry: id, question, criteria, resolves,
    otherwise, outcomes, tags, quote, source and each prediction's by, made, probability and note.
    """
    data: dict[str, Any] = {
        "id": forecast.id,
        "question": forecast.question,
        "criteria": forecast.criteria,
        "resolves": forecast.resolves.isoformat(),
        "otherwise": forecast.otherwise,
        "outcomes": list(forecast.outcomes) or None,
        "tags": list(forecast.tags) or None,
        "quote": forecast.quote,
        "source": _source(forecast.source),
        "predictions": [
            _drop_none(
                {
                    "by": prediction.by,
                    "made": prediction.made.isoformat(),
                    "probability": (
                        dict(prediction.probability)
                        if not isinstance(prediction.probability, float)
                        else prediction.probability
                    ),
                    "note": prediction.note,
                }
            )
            for prediction in forecast.predictions
        ],
    }
    text = json.dumps(_drop_none(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def commitment(salt: str, canonical: bytes) -> str:
    """The commitment ``sha256:<64 hex digits>`` to a canonical serialisation under a salt."""
    digest = hashlib.sha256(_DOMAIN + salt.encode("ascii") + b"\n" + canonical).hexdigest()
    return COMMITMENT_PREFIX + digest


def verify(commitment_text: str, salt: str, canonical: bytes) -> bool:
    """Whether a revealed forecast matches its commitment (compared in constant time)."""
    try:
        expected = commitment(salt, canonical)
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(
        expected.encode("ascii"), commitment_text.strip().lower().encode("utf-8")
    )


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return _drop_none(
        {
            "url": source.url,
            "title": source.title,
            "publisher": source.publisher,
            "author": source.author,
            "published": source.published.isoformat() if source.published else None,
            "document": source.document,
            "note": source.note,
        }
    )


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}
