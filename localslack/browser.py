"""A person's browser going through an install: the app's "Add to Slack" page, Slack's authorize page, the
approve form for one workspace (or org), and back to the app's redirect page with its cookie, as a browser
would. Loopback only, so a `Secure` cookie is sent over http as browsers do for localhost."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


@dataclass
class Page:
    status: int
    url: str
    text: str


@dataclass
class Browser:
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, url: str) -> Page:
        request = urllib.request.Request(url, method="GET")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with _NO_REDIRECTS.open(request, timeout=10) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:  # 3xx (not followed here), 4xx and 5xx pages
            status, headers, body = error.code, error.headers, error.read()
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = headers.get("Location")
        if 300 <= status < 400 and location:
            return self.get(urllib.parse.urljoin(url, location))
        return Page(status, url, body.decode("utf-8", "replace"))

    def install(self, install_url: str, target: str) -> Page:
        """Open the app's install page, follow "Add to Slack", approve for `target` (a team id, or
        "org:<enterprise id>"), and land on the app's redirect page."""
        return self.approve(self.authorize_page(install_url), target)

    def authorize_page(self, install_url: str) -> Page:
        """The app's install page, then Slack's authorize page its "Add to Slack" link leads to."""
        start = self.get(install_url)
        link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', start.text)
        if link is None:
            raise AssertionError(f"no Add to Slack link on {install_url} ({start.status})")
        return self.get(html.unescape(link.group(1)))

    def approve(self, page: Page, form_id: str) -> Page:
        """Submit the authorize page's form `approve-<target>` (or `cancel`) as the browser would."""
        wanted = form_id if form_id == "cancel" else f"approve-{form_id}"
        form = re.search(
            rf'<form id="{re.escape(wanted)}" method="get" action="([^"]+)">(.*?)</form>', page.text
        )
        if form is None:
            raise AssertionError(f"no form {wanted} on the authorize page ({page.status}: {page.text[:200]})")
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
        values = {k: html.unescape(v) for k, v in fields.items()}
        action = html.unescape(form.group(1))
        return self.get(f"{action}?{urllib.parse.urlencode(values)}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # followed by Browser.get, which keeps the cookies


_NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)
