from decimal import Decimal

from django import template

from zi_portal.months import month_name

register = template.Library()


@register.filter
def bulan(month: int) -> str:
    """4 → "April" (Indonesian month name)."""
    try:
        return month_name(int(month))
    except (TypeError, ValueError, KeyError):
        return ""


@register.filter
def pct(value: Decimal | float | None) -> str:
    """62.50 → "62,5%"; None → "–"."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return "–"
    text = f"{number:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
