"""Pagination shared by every list page."""

import hashlib
from collections.abc import Callable
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25
# A search (`?q=`) counts its matches up to this many (ten pages): "more than 250, narrow the
# search". A name part as common as "lind" matches 12,000 of 100,000 participants, and the
# exact count for "page 1 of 480" was most of the page's time (15 ms → 5 ms counted up to
# 1,000). A coach's validations matching it took 12 ms to count up to 1,000 and 6 ms up to 250:
# to find the matching people PostgreSQL reads nearly every block of the participant table, and
# the smaller the cap, the sooner it stops.
SEARCH_COUNT_CAP = 250
# A count kept under its query and the data's fingerprint (`paginate(stamp=...)`) stays this long
# when unused; a change of the data changes the fingerprint, so it is never read stale.
COUNT_CACHE_SECONDS = 24 * 3600


class KeysFirstPaginator(Paginator):
    """Past the first page, reads a page in two steps: the page's primary keys, by the list's
    filters and order alone (which its index serves), then those rows with their joins.

    Django's paginator slices the whole query: with OFFSET 43,800 PostgreSQL built 43,825
    joined rows (participant, company, model, level, centre, assessor, result) to return 25.
    The keys query skips index entries instead, and the rows query joins 25. The keys go back
    as literals, not as a subquery: with the list's eight tables PostgreSQL keeps the written
    join order (join_collapse_limit) and hashed the whole join against a 25-key subquery.
    The first page keeps one query (LIMIT 25 stops early), so page 1's query count is
    Django's; a deeper page costs one query more, whatever the number of rows. A search reads
    page 1 by keys too: its LIMIT does not stop early when few rows match (an assessor's "lind"
    passed 10,000 participants in name order to find 25), and the keys query tests the names
    in the index alone (participant_name_order), the rows query fetches only 25 rows. The count asks
    for rows only (Django drops the select_related joins and unused annotations from it).

    A page in the list's second half reads its keys from the end, in the reversed order (the
    same index scanned backwards; every list's order ends on the primary key, so reversed it
    is the same sequence): the last page skips nothing instead of every row before it, and no
    page skips more than half the list. Not for a capped count, whose end is not the list's."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count_cap: int | None = None,
        count_key: str | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap
        self.searching = count_cap is not None
        self.capped = False  # more rows than `count_cap`: the count and the pages stop there
        self.count_key = count_key  # the cache key of an exact count (see `paginate`)

    @cached_property
    def count(self):
        if self.count_key is not None:
            found = cache.get(self.count_key)
            if found is None:
                found = super().count
                cache.set(self.count_key, found, COUNT_CACHE_SECONDS)
            return found
        if self.count_cap is None or not isinstance(self.object_list, QuerySet):
            return super().count
        found = self.object_list.order_by()[: self.count_cap + 1].count()
        self.capped = found > self.count_cap
        return min(found, self.count_cap)

    def page(self, number):
        number = self.validate_number(number)
        if (number == 1 and not self.searching) or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values_list("pk", flat=True)
        after = self.count - top  # rows after this page
        if after < bottom and not self.capped and self._ends_on_primary_key():
            keys = list(keys.reverse()[after : self.count - bottom])[::-1]
        else:
            keys = list(keys[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)

    def _ends_on_primary_key(self) -> bool:
        order = self.object_list.query.order_by
        return bool(order) and order[-1] in ("pk", "-pk", "id", "-id")


def paginate(
    request, queryset, per_page: int = PAGE_SIZE, *, stamp: Callable[[], tuple] | None = None
):
    """The requested page; a bad or too large page number gives the nearest valid page. A
    search counts its matches up to SEARCH_COUNT_CAP and reads each page by keys first.

    `stamp`: reads a fingerprint of the list's data cheaply (the register's newest change:
    `companies.selectors.register_stamp`). With it, the exact count is kept in the cache under
    the query's SQL and the stamp and counted again only after the data changed: counting the
    staff's 100,000 participants took 4 ms of a 19 ms page, the fingerprint takes two index
    reads. A search is not kept (each search would be an entry of its own)."""
    searching = bool(request.GET.get("q", "").strip())
    count_key = None
    if stamp is not None and not searching and isinstance(queryset, QuerySet):
        sql, params = queryset.query.sql_with_params()
        fingerprint = repr((queryset.model._meta.label, sql, params, stamp())).encode()
        count_key = "pagination:count:" + hashlib.sha256(fingerprint).hexdigest()
    paginator = KeysFirstPaginator(
        queryset,
        per_page,
        count_cap=SEARCH_COUNT_CAP if searching else None,
        count_key=count_key,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()  # keeps search and filters across page links
    return page
