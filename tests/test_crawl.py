"""No link a user cannot follow: as every demo role, follow the same-site links from the home
page over real HTTP to depth 4; no page may answer 404 or 5xx."""

from django.utils import timezone

from chiso.demo.build import build_demo
from chiso.demo.users import LOGINS, PASSWORD

from .crawl import crawl

# Pages per role: the coordinator and the admin reach a page for every unit, task report and
# update of the demo province (2,000–3,000); the first 1,200 in breadth-first order hold every
# kind of page and link.
MOST = 1200


def test_every_link_shown_can_be_followed(live_server, settings, tmp_path):
    settings.CHISO_METRICS_DIR = tmp_path / "metrics"
    build_demo(timezone.localdate())  # one test: the live server's database is emptied after it
    broken = {}
    for username, *_rest in LOGINS:
        result = crawl(live_server.url, username, PASSWORD, depth=4, most=MOST)
        assert len(result.pages) > 20, f"{username}: the crawl found too little to be a check"
        broken[username] = result.broken()
    assert broken == {username: [] for username, *_rest in LOGINS}
