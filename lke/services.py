"""Writes with rules for the LKE: loading the worksheet, starting an assessment, answers."""

from __future__ import annotations

from .loading import read_worksheet_files as read_worksheet_files
from .loading import worksheet_current as worksheet_current
from .loading import worksheet_load as worksheet_load
