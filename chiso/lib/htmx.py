"""The helpers for htmx: render only the targeted partial when htmx asks for it."""


def wants_partial(request) -> bool:
    """True for an htmx request (not a boosted navigation)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and not headers.get("HX-Boosted")


def page_or_partial(request, page: str, partial: str) -> str:
    """`partial` for an htmx request, else the whole `page`."""
    return partial if wants_partial(request) else page
