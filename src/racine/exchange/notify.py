"""E-mail notifications of the exchange: who is told, in which language, with what.

Five events send mail: an item shared, at its creation or when its sharing changes (to
everyone who may now read it, its author aside, once: who was told before or has opened
it is not told again, :class:`~racine.exchange.models.Notified`) or passed on by an
accepted dissemination (to the organisation it reaches), a dissemination asked (to the
originator's officers), its decision (to whom asked), an answer to a request (to the
requesting organisation). Who receives a mail is decided by the sharing policy alone:
each candidate is asked ``services.visible_items(user).filter(pk=item)`` — the filter
every page uses — so a user who could not open the item is never told it exists.

A mail leaves the platform: it names the kind of event and of item and gives a link,
never a title, a text, a name or an identifier. It is written in the recipient's language
(their notification preference), French otherwise, and never sent to who turned e-mails
off. Sending happens in a background job (``tasks.send_notifications``) queued once the
write has committed (:func:`racine.exchange.events.announce`): a slow or broken mail
server delays mail, never a write.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from racine.core.errors import InvalidInput
from racine.core.models import User
from racine.exchange import services
from racine.exchange.choices import ItemKind
from racine.exchange.events import (
    ANSWERED,
    DISSEMINATED,
    DISSEMINATION_DECIDED,
    DISSEMINATION_REQUESTED,
    SHARED,
)
from racine.exchange.models import (
    Answer,
    Dissemination,
    Item,
    NotificationPreference,
    Notified,
    ReadMark,
)

# --- who is told ------------------------------------------------------------------------------


def candidates() -> QuerySet[User]:
    """Return the accounts that could receive mail: active, an exchange role, an address."""
    return (
        User.objects.filter(is_active=True, roles__code__in=services.EXCHANGE_ROLES)
        .exclude(email="")
        .exclude(exchange_preference__email=False)
        .select_related("organisation")
        .distinct()
        .order_by("pk")
    )


def readers(item_id: int, among: QuerySet[User]) -> list[User]:
    """Return those of ``among`` who may see the item, each asked through the policy's filter."""
    return [user for user in among if services.visible_items(user).filter(pk=item_id).exists()]


def recipients(event: str, object_id: int) -> tuple[Item | None, list[User]]:
    """Return the item an event is about and who is told of it (empty if it is gone)."""
    people = candidates()
    if event == SHARED:
        item = Item.objects.filter(pk=object_id).first()
        if item is None:
            return None, []
        told = Notified.objects.filter(item_id=item.pk).values("user_id")
        opened = ReadMark.objects.filter(item_id=item.pk).values("user_id")
        people = people.exclude(pk=item.author_id).exclude(pk__in=told).exclude(pk__in=opened)
        return item, readers(item.pk, people)
    if event in (DISSEMINATED, DISSEMINATION_REQUESTED, DISSEMINATION_DECIDED):
        dissemination = Dissemination.objects.select_related("item").filter(pk=object_id).first()
        if dissemination is None:
            return None, []
        item = dissemination.item
        if event == DISSEMINATED:  # the organisation it was passed on to
            people = people.filter(organisation_id=dissemination.organisation_id)
        elif event == DISSEMINATION_REQUESTED:
            people = people.filter(organisation_id=item.originator_id).exclude(
                pk=dissemination.requested_by_id
            )
        else:
            people = people.filter(pk=dissemination.requested_by_id)
        return item, readers(item.pk, people)
    if event == ANSWERED:
        answer = Answer.objects.select_related("request__item").filter(pk=object_id).first()
        if answer is None:
            return None, []
        item = answer.request.item
        people = people.filter(organisation_id=item.originator_id).exclude(pk=answer.author_id)
        return item, readers(item.pk, people)
    raise ValueError(f"unknown event {event!r}")


# --- what they are told -----------------------------------------------------------------------


def language_of(user: User) -> str:
    """Return the language of ``user``'s e-mails: their preference, else French."""
    preference = NotificationPreference.objects.filter(user=user).first()
    languages = dict(settings.LANGUAGES)
    if preference and preference.language in languages:
        return preference.language
    return "fr"


def message(event: str, item: Item, user: User) -> EmailMessage:
    """Return the e-mail telling ``user`` of ``event``: the kinds and a link, nothing more."""
    with translation.override(language_of(user)):
        kind = str(ItemKind(item.kind).label)
        subjects = {
            SHARED: _("Shared with you: %(kind)s"),
            DISSEMINATED: _("Shared with you: %(kind)s"),
            DISSEMINATION_REQUESTED: _("Dissemination awaiting your decision: %(kind)s"),
            DISSEMINATION_DECIDED: _("Your dissemination request has been decided: %(kind)s"),
            ANSWERED: _("New answer to your request for information"),
        }
        subject = subjects[event] % {"kind": kind}
        link = settings.RACINE_SITE_URL + reverse("exchange:item", args=[item.pk])
        body = "\n\n".join(
            [
                _("Hello,"),
                subject,
                _("Open it on Racine: %(link)s") % {"link": link},
                _(
                    "This message carries none of the item's content: sign in to read it. "
                    "You can turn these e-mails off on Racine (Exchange, E-mail notifications)."
                ),
            ]
        )
        return EmailMessage(f"[Racine] {subject}", body, to=[user.email])


def send(event: str, object_id: int) -> int:
    """Send the e-mails of ``event``; return how many were sent (the background job's work)."""
    item, people = recipients(event, object_id)
    if item is None or not people:
        return 0
    messages = [message(event, item, user) for user in people]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    if event == SHARED:  # after sending: a crash in between may repeat a mail, never lose one
        Notified.objects.bulk_create(
            [Notified(item=item, user=user) for user in people], ignore_conflicts=True
        )
    return sent


# --- preferences ------------------------------------------------------------------------------


def preference_of(user: User) -> NotificationPreference:
    """Return ``user``'s preference (not stored until changed: e-mails on, in French)."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def save_preference(user: User, email: bool, language: str) -> NotificationPreference:
    """Store whether ``user`` receives e-mails, and in which language."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language."), field="language")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "language": language}
    )
    return preference
