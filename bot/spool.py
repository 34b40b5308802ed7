"""The spool: messages answered with the safety reply because the store could not take them.

When the engine cannot finish (Redis down or hung, a conversation lock held too long, a bug), the person
gets the static safety reply at once, and the message is appended here before that reply is returned:
one JSON line, written with `O_APPEND` under an exclusive `flock` and `fsync`ed. The engine replays the
spool when the store answers again (`Engine.replay_spool`), by message id, so each message is recorded
exactly once: one already recorded (the work finished after all, or another process replayed it first)
is skipped.

Replay takes the spool file by renaming it (new messages start a new file at once), waits on its lock for
a writer still appending to the old one, and deletes it only when every line is recorded; a replay that
fails part way leaves the file for the next, and the lines already recorded are skipped then.

The spool holds phone numbers and message text: the directory is created owner-only (0700) and each
file 0600. `fivesteps erase` removes a number's lines from it.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.conversation import Channel, ConversationKey
from bot.messages import InboundMessage, Location, Media, OptOutType

log = logging.getLogger(__name__)

_CURRENT = "spool.jsonl"
_TAKEN = "replay-{}.jsonl"


class SpooledMessage(BaseModel):
    """One message the store did not take, and what the person was sent instead."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    message_id: str
    channel: Channel
    address: str
    service_address: str
    text: str = ""
    media: list[tuple[str, str]] = []
    button_payload: str | None = None
    button_text: str | None = None
    location: tuple[float, float, str, str] | None = None
    opt_out_type: OptOutType | None = None
    replies: list[str]  # what the person was sent (the emergency or safety reply)
    emergency: str | None = None  # the detector's category when it fired
    reason: str  # why the engine could not finish: store_unavailable, timeout, ...
    at: float  # when the message arrived

    @classmethod
    def of(
        cls, message: InboundMessage, replies: list[str], emergency: str | None, reason: str, at: float
    ) -> SpooledMessage:
        return cls(
            message_id=message.message_id,
            channel=message.contact.channel,
            address=message.contact.address,
            service_address=message.service_address,
            text=message.text,
            media=[(m.url, m.content_type) for m in message.media],
            button_payload=message.button_payload,
            button_text=message.button_text,
            location=None
            if message.location is None
            else (
                message.location.latitude,
                message.location.longitude,
                message.location.label,
                message.location.address,
            ),
            opt_out_type=message.opt_out_type,
            replies=replies,
            emergency=emergency,
            reason=reason,
            at=at,
        )

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, self.address)

    def message(self) -> InboundMessage:
        return InboundMessage(
            message_id=self.message_id,
            contact=self.key,
            service_address=self.service_address,
            text=self.text,
            media=tuple(Media(url, kind) for url, kind in self.media),
            button_payload=self.button_payload,
            button_text=self.button_text,
            location=None if self.location is None else Location(*self.location),
            opt_out_type=self.opt_out_type,
        )


@dataclass(frozen=True)
class Batch:
    """A spool file taken for replay, and the messages read from it."""

    path: Path
    messages: list[SpooledMessage]


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = directory / f".probe-{uuid.uuid4().hex}"
        probe.touch(mode=0o600)  # fail at start, not on the day the store goes down
        probe.unlink()

    @property
    def _current(self) -> Path:
        return self.directory / _CURRENT

    def append(self, message: SpooledMessage) -> None:
        """Append one message durably (returns after fsync). Blocking: call it in a thread."""
        line = (message.model_dump_json() + "\n").encode("utf-8")
        while True:
            fd = os.open(self._current, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    here = os.stat(self._current)
                except FileNotFoundError:
                    continue  # taken for replay between open and lock: write to the new file
                if here.st_ino != os.fstat(fd).st_ino:
                    continue
                os.write(fd, line)
                os.fsync(fd)
                return
            finally:
                os.close(fd)  # also releases the lock

    def pending(self) -> bool:
        """Whether anything waits to be replayed (cheap: one directory listing)."""
        return any(p.name == _CURRENT or p.name.startswith("replay-") for p in self.directory.iterdir())

    def take(self) -> Iterator[Batch]:
        """The spooled messages, file by file: files left by an earlier replay first, then the current
        one (renamed, so new messages go to a new file). Blocking: call it in a thread."""
        with contextlib.suppress(FileNotFoundError):
            os.rename(self._current, self.directory / _TAKEN.format(uuid.uuid4().hex))
        taken = []
        for path in self.directory.glob(_TAKEN.format("*")):
            with contextlib.suppress(FileNotFoundError):  # replayed and removed by another process
                taken.append((path.stat().st_mtime, path))
        for _, path in sorted(taken):
            try:
                yield Batch(path, self._read(path))
            except FileNotFoundError:
                continue

    def _read(self, path: Path) -> list[SpooledMessage]:
        with path.open("rb") as file:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)  # a writer that opened it before the rename is done
            raw = file.read()
        messages = []
        for number, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                messages.append(SpooledMessage.model_validate_json(line))
            except ValidationError:
                # A line cut short by a crash mid-write was never acknowledged as spooled.
                log.warning("unreadable spool line skipped", extra={"line": number})
        return messages

    def messages(self) -> list[SpooledMessage]:
        """Everything in the spool, without taking it (for an export). Blocking: call it in a thread."""
        found = []
        for path in [*self.directory.glob(_TAKEN.format("*")), self._current]:
            with contextlib.suppress(FileNotFoundError):
                found.extend(self._read(path))
        return found

    def done(self, batch: Batch) -> None:
        batch.path.unlink(missing_ok=True)

    def remove(self, matches: Callable[[SpooledMessage], bool]) -> int:
        """Delete every spooled message for which `matches` is true (erasure). Returns how many."""
        removed = 0
        for path in [self._current, *self.directory.glob(_TAKEN.format("*"))]:
            try:
                file = path.open("r+b")
            except FileNotFoundError:
                continue
            with file:
                fcntl.flock(file.fileno(), fcntl.LOCK_EX)
                lines = file.read().splitlines(keepends=True)
                kept = []
                for line in lines:
                    try:
                        hit = matches(SpooledMessage.model_validate_json(line))
                    except ValidationError:
                        hit = False
                    if hit:
                        removed += 1
                    else:
                        kept.append(line)
                if len(kept) != len(lines):
                    file.seek(0)
                    file.truncate()
                    file.writelines(kept)
                    file.flush()
                    os.fsync(file.fileno())
        return removed
