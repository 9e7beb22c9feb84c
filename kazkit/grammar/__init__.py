"""Grammar: morphology, proofreading rules and checks."""
