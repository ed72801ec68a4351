"""The one exception the parser raises for input it cannot use."""


class LetterError(ValueError):
    """Raised for input that cannot be parsed.

    ``str(exc)`` is a clear, user-facing message in plain English: it says what is
    wrong with the document and what the admin can do about it.
    """
