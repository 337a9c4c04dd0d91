"""A small crawler over real HTTP: log in as a user, follow every same-site link from the home
page, breadth first, to a depth, and record each page's status (and where its link was)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Links a crawl must not follow: leaving the session, the third-party admin, language forms.
SKIPPED = re.compile(r"^/(logout/|admin/|i18n/|static/|favicon\.ico)")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


@dataclass
class Crawl:
    base: str
    pages: dict[str, int] = field(default_factory=dict)  # path → status
    found_on: dict[str, str] = field(default_factory=dict)  # path → the page linking to it

    def broken(self) -> list[str]:
        return [
            f"{status} {path} (linked from {self.found_on.get(path, '-')})"
            for path, status in sorted(self.pages.items())
            if status == 404 or status >= 500
        ]


def crawl(
    base: str, username: str, password: str, depth: int = 4, most: int = 3000, variants: int = 5
) -> Crawl:
    """Log in through the login form and crawl from "/"; at most `most` pages, and at most
    `variants` query strings of one path with the same parameters (the pages of a list, the
    periods of a chart): every path is followed, not every combination of its filters."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _login(opener, base, username, password)
    result = Crawl(base)
    queue = deque([("/", 0)])
    seen = {"/"}
    shapes: dict[tuple, int] = {}
    while queue and len(result.pages) < most:
        path, level = queue.popleft()
        status, body, kind = _get(opener, base + path)
        result.pages[path] = status
        if status != 200 or level >= depth or not kind.startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(body)
        for href in parser.links:
            link = _same_site(base, path, href)
            if not link or link in seen or SKIPPED.match(link):
                continue
            shape = _shape(link)
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] <= variants:
                seen.add(link)
                result.found_on[link] = path
                queue.append((link, level + 1))
    return result


def _shape(link: str) -> tuple:
    path, _, query = link.partition("?")
    return path, tuple(sorted(urllib.parse.parse_qs(query)))


def _same_site(base: str, page: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urllib.parse.urljoin(base + page, href)
    parts = urllib.parse.urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get(opener, url: str) -> tuple[int, str, str]:
    try:
        with opener.open(url, timeout=60) as response:
            kind = response.headers.get("Content-Type", "")
            html = kind.startswith("text/html")
            body = response.read().decode("utf-8", "replace") if html else ""
            return response.status, body, kind
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def _login(opener, base: str, username: str, password: str) -> None:
    with opener.open(base + "/login/") as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"}
    ).encode()
    request = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base})
    with opener.open(request) as response:
        assert "/login/" not in response.url, f"{username} could not log in"
