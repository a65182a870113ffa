"""Nobody can remove the last administrator, nor their own administrator role.

Through the service, the API and the page; and two administrators removing each other
at the same moment (two threads, two database connections) leave one administrator.
"""

import threading

import pytest
from django.db import connection, transaction

from racine.core import services
from racine.core.errors import RacineError
from racine.core.models import User


def _data(account: User, roles: list[str], is_active: bool = True) -> services.UserData:
    return services.UserData(
        username=account.username,
        organisation=account.organisation_id,
        roles=roles,
        is_active=is_active,
    )


def _administrators() -> int:
    return User.objects.filter(is_active=True, roles__code="administrator").count()


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"roles": ["viewer"]}, {"is_active": False}])
def test_an_administrator_cannot_remove_their_own_role(administrator, make_user, change):
    make_user("bob", roles=["administrator"])
    data = _data(administrator, **{"roles": ["administrator"], **change})
    with pytest.raises(RacineError):
        services.update_user(administrator, administrator.pk, data)
    assert "administrator" in User.objects.get(pk=administrator.pk).role_codes()


@pytest.mark.django_db
def test_the_last_administrator_keeps_the_role(administrator, make_user):
    from racine.core.models import Role

    # Even a stale second administrator (demoted behind the service's back) changes nothing.
    bob = make_user("bob", roles=["administrator"])
    assert "administrator" in bob.role_codes()  # what a request read before the demotion
    bob.roles.remove(Role.objects.get(code="administrator"))
    with pytest.raises(RacineError):
        services.update_user(bob, administrator.pk, _data(administrator, ["viewer"]))
    assert _administrators() == 1


@pytest.mark.django_db
def test_the_api_refuses_to_remove_ones_own_role(administrator, login):
    body = {
        "username": administrator.username,
        "organisation": administrator.organisation_id,
        "roles": ["viewer"],
    }
    response = login(administrator).put(
        f"/api/users/{administrator.pk}", body, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["field"] == "roles"
    assert _administrators() == 1


@pytest.mark.django_db
def test_the_page_refuses_to_remove_ones_own_role(administrator, login):
    response = login(administrator).post(
        f"/administration/utilisateurs/{administrator.pk}/",
        {
            "username": administrator.username,
            "organisation": administrator.organisation_id,
            "roles": ["viewer"],
            "is_active": "on",
        },
    )
    assert response.status_code in (200, 400, 409)
    assert _administrators() == 1


@pytest.mark.django_db(transaction=True)
def test_two_administrators_removing_each_other_at_once_leave_one(make_user):
    for round_number in range(4):
        first = make_user(f"a{round_number}", roles=["administrator"])
        second = make_user(f"b{round_number}", roles=["administrator"])
        User.objects.filter(roles__code="administrator").exclude(
            pk__in=[first.pk, second.pk]
        ).update(is_active=False)
        # Both requests have read their caller's roles before either change lands.
        assert first.role_codes() == second.role_codes() == {"administrator"}
        start = threading.Barrier(2)
        outcomes = []

        def remove(caller, target, start=start, outcomes=outcomes):
            start.wait()
            try:
                with transaction.atomic():
                    services.update_user(caller, target.pk, _data(target, ["viewer"]))
                outcomes.append("removed")
            except RacineError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [
            threading.Thread(target=remove, args=(first, second)),
            threading.Thread(target=remove, args=(second, first)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["refused", "removed"], outcomes
        assert _administrators() == 1
