"""The one helper for htmx: render only the targeted partial when htmx asks for it."""


def page_or_partial(request, page: str, partial: str) -> str:
    """`partial` for an htmx request (not a boosted navigation), else the whole `page`."""
    headers = request.headers
    return (
        partial if headers.get("HX-Request") == "true" and not headers.get("HX-Boosted") else page
    )
