"""kazkit: a Kazakh language toolkit (proofreading, morphology, corpus, terminology, subtitles)."""

__version__ = "0.1.0"
