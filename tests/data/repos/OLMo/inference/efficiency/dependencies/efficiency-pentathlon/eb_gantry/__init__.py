from .__main__ import *
from .constants import METRICS_FILE, RESULTS_DIR

__all__ = ["METRICS_FILE", "RESULTS_DIR"]
