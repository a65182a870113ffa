"""The one exception tree of Racine's services.

::

    RacineError                 (detail, status)
    ├── InvalidInput            400  bad value; names the field and, for imports, the row
    │   └── RowErrors           400  a refused file: one problem per row and field
    ├── NotAuthenticated        401  no valid session or token
    ├── PermissionDenied        403  authenticated, but the role or organisation does not allow it
    ├── NotFound                404
    └── Conflict                409  the request clashes with what is stored

Services raise these; one handler turns them into JSON for the API
(:mod:`racine.api`), one into a DSFR alert for pages, one into a single stderr line
and an exit code for the CLI (:mod:`racine.cli`).
"""

from __future__ import annotations


class RacineError(Exception):
    """Base of every error a service raises on purpose."""

    status = 500
    code = "error"

    def __init__(self, detail: str, *, field: str | None = None, row: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.row = row

    def as_dict(self) -> dict:
        """Return the JSON body the API answers with."""
        body: dict = {"detail": self.detail, "code": self.code}
        if self.field is not None:
            body["field"] = self.field
        if self.row is not None:
            body["row"] = self.row
        return body


class InvalidInput(RacineError):
    status = 400
    code = "invalid_input"


class RowErrors(InvalidInput):
    """A refused import: the problems found, row by row (the first ``len(problems)``).

    ``problems`` are ``{"row", "field", "detail"}``; ``total`` counts every problem found,
    reported or not, so that a file with a million bad rows gets a bounded answer.
    """

    def __init__(self, detail: str, problems: list[dict], total: int):
        super().__init__(detail)
        self.problems = problems
        self.total = total

    def as_dict(self) -> dict:
        return {**super().as_dict(), "rows": self.problems, "problems": self.total}

    def lines(self) -> list[str]:
        """Return the report as lines of text: ``row 12, quantity_1: …``."""
        return [
            f"row {problem['row']}, {problem['field'] or '-'}: {problem['detail']}"
            for problem in self.problems
        ]


class NotAuthenticated(RacineError):
    status = 401
    code = "not_authenticated"


class PermissionDenied(RacineError):
    status = 403
    code = "permission_denied"


class NotFound(RacineError):
    status = 404
    code = "not_found"


class Conflict(RacineError):
    status = 409
    code = "conflict"
