from ._base import BaseGPTQForCausalLM, BaseQuantizeConfig
from .auto import *
from .baichuan import *
from .bloom import *
from .codegen import *
from .gpt2 import *
from .gpt_bigcode import *
from .gpt_neox import *
from .gptj import *
from .internlm import *
from .llama import *
from .moss import *
from .olmo import *
from .opt import *
from .qwen import *
from .rw import *
