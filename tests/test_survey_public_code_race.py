"""Twenty phones send the same one-time code at the same moment, on real PostgreSQL
transactions (surveys.responses.response_submit locks the code's row): one response is
stored, nineteen are told the code was used, none gets a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import AccessCode, Answer, Response
from surveys.responses import CODE_USED
from tests.survey_public_support import answers, office_make, send

pytestmark = pytest.mark.django_db(transaction=True)
PHONES = 20


def test_a_code_sent_by_twenty_phones_at_once_is_stored_once_and_refused_nineteen_times() -> None:
    office = office_make(Unit.objects.get(slug="kpu-kalbar"))
    (code,) = office.codes()
    url = reverse("survey_code", args=[code.code])
    barrier = threading.Barrier(PHONES)
    results: list[tuple[int, str]] = []

    def submit(n: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=30)
            response = send(client, url, answers({"U1": str(n % 4 + 1)}))
            results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = sorted(status for status, _ in results)
    assert len(results) == PHONES
    assert statuses.count(303) == 1, statuses
    refusals = [(status, body) for status, body in results if status != 303]
    # refused under the row lock or, once it was used, before it: the code's page says so
    assert {status for status, _ in refusals} == {410}, statuses
    assert all(CODE_USED in body and 'data-testid="used-hint"' in body for _, body in refusals)
    assert Response.objects.count() == 1
    stored = Response.objects.get()
    assert Answer.objects.filter(response=stored).count() == 9
    assert AccessCode.objects.get(pk=code.pk).response == stored
