from typing import Any

from django.http import HttpRequest

from .access import user_roles


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The roles of the signed-in user, for a navigation that shows what each may do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": set()}
    return {"nav_roles": {r.role for r in user_roles(user)}}
