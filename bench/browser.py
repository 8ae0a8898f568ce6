"""A person's browser for the benchmarks: cookies, CSRF, forms, and a client address behind a proxy."""

from __future__ import annotations

import http.client
import math
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode


class _Form(HTMLParser):
    """The fields of the page's POST forms, filled the way a person would fill the required ones."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.inside, self.fields, self.select = wanted, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            self.inside = (attrs.get("method") or "").lower() == "post" and (not action or self.wanted in action)
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind in {"checkbox", "radio"}:
            if not any(name == attrs["name"] for name, _ in self.fields) or kind == "checkbox":
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "input" and kind not in {"submit", "button"}:
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and attrs.get("value"):
            self.fields.append((self.select, attrs["value"]))
            self.select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "select":
            self.select = None


class Client:
    """One person's browser: its cookies and, behind the proxy, its address."""

    def __init__(self, *, port: int, session_key: str | None = None, address: str | None = None):
        self.port = port
        self.cookies = {"sessionid": session_key} if session_key else {}
        self.address = address

    def request(self, method: str, path: str, fields: list | None = None) -> tuple[int, str, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Language": "ko"}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            }
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if self.address:
            headers["X-Forwarded-For"] = self.address
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers.get("Location", ""), text, elapsed

    def open_form(self, path: str) -> list:
        status, _location, text, _ms = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        form = _Form(path)
        form.feed(text)
        return form.fields


def p95(ordered: list[float]) -> float:
    """The 95th percentile of sorted figures (nearest rank)."""
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
