"""The one error the resolution engine raises, so that callers report it in one line."""


class ResolutionError(ValueError):
    """The records cannot be resolved as given (bad file, bad column, missing backend)."""
