"""Evidence sources: local directories, git repositories and Hugging Face repositories.

A source turns a location into a `ReleaseTree` (`interface`); detectors report `Evidence`
(`evidence`).
"""
