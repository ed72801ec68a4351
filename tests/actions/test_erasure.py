"""A person's data-protection erasure: their personal data goes, the records stay with an
anonymised author, the erasure is recorded, only a superuser may do it, and doing it
twice changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions import erasure, services
from actions.display import person_name
from actions.models import (
    ActionUpdate,
    ApiToken,
    ErasureRecord,
    Notification,
    StaffProfile,
    Status,
)
from actions.services import ActionError, NotPermitted
from actions.tokens import issue_token
from inspections.models import Membership

State = Notification.State
REASON = "Erasure request DP-114 of 3 March 2026"


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")


@pytest.fixture
def owen(world) -> User:
    """Owen, with everything a person leaves behind: a name, a token, a calendar feed,
    an update on his action, sign-in records and notices."""
    owen = world.owner
    owen.first_name, owen.last_name = "Owen", "Oduya"
    owen.save()
    issue_token(user=owen, name="My script")
    StaffProfile.objects.create(user=owen, email_overdue=False)
    services.change_status(action=world.action, to_status=Status.IN_PROGRESS, by=owen)
    AccessLog.objects.create(username="owen", ip_address="10.1.2.3", user_agent="Firefox")
    AccessAttempt.objects.create(
        username="owen",
        ip_address="10.1.2.3",
        user_agent="Firefox",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    notice(owen, "digest:owen", subject="Your inspection actions: 1 overdue", state=State.SENT)
    notice(owen, "digest:owen:today", subject="Your inspection actions: 2 due soon", n=1)
    return owen


def notice(recipient: User, key: str, n: int = 0, **fields) -> Notification:
    fields.setdefault("state", State.PENDING)
    fields.setdefault("kind", Notification.Kind.DIGEST)
    if fields["state"] == State.SENT:
        fields["sent_at"] = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    return Notification.objects.create(
        recipient=recipient,
        key=key,
        day=datetime.date(2026, 3, 2) + datetime.timedelta(days=n),
        **fields,
    )


def test_the_persons_data_is_gone(world, owen, admin):
    summary = erasure.erase_person(user=owen, by=admin, reason=REASON)

    owen.refresh_from_db()
    assert owen.username == f"erased-{owen.pk}"
    assert (owen.first_name, owen.last_name, owen.email) == ("Erased user", "", "")
    assert not owen.has_usable_password()
    assert not (owen.is_active or owen.is_staff or owen.is_superuser)
    assert not Membership.objects.filter(user=owen).exists()
    assert not ApiToken.objects.filter(user=owen).exists()
    assert not StaffProfile.objects.filter(user=owen).exists()
    assert not AccessLog.objects.filter(username__iexact="owen").exists()
    assert not AccessAttempt.objects.filter(username__iexact="owen").exists()
    assert summary.removed["api_tokens"] == 1 and summary.removed["memberships"] == 1
    assert summary.already_erased is False


def test_a_signed_in_session_of_the_person_ends(client, world, owen, admin):
    client.force_login(owen)
    assert client.get(reverse("workspace:dashboard")).status_code == 200

    erasure.erase_person(user=owen, by=admin, reason=REASON)

    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_records_remain_with_the_anonymised_author(world, owen, admin):
    update = ActionUpdate.objects.get(action=world.action, to_status=Status.IN_PROGRESS)
    history_rows = world.action.history.count()

    erasure.erase_person(user=owen, by=admin, reason=REASON)

    update.refresh_from_db()
    world.action.refresh_from_db()
    assert update.author is not None and update.author.pk == owen.pk
    assert person_name(update.author) == "Erased user"
    assert world.action.owner_id == owen.pk and world.action.status == Status.IN_PROGRESS
    assert world.action.history.count() == history_rows
    assert world.action.history.filter(history_user=owen).exists()


def test_notices_keep_their_rows_without_naming_the_person(world, owen, admin):
    sent, waiting = Notification.objects.filter(recipient=owen).order_by("day")
    # Mandy's escalation lists Owen as the owner; Colin's notice names someone else.
    escalation = notice(
        world.manager,
        "escalation:mandy",
        kind=Notification.Kind.ESCALATION,
        reason="Owen Oduya has 1 action overdue.",
        payload={"sections": [{"items": [{"title": "Improve audits", "owner": "Owen Oduya"}]}]},
    )
    unrelated = notice(world.colleague, "digest:colin", reason="Owenby Road office closed.")

    summary = erasure.erase_person(user=owen, by=admin, reason=REASON)

    sent.refresh_from_db()
    waiting.refresh_from_db()
    escalation.refresh_from_db()
    unrelated.refresh_from_db()
    assert sent.state == State.SENT and sent.recipient_id == owen.pk
    assert waiting.state == State.SUPERSEDED  # no address to send it to any more
    assert escalation.reason == "Erased user has 1 action overdue."
    assert escalation.payload["sections"][0]["items"][0] == {
        "title": "Improve audits",
        "owner": "Erased user",
    }
    assert unrelated.reason == "Owenby Road office closed."
    assert summary.removed["notices_withheld"] == 1
    assert summary.removed["notices_redacted"] == 1


def test_a_name_with_accents_is_found_in_the_stored_payload(world, admin):
    world.colleague.first_name, world.colleague.last_name = "Siân", "Ó Briain"
    world.colleague.save()
    # Only the payload names her, so the notice is found through the stored JSON.
    escalation = notice(
        world.manager,
        "escalation:mandy",
        kind=Notification.Kind.ESCALATION,
        payload={"sections": [{"items": [{"owner": "Siân Ó Briain"}]}]},
    )

    erasure.erase_person(user=world.colleague, by=admin, reason=REASON)

    escalation.refresh_from_db()
    assert escalation.payload == {"sections": [{"items": [{"owner": "Erased user"}]}]}


def test_an_assignment_the_person_made_no_longer_names_them(world, admin):
    world.manager.first_name, world.manager.last_name = "Mandy", "Mills"
    world.manager.save()
    services.update_action(
        action=world.action, by=world.manager, expected_version=None, owner=world.colleague
    )
    (assigned,) = Notification.objects.filter(recipient=world.colleague)
    assert "Mandy Mills" in assigned.reason

    erasure.erase_person(user=world.manager, by=admin, reason=REASON)

    assigned.refresh_from_db()
    assert assigned.reason == "Erased user made you the owner."
    assert assigned.payload == {"by": "Erased user"}


def test_the_admin_history_of_the_account_no_longer_names_them(world, owen, admin):
    entry = LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(owen.pk),
        object_repr="owen",
        action_flag=CHANGE,
    )

    erasure.erase_person(user=owen, by=admin, reason=REASON)

    entry.refresh_from_db()
    assert entry.object_repr == f"erased-{owen.pk}"


def test_the_erasure_is_recorded(world, owen, admin):
    erasure.erase_person(user=owen, by=admin, reason=f"  {REASON} ")

    record = ErasureRecord.objects.get()
    assert (record.person, record.erased_by, record.reason) == (owen, admin, REASON)
    assert record.removed["staff_profile"] == 1
    assert "owen" not in str(record).lower()


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_anyone_but_a_superuser_is_refused(world, owen, who):
    by = world.manager
    if who == "staff":
        by.is_staff = True
        by.save()

    with pytest.raises(NotPermitted, match="Only a superuser"):
        erasure.erase_person(user=owen, by=by, reason=REASON)

    owen.refresh_from_db()
    assert owen.username == "owen" and owen.email == "owen@example.org"
    assert ApiToken.objects.filter(user=owen).exists()
    assert not ErasureRecord.objects.exists()


def test_a_superuser_cannot_erase_themselves_or_give_no_reason(world, owen, admin):
    with pytest.raises(NotPermitted, match="yourself"):
        erasure.erase_person(user=admin, by=admin, reason=REASON)
    with pytest.raises(ActionError, match="Say why"):
        erasure.erase_person(user=owen, by=admin, reason="  ")

    assert not ErasureRecord.objects.exists()
    assert User.objects.get(pk=owen.pk).username == "owen"


def test_running_it_twice_is_harmless(world, owen, admin):
    first = erasure.erase_person(user=owen, by=admin, reason=REASON)
    other_admin = User.objects.create_superuser("bea", "bea@example.org", "correct-horse-9")

    second = erasure.erase_person(user=owen, by=other_admin, reason="Again")

    assert second.already_erased is True
    assert second.record == first.record
    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.reason) == (admin, REASON)
    owen.refresh_from_db()
    assert owen.username == f"erased-{owen.pk}" and owen.first_name == "Erased user"


def test_the_summary_counts_open_actions_the_person_still_owns(world, owen, admin):
    summary = erasure.erase_person(user=owen, by=admin, reason=REASON)

    assert summary.open_actions_owned == 1


# The command ------------------------------------------------------------------------------


def erase(*args: str, answer: str | None = None, monkeypatch=None) -> str:
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt: answer)
    out = io.StringIO()
    call_command("erase_person", *args, stdout=out)
    return out.getvalue()


def test_the_command_erases_after_confirmation(world, owen, admin, monkeypatch):
    output = erase(
        "owen", "--by", "ada", "--reason", REASON, answer="owen", monkeypatch=monkeypatch
    )

    assert f"Erased owen: now erased-{owen.pk}." in output
    assert "api tokens: 1" in output
    assert "1 open action(s) are still owned by the erased account" in output
    assert ErasureRecord.objects.get().person_id == owen.pk


def test_the_command_changes_nothing_unless_confirmed(world, owen, admin, monkeypatch):
    with pytest.raises(CommandError, match="Not confirmed"):
        erase("owen", "--by", "ada", "--reason", REASON, answer="no", monkeypatch=monkeypatch)

    assert User.objects.get(pk=owen.pk).username == "owen"
    assert not ErasureRecord.objects.exists()


def test_the_command_with_yes_does_not_ask(world, owen, admin, monkeypatch):
    def no_questions(prompt: str) -> str:
        raise AssertionError("asked for confirmation")

    monkeypatch.setattr("builtins.input", no_questions)

    erase("owen", "--by", "ada", "--reason", REASON, "--yes")

    assert ErasureRecord.objects.filter(person=owen).exists()


def test_the_command_refuses_a_non_superuser(world, owen):
    with pytest.raises(CommandError, match="Only a superuser can erase"):
        erase("owen", "--by", "mandy", "--reason", REASON, "--yes")

    assert User.objects.get(pk=owen.pk).username == "owen"


def test_the_command_needs_by_and_reason(world, owen, admin):
    with pytest.raises(CommandError, match="--by"):
        erase("owen", "--reason", REASON, "--yes")
    with pytest.raises(CommandError, match="--reason"):
        erase("owen", "--by", "ada", "--yes")
    with pytest.raises(CommandError, match="No person has the username “nobody”"):
        erase("nobody", "--by", "ada", "--reason", REASON, "--yes")


def test_the_command_run_twice_says_so(world, owen, admin):
    erase("owen", "--by", "ada", "--reason", REASON, "--yes")

    output = erase(f"erased-{owen.pk}", "--by", "ada", "--reason", REASON, "--yes")

    assert "was already erased on" in output and "by ada" in output
    assert ErasureRecord.objects.count() == 1
