"""Where the surveys' pages are mounted (zi_portal/urls.py):

- ``/survei/…``: the public answering pages (no login): ``urls_public``;
- ``/satker/<slug>/survei/…``: the unit's survey pages: management (``urls_manage``) and
  follow-ups (``urls_follow``).
"""

from django.urls import include, path

public = [path("", include("surveys.urls_public"))]
unit = [path("", include("surveys.urls_manage")), path("", include("surveys.urls_follow"))]
