"""Files attached to exchanged items: checked, stored outside the database, read under the policy.

An upload is copied to a temporary file beside the store while it is counted and hashed
(the size the client declares is not trusted), its type is detected from the bytes
against an allow-list (:mod:`racine.exchange.filetypes`), then it is renamed — atomically
— to a random UUID and its row is written in the caller's transaction. Nothing the
uploader sent names anything: not the path, not the file name, not the content type.

A refused upload leaves no file. A transaction rolled back after the rename (by a later
step of the caller) leaves a file no row names: :func:`sweep_orphans`, run hourly by
``racine worker``, removes such files once they are older than :data:`ORPHAN_GRACE`.

Reading goes through :func:`racine.exchange.services.get_item`: an attachment of an item
the reader may not see answers « not found », exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from racine.core.choices import AuditAction
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.permissions import has_role, require_role
from racine.exchange import filetypes, services
from racine.exchange.models import Attachment, Item

MB = 1024 * 1024
CHUNK = 64 * 1024
ORPHAN_GRACE = dt.timedelta(hours=1)  # longer than any transaction that writes a file
TEMP_PREFIX = ".upload-"
DESCRIPTION_LENGTH = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

# The engine's reasons are plain English; their sentences in the reader's language.
REASONS = {
    "the file is empty": gettext_lazy("the file is empty"),
    "the type of the file is not accepted": gettext_lazy("the type of the file is not accepted"),
    "the file is both a document and an archive": gettext_lazy(
        "the file is both a document and an archive"
    ),
    "the file holds HTML or script markup": gettext_lazy("the file holds HTML or script markup"),
    "the archive cannot be read": gettext_lazy("the archive cannot be read"),
    "the archive holds too many parts": gettext_lazy("the archive holds too many parts"),
    "the archive is compressed beyond reason (a zip bomb?)": gettext_lazy(
        "the archive is compressed beyond reason (a zip bomb?)"
    ),
    "the archive unpacks beyond reason (a zip bomb?)": gettext_lazy(
        "the archive unpacks beyond reason (a zip bomb?)"
    ),
}


def store() -> Path:
    """Return the folder of attached files (created if missing)."""
    folder = Path(settings.RACINE_ATTACHMENTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(attachment: Attachment) -> Path:
    """Return where an attachment's bytes are: a path made of its UUID alone."""
    name = attachment.stored_name
    if not re.fullmatch(r"[0-9a-f]{32}", name):  # never a path from anywhere else
        raise NotFound(_("No attachment with id %(id)s.") % {"id": attachment.pk})
    return store() / name[:2] / name


def may_attach(user, item: Item) -> bool:
    """Return whether ``user`` may attach files to ``item`` (author, originator's officers)."""
    if user.pk == item.author_id:
        return True
    return user.organisation_id == item.originator_id and has_role(user, *services.EXCHANGE_ROLES)


def clean_description(text: str) -> str:
    """Return the description as stored, or raise :class:`InvalidInput` on the field."""
    text = (text or "").strip()
    if len(text) > DESCRIPTION_LENGTH:
        raise InvalidInput(
            _("The description is longer than %(n)s characters.") % {"n": DESCRIPTION_LENGTH},
            field="description",
        )
    if CONTROL.search(text):
        raise InvalidInput(_("The description holds control characters."), field="description")
    return text


