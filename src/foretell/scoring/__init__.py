"""Scoring of probability forecasts: pure functions on numpy arrays.

Arguments are ``(outcomes, probabilities)``, in that order, with options keyword-only.
Binary questions take 1-D probabilities of "yes" and outcomes 0/1 (or fractions in [0, 1]);
multi-category questions take an n-by-K array of probabilities and category indices 0..K-1.
Every result with more than one number is a frozen ``attrs`` class. See ``docs/scoring.md``.
"""

from foretell.scoring.calibration import calibration_table, wilson_interval
from foretell.scoring.corp import corp_decomposition
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
from foretell.scoring.scores import brier_score, brier_skill_score, log_score
from foretell.scoring.significance import compare, spiegelhalter_test
from foretell.scoring.time_average import time_averaged_brier

__all__ = [
    "BootstrapInterval",
    "CalibrationBin",
    "CalibrationTable",
    "Comparison",
    "CorpDecomposition",
    "MurphyDecomposition",
    "SpiegelhalterTest",
    "WilsonInterval",
    "bootstrap_interval",
    "brier_score",
    "brier_skill_score",
    "calibration_table",
    "compare",
    "corp_decomposition",
    "log_score",
    "murphy_decomposition",
    "spiegelhalter_test",
    "time_averaged_brier",
    "wilson_interval",
]
