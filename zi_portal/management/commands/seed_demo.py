from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zi_portal.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = (
        "Data demo: salinan rencana untuk 14 KPU Kabupaten/Kota, akun demo, progres dan "
        "penilaian mandiri LKE contoh (hanya DEBUG)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo hanya boleh dijalankan dengan DEBUG aktif.")
        result = demo_seed()
        self.stdout.write(f"Rencana disalin ke {result.plans_copied} satuan kerja.")
        self.stdout.write(f"Akun dibuat: {', '.join(result.users_created) or '-'}")
        self.stdout.write(f"Isian progres contoh: {result.entries_created}")
        self.stdout.write(f"Jawaban LKE contoh: {result.answers_created}")
        self.stdout.write(f"Responden survei contoh: {result.survey_responses}")
        self.stdout.write(self.style.SUCCESS(f"Kata sandi semua akun demo: {DEMO_PASSWORD}"))
