"""The unit picker: accent-free search of the user's units, each labelled with its parent,
the chosen values kept; its widgets render the search box and post unit pks."""

import datetime
import re
import unicodedata

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from chiso.org.access import visible_units
from chiso.org.models import OrgUnit, UnitKind
from chiso.org.pickers import LIMIT, UnitPicker, UnitsPicker, unit_label

from ..factories import PASSWORD, UnitFactory

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="(\d*)"( selected)?( disabled)?>([^<]*)</option>')


def options(response) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option the picker answered."""
    html = response.content.decode()
    return [(value, label, bool(chosen)) for value, chosen, _off, label in OPTION.findall(html)]


def labels(response) -> list[str]:
    return [label for value, label, _chosen in options(response) if value]


def pick(client, user, q: str = "", **params):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("org:pick_units"), {"q": q, **params})


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("so xay dung", "Sở Xây dựng — UBND tỉnh Thử"),
        ("SỞ XÂY DỰNG", "Sở Xây dựng — UBND tỉnh Thử"),
        ("Sở Xây Dựng", "Sở Xây dựng — UBND tỉnh Thử"),
        (unicodedata.normalize("NFD", "Sở Xây dựng"), "Sở Xây dựng — UBND tỉnh Thử"),
        ("  xay   dung ", "Sở Xây dựng — UBND tỉnh Thử"),
        ("xây-dựng", "Sở Xây dựng — UBND tỉnh Thử"),
        ("sxd", "Sở Xây dựng — UBND tỉnh Thử"),  # the code
        ("SNV", "Sở Nội vụ — UBND tỉnh Thử"),  # an alias
        ("xa an binh", "UBND xã An Bình — UBND tỉnh Thử"),
        ("van phong xay dung", "Văn phòng Sở — Sở Xây dựng"),  # words of the parent too
        ("tu phap van phong", "Văn phòng Sở — Sở Tư pháp"),  # in any order
        ("xay du", "Sở Xây dựng — UBND tỉnh Thử"),  # words begun
        ("ubnd xa", "UBND xã An Bình — UBND tỉnh Thử"),  # own name before the parent's
    ],
)
def test_search_without_accents(client, org, users, written, expected):
    org.snv.aliases = ["SNV"]
    org.snv.save()
    found = labels(pick(client, users.coordinator, written))
    assert found[0] == expected, found


def test_no_match_says_so(client, org, users):
    response = pick(client, users.coordinator, "khong co don vi nay")
    assert labels(response) == []
    assert "Không tìm thấy đơn vị." in response.content.decode()


def test_options_name_the_parent_so_that_namesakes_differ(client, org, users):
    found = labels(pick(client, users.coordinator, "van phong so"))
    assert found == ["Văn phòng Sở — Sở Xây dựng", "Văn phòng Sở — Sở Tư pháp"]
    assert unit_label(org.div_b) == "Văn phòng Sở — Sở Tư pháp"
    assert unit_label(org.province) == "UBND tỉnh Thử"


def test_a_unit_user_only_finds_units_of_their_scope(client, org, users):
    assert labels(pick(client, users.officer_b, "")) == [
        "Sở Tư pháp — UBND tỉnh Thử",
        "Văn phòng Sở — Sở Tư pháp",
    ]
    assert labels(pick(client, users.officer_b, "xay dung")) == []
    assert labels(pick(client, users.officer_b, "an")) == []  # words begin, not "toàn"
    assert labels(pick(client, users.officer_a, "so")) == ["Văn phòng Sở — Sở Xây dựng"]


def test_a_chosen_unit_outside_the_scope_keeps_its_value_not_its_name(client, org, users):
    response = pick(client, users.officer_b, "van phong", name="unit", unit=org.dept_a.pk)
    assert (str(org.dept_a.pk), "(giữ đơn vị đã chọn)", True) in options(response)
    assert "Xây dựng" not in response.content.decode()


def test_chosen_values_stay_first_and_selected(client, org, users):
    response = pick(client, users.coordinator, "tu phap", name="unit", unit=org.dept_a.pk)
    assert options(response)[:3] == [
        ("", "—", False),
        (str(org.dept_a.pk), "Sở Xây dựng — UBND tỉnh Thử", True),
        (str(org.dept_b.pk), "Sở Tư pháp — UBND tỉnh Thử", False),
    ]
    several = pick(
        client,
        users.coordinator,
        "van phong",
        name="task-1-coordinators",
        multiple="1",
        **{"task-1-coordinators": [org.snv.pk, org.div_a.pk]},
    )
    assert options(several) == [  # the chosen ones in tree order
        (str(org.div_a.pk), "Văn phòng Sở — Sở Xây dựng", True),
        (str(org.snv.pk), "Sở Nội vụ — UBND tỉnh Thử", True),
        (str(org.div_b.pk), "Văn phòng Sở — Sở Tư pháp", False),
    ]


def test_ended_units_are_found_only_when_asked_for_and_stay_when_chosen(client, org, users):
    ended = UnitFactory(
        code="sgtvt",
        name="Sở Giao thông vận tải",
        parent=org.province,
        valid_until=datetime.date(2025, 2, 28),
    )
    label = "Sở Giao thông vận tải — UBND tỉnh Thử (đến 28/02/2025)"
    assert labels(pick(client, users.coordinator, "giao thong")) == []
    kept = pick(client, users.coordinator, "giao thong", name="unit", unit=ended.pk)
    assert (str(ended.pk), label, True) in options(kept)
    assert labels(pick(client, users.coordinator, "giao thong", ended="1")) == [label]


def test_at_most_a_page_of_units_in_tree_order(client, org, users, django_assert_max_num_queries):
    for n in range(LIMIT + 5):
        UnitFactory(
            code=f"x-{n}", name=f"UBND xã Số {n}", kind=UnitKind.COMMUNE, parent=org.province
        )
    client.login(username=users.coordinator.username, password=PASSWORD)
    with django_assert_max_num_queries(6):
        found = labels(client.get(reverse("org:pick_units"), {"q": "ubnd xa"}))
    first = OrgUnit.objects.filter(name__startswith="UBND xã").select_related("parent")
    assert found == [unit_label(unit) for unit in first.order_by("path")[:LIMIT]]


def test_the_view_needs_a_login(client, org):
    assert client.get(reverse("org:pick_units"), {"q": "so"}).status_code == 302


class ChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), widget=UnitPicker(), label="Đơn vị")
    units = forms.ModelMultipleChoiceField(
        OrgUnit.objects.none(), widget=UnitsPicker(), required=False, label="Phối hợp"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "units"):
            self.fields[name].queryset = visible_units(user)


def test_the_widgets_render_a_search_box_beside_the_select(org, users):
    form = ChoiceForm(initial={"unit": org.div_b, "units": [org.snv]}, user=users.coordinator)
    single, several = str(form["unit"]), str(form["units"])
    assert 'type="search"' in single and 'form=""' in single
    assert f'hx-get="{reverse("org:pick_units")}?name=unit"' in single
    assert 'hx-trigger="input changed delay:300ms"' in single
    assert 'hx-target="next select"' in single and 'hx-include="next select"' in single
    assert f'<option value="{org.div_b.pk}" selected>Văn phòng Sở — Sở Tư pháp</option>' in single
    assert 'name="unit" id="id_unit"' in single and "multiple" not in single
    assert "?name=units&amp;multiple=1" in several
    assert f'name="units" value="{org.snv.pk}" id="id_units-chip-{org.snv.pk}" checked' in several
    assert 'multiple size="8"' in several
    assert f'<option value="{org.snv.pk}">' not in several  # a chip, not listed again


def test_the_form_cleans_to_units_in_scope(org, users):
    data = {"unit": str(org.div_b.pk), "units": [str(org.snv.pk), str(org.commune.pk)]}
    form = ChoiceForm(data, user=users.coordinator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == org.div_b
    assert set(form.cleaned_data["units"]) == {org.snv, org.commune}
    outside = ChoiceForm({"unit": str(org.dept_a.pk)}, user=users.officer_b)
    assert not outside.is_valid() and "unit" in outside.errors


def test_the_include_for_forms_outside_django_forms(org):
    unit = OrgUnit.objects.select_related("parent").get(pk=org.div_a.pk)
    html = render_to_string(
        "org/_unit_picker.html", {"name": "unit", "selected": unit, "label": "Đơn vị"}
    )
    assert '<label class="form-label" for="id_unit">Đơn vị</label>' in html
    assert f'<option value="{unit.pk}" selected>Văn phòng Sở — Sở Xây dựng</option>' in html
    # nothing listed yet: the first units load when the search box is first focused
    assert 'hx-trigger="input changed delay:300ms, focus once"' in html
    several = render_to_string(
        "org/_unit_picker.html",
        {"name": "units", "selected": [unit], "label": "Các đơn vị", "multiple": True},
    )
    assert f'name="units" value="{unit.pk}" id="id_units-chip-{unit.pk}" checked' in several
