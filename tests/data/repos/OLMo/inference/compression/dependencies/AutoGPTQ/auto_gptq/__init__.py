__version__ = "0.4.1"
from .modeling import AutoGPTQForCausalLM, BaseQuantizeConfig
from .utils.peft_utils import get_gptq_peft_model
