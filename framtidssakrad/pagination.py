"""Pagination shared by every list page."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25
# A search (`?q=`) counts its matches up to this many: "more than 1,000, narrow the search".
# A name part as common as "lind" matches 12,000 of 100,000 participants, and the exact count
# for "page 1 of 480" was most of the page's time (15 ms → 5 ms counted up to the cap).
SEARCH_COUNT_CAP = 1000


class KeysFirstPaginator(Paginator):
    """Past the first page, reads a page in two steps: the page's primary keys, by the list's
    filters and order alone (which its index serves), then those rows with their joins.

    Django's paginator slices the whole query: with OFFSET 43,800 PostgreSQL built 43,825
    joined rows (participant, company, model, level, centre, assessor, result) to return 25.
    The keys query skips index entries instead, and the rows query joins 25. The keys go back
    as literals, not as a subquery: with the list's eight tables PostgreSQL keeps the written
    join order (join_collapse_limit) and hashed the whole join against a 25-key subquery.
    The first page keeps one query (LIMIT 25 stops early), so page 1's query count is
    Django's; a deeper page costs one query more, whatever the number of rows. The count asks
    for rows only (Django drops the select_related joins and unused annotations from it)."""

    def __init__(self, object_list, per_page, *, count_cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap
        self.capped = False  # more rows than `count_cap`: the count and the pages stop there

    @cached_property
    def count(self):
        if self.count_cap is None or not isinstance(self.object_list, QuerySet):
            return super().count
        found = self.object_list.order_by()[: self.count_cap + 1].count()
        self.capped = found > self.count_cap
        return min(found, self.count_cap)

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a bad or too large page number gives the nearest valid page. A
    search counts its matches up to SEARCH_COUNT_CAP."""
    searching = bool(request.GET.get("q", "").strip())
    paginator = KeysFirstPaginator(
        queryset, per_page, count_cap=SEARCH_COUNT_CAP if searching else None
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()  # keeps search and filters across page links
    return page
