"""Every page type of the service, in Chromium at a phone's 375 px and a desktop's 1280 px:
no WCAG A or AA failure that axe can find, and no sideways scrolling of the whole page.

The pages come from the URL configuration, not from memory: a named URL that takes no
arguments is visited by itself, and one that does must be given its arguments in PAGES
or be listed in NOT_PAGES with the reason it is not a page (a download, a POST-only
action, JSON). So a new page type fails `test_every_named_url_is_visited_or_said_not_to_be_a_page`
until it is checked here. Every registered admin model has its list and its change form
visited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page

from actions import email_links
from actions.importing import flow
from actions.models import ActionItem
from inspections.models import Inspection, Membership
from inspections.staging import ImportBatch, StagedImport
from tests.browser.browser import (
    axe_violations,
    expect_stylesheets_loaded,
    record_csp_violations,
    save_screenshot,
    sign_in_by_cookie,
)

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "tests" / "fixtures" / "pdfs" / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
WIDTHS = (375, 1280)

# Who opens a page: nobody signed in, a council's manager, or the service's superuser.
ANONYMOUS, MANAGER, SUPERUSER = "anonymous", "wigan.manager", "admin"


@dataclass(frozen=True)
class Sample:
    """The objects of the sample data that pages with arguments are opened for."""

    inspection: Inspection
    action: ActionItem
    staged: StagedImport
    batch: ImportBatch
    reply_token: str
    manager: User


@dataclass(frozen=True)
class PageType:
    url_name: str
    who: str
    args: Callable[[Sample], list] = lambda sample: []
    query: str = ""
    status: int = 200

    def path(self, sample: Sample) -> str:
        return reverse(self.url_name, args=self.args(sample)) + self.query


# Pages whose URL takes arguments, or that need a query string or a particular person.
PAGES = [
    PageType("home", ANONYMOUS),
    PageType("public_authority", ANONYMOUS, lambda s: [s.inspection.authority.slug]),
    PageType("public_inspection", ANONYMOUS, lambda s: [s.inspection.pk]),
    PageType(
        "public_finding_actions", ANONYMOUS, lambda s: [s.inspection.pk, s.action.finding_id]
    ),
    PageType("public_follow", ANONYMOUS, lambda s: [s.inspection.authority.slug]),
    PageType("public_search", ANONYMOUS, query="?q=Wigan"),
    PageType("login", ANONYMOUS),
    PageType("password_change", MANAGER),
    PageType("password_change_done", MANAGER),
    PageType("admin:password_change", SUPERUSER),
    PageType(
        "password_reset_confirm",
        ANONYMOUS,
        lambda s: [urlsafe_base64_encode(str(s.manager.pk).encode()), "not-a-valid-token"],
    ),
    PageType("workspace:email_reply", ANONYMOUS, lambda s: [s.reply_token]),
    PageType("api:docs", ANONYMOUS),
    PageType("workspace:actions", MANAGER, query="?sort=due_date"),
    PageType("workspace:action", MANAGER, lambda s: [s.action.pk]),
    PageType("workspace:inspection", MANAGER, lambda s: [s.inspection.pk]),
    PageType("workspace:outbox", SUPERUSER),
    PageType("admin:login", ANONYMOUS),
    PageType("admin:app_list", SUPERUSER, lambda s: ["actions"]),
    PageType("admin:auth_user_password_change", SUPERUSER, lambda s: [s.manager.pk]),
    PageType("admin:inspections_inspection_import_preview", SUPERUSER, lambda s: [s.staged.pk]),
    PageType("admin:inspections_inspection_bulk_import_status", SUPERUSER, lambda s: [s.batch.pk]),
]

# Named URLs that are not pages a person reads, and why.
NOT_PAGES = {
    "healthz": "a probe's plain-text answer",
    "readyz": "a probe's plain-text answer",
    "logout": "POST only",
    "oidc_authentication_callback": "a redirect back from the single sign-on provider",
    "oidc_authentication_init": "a redirect to the single sign-on provider",
    "oidc_logout": "POST only",
    "calendar_feed": "an iCalendar download",
    "public_feed": "an Atom feed",
    "public_document": "a download of the published letter",
    "workspace:actions_export": "a CSV or XLSX download",
    "workspace:actions_assign": "POST only: refusals show the list again",
    "workspace:action_note": "POST only: refusals show the action's page again",
    "workspace:action_status": "POST only: refusals show the action's page again",
    "workspace:action_edit": "POST only: refusals show the action's page again",
    "workspace:action_public_summary": "POST only: refusals show the action's page again",
    "workspace:evidence": "a download of the evidence file",
    "workspace:due_date_request": "POST only: refusals show the action's page again",
    "workspace:due_date_decide": "POST only: refusals show the action's page again",
    "workspace:due_date_withdraw": "POST only",
    "workspace:statement_change": "POST only: refusals show the inspection again",
    "workspace:statement_record": "POST only: refusals show the inspection again",
    "workspace:plan": "a Word or PDF download",
    "workspace:report": "a Word or PDF download",
    "workspace:authority_report": "a Word or PDF download",
    "workspace:finding_add_action": "POST only: refusals show the inspection again",
    "workspace:outbox_sweep": "POST only",
    "workspace:outbox_resend": "POST only",
    "workspace:api_token_revoke": "POST only",
    "admin:logout": "POST only",
    "admin:autocomplete": "JSON for the admin's select boxes",
    "admin:jsi18n": "JavaScript",
    "admin:view_on_site": "a redirect to the object's own page",
    "admin:inspections_inspection_bulk_import_progress": "JSON the status page polls",
}
# The REST API answers JSON; only its documentation is a page.
API_JSON = re.compile(r"^api:(?!docs$)")


def admin_model_url_names() -> set[str]:
    """The admin's pages for each registered model: its list and change form are visited
    for every model (admin_pages), and Django's own add, delete and history pages, the
    same for every model, for one."""
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
        for model in admin.site._registry
        for page in ("changelist", "add", "change", "delete", "history", "simple_history")
    }


def named_urls() -> set[str]:
    """Every named URL of the project, as "namespace:name"."""

    def walk(patterns: list, namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, ""))


def takes_no_arguments(url_name: str) -> bool:
    try:
        reverse(url_name)
    except Exception:
        return False
    return True


def argument_free_pages() -> list[PageType]:
    """The named URLs with no arguments not already in PAGES nor NOT_PAGES: new ones are
    visited without anyone having to list them."""
    listed = {page.url_name for page in PAGES}
    pages = []
    for name in sorted(named_urls() - listed - set(NOT_PAGES)):
        if _json_or_admin_model_page(name) or not takes_no_arguments(name):
            continue
        namespace = name.split(":")[0] if ":" in name else ""
        who = {"workspace": MANAGER, "admin": SUPERUSER}.get(namespace, ANONYMOUS)
        pages.append(PageType(name, who))
    return pages


def _json_or_admin_model_page(name: str) -> bool:
    return bool(API_JSON.search(name)) or name in admin_model_url_names()


# Admin pages are visited for every model of these apps (auth: people and groups, which
# the service restricts to superusers); other apps are stock: one list of each is enough.
OWN_ADMIN_APPS = {"actions", "inspections", "auth"}


def admin_pages() -> list[str]:
    """Each registered model's list and change form (its add form when it has no objects),
    a delete and a history page, and one list of each other app."""
    paths = []
    other_apps_seen = set()
    for model in admin.site._registry:
        app = model._meta.app_label
        stem = f"admin:{app}_{model._meta.model_name}"
        if app not in OWN_ADMIN_APPS:
            if app not in other_apps_seen:
                paths.append(reverse(f"{stem}_changelist"))
                other_apps_seen.add(app)
            continue
        paths.append(reverse(f"{stem}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{stem}_change", args=[first.pk]))
        else:
            paths.append(reverse(f"{stem}_add"))
    # Actions are never deleted, so a membership's delete page stands for all of them.
    membership = Membership.objects.order_by("pk").first()
    action = ActionItem.objects.order_by("pk").first()
    assert membership is not None and action is not None
    paths.append(reverse("admin:inspections_membership_delete", args=[membership.pk]))
    paths.append(reverse("admin:actions_actionitem_history", args=[action.pk]))
    return paths


def test_every_named_url_is_visited_or_said_not_to_be_a_page() -> None:
    listed = {page.url_name for page in PAGES} | set(NOT_PAGES)
    missing = {
        name
        for name in named_urls() - listed
        if not _json_or_admin_model_page(name) and not takes_no_arguments(name)
    }
    assert missing == set(), "add these to PAGES (with their arguments) or to NOT_PAGES"
    assert set(NOT_PAGES) <= named_urls(), "NOT_PAGES names a URL that no longer exists"


def sample_data() -> Sample:
    """The demo data of `make run`, a letter waiting in the review queue and a finished
    bulk import."""
    call_command("load_sample_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    inspection = Inspection.objects.get(authority__name="Wigan", visit_start__year=2017)
    action = (
        ActionItem.objects.filter(finding__inspection=inspection, owner__isnull=False)
        .order_by("pk")
        .first()
    )
    assert action is not None and action.owner is not None
    staged = flow.stage(data=LETTER.read_bytes(), filename=LETTER.name).staged
    batch = ImportBatch.objects.create(
        status=ImportBatch.Status.FINISHED,
        total=2,
        done=2,
        results=[
            {
                "file": "one.pdf",
                "outcome": "imported",
                "reason": "",
                "inspection": inspection.pk,
                "staged": None,
            },
            {
                "file": "two.pdf",
                "outcome": "refused",
                "reason": "Not an Ofsted letter",
                "inspection": None,
                "staged": None,
            },
        ],
    )
    return Sample(
        inspection=inspection,
        action=action,
        staged=staged,
        batch=batch,
        reply_token=email_links.make_token(action.pk, action.owner.pk),
        manager=User.objects.get(username=MANAGER),
    )


# The elements wider than the window, widest first, to say what makes a page scroll.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(el => {
        for (let up = el.parentElement; up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return false;
        }
        return true;
    })
    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map(name => '.' + name).join('')
        + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


def check(page: Page, path: str, status: int, blocked: list[str]) -> list[str]:
    """What is wrong with the page at `path`, in words, at each width; nothing if all is
    well. The page is loaded once, at the phone's width, then widened.

    `blocked` fills with the Content-Security-Policy's reports: those made while the page
    loads count; those made while axe runs are axe's own (it adds a <style> to some
    pages to measure them) and are ignored."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    response = page.goto(path)
    if response is None or response.status != status:
        return [f"{path}: answered {response and response.status}, not {status}"]
    if urlsplit(page.url).path != urlsplit(path).path:
        return [f"{path}: redirected to {page.url}"]
    expect_stylesheets_loaded(page)
    page.wait_for_load_state()  # every stylesheet and script tried, so reported
    problems = [f"{path}: CSP blocked: {message[:200]}" for message in blocked]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        where = f"{width} px {path}"
        problems += [
            f"{where}: axe {violation['id']} ({violation['help']}) at {violation['targets'][:3]}"
            for violation in axe_violations(page)
        ]
        blocked.clear()
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            problems.append(
                f"{where}: scrolls sideways ({scroll_width} > {inner_width} px): "
                f"{page.evaluate(TOO_WIDE)}"
            )
        if problems:
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            save_screenshot(page, f"every-page-{name}-{width}")
    return problems


@pytest.mark.django_db(transaction=True)
def test_every_page_type_is_accessible_and_fits_a_phone(live_server, browser) -> None:
    sample = sample_data()
    visits: dict[str, list[tuple[str, int]]] = {ANONYMOUS: [], MANAGER: [], SUPERUSER: []}
    for page_type in PAGES + argument_free_pages():
        visits[page_type.who].append((page_type.path(sample), page_type.status))
    visits[ANONYMOUS].append(("/no-such-page/", 404))
    visits[SUPERUSER] += [(path, 200) for path in admin_pages()]

    problems: list[str] = []
    # Not tests.browser.browser.new_page: its CSP check would count axe's own <style>.
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        blocked = record_csp_violations(context)
        for who, pages in visits.items():
            context.clear_cookies()
            if who != ANONYMOUS:
                sign_in_by_cookie(page, User.objects.get(username=who), live_server.url)
            for path, status in pages:
                blocked.clear()
                problems += check(page, path, status, blocked)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
