"""Files for the bulk-ingest tests: the benchmark's generated reports, written as bytes."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "bench" / "exchange_ingest_sample.py"
_spec = importlib.util.spec_from_file_location("exchange_ingest_sample", _PATH)
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


def file_bytes(tmp_path: Path, rows: list[dict], extension: str) -> bytes:
    """Return ``rows`` written as a .jsonl, .csv or .xlsx file."""
    return sample.write(tmp_path / f"reports{extension}", rows).read_bytes()


def handle(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
