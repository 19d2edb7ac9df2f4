from flux.trt.trt_config import ModuleName
from flux.trt.trt_manager import TRTManager

__all__ = ["TRTManager", "ModuleName"]
