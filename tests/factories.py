"""Factories for users with roles, and small valid files of each evidence type."""

from __future__ import annotations

import io
import zipfile

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from access.models import RoleAssignment, Unit

PASSWORD = "rahasia-uji-2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def user_with_role(username: str, unit: Unit, role: str, codes: list[str] | None = None) -> object:
    user = UserFactory(username=username)
    RoleAssignment.objects.create(user=user, unit=unit, role=role, area_codes=codes or [])
    return user


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
)


def ooxml_bytes(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return buffer.getvalue()


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def lke_question(code: str = "", *, row: int | None = None, year: int = 2026) -> object:
    """A question of the loaded LKE, by its code ("PPA1A") or its row of the sheet (199)."""
    from lke.models import Question

    lookup = {"code": code} if code else {"excel_row": row}
    return Question.objects.get(worksheet__year=year, **lookup)


def lke_assessment(unit: Unit, year: int = 2025, **fields: object) -> object:
    """The unit's assessment on the current worksheet (state and holds_wbk as given)."""
    from django.db import transaction

    from common.rollups import ASSESSMENT, rollup_touch
    from lke.services import assessment_start

    assessment = assessment_start(unit=unit, year=year, user=None)
    if fields:
        for name, value in fields.items():
            setattr(assessment, name, value)
        with transaction.atomic():
            assessment.save()
            # saved past the services: its summary (rollups) follows, as a service's would
            rollup_touch(ASSESSMENT, assessment_ids=[assessment.pk])
    return assessment
