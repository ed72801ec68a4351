"""`manage.py erase_person USERNAME --by SUPERUSER --reason TEXT [--yes]`: a person's
data-protection erasure (actions/erasure.py), the only way their data is removed.

It asks for the username again before it changes anything, unless --yes is given. Run
again for someone already erased, it says so and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions import erasure
from actions.services import ActionError


class Command(BaseCommand):
    help = (
        "Erase a person's personal data (UK GDPR): anonymise their account, remove their "
        "memberships, API tokens, calendar token and e-mail choices, and take their name "
        "out of notices. Their actions, timeline entries and history are kept, by "
        "“Erased user”. Only a superuser may do it; who, when and why is recorded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The username of the person to erase.")
        parser.add_argument(
            "--by", required=True, metavar="SUPERUSER", help="Your own username (a superuser)."
        )
        parser.add_argument(
            "--reason",
            required=True,
            help="Why, for the record, e.g. “Erasure request of 3 March 2026, ref. DP-114”. "
            "Do not name the person: the record keeps the reason.",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(
        self, *args: Any, username: str, by: str, reason: str, yes: bool, **options: Any
    ) -> None:
        person = _user(username, "No person has the username “{}”.")
        superuser = _user(by, "No one has the username “{}” given with --by.")
        try:
            erasure.check_erasure_allowed(person=person, by=superuser)
        except ActionError as refused:
            raise CommandError(str(refused)) from refused
        if (earlier := erasure.erasure_of(person)) is not None:
            self.stdout.write(
                f"{person.get_username()} was already erased on {earlier.erased_at:%d %B %Y} "
                f"by {earlier.erased_by.get_username()}. Nothing was changed."
            )
            return
        if not yes:
            self._confirm(person)
        try:
            summary = erasure.erase_person(user=person, by=superuser, reason=reason)
        except ActionError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"Erased {username}: now {person.get_username()}."))
        for what, count in summary.removed.items():
            self.stdout.write(f"  {what.replace('_', ' ')}: {count}")
        if summary.open_actions_owned:
            self.stdout.write(
                self.style.WARNING(
                    f"{summary.open_actions_owned} open action(s) are still owned by the "
                    "erased account: ask their managers to give them to someone else."
                )
            )

    def _confirm(self, person: User) -> None:
        name = person.get_full_name() or "(no name)"
        self.stdout.write(
            f"This erases {name}, {person.get_username()} <{person.email or 'no e-mail'}>. "
            "It cannot be undone."
        )
        try:
            answer = input("Type the username again to go on: ")
        except EOFError:
            answer = ""
        if answer.strip() != person.get_username():
            raise CommandError("Not confirmed: nothing was changed.")


def _user(username: str, missing: str) -> User:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(missing.format(username))
    return user
