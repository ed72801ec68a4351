"""A file mail backend for the real-worker tests, which can be told to stop in the middle.

Each message goes to a file of its own (Django's file backend, one connection per
message). With MAIL_HOLD_AFTER=n in its environment, the worker process writes n
messages, then, about to write the next, creates the file `holding` in the mail folder
and waits forever: the test then knows the worker is in the middle of its work, and
kills it there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend

_sent_by_this_process = 0


class HoldingFileBackend(EmailBackend):
    def send_messages(self, email_messages) -> int:
        global _sent_by_this_process
        hold_after = os.environ.get("MAIL_HOLD_AFTER")
        if hold_after is not None and _sent_by_this_process >= int(hold_after):
            (Path(settings.EMAIL_FILE_PATH) / "holding").touch()
            while True:
                time.sleep(1)
        sent = super().send_messages(email_messages)
        _sent_by_this_process += sent
        return sent
