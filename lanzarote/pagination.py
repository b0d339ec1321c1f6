"""Pagination that forgives a bad page number instead of answering 404."""


class LenientPaginationMixin:
    """A non-numeric page shows the first page, a page past the end shows the last one."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=self.get_allow_empty()
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
