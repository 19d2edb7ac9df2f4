from .gptq import *
from .quantizer import *
