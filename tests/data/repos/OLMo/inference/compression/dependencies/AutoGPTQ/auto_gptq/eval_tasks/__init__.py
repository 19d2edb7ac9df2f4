from .language_modeling_task import *
from .sequence_classification_task import *
from .text_summarization_task import *
