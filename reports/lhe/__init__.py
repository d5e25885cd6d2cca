"""The Laporan Hasil Evaluasi: ``selectors`` reads the TPI's evaluation and builds the
document's context and HTML; ``findings`` only reshapes what it read (no queries)."""
