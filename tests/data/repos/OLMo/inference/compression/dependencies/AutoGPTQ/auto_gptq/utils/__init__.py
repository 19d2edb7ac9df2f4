from .perplexity_utils import Perplexity
