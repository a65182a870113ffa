"""E-mail notifications: sent after commit by a background job, only to who may see the item.

Django's locmem backend (its own test backend) collects the messages in ``mail.outbox``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django_tasks_db.models import DBTaskResult

from racine.core.models import User
from racine.exchange import compose, events, notify, services
from racine.exchange.models import Item, NotificationPreference
from tests.exchange.conftest import seizure


@pytest.fixture
def addressed(world):
    """Give every account of the world an address: username@example.org."""
    User.objects.update(email=Concat(F("username"), Value("@example.org")))
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_jobs):
    """Run ``write`` as if committed, then the jobs it queued; return the mails sent."""

    def run(write):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        run_jobs()
        return result, {m.to[0].split("@")[0]: m for m in mail.outbox}

    return run


def share(world, **changes):
    data = seizure(agreement=world.agreements["mexico"].pk)
    for name, value in changes.items():
        setattr(data, name, value)
    return compose.create_item(world.reader("anam", "partner"), data)


def readers_by_policy(item, author) -> set[str]:
    return {
        user.username
        for user in User.objects.exclude(pk=author.pk)
        if services.visible_items(user).filter(pk=item.pk).exists()
    }


def test_a_shared_item_is_mailed_to_exactly_who_may_see_it(addressed, committed):
    world = addressed
    item, mails = committed(lambda: share(world))
    assert set(mails) == readers_by_policy(item, world.reader("anam", "partner"))
    assert "embassy-embassy" in mails and "diran-partner" in mails
    # A third organisation, roles without exchange, inactive accounts, the author: nothing.
    for username in ("fgr-partner", "fgr-analyst", "embassy-admin", "embassy-viewer"):
        assert username not in mails
    assert "embassy-inactive" not in mails and "anam-partner" not in mails


def test_a_red_item_is_mailed_only_to_its_named_recipients(addressed, committed):
    world = addressed
    named = world.reader("embassy", "embassy")
    item, mails = committed(lambda: share(world, handling="red", recipients=[named.pk]))
    assert "embassy-embassy" in mails
    assert "embassy-analyst" not in mails  # same organisation, not named
    assert not any(name.startswith(("fgr-", "diran-", "ministry-")) for name in mails)
    assert set(mails) == readers_by_policy(item, world.reader("anam", "partner"))


def test_the_mail_carries_the_kind_and_a_link_never_the_content(addressed, committed, settings):
    settings.RACINE_SITE_URL = "https://racine.example.org"
    world = addressed
    item, mails = committed(lambda: share(world))
    message = mails["embassy-embassy"]
    text = message.subject + message.body
    assert f"https://racine.example.org/echanges/{item.pk}/" in message.body
    assert "Manzanillo" not in text and "cocaïne" not in text and item.title not in text
    assert message.subject == "[Racine] Partagé avec vous : Rapport de saisie"  # French first
    assert message.to == ["embassy-embassy@example.org"] and not message.cc and not message.bcc


def test_the_mail_speaks_the_recipients_language_and_can_be_turned_off(addressed, committed):
    world = addressed
    NotificationPreference.objects.create(user=world.reader("embassy", "embassy"), language="es")
    NotificationPreference.objects.create(user=world.reader("embassy", "analyst"), language="en")
    NotificationPreference.objects.create(user=world.reader("diran", "partner"), email=False)
    _item, mails = committed(lambda: share(world))
    assert "Informe de incautación" in mails["embassy-embassy"].subject
    assert mails["embassy-analyst"].subject == "[Racine] Shared with you: Seizure report"
    assert "diran-partner" not in mails and "diran-analyst" in mails


def test_the_dissemination_workflow_and_answers_are_mailed(addressed, committed):
    world = addressed
    item = share(world)
    embassy = world.reader("embassy", "embassy")
    dissemination, mails = committed(
        lambda: services.request_dissemination(embassy, item.pk, world.orgs["fgr"].pk)
    )
    assert set(mails) == {
        "anam-partner",
        "anam-analyst",
        "anam-embassy",
        "anam-sanctions",
        "anam-admin_analyst",
    }
    assert "décision" in mails["anam-analyst"].subject
    _decided, mails = committed(
        lambda: services.decide_dissemination(
            world.reader("anam", "analyst"), dissemination.pk, True
        )
    )
    # The requester hears of the decision; the organisation it reaches, of the item.
    fgr = {u.username for u in User.objects.filter(organisation=world.orgs["fgr"])}
    assert set(mails) == {"embassy-embassy"} | (readers_by_policy(item, embassy) & fgr)
    assert "fgr-partner" in mails and "fgr-viewer" not in mails
    request = compose.create_item(
        world.reader("anam", "partner"),
        compose.ItemData(
            kind="request",
            title="Antécédents du conteneur",
            handling="amber",
            distribution="agreement",
            agreement=world.agreements["mexico"].pk,
            request=compose.RequestData(
                "Déjà contrôlé ?", world.orgs["embassy"].pk, dt.date.today() + dt.timedelta(7)
            ),
        ),
    )
    _answer, mails = committed(lambda: services.answer_request(embassy, request.pk, "Oui."))
    assert set(mails) == readers_by_policy(request, embassy) & {
        u.username for u in User.objects.filter(organisation=world.orgs["anam"])
    }
    assert "anam-partner" in mails and "Oui." not in mails["anam-partner"].body


def test_nothing_is_queued_before_commit_nor_after_a_rollback(addressed, run_jobs):
    world = addressed
    with transaction.atomic():
        share(world)
        assert not DBTaskResult.objects.exists()  # queued only once committed
        transaction.set_rollback(True)
    assert run_jobs() == 0 and mail.outbox == []


def test_a_broken_mail_server_never_breaks_the_write(
    addressed, settings, run_jobs, django_capture_on_commit_callbacks
):
    world = addressed
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 8129, 2
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    payload = {
        "kind": "seizure",
        "title": "Saisie",
        "handling": "amber",
        "distribution": "agreement",
        "agreement": world.agreements["mexico"].pk,
        "seized_on": "2026-03-02",
        "country": "MX",
        "drugs": [{"drug": "cocaine_hydrochloride", "quantity": 10, "unit": "kg"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/exchange/items", payload, content_type="application/json")
    assert answer.status_code == 201
    run_jobs()  # nothing listens on the port: the job fails, the item stays
    assert Item.objects.filter(pk=answer.json()["id"]).exists()
    mails = DBTaskResult.objects.get(task_path__endswith="send_notifications")
    assert mails.status == "FAILED"


def test_a_bulk_write_queues_one_job_for_all_its_items(addressed, committed):
    world = addressed

    def bulk():
        with events.batched():
            return [share(world) for _ in range(3)]

    items, mails = committed(bulk)
    # One job for the mails (and one for the sanctions screening of the items' names).
    assert DBTaskResult.objects.filter(task_path__endswith="send_notifications").count() == 1
    assert len(mail.outbox) == 3 * len(readers_by_policy(items[0], world.reader("anam", "partner")))


def test_unknown_events_are_refused():
    with pytest.raises(ValueError):
        events.announce("leak", 1)
    with pytest.raises(ValueError):
        notify.recipients("leak", 1)


def test_the_preference_page(addressed):
    world = addressed
    client = Client()
    client.force_login(world.reader("embassy", "embassy"))
    assert client.get("/echanges/notifications/").status_code == 200
    assert client.post("/echanges/notifications/", {"language": "xx"}).status_code == 400
    assert client.post("/echanges/notifications/", {"language": "es"}).status_code == 302
    preference = NotificationPreference.objects.get()
    assert (preference.email, preference.language) == (False, "es")
    viewer = Client()
    viewer.force_login(world.reader("embassy", "viewer"))
    assert viewer.get("/echanges/notifications/").status_code == 403


def test_a_change_of_sharing_mails_only_the_readers_it_newly_reaches(addressed, committed):
    world = addressed
    author = world.reader("anam", "partner")
    # First shared with the Mexican customs alone, then with the agreement's parties.
    item, first = committed(lambda: share(world, distribution="originator"))
    assert set(first) == readers_by_policy(item, author)
    assert "embassy-embassy" not in first
    widened = compose.SharingData(
        handling=item.handling, distribution="agreement", agreement=item.agreement_id
    )
    _, second = committed(lambda: compose.change_sharing(author, item.pk, widened))
    assert "embassy-embassy" in second and "diran-partner" in second
    assert not set(first) & set(second)  # who was told before is not told again
    assert set(second) == readers_by_policy(item, author) - set(first)
    # A change that reaches no one new sends nothing; nor does a job run twice.
    _, third = committed(lambda: compose.change_sharing(author, item.pk, widened))
    assert third == {}
    assert notify.send(events.SHARED, item.pk) == 0


def test_who_has_opened_the_item_is_not_told_of_a_change(addressed, committed):
    world = addressed
    author = world.reader("anam", "partner")
    item, _ = committed(lambda: share(world, distribution="originator"))
    embassy = world.reader("embassy", "embassy")
    narrowed = compose.SharingData(
        handling="amber", distribution="agreement", agreement=item.agreement_id
    )
    compose.change_sharing(author, item.pk, narrowed)  # no job run: nobody told yet
    services.record_read(embassy, services.get_item(embassy, item.pk))
    _, mails = committed(lambda: compose.change_sharing(author, item.pk, narrowed))
    assert "embassy-embassy" not in mails and "diran-partner" in mails


def test_a_batch_s_announcements_travel_as_runs_of_consecutive_ids():
    pairs = [[events.SHARED, 5], [events.SHARED, 6], [events.SHARED, 7], [events.SHARED, 9]]
    pairs += [[events.ANSWERED, 10], [events.SHARED, 11], [events.SHARED, 10]]
    runs = events.runs(pairs)
    assert runs == [
        [events.SHARED, 5, 7],
        [events.SHARED, 9, 9],
        [events.ANSWERED, 10, 10],
        [events.SHARED, 11, 11],
        [events.SHARED, 10, 10],
    ]
    assert events.expand(runs) == [tuple(pair) for pair in pairs]
    assert events.expand([[events.SHARED, 3]]) == [(events.SHARED, 3)], "jobs queued before"
