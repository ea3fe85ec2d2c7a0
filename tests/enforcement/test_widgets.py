"""FastSelect writes the markup of Django's Select (its templates), faster: the same elements,
attributes, escaping and selection; only the templates' newlines between tags are left out."""

import re

import pytest
from django import forms

from enforcement.widgets import FastSelect

CHOICES = [
    ("", "全部"),
    ("filed", "已立案"),
    (3, '法官 <"甲">'),
    ("x&y", "A & B"),
]
GROUPED = [("", "全部"), ("一庭", [(1, "张法官"), (2, "李法官")]), ("二庭", [(3, "王法官")])]


def tight(html: str) -> str:
    """The markup without the whitespace between tags (Django's templates put newlines there)."""
    return re.sub(r">\s+<", "><", str(html))


@pytest.mark.parametrize(
    "choices, value, attrs",
    [
        (CHOICES, None, None),
        (CHOICES, "filed", {"id": "id_state"}),
        (CHOICES, 3, {"id": "id_judge", "class": "narrow", "required": True, "disabled": False}),
        (CHOICES, "x&y", {"data-note": '"quoted" <b>'}),
        (GROUPED, 2, {"id": "id_judge"}),
        (GROUPED, "", None),
    ],
)
def test_same_markup_as_django_select(choices, value, attrs):
    expected = tight(forms.Select(choices=choices).render("field", value, attrs=attrs))
    assert FastSelect(choices=choices).render("field", value, attrs=attrs) == expected


def test_a_bound_form_field_renders_the_same():
    class Django(forms.Form):
        state = forms.ChoiceField(choices=CHOICES, required=False)

    class Fast(forms.Form):
        state = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)

    data = {"state": "filed"}
    assert str(Fast(data)["state"]) == tight(Django(data)["state"])
    assert 'value="filed" selected' in str(Fast(data)["state"])
