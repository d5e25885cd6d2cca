"""A unit's survey files: a survey's paper responses and the quarters' populations, and
their templates (layout.py, template.py, services.py, selectors.py, views.py)."""
