"""The survey documents: the Laporan Hasil Survei and the desks' QR posters."""
