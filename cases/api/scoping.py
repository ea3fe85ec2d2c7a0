"""Lists of the apps above cases narrowed to one case (`?case=`): the case must be one the user may
see (cases.selectors.get_case_for), else 404, the same answer for missing and forbidden."""

from django.db.models import QuerySet

from cases.selectors import get_case_for


def scoped_to_case(user, queryset: QuerySet, case_id) -> QuerySet:
    """`queryset` (rows with a `case`) narrowed to the case `case_id`; unchanged when it is None."""
    if case_id is None:
        return queryset
    return queryset.filter(case=get_case_for(user, case_id))
