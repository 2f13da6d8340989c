"""Probability bins shared by the Murphy decomposition and the calibration table.

Bins are closed on the right, ``(a, b]``, except the first, ``[0, b]`` (the convention of
scikit-learn's ``calibration_curve`` and R's ``cut(include.lowest=TRUE)``). Forecasts given in
whole percents often sit exactly on an edge, and edges computed in floating point can land a
hair away from the decimal value (``np.linspace(0, 1, 11)[3]`` is 0.30000000000000004), so a
probability counts as lying *above* an edge only if it exceeds it by more than 1e-9: 0.3 always
falls in (0.2, 0.3], whichever way 0.3 or the edge was computed.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from foretell.scoring._validation import FloatArray, IntArray, as_float, show

#: A probability must exceed an edge by more than this to fall in the bin above it.
EDGE_TOLERANCE: Final = 1e-9


def bin_edges(bins: int | npt.ArrayLike) -> FloatArray:
    """Return the edges for ``bins``: a number of equal-width bins, or explicit edges.

    Equal-width edges are ``k / bins`` (so 3 / 10 is exactly the float 0.3). Explicit edges must
    be strictly increasing, start at 0 and end at 1.
    """
    if isinstance(bins, int | np.integer) and not isinstance(bins, bool):
        if bins < 1:
            msg = f"bins must be at least 1: {bins}"
            raise ValueError(msg)
        return np.arange(int(bins) + 1) / int(bins)
    edges = as_float(bins, "bins")
    if edges.ndim != 1 or edges.shape[0] < 2:
        msg = (
            "bins must be a number of bins or a 1-D array of at least 2 edges from 0 to 1: "
            f"got shape {edges.shape}"
        )
        raise ValueError(msg)
    if not (edges[0] == 0 and edges[-1] == 1):
        msg = f"bin edges must start at 0 and end at 1: {show(edges[0])} .. {show(edges[-1])}"
        raise ValueError(msg)
    rising = np.diff(edges) > 0
    if not rising.all():
        i = int(np.argmax(~rising)) + 1
        msg = f"bin edges must be strictly increasing: bins[{i}] = {show(edges[i])}"
        raise ValueError(msg)
    return edges


def assign_bins(probabilities: FloatArray, edges: FloatArray, closed: str = "right") -> IntArray:
    """Bin index (0-based) of each probability.

    ``closed="right"``: bin j holds edges[j] < p <= edges[j + 1] (the first also holds 0).
    ``closed="left"``: bin j holds edges[j] <= p < edges[j + 1] (the last also holds 1), as
    PredictionBook-style tables of [a, b) bands. Either way a probability within 1e-9 of an
    edge counts as on it.
    """
    if closed == "left":
        return np.searchsorted(edges[1:-1], probabilities + EDGE_TOLERANCE, side="right")
    if closed != "right":
        msg = f"closed must be 'left' or 'right': {closed!r}"
        raise ValueError(msg)
    return np.searchsorted(edges[1:-1], probabilities - EDGE_TOLERANCE, side="left")
