from .det_hash import det_hash
from .sequences import MappedSequence
