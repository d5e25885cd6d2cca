"""The official LKE workbook: its layout (``layout``), writing and reading it
(``workbook``), importing a filled one into an assessment (``services``) and its pages
(``views``; commands ``lke_import``/``lke_export``)."""
