"""The Model Openness Framework (MOF): class and progress as the Model Openness Tool computes.

`evaluate_mot` reproduces the Model Openness Tool exactly on a raw MOT record;
`evaluate_mof_normalized` runs the same algorithm with a caller-supplied open-license test.
See `osaid.mof.mot` for the algorithm and every difference between the two.
"""

from osaid.mof.framework import MofComponent, MofFramework, load_framework
from osaid.mof.mot import (
    LicenseOrigin,
    MofComponentResult,
    MofResult,
    evaluate_mof_normalized,
    evaluate_mot,
)

__all__ = [
    "LicenseOrigin",
    "MofComponent",
    "MofComponentResult",
    "MofFramework",
    "MofResult",
    "evaluate_mof_normalized",
    "evaluate_mot",
    "load_framework",
]
