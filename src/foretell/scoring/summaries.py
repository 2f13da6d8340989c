r"""Mergeable score summaries: per-forecaster sums that add up across partitions of a table.

A table of 10^7 predictions split over many files or machines is scored by summarising each
partition with :func:`summarise_groups` and adding the summaries (:meth:`ScoreSummaries.merge`,
or ``+``): every sum is exact to rounding whatever the partitioning, so the figures derived from
the merged summary are the figures of the whole table. The summary of one group (a forecaster)
holds

* ``n``, :math:`\sum y`, :math:`\sum y^2`, :math:`\sum p`, the sum of the Brier scores
  :math:`\sum (p - y)^2` and of their squares (for the normal interval of the mean), and the
  sum of the log scores :math:`-\sum [y \ln p + (1 - y) \ln (1 - p)]`;
* Spiegelhalter's sums over the cases with a 0/1 outcome: :math:`\sum (y - p)(1 - 2p)` and
  :math:`\sum (1 - 2p)^2 p (1 - p)`;
* for forecasts given in **whole percents** (``k / 100`` exactly, as ``0.07`` or ``"7%"``
  are read), the number of cases and the outcome sum per percent: enough for the binned
  calibration table and for the CORP decomposition (PAV on at most 101 points) without the
  individual cases. A group with any other probability is flagged (``whole_percent`` False);
  its CORP decomposition then needs the cases themselves
  (:func:`~foretell.scoring.corp_decomposition`).

Everything is pure numpy on arrays of shape ``(groups,)`` or ``(groups, 101)``, so summaries of
a thousand forecasters are a few hundred kilobytes and cheap to send between processes.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from foretell.scoring import _kernels
from foretell.scoring._binning import assign_bins, bin_edges
from foretell.scoring._validation import FloatArray, IntArray, as_float, binary_arrays, check_level
from foretell.scoring.calibration import table_from_bin_sums
from foretell.scoring.results import (
    CalibrationTable,
    SpiegelhalterTest,
)

__all__ = ["PERCENTS", "ScoreSummaries", "SummaryFigures", "summarise_groups"]

#: The 101 whole percents 0, 0.01, ..., 1 as float64 (``k / 100``).
PERCENTS: Final = np.arange(101) / 100.0

_SUM_FIELDS: Final = (
    "n",
    "outcome_sum",
    "outcome_square_sum",
    "probability_sum",
    "brier_sum",
    "brier_square_sum",
    "log_sum",
    "zero_one_n",
    "spiegelhalter_numerator",
    "spiegelhalter_variance",
    "percent_counts",
    "percent_outcome_sums",
)


def _read_only(value: npt.ArrayLike) -> FloatArray:
    array = np.array(value, dtype=np.float64)
    array.flags.writeable = False
    return array


def _read_only_bool(value: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    array = np.array(value, dtype=np.bool_)
    array.flags.writeable = False
    return array


@attrs.frozen(eq=False)
class ScoreSummaries:
    """Sums over the binary cases of each of ``groups`` groups (forecasters).

    Every attribute is a read-only float64 array of shape ``(groups,)``, except
    ``percent_counts`` and ``percent_outcome_sums`` of shape ``(groups, 101)`` (cases and
    outcome sums per whole percent, index k for probability k/100) and ``whole_percent``, a
    boolean array: True when every case of the group was a whole percent. Counts are floats so
    that all arrays merge the same way; they are exact integers below 2**53.
    """

    n: FloatArray = attrs.field(converter=_read_only)
    outcome_sum: FloatArray = attrs.field(converter=_read_only)
    outcome_square_sum: FloatArray = attrs.field(converter=_read_only)
    probability_sum: FloatArray = attrs.field(converter=_read_only)
    brier_sum: FloatArray = attrs.field(converter=_read_only)
    brier_square_sum: FloatArray = attrs.field(converter=_read_only)
    log_sum: FloatArray = attrs.field(converter=_read_only)
    zero_one_n: FloatArray = attrs.field(converter=_read_only)
    spiegelhalter_numerator: FloatArray = attrs.field(converter=_read_only)
    spiegelhalter_variance: FloatArray = attrs.field(converter=_read_only)
    percent_counts: FloatArray = attrs.field(converter=_read_only)
    percent_outcome_sums: FloatArray = attrs.field(converter=_read_only)
    whole_percent: npt.NDArray[np.bool_] = attrs.field(converter=_read_only_bool)

    @property
    def groups(self) -> int:
        """The number of groups."""
        return int(self.n.shape[0])

    def merge(self, other: ScoreSummaries) -> ScoreSummaries:
        """The summaries of the union of both partitions (same groups, same order)."""
        if other.groups != self.groups:
            msg = f"cannot merge summaries of {self.groups} and {other.groups} groups"
            raise ValueError(msg)
        sums = {name: getattr(self, name) + getattr(other, name) for name in _SUM_FIELDS}
        return ScoreSummaries(**sums, whole_percent=self.whole_percent & other.whole_percent)

    def __add__(self, other: ScoreSummaries) -> ScoreSummaries:
        return self.merge(other)

    def figures(self, group: int) -> SummaryFigures:
        """The figures of one group, derived from its sums."""
        return SummaryFigures(self, group)


def summarise_groups(
    groups: npt.ArrayLike,
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    *,
    n_groups: int,
) -> ScoreSummaries:
    """Summarise binary cases per group, in one vectorised pass.

    Parameters
    ----------
    groups : array_like
        1-D integer group (forecaster) code of each case, in ``0 .. n_groups - 1``.
    outcomes : array_like
        1-D outcomes, 0/1 or fractions in [0, 1].
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1].
    n_groups : int
        Number of groups (the length of every summary array).

    Returns
    -------
    ScoreSummaries
        The sums of each group; add summaries of partitions with ``+``.

    Raises
    ------
    ValueError
        On invalid outcomes or probabilities (as :func:`~foretell.scoring.brier_score`) or a
        group code out of range.

    Examples
    --------
    >>> first = summarise_groups([0, 1], [1, 0], [0.7, 0.2], n_groups=2)
    >>> second = summarise_groups([0], [0], [0.1], n_groups=2)
    >>> whole = first + second
    >>> whole.n.tolist(), round(whole.figures(0).brier, 4)
    ([2.0, 1.0], 0.05)
    """
    y, p = binary_arrays(outcomes, probabilities)
    codes = np.asarray(groups)
    if codes.shape != p.shape or not np.issubdtype(codes.dtype, np.integer):
        msg = f"groups must be 1-D integers of the same length as the cases: {codes.shape}"
        raise ValueError(msg)
    if codes.size and (codes.min() < 0 or codes.max() >= n_groups):
        msg = f"group codes must be in 0 .. {n_groups - 1}"
        raise ValueError(msg)

    def total(weights: FloatArray | None) -> FloatArray:
        return np.bincount(codes, weights=weights, minlength=n_groups).astype(np.float64)

    brier = _kernels.binary_brier_per_case(y, p)
    zero_one = ((y == 0.0) | (y == 1.0)).astype(np.float64)
    weight = 1.0 - 2.0 * p
    cells = np.rint(p * 100.0).astype(np.intp)
    on_grid = PERCENTS[cells] == p
    off_grid = total((~on_grid).astype(np.float64)) > 0
    flat = codes[on_grid].astype(np.intp) * PERCENTS.shape[0] + cells[on_grid]
    size = n_groups * PERCENTS.shape[0]
    percent_counts = np.bincount(flat, minlength=size).astype(np.float64)
    percent_outcome_sums = np.bincount(flat, weights=y[on_grid], minlength=size)
    return ScoreSummaries(
        n=total(None),
        outcome_sum=total(y),
        outcome_square_sum=total(y * y),
        probability_sum=total(p),
        brier_sum=total(brier),
        brier_square_sum=total(brier * brier),
        log_sum=total(_kernels.binary_log_per_case(y, p)),
        zero_one_n=total(zero_one),
        spiegelhalter_numerator=total((y - p) * weight * zero_one),
        spiegelhalter_variance=total(weight * weight * p * (1.0 - p) * zero_one),
        percent_counts=percent_counts.reshape(n_groups, -1),
        percent_outcome_sums=percent_outcome_sums.reshape(n_groups, -1),
        whole_percent=~off_grid,
    )


@attrs.frozen
class SummaryFigures:
    """The figures of one group of a :class:`ScoreSummaries`, on the 0-1 Brier scale.

    Each property is computed from the sums alone; properties that need whole percents raise
    :class:`ValueError` when the group had another probability.
    """

    summaries: ScoreSummaries
    group: int

    def _sum(self, name: str) -> float:
        return float(getattr(self.summaries, name)[self.group])

    @property
    def n(self) -> int:
        """Number of cases."""
        return int(self._sum("n"))

    @property
    def brier(self) -> float:
        """Mean Brier score, :math:`\\frac1n \\sum (p - y)^2`."""
        return self._sum("brier_sum") / self._sum("n")

    @property
    def log_score(self) -> float:
        """Mean log score in nats (``inf`` after a 0 or 1 forecast that went wrong)."""
        return self._sum("log_sum") / self._sum("n")

    @property
    def base_rate(self) -> float:
        """Mean outcome."""
        return self._sum("outcome_sum") / self._sum("n")

    @property
    def outcome_variance(self) -> float:
        """Variance of the outcomes (the Brier score of always forecasting the base rate)."""
        n = self._sum("n")
        return max(self._sum("outcome_square_sum") / n - self.base_rate**2, 0.0)

    @property
    def brier_skill_vs_half(self) -> float:
        """1 - Brier / Brier of always forecasting 0.5."""
        n = self._sum("n")
        reference = 0.25 * n - self._sum("outcome_sum") + self._sum("outcome_square_sum")
        return 1.0 - self._sum("brier_sum") / reference

    @property
    def brier_skill_vs_base_rate(self) -> float:
        """1 - Brier / variance of the outcomes (NaN when every outcome is the same)."""
        variance = self.outcome_variance
        return 1.0 - self.brier / variance if variance > 0 else math.nan

    def brier_interval(self, level: float = 0.95) -> tuple[float, float]:
        """Normal (central limit) interval of the mean Brier score, from the sums.

        :math:`\\bar s \\pm z_{(1+\\text{level})/2}\\, s / \\sqrt n` with the sample standard
        deviation :math:`s` of the per-case scores (n - 1 in the denominator); for the n of a
        benchmark it agrees with a percentile bootstrap to within the bootstrap's own noise.
        """
        level = check_level(level)
        n = self._sum("n")
        mean = self.brier
        if n < 2:
            return (mean, mean)
        variance = max((self._sum("brier_square_sum") - n * mean * mean) / (n - 1), 0.0)
        # The standard library's normal quantile (Wichura's AS 241, ~1e-16): scipy's import
        # would cost a small report most of its time.
        half = NormalDist().inv_cdf((1.0 + level) / 2.0) * math.sqrt(variance / n)
        return (mean - half, mean + half)

    @property
    def spiegelhalter(self) -> SpiegelhalterTest:
        """Spiegelhalter's Z test on the cases with a 0/1 outcome."""
        variance = self._sum("spiegelhalter_variance")
        if variance == 0:
            return SpiegelhalterTest(z=math.nan, p_value=math.nan)
        z = self._sum("spiegelhalter_numerator") / math.sqrt(variance)
        return SpiegelhalterTest(z=z, p_value=math.erfc(abs(z) / math.sqrt(2.0)))

    def _percents(self) -> tuple[FloatArray, FloatArray]:
        if not self.summaries.whole_percent[self.group]:
            msg = "this figure needs every probability in whole percents"
            raise ValueError(msg)
        return (
            self.summaries.percent_counts[self.group],
            self.summaries.percent_outcome_sums[self.group],
        )

    def corp(self) -> tuple[float, float, float, FloatArray]:
        """CORP decomposition from the per-percent counts: MCB, DSC, UNC and the curve.

        Returns ``(miscalibration, discrimination, uncertainty, recalibrated)`` where
        ``recalibrated`` holds the PAV-recalibrated probability of each whole percent (NaN for
        percents with no case); ``brier = MCB - DSC + UNC``.
        """
        from foretell.scoring.corp import _pool_adjacent_violators  # noqa: PLC0415

        counts, sums = self._percents()
        occupied = np.flatnonzero(counts)
        starts, block_counts, _, fitted = _pool_adjacent_violators(counts[occupied], sums[occupied])
        n = self._sum("n")
        uncertainty = self.outcome_variance
        discrimination = float(np.sum(block_counts * np.square(fitted - self.base_rate))) / n
        recalibrated = np.full(PERCENTS.shape[0], np.nan)
        recalibrated[occupied] = np.repeat(fitted, np.diff(np.append(starts, occupied.shape[0])))
        miscalibration = self.brier - (uncertainty - discrimination)
        return miscalibration, discrimination, uncertainty, recalibrated

    def calibration_table(
        self, *, bins: int | npt.ArrayLike = 10, level: float = 0.95
    ) -> CalibrationTable:
        """The binned calibration table (as :func:`~foretell.scoring.calibration_table`)."""
        check_level(level)
        counts, sums = self._percents()
        edges = bin_edges(bins if isinstance(bins, int) else as_float(bins, "bins"))
        index: IntArray = assign_bins(PERCENTS, edges)
        n_bins = edges.shape[0] - 1
        bin_counts = np.bincount(index, weights=counts, minlength=n_bins)
        p_sums = np.bincount(index, weights=counts * PERCENTS, minlength=n_bins)
        y_sums = np.bincount(index, weights=sums, minlength=n_bins)
        return table_from_bin_sums(edges, bin_counts, p_sums, y_sums, level=level)
