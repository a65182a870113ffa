"""`racine intel resolve`: links from strong identifiers, names and the model, incrementally."""

import datetime as dt

from racine import cli
from racine.intel import runs, services
from racine.intel.models import Link, Run


def resolve(use_model=False):
    prepared = runs.prepare(use_model=use_model)
    return runs.store(prepared)


def pairs():
    return {(link.left_id, link.right_id): link.reason for link in Link.objects.all()}


def test_strong_identifiers_link_at_once_and_names_go_to_review(network):
    vessel = network.entity(network.shared, kind="vessel", name="MSC Aurora", identifier="9301483")
    same_vessel = network.entity(network.hidden, kind="vessel", identifier="9301483")
    box = network.entity(network.shared, kind="container", identifier="MSKU 907032-3")
    same_box = network.entity(network.shared_too, kind="container", identifier="MSKU9070323")
    person = network.entity(network.shared, name="Juan Pérez", identifier="PA12", country="CO")
    # A short passport number is a placeholder; another country's number is another passport.
    network.entity(network.shared_too, name="Luis Gómez", identifier="PA12", country="CO")
    network.entity(network.shared_too, kind="person", identifier="X1234567", country="CO")
    network.entity(network.hidden, kind="person", identifier="X1234567", country="EC")
    twin = network.entity(
        network.shared_too, name="JUAN PEREZ", birth_date=dt.date(1980, 1, 2), country="CO"
    )
    company = network.entity(network.shared, kind="company", name="Frutas del Pacífico")
    namesake = network.entity(network.shared_too, kind="company", name="FRUTAS DEL PACIFICO")

    run = resolve()

    assert pairs() == {
        (vessel.pk, same_vessel.pk): "same IMO number",
        (box.pk, same_box.pk): "same container number",
        (person.pk, twin.pk): "same name",
        (company.pk, namesake.pk): "same name",
    }
    assert (run.records, run.compared, run.links) == (11, 11, 4)
    # Uncertain pairs go to the review queue; the analyst sees only those they can read.
    queue = {(q.left_id, q.right_id) for q in services.review_queue(network.mexican)}
    assert queue == {(person.pk, twin.pk), (company.pk, namesake.pk)}


def test_only_new_or_changed_records_are_compared_again(network):
    a = network.entity(network.shared, kind="phone", identifier="+525512345678")
    b = network.entity(network.shared_too, kind="phone", identifier="+525512345678")
    assert resolve().compared == 2
    assert resolve().compared == 0  # nothing changed: nothing compared
    assert set(pairs()) == {(a.pk, b.pk)}

    c = network.entity(network.hidden, kind="phone", identifier="+525512345678")
    run = resolve()
    assert (run.compared, run.links) == (1, 2)
    assert set(pairs()) == {(a.pk, b.pk), (a.pk, c.pk), (b.pk, c.pk)}

    b.identifier = "+525500000000"  # corrected in the report
    b.save()
    assert resolve().compared == 1
    assert set(pairs()) == {(a.pk, c.pk)}

    c.delete()
    run = resolve()
    assert (run.compared, run.removed) == (0, 1)
    assert pairs() == {}
    assert Run.objects.count() == 5


def test_decisions_survive_later_runs(network):
    a = network.entity(network.shared, kind="company", name="Naviera Andina")
    b = network.entity(network.shared_too, kind="company", name="Naviera Andina")
    resolve()
    services.decide(network.french, services.DecisionData(a.pk, b.pk, "different", "Homonymes"))
    a.name = "NAVIERA ANDINA"
    a.save()
    resolve()  # the pair is found again…
    assert set(pairs()) == {(a.pk, b.pk)}
    # …and the decision still holds: apart, and out of the queue.
    assert services.cluster_members(network.french, a.pk) == {a.pk}
    assert list(services.review_queue(network.french)) == []


PEOPLE = [
    ("Juan Pérez", "1980-01-02", "CO"),
    ("Juan Peres", "1980-01-02", "CO"),
    ("María López", "1975-05-05", "MX"),
    ("Maria Lopes", "1975-05-05", "MX"),
    ("Pedro Gómez", "1990-01-01", "EC"),
    ("Ana Díaz", "1985-07-14", "CO"),
    ("Luis Martínez", "1970-11-30", "MX"),
    ("Carlos Ramírez", "1992-02-29", "PE"),
    ("Sofía Torres", "1988-09-09", "CO"),
    ("Diego Herrera", "1979-03-03", "EC"),
    ("Lucía Vargas", "1995-12-12", "MX"),
    ("Jorge Castillo", "1969-06-06", "PA"),
]


def test_the_model_scores_people_and_the_command_reports_the_run(network, capsys):
    for index, (name, birth, country) in enumerate(PEOPLE):
        item = network.shared if index % 2 else network.shared_too
        network.entity(item, name=name, birth_date=dt.date.fromisoformat(birth), country=country)
    assert cli.main(["intel", "resolve"]) == 0
    out = capsys.readouterr()
    assert "12 record(s) read, 12 new or changed compared, 0 gone" in out.out
    # The model ran end to end; on a dozen people its prior stays Splink's default
    # (too few pairs to estimate it), so only names and identifiers link here.
    assert "scoring people with the model" in out.err
    assert cli.main(["intel", "resolve"]) == 0
    assert "0 new or changed compared" in capsys.readouterr().out
