"""Input checks shared by the scoring functions.

Every check is cheap when the input is valid: ranges are tested with ``min()`` and ``max()``
reductions (a NaN makes both comparisons false, so NaN needs no separate pass). Only when a
reduction fails do we search for the first offending element, so the error message can name it,
for example ``probabilities[3] must be between 0 and 1: 1.2``.
"""

from __future__ import annotations

import itertools
import numbers
import sys
from typing import Any, Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Largest accepted distance between a row sum of multi-category probabilities and 1.
ROW_SUM_TOLERANCE: Final = 1e-6

#: Accepted values of the ``scale`` option of the Brier functions.
SCALES: Final = ("auto", "0-1", "0-2")


def show(value: Any) -> str:
    """Format one offending value for an error message (``2`` rather than ``2.0``)."""
    number = float(value)
    if np.isfinite(number) and number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _where(name: str, index: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def as_numeric(values: npt.ArrayLike, name: str) -> npt.NDArray[Any]:
    """Return ``values`` as a numeric array without copying bool, integer or float input.

    Raises:
        ValueError: for anything that is not numbers: text, a masked array with masked
            values (the mask cannot be honoured; use ``.compressed()`` or ``.filled()``),
            ragged lists, or integers too large for a double.
    """
    # numpy.ma is imported lazily by numpy: when it has not been, nothing can be a masked array
    # (and touching ``np.ma`` would import it, ~20 ms at start-up).
    masked = sys.modules.get("numpy.ma")
    if masked is not None and masked.isMaskedArray(values):
        if masked.getmaskarray(values).any():
            msg = (
                f"{name} is a masked array with masked values, which would be scored as if "
                "present: pass values.compressed() (dropping them) or values.filled(...)"
            )
            raise ValueError(msg)
        values = masked.getdata(values)
    try:
        array = np.asarray(values)
    except (ValueError, TypeError, OverflowError) as error:
        msg = f"{name} must be an array of numbers: {error}"
        raise ValueError(msg) from None
    if array.dtype.kind in "biuf":
        return array
    if array.dtype.kind == "O":
        try:
            return array.astype(np.float64)
        except OverflowError:
            msg = f"{name} holds a number too large for a double (beyond 1.8e308)"
            raise ValueError(msg) from None
        except (TypeError, ValueError):
            pass
    msg = f"{name} must be numbers: got values of type {array.dtype}"
    raise ValueError(msg)


def check_aligned(**values: object) -> None:
    """Refuse pandas objects whose indexes disagree: foretell pairs values by position.

    A pandas ``Series`` (or ``DataFrame``) is read by position, its index ignored, like any
    array. Two of them with different indexes would silently pair the wrong cases, so that
    is an error; align them first (``a, b = a.align(b, join="inner")``) or pass arrays.
    """
    indexed = [(name, value) for name, value in values.items() if _pandas_index(value) is not None]
    for (first, a), (second, b) in itertools.pairwise(indexed):
        if not _pandas_index(a).equals(_pandas_index(b)):
            msg = (
                f"{first} and {second} are pandas objects with different indexes; foretell "
                f"pairs values by position: align them first ({first}, {second} = "
                f'{first}.align({second}, join="inner", axis=0)) or pass arrays'
            )
            raise ValueError(msg)


def _pandas_index(value: object) -> Any:
    if type(value).__module__.partition(".")[0] != "pandas":
        return None
    return getattr(value, "index", None)


def as_float(values: npt.ArrayLike, name: str) -> FloatArray:
    """Return ``values`` as a float64 array (no copy when it already is one)."""
    return np.asarray(as_numeric(values, name), dtype=np.float64)


def check_scale(scale: str) -> str:
    """Check the ``scale`` option of the Brier functions."""
    if scale not in SCALES:
        msg = f"scale must be one of {', '.join(map(repr, SCALES))}: {scale!r}"
        raise ValueError(msg)
    return scale


def check_unit_interval(array: npt.NDArray[Any], name: str) -> None:
    """Raise if any element of ``array`` is NaN or outside [0, 1], naming the first one."""
    if array.size == 0 or (array.min() >= 0 and array.max() <= 1):
        return
    bad = ~((array >= 0) & (array <= 1))
    index = np.unravel_index(int(np.argmax(bad)), array.shape)
    value = array[index]
    where = _where(name, tuple(int(i) for i in index))
    if np.isnan(value):
        msg = f"{where} must not be NaN"
        raise ValueError(msg)
    msg = f"{where} must be between 0 and 1: {show(value)}"
    raise ValueError(msg)


def check_zero_one(outcomes: FloatArray, name: str = "outcomes") -> None:
    """Raise unless every outcome is exactly 0 or 1 (after the [0, 1] check)."""
    bad = (outcomes != 0) & (outcomes != 1)
    if bad.any():
        i = int(np.argmax(bad))
        msg = f"{name}[{i}] must be 0 or 1: {show(outcomes[i])}"
        raise ValueError(msg)


def check_dimensions(
    outcomes: npt.NDArray[Any], probabilities: npt.NDArray[Any], prob_name: str
) -> int:
    """Check that outcomes are 1-D and as long as ``probabilities``; return that length."""
    if outcomes.ndim != 1:
        msg = f"outcomes must be 1-D (one outcome per case): got {outcomes.ndim}-D"
        raise ValueError(msg)
    n = outcomes.shape[0]
    if probabilities.shape[0] != n:
        msg = f"outcomes and {prob_name} must have the same length: {n} != {probabilities.shape[0]}"
        raise ValueError(msg)
    if n == 0:
        msg = f"outcomes and {prob_name} must not be empty"
        raise ValueError(msg)
    return int(n)


def check_binary_shape(
    outcomes: npt.NDArray[Any], probabilities: npt.NDArray[Any], prob_name: str
) -> int:
    """Check shapes for binary input (1-D probabilities of "yes"); return the length."""
    if probabilities.ndim != 1:
        msg = (
            f"{prob_name} must be 1-D (the probability of 'yes' for each case): "
            f"got {probabilities.ndim}-D; this function takes binary forecasts only"
        )
        raise ValueError(msg)
    return check_dimensions(outcomes, probabilities, prob_name)


def binary_arrays(
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    *,
    prob_name: str = "probabilities",
) -> tuple[FloatArray, FloatArray]:
    """Validate binary input and return ``(outcomes, probabilities)`` as float64 arrays.

    Outcomes may be 0/1 or fractional in [0, 1]; probabilities are 1-D, in [0, 1].
    """
    y = as_float(outcomes, "outcomes")
    p = as_float(probabilities, prob_name)
    check_binary_shape(y, p, prob_name)
    check_unit_interval(y, "outcomes")
    check_unit_interval(p, prob_name)
    return y, p


def check_categories(outcomes: FloatArray, n_categories: int) -> IntArray:
    """Check that outcomes are category indices 0..K-1 and return them as integers."""
    low, high = outcomes.min(), outcomes.max()
    if low >= 0 and high <= n_categories - 1 and np.array_equal(outcomes, np.floor(outcomes)):
        return outcomes.astype(np.intp)
    bad = ~((outcomes >= 0) & (outcomes <= n_categories - 1) & (outcomes == np.floor(outcomes)))
    i = int(np.argmax(bad))
    if np.isnan(outcomes[i]):
        msg = f"outcomes[{i}] must not be NaN"
        raise ValueError(msg)
    msg = (
        f"outcomes[{i}] must be a category index (an integer from 0 to "
        f"{n_categories - 1}): {show(outcomes[i])}"
    )
    raise ValueError(msg)


def check_rows_sum_to_one(probabilities: FloatArray, name: str) -> None:
    """Raise unless every row of a 2-D probability array sums to 1 (within 1e-6)."""
    error = np.abs(probabilities.sum(axis=1) - 1.0)
    if error.max() <= ROW_SUM_TOLERANCE:
        return
    i = int(np.argmax(error > ROW_SUM_TOLERANCE))
    total = float(probabilities[i].sum())
    msg = f"row {name}[{i}] must sum to 1: {total:.12g}"
    raise ValueError(msg)


def check_categorical_probabilities(probabilities: FloatArray, name: str) -> None:
    """Check a 2-D array of category probabilities: K >= 2, values in [0, 1], rows sum to 1."""
    if probabilities.shape[1] < 2:
        msg = f"{name} must have at least 2 columns (categories): got {probabilities.shape[1]}"
        raise ValueError(msg)
    check_unit_interval(probabilities, name)
    check_rows_sum_to_one(probabilities, name)


def categorical_arrays(
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    *,
    prob_name: str = "probabilities",
) -> tuple[IntArray, FloatArray]:
    """Validate multi-category input; return ``(category indices, n-by-K probabilities)``."""
    p = as_float(probabilities, prob_name)
    if p.ndim != 2:
        msg = (
            f"{prob_name} must be 2-D (one row of category probabilities per case): got {p.ndim}-D"
        )
        raise ValueError(msg)
    y = as_float(outcomes, "outcomes")
    check_dimensions(y, p, prob_name)
    indices = check_categories(y, p.shape[1])
    check_categorical_probabilities(p, prob_name)
    return indices, p


def check_probability_ndim(probabilities: npt.NDArray[Any], name: str) -> None:
    """Raise unless probabilities are 1-D (binary) or 2-D (multi-category)."""
    if probabilities.ndim not in (1, 2):
        msg = (
            f"{name} must be 1-D (binary: probability of 'yes') or 2-D "
            f"(multi-category: one row per case): got {probabilities.ndim}-D"
        )
        raise ValueError(msg)


def check_level(level: float) -> float:
    """Check a confidence level strictly between 0 and 1 (a real number, not text)."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real):
        msg = f"level must be a number strictly between 0 and 1: got {level!r}"
        raise ValueError(msg)
    if not 0 < level < 1:
        msg = f"level must be strictly between 0 and 1: {level!r}"
        raise ValueError(msg)
    return float(level)
