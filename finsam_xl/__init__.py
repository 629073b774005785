"""finsam-xl: templates, validation and consolidation of FINSAM insats reports.

The public surface is below; heavy modules (openpyxl, pandas) load only when a name that needs
them is first used, so ``import finsam_xl`` and ``finsam-xl --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    # name -> module that defines it
    "make_template": "finsam_xl.templates",
    "write_template": "finsam_xl.templates",
    "fill_workbook": "finsam_xl.templates",
    "read_workbook": "finsam_xl.readers.xlsx",
    "validate_workbook": "finsam_xl.validate",
    "validate_cellmap": "finsam_xl.validate",
    "validate_paths": "finsam_xl.validate",
    "FileReport": "finsam_xl.validate",
    "ValidationReport": "finsam_xl.validate",
    "annotate_workbook": "finsam_xl.annotate",
    "consolidate": "finsam_xl.consolidation",
    "Consolidation": "finsam_xl.consolidation",
    "write_master": "finsam_xl.writers.master",
    "Issue": "finsam_xl.issues",
    "Severity": "finsam_xl.issues",
    "CellMap": "finsam_xl.cellmap",
    "Config": "finsam_xl.config",
    "load_config": "finsam_xl.config",
    "FinsamError": "finsam_xl.errors",
    "TemplateError": "finsam_xl.errors",
    "WorkbookReadError": "finsam_xl.errors",
    "ConsolidationError": "finsam_xl.errors",
    "SheetsSyncError": "finsam_xl.errors",
    "ValidationFailed": "finsam_xl.errors",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'finsam_xl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