def _copied(upload, limit: int) -> tuple[Path, int, str]:
    """Copy ``upload`` to a temporary file in the store; return its path, size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    # Closed by the ``with`` below; not deleted on close: it is renamed into the store.
    handle = tempfile.NamedTemporaryFile(dir=store(), prefix=TEMP_PREFIX, delete=False)  # noqa: SIM115
    path = Path(handle.name)
    try:
        with handle:
            for chunk in upload.chunks(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise InvalidInput(
                        _("The file is larger than %(mb)s MB.")
                        % {"mb": settings.RACINE_MAX_ATTACHMENT_MB},
                        field="file",
                    )
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, digest.hexdigest()


def _detected(path: Path) -> filetypes.FileType:
    with path.open("rb") as stream:
        try:
            return filetypes.detect(filetypes.read_head(stream), stream)
        except filetypes.Refused as error:
            reason = str(REASONS.get(str(error), str(error)))
            raise InvalidInput(
                _("The file is refused: %(reason)s. Accepted: %(types)s.")
                % {"reason": reason, "types": "PDF, PNG, JPEG, TXT, CSV, XLSX, DOCX, ODT, ODS"},
                field="file",
            ) from None


def attach(user, pk: int, upload, description: str = "") -> Attachment:
    """Attach an uploaded file to item ``pk`` (its author or its originator's officers).

    The caller owns the transaction. Refused: an empty or oversized file, a type outside
    the allow-list (whatever the name or declared type says), an archive that would
    unpack beyond reason, a polyglot.
    """
    require_role(user, *services.EXCHANGE_ROLES)
    item = services.get_item(user, pk)
    if not may_attach(user, item):
        raise PermissionDenied(
            _("Only the author and the officers of the originating organisation attach files.")
        )
    description = clean_description(description)
    if upload is None:
        raise InvalidInput(_("Choose a file."), field="file")
    limit = settings.RACINE_MAX_ATTACHMENT_MB * MB
    if (upload.size or 0) > limit:  # the cheap check first; the copy counts for itself
        raise InvalidInput(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.RACINE_MAX_ATTACHMENT_MB},
            field="file",
        )
    temporary, size, sha256 = _copied(upload, limit)
    final = None
    try:
        if size == 0:
            raise InvalidInput(_("The file is empty."), field="file")
        found = _detected(temporary)
        # One number after another per item: the item's row is the lock.
        list(Item.objects.select_for_update().filter(pk=item.pk).values_list("pk", flat=True))
        number = (item.attachments.aggregate(last=Max("number"))["last"] or 0) + 1
        stored_name = uuid.uuid4().hex
        final = store() / stored_name[:2] / stored_name
        final.parent.mkdir(exist_ok=True)
        os.replace(temporary, final)  # atomic: the file is whole or absent
        with transaction.atomic():  # a savepoint: a refused row removes the file below
            return Attachment.objects.create(
                item=item,
                number=number,
                stored_name=stored_name,
                content_type=found.content_type,
                extension=found.extension,
                size=size,
                sha256=sha256,
                description=description,
                uploaded_by=user,
            )
    except IntegrityError:
        raise Conflict(
            _("Another file was attached at the same time; retry."), field="file"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
        if final is not None and not Attachment.objects.filter(stored_name=final.name).exists():
            final.unlink(missing_ok=True)


def list_attachments(user, pk: int) -> QuerySet[Attachment]:
    """Return the attachments of an item ``user`` may see."""
    item = services.get_item(user, pk)
    return item.attachments.select_related("uploaded_by")


def get_attachment(user, pk: int) -> Attachment:
    """Return an attachment whose item ``user`` may see, or raise :class:`NotFound`.

    The item is read through :func:`services.get_item`; a hidden item's attachment gets
    the same answer as a missing one.
    """
    missing = NotFound(_("No attachment with id %(id)s.") % {"id": pk})
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise missing
    try:
        attachment.item = services.get_item(user, attachment.item_id)
    except NotFound:
        raise missing from None
    return attachment


def open_for_download(user, pk: int) -> tuple[Attachment, object]:
    """Return an attachment and its open file; the download of a restricted item is audited."""
    attachment = get_attachment(user, pk)
    try:
        stream = stored_path(attachment).open("rb")
    except FileNotFoundError:
        raise NotFound(_("No attachment with id %(id)s.") % {"id": pk}) from None
    services.record_read(user, attachment.item, AuditAction.DOWNLOAD)
    return attachment, stream


def sweep_orphans(now: dt.datetime | None = None) -> int:
    """Remove stored files no attachment names, older than :data:`ORPHAN_GRACE`; return how many."""
    folder = store()
    cutoff = ((now or timezone.now()) - ORPHAN_GRACE).timestamp()
    removed = 0
    candidates = [p for p in folder.glob("*/*") if p.is_file()]
    candidates += [p for p in folder.glob(TEMP_PREFIX + "*") if p.is_file()]
    old = [p for p in candidates if p.stat().st_mtime < cutoff]
    known = set(
        Attachment.objects.filter(stored_name__in=[p.name for p in old]).values_list(
            "stored_name", flat=True
        )
    )
    for path in old:
        if path.name not in known:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
