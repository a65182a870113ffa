"""The intel pages: the review queue, deciding, the entity page and un-merging."""

from hypothesis import given
from hypothesis import strategies as st

from racine.intel.models import Decision


def test_the_review_page_lists_visible_pairs_and_records_a_decision(network, link, login):
    a = network.entity(network.shared, kind="company", name="Frutas del Pacífico")
    b = network.entity(network.shared_too, kind="company", name="FRUTAS DEL PACIFICO")
    hidden = network.entity(network.hidden, kind="company", name="Frutas Pacifico Secreta")
    link(a, b, 0.6, "same name")
    link(b, hidden, 0.7, "same name")
    mexican = login(network.mexican)
    page = mexican.get("/renseignement/")
    assert page.status_code == 200
    assert "FRUTAS DEL PACIFICO" in page.text and "Secreta" not in page.text
    refused = mexican.post(f"/renseignement/paires/{a.pk}/{b.pk}/decision/", {"revises": "0"})
    assert refused.status_code == 400 and not Decision.objects.exists()
    done = mexican.post(
        f"/renseignement/paires/{a.pk}/{b.pk}/decision/",
        {"verdict": "same", "reason": "Même RFC.", "revises": "0"},
    )
    assert done.status_code == 302
    assert Decision.objects.get().verdict == "same"
    assert (
        mexican.post(
            f"/renseignement/paires/{b.pk}/{hidden.pk}/decision/",
            {"verdict": "same", "reason": "?", "revises": "0"},
        ).status_code
        == 404
    )
    assert login(network.sanctions).get("/renseignement/").status_code == 403


def test_the_entity_page_shows_the_visible_cluster_and_separates_a_record(network, link, login):
    a = network.entity(network.shared, name="Juan Pérez", identifier="PA123456", country="CO")
    b = network.entity(network.hidden, name="Juan Perez", identifier="PA123456", country="CO")
    c = network.entity(network.shared_too, name="Juan Pérez Gil")
    link(a, b)
    link(a, c, 0.95)
    mexican = login(network.mexican)
    page = mexican.get(f"/renseignement/entites/{a.pk}/")
    assert page.status_code == 200
    assert "Juan Pérez Gil" in page.text and "Source humaine" not in page.text
    assert f"/echanges/{network.shared_too.pk}/" in page.text
    assert mexican.get(f"/renseignement/entites/{b.pk}/").status_code == 404
    french = login(network.french)
    assert "Source humaine à Veracruz" in french.get(f"/renseignement/entites/{a.pk}/").text
    done = french.post(
        f"/renseignement/entites/{a.pk}/separer/", {"record": c.pk, "reason": "Homonyme."}
    )
    assert done.status_code == 302
    page = mexican.get(f"/renseignement/entites/{a.pk}/")
    assert "Juan Pérez Gil" not in page.text.split("Timeline")[0].split("Chronologie")[0]
    # A record one may not see cannot be chosen to separate.
    refused = mexican.post(
        f"/renseignement/entites/{a.pk}/separer/", {"record": b.pk, "reason": "?"}
    )
    assert refused.status_code == 400


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "9" * 40, "-1", "same"]),
)


@given(verdict=HOSTILE, reason=HOSTILE, revises=HOSTILE)
def test_hostile_values_never_break_the_review_form_or_api(network, link, login, verdict, reason,
                                                           revises):  # fmt: skip
    a = network.entity(network.shared, kind="company", name="Naviera Andina")
    b = network.entity(network.shared_too, kind="company", name="Naviera Andina")
    link(a, b, 0.6, "same name")
    client = login(network.mexican)
    page = client.post(
        f"/renseignement/paires/{a.pk}/{b.pk}/decision/",
        {"verdict": verdict, "reason": reason, "revises": revises},
    )
    assert page.status_code in {302, 400}
    answer = client.post(
        f"/api/intel/pairs/{a.pk}/{b.pk}/decision",
        {"verdict": verdict, "reason": reason, "revises": revises},
        content_type="application/json",
    )
    assert answer.status_code in {201, 400, 409, 422}
    for url in ("/renseignement/", f"/renseignement/entites/{a.pk}/", "/api/intel/review"):
        assert client.get(url).status_code == 200
    assert Decision.objects.filter(left_id=a.pk).count() <= 1


def test_a_verdicts_reason_stays_in_the_organisation_that_wrote_it(network, link, login):
    a = network.entity(network.shared, name="Juan Pérez", identifier="PA123456", country="CO")
    c = network.entity(network.shared_too, name="Juan Pérez Gil")
    link(a, c, 0.95)
    french = login(network.french)
    reason = "Même homme que dans le rapport interne 2025-117."
    done = french.post(
        f"/renseignement/entites/{a.pk}/separer/", {"record": c.pk, "reason": reason}
    )
    assert done.status_code == 302
    assert reason in french.get(f"/renseignement/entites/{a.pk}/").text
    mexican = login(network.mexican)
    page = mexican.get(f"/renseignement/entites/{a.pk}/").text
    answer = mexican.get(f"/api/intel/entities/{a.pk}")
    assert reason not in page and reason not in answer.text
    (decision,) = answer.json()["decisions"]  # the verdict stays, not its reason
    assert decision["verdict"] == "different" and decision["reason"] != reason
