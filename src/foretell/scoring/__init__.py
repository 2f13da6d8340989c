"""Scoring of probability forecasts: pure functions on numpy arrays.

Arguments are ``(outcomes, probabilities)``, in that order, with options keyword-only.
Binary questions take 1-D probabilities of "yes" and outcomes 0/1 (or fractions in [0, 1]);
multi-category questions take an n-by-K array of probabilities and category indices 0..K-1.
Every result with more than one number is a frozen ``attrs`` class. See ``docs/scoring.md``.
"""

from foretell.scoring.calibration import calibration_table, wilson_interval
from foretell.scoring.corp import corp_decomposition
from foretell.scoring.crowd import (
    aggregate_forecasts,
    baseline_log_score,
    peer_log_score,
    relative_brier,
)
from foretell.scoring.murphy import murphy_decomposition
from foretell.scoring.resampling import bootstrap_interval
from foretell.scoring.results import (
    BootstrapInterval,
    CalibrationBin,
    CalibrationTable,
    Comparison,
    CorpDecomposition,
    MurphyDecomposition,
    SpiegelhalterTest,
    WilsonInterval,
)
from foretell.scoring.scores import (
    brier_score,
    brier_scores_per_case,
    brier_skill_score,
    log_score,
    log_scores_per_case,
)
from foretell.scoring.significance import compare, spiegelhalter_test
from foretell.scoring.summaries import ScoreSummaries, SummaryFigures, summarise_groups
from foretell.scoring.time_average import time_averaged_brier

__all__ = [
    "BootstrapInterval",
    "CalibrationBin",
    "CalibrationTable",
    "Comparison",
    "CorpDecomposition",
    "MurphyDecomposition",
    "ScoreSummaries",
    "SpiegelhalterTest",
    "SummaryFigures",
    "WilsonInterval",
    "aggregate_forecasts",
    "baseline_log_score",
    "bootstrap_interval",
    "brier_score",
    "brier_scores_per_case",
    "brier_skill_score",
    "calibration_table",
    "compare",
    "corp_decomposition",
    "log_score",
    "log_scores_per_case",
    "murphy_decomposition",
    "peer_log_score",
    "relative_brier",
    "spiegelhalter_test",
    "summarise_groups",
    "time_averaged_brier",
    "wilson_interval",
]
