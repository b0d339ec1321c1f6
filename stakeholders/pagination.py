"""Pagination that forgives a bad page number instead of answering 404."""


class LenientPaginationMixin:
    """A non-numeric page or one before the first shows the first page; a page past the
    end shows the last one."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=self.get_allow_empty()
        )
        number = self.request.GET.get(self.page_kwarg)
        try:
            if int(number) < 1:
                # Paginator.get_page() would jump to the last page.
                number = 1
        except (TypeError, ValueError):
            pass  # not a number: get_page() shows the first page
        page = paginator.get_page(number)
        return paginator, page, page.object_list, page.has_other_pages()
