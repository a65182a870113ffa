"""The real public files of ``../shared/data`` (beside the repository), for tests.

Their provenance and quirks are in ``../shared/data/SOURCES.md``; the project never copies
them. Under ``CI=true`` a missing file fails the test; elsewhere it is skipped with a reason.
"""

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """Return the path of a file of ``../shared/data``, or fail/skip when it is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is missing: clone ../shared beside the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path
