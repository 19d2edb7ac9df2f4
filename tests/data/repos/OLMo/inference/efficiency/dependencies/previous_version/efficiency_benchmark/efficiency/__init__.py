from .profiler import Profiler
