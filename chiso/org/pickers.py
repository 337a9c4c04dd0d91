"""The unit picker every page that chooses units uses: a search box that finds units without
accents (htmx asks `pick_units` for the matching `<option>`s) beside an ordinary `<select>`
whose values, unit pks, post with the form.

`UnitPicker` / `UnitsPicker` are the form widgets; `org/_unit_picker.html` is the same picker
for forms outside Django forms (GET filters). An option reads "name — parent" so that the
five "Thanh tra Sở" are told apart; `unit_label` says the same in plain text.
"""

import functools
import operator
from collections.abc import Iterable

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chiso.vietnamese.text import search_key

from .access import visible_units
from .models import OrgUnit, OrgUnitQuerySet

LIMIT = 50  # options listed for one search; more means the search should be narrower


def unit_label(unit: OrgUnit) -> str:
    """The unit's name and its parent's ("Thanh tra Sở — Sở Xây dựng"), as options read."""
    parent = unit.parent if unit.parent_id else None
    return f"{unit.name} — {parent.display_name}" if parent else unit.name


def unit_search(query: str) -> tuple[Q, Q]:
    """Which units answer to `query`, written with or without accents, and which of them
    answer by their own name. A unit answers when each word starts a word of its name or of
    its parent's ("thanh tra xay dung", "xay du"), or when its code, short name or an alias
    contains the query ("sxd", "KHTC"). An empty query matches every unit."""
    written = (query or "").strip()
    words = search_key(written).split()
    if not words:
        return Q(), Q()
    own = functools.reduce(operator.and_, (_starts_word("search_key", w) for w in words))
    anywhere = functools.reduce(
        operator.and_,
        (_starts_word("search_key", w) | _starts_word("parent__search_key", w) for w in words),
    )
    found = (
        anywhere
        | Q(code__icontains=written)
        | Q(short_name__icontains=written)
        | Q(aliases__icontains=written)
    )
    return found, own


def _starts_word(field: str, word: str) -> Q:
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


def found_units(
    units: OrgUnitQuerySet, query: str, leave_out: Iterable[int] = (), ended: bool = False
) -> list:
    """The first `LIMIT` of today's `units` (with `ended`, of all) matching `query`: those
    whose own name matches before those found by their parent's name or their code, each
    in tree order."""
    found, own = unit_search(query)
    matching = (units if ended else units.current()).filter(found).exclude(pk__in=list(leave_out))
    if own:
        matching = matching.annotate(by_parent=Case(When(own, then=Value(0)), default=Value(1)))
    order = ["by_parent", "path"] if own else ["path"]
    return list(matching.select_related("parent").order_by(*order)[:LIMIT])


def chosen_units(units: OrgUnitQuerySet, ids: Iterable[int]) -> list[OrgUnit]:
    """The units of `ids` among `units` (ended ones too: a chosen unit stays), in tree order."""
    return list(units.filter(pk__in=list(ids)).select_related("parent").order_by("path"))


def _ids(values: Iterable) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


@require_GET
@login_required
def pick_units(request):
    """The `<option>`s of a picker for the search `q`: the values already chosen in the
    `<select>` named `name` first and still selected, then the matching units the user may
    see, today's (with `ended=1` also those that ended, for plans of past years). A chosen
    value outside the user's scope keeps its value but not its name."""
    name = request.GET.get("name", "")
    chosen = _ids(request.GET.getlist(name)) if name else []
    units = visible_units(request.user)
    selected = chosen_units(units, chosen)
    shown = {unit.pk for unit in selected}
    context = {
        "multiple": request.GET.get("multiple") == "1",
        "empty": request.GET.get("empty", ""),
        "selected": selected,
        "kept": [pk for pk in dict.fromkeys(chosen) if pk not in shown],
        "options": found_units(
            units, request.GET.get("q", ""), chosen, ended=request.GET.get("ended") == "1"
        ),
    }
    return render(request, "org/_unit_picker_options.html", context)


class UnitPicker(forms.Select):
    """One unit, for a `ModelChoiceField` over units: the field's queryset says which units
    are valid; the chosen unit and the first `browse` of the queryset's current units are
    listed before any search (none with `browse=0`), after the units of `suggested` ids.
    With `ended` the search also finds units that have ended (an issuer of a past plan)."""

    template_name = "org/_unit_picker_widget.html"

    def __init__(
        self,
        attrs: dict | None = None,
        *,
        empty_label: str = "",
        browse: int = LIMIT,
        size: int | None = None,
        suggested: Iterable[int] = (),
        ended: bool = False,
    ):
        super().__init__(attrs)
        self.empty_label = empty_label
        self.browse = browse
        self.size = size
        self.suggested = list(suggested)
        self.ended = ended

    def get_context(self, name: str, value, attrs) -> dict:
        # Not Select.get_context: it would list every unit of the queryset as an option.
        context = forms.Widget.get_context(self, name, value, attrs)
        units = getattr(self.choices, "queryset", None)
        if units is None:
            units = OrgUnit.objects.none()
        selected = chosen_units(units, _ids(context["widget"]["value"]))
        leave_out = {unit.pk for unit in selected}
        options = [u for u in chosen_units(units, self.suggested) if u.pk not in leave_out]
        leave_out |= {unit.pk for unit in options}
        if self.browse:
            options += found_units(units, "", leave_out)[: self.browse]
        context["picker"] = {
            "multiple": self.allow_multiple_selected,
            "selected": selected if self.allow_multiple_selected else next(iter(selected), None),
            "options": options,
            "empty": self.empty_label,
            "size": self.size,
            "ended": self.ended,
        }
        return context

    def use_required_attribute(self, initial) -> bool:
        # Select's own check would read the first unit of the queryset; the empty first
        # option is always there, so `required` works as for any select.
        return not self.is_hidden


class UnitsPicker(UnitPicker, forms.SelectMultiple):
    """Several units, for a `ModelMultipleChoiceField`: the chosen ones as chips (ticked
    boxes, untick to remove), the list below to add more."""

    allow_multiple_selected = True

    def __init__(self, attrs: dict | None = None, *, size: int = 8, **kwargs):
        super().__init__(attrs, size=size, **kwargs)

    def use_required_attribute(self, initial) -> bool:
        return False  # the chips hold values too: an empty list is no missing choice
