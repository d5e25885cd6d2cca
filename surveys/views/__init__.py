"""The unit's survey pages (``/satker/<slug>/survei/``, surveys/urls_manage.py): the
overview for everyone who reads the unit; quarters, services, desks, codes and the
questionnaire texts for its Sekretariat; raw responses for its Ketua, Sekretariat and TPI."""
