from efficiency_benchmark.metrics.accuracy import (
    AccuracyMetric,
    RelativeAccuracyImprovementMetric,
)
from efficiency_benchmark.metrics.entropy import EntropyMetric
from efficiency_benchmark.metrics.perplexity import PerplexityMetric
