"""F12: a crafted PDF held the web process for minutes (48 s for 13.5 KB, about an hour for
226 KB). The PDF reader runs in a limited child process; this checks that the bound holds
where it matters, in a web server: each crafted file uploaded through the admin's import
page and the API's import endpoint of a real server (the WSGI path, a server thread like
a production worker's) is refused with a clear message, not a 500, within the reader's
bound, and the server goes on answering and reading real letters afterwards."""

from __future__ import annotations

import re
import time
from html import unescape
from pathlib import Path

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client

from actions.models import ApiToken
from actions.tokens import issue_token
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from inspections.parsing.pdf_sandbox import WALL_SECONDS
from tests.inspections.parsing.test_hostile_pdfs import (
    deflate_bomb,
    endless_content,
    one_page,
    pdf,
    stream,
)

# The reader's own deadline, and a moment for the request around it on a loaded machine.
BOUND_SECONDS = WALL_SECONDS + 2.0
LETTER = (
    Path(__file__).resolve().parents[1] / "fixtures" / "pdfs" / "2015-03-27-enfield-inspection.pdf"
)


def decompression_bomb() -> bytes:
    """2 GiB of drawing operators behind about 2 MB of Flate data."""
    bomb = deflate_bomb(b"0 0 m 1 1 l S\n" * 74_899, 2048)
    return one_page(bomb, b"/Filter /FlateDecode")


def many_pages() -> bytes:
    pages = 5000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        stream(b"BT /F1 12 Tf 72 720 Td (Ofsted) Tj ET"),
        *[page] * pages,
    )


CRAFTED = {
    "endless-content": (endless_content, "took too long to read"),
    # Under load the deadline may come before the memory runs out: either is a refusal.
    "decompression-bomb": (decompression_bomb, "needs too much memory|took too long to read"),
    "many-pages": (many_pages, "has 5,000 pages"),
}


@pytest.fixture
def server(live_server, transactional_db) -> tuple[str, User]:
    """The live server's address and a superuser; the authorities a transactional test
    before this one may have flushed are loaded again."""
    load_local_authorities(LocalAuthority)
    return live_server.url, User.objects.create_superuser("ada", "ada@example.org", "pw-9-horse")


def admin_session(url: str, user: User) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


IMPORT_PAGE = "/admin/inspections/inspection/import/"


def csrf_token(url: str, session: requests.Session) -> str:
    page = session.get(f"{url}{IMPORT_PAGE}", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None, page.text[:500]
    return token.group(1)


def post_to_admin(url: str, session: requests.Session, token: str, name: str, data: bytes):
    return session.post(
        f"{url}{IMPORT_PAGE}",
        data={"csrfmiddlewaretoken": token, "text": ""},
        files={"document": (name, data, "application/pdf")},
        headers={"Referer": f"{url}{IMPORT_PAGE}"},
        timeout=120,
    )


def post_to_api(url: str, key: str, name: str, data: bytes):
    return requests.post(
        f"{url}/api/v1/imports/preview/",
        files={"document": (name, data, "application/pdf")},
        headers={"Authorization": f"Bearer {key}"},
        timeout=120,
    )


def assert_still_serving(url: str, key: str) -> None:
    """The server answers the next requests, and reads a real letter."""
    assert requests.get(f"{url}/api/v1/authorities/?slug=wigan", timeout=30).status_code == 200
    preview = post_to_api(url, key, LETTER.name, LETTER.read_bytes())
    assert preview.status_code == 200, preview.text[:500]
    assert preview.json()["draft"]["findings"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_a_crafted_pdf_is_refused_within_the_bound_on_the_admin_import_page(server, crafted):
    url, user = server
    build, message = CRAFTED[crafted]
    data = build()
    session = admin_session(url, user)
    _token, key = issue_token(user=user, name="check", scope=ApiToken.Scope.READ_WRITE)
    token = csrf_token(url, session)  # the page as the admin opens it, before the clock starts

    start = time.monotonic()
    response = post_to_admin(url, session, token, f"{crafted}.pdf", data)
    elapsed = time.monotonic() - start

    assert response.status_code == 200, response.text[:500]
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    assert re.search(message, unescape(" ".join(errors)))
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s"
    assert_still_serving(url, key)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_a_crafted_pdf_is_refused_within_the_bound_by_the_api(server, crafted):
    url, user = server
    build, message = CRAFTED[crafted]
    _token, key = issue_token(user=user, name="check", scope=ApiToken.Scope.READ_WRITE)

    start = time.monotonic()
    response = post_to_api(url, key, f"{crafted}.pdf", build())
    elapsed = time.monotonic() - start

    assert response.status_code == 400, response.text[:500]
    body = response.json()
    assert body["code"] == "invalid"
    assert re.search(message, body["errors"]["document"][0])
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s"
    assert_still_serving(url, key)
