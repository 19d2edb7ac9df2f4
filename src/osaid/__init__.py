"""osaid: judge whether an AI system is Open Source AI, and explain why."""

__version__ = "0.1.0"
