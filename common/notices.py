"""Sending a notice (in the portal, and by e-mail) from an app below ``reports``.

The ``Notice`` model lives in ``reports``; ``evidence`` sits below it in the dependency
order and may not import it. ``reports`` registers its sender here when the app is ready
(``ReportsConfig.ready``), so a service below calls ``notice_send`` and the notice is written
in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol


class NoticeSender(Protocol):
    def __call__(self, *, users: Iterable[Any], text: str, link: str, subject: str) -> int: ...


_senders: list[NoticeSender] = []


def notice_sender_register(sender: NoticeSender | Callable[..., int]) -> None:
    if sender not in _senders:
        _senders.append(sender)  # type: ignore[arg-type]


def notice_send(*, users: Iterable[Any], text: str, link: str, subject: str) -> int:
    """Give each user the notice; how many got one (0 when no sender is registered)."""
    people = list(users)
    return max(
        (sender(users=people, text=text, link=link, subject=subject) for sender in _senders),
        default=0,
    )
