"""Checks of files attached to the plan (a Lampiran paragraph's figure)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from PIL import Image, UnidentifiedImageError

from common.formatting import size_text

FIGURE_MAX_BYTES = 5 * 1024 * 1024
FIGURE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def figure_content_type(file: File) -> str:
    """The image's type read from its content (never its name), or a ValidationError."""
    if file.size is not None and file.size > FIGURE_MAX_BYTES:
        raise ValidationError(
            f"Gambar paling besar {size_text(FIGURE_MAX_BYTES)}; berkas ini {size_text(file.size)}."
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("Berkas ini bukan gambar PNG atau JPEG yang utuh.") from None
    finally:
        file.seek(0)
    if kind not in FIGURE_FORMATS:
        raise ValidationError(f"Gambar harus PNG atau JPEG, bukan {kind}.")
    return FIGURE_FORMATS[kind]


def validate_figure_image(file: File) -> None:
    figure_content_type(file)
