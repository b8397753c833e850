"""Pagination shared by every list page."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25


class KeysFirstPaginator(Paginator):
    """Picks a page's rows by their primary keys first, in the same query: the rows whose key is
    among the page's keys, found by the list's filters and order alone (which its index serves),
    and only those 25 rows are joined and annotated.

    Django's paginator slices the whole query: with OFFSET 80,000 the database builds 80,025
    joined rows to return 25. Here the subquery walks the order's index and skips keys, not
    joined rows. The count asks for rows only (Django drops the select_related joins and
    unused annotations from it). PostgreSQL and SQLite take LIMIT inside IN; MySQL would not."""

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a bad or too large page number gives the nearest valid page."""
    paginator = KeysFirstPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()  # keeps search and filters across page links
    return page
