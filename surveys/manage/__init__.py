"""The unit's survey pages (surveys/views/): their reads (``selectors``)."""
