"""Asset and ControlMeasure define get_kind_display() themselves (the choices' enum label, not
Django's dict of every choice built on each call): the same label for every kind, in the active
language, and the stored value itself for a value that is not a choice, as Django's does."""

from django.utils import translation

from assets.choices import AssetKind, MeasureKind
from assets.models import Asset, ControlMeasure


def test_kind_labels_are_the_choices_labels_in_the_active_language():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in AssetKind.choices:
                assert Asset(kind=value).get_kind_display() == str(label)
            for value, label in MeasureKind.choices:
                assert ControlMeasure(kind=value).get_kind_display() == str(label)
    with translation.override("zh-hans"):  # translated, as the pages and records show it
        assert all(
            "\u4e00" <= ch <= "\u9fff" for ch in ControlMeasure(kind=MeasureKind.FREEZE).get_kind_display()
        )


def test_a_value_that_is_no_choice_is_shown_as_stored():
    assert Asset(kind="no-such-kind").get_kind_display() == "no-such-kind"
    assert ControlMeasure(kind="no-such-kind").get_kind_display() == "no-such-kind"
