"""The resources API: staff posts, budget lines, IATI aid imports and the academy."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from racine.resources.models import AidActivity, BudgetLine, StaffPost
from tests.shared_data import shared_file

US_FILE = "dportal_covid_usg_sector16063_page57_2021-05.xml"


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def put(client, path, body):
    return client.put(path, body, content_type="application/json")


def real_file(name: str) -> Path:
    return shared_file("iati", name)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/xml")


def attache_post(embassy, **changes) -> dict:
    body = {
        "embassy": embassy.pk,
        "kind": "security_attache",
        "title": "Attaché de sécurité intérieure adjoint",
        "fte": 1,
        "starts_on": "2026-01-01",
    }
    return body | changes


# --- staff posts ------------------------------------------------------------------------------


def test_posts_are_listed_by_embassy_and_by_the_day_they_are_open(
    coordinator, mexico, bogota, login
):
    client = login(coordinator)
    post(client, "/api/staff-posts", attache_post(mexico, ends_on="2026-03-31"))
    post(client, "/api/staff-posts", attache_post(mexico, title="Magistrat de liaison", fte=0.5))
    post(client, "/api/staff-posts", attache_post(bogota))

    body = client.get(f"/api/staff-posts?embassy={mexico.pk}").json()
    assert set(body) == {"count", "page", "pages", "results"}
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert {p["embassy_name"] for p in body["results"]} == {"Ambassade de France au Mexique"}

    open_in_april = client.get(f"/api/staff-posts?embassy={mexico.pk}&at=2026-04-01").json()
    assert [(p["title"], p["fte"]) for p in open_in_april["results"]] == [
        ("Magistrat de liaison", 0.5)
    ]


def test_an_embassy_officer_creates_reads_and_ends_a_post_of_their_embassy(attache, mexico, login):
    client = login(attache)
    created = post(client, "/api/staff-posts", attache_post(mexico, fte="0.5"))
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["fte"] == 0.5 and created.json()["embassy"] == mexico.pk

    read = client.get(f"/api/staff-posts/{pk}")
    assert read.status_code == 200 and read.json()["title"] == attache_post(mexico)["title"]

    ended = put(client, f"/api/staff-posts/{pk}", attache_post(mexico, ends_on="2026-06-30"))
    assert ended.status_code == 200
    assert ended.json()["ends_on"] == "2026-06-30" and ended.json()["fte"] == 1.0


def test_an_embassy_officer_cannot_create_a_post_in_another_embassy(attache, bogota, login):
    response = post(login(attache), "/api/staff-posts", attache_post(bogota))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not StaffPost.objects.exists()


def test_a_partner_officer_gets_403_on_staff_posts(aduana, login):
    response = login(aduana).get("/api/staff-posts")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_post_above_one_full_time_equivalent_is_refused_naming_the_field(attache, mexico, login):
    response = post(login(attache), "/api/staff-posts", attache_post(mexico, fte=2))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input" and response.json()["field"] == "fte"
    assert not StaffPost.objects.exists()


def test_a_malformed_date_filter_is_refused(coordinator, login):
    response = login(coordinator).get("/api/staff-posts?at=31/12/2026")
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
    assert response.json()["errors"][0]["field"].endswith("at")


# --- budget lines -----------------------------------------------------------------------------


def test_a_second_budget_line_for_the_same_year_and_category_is_refused(attache, mexico, login):
    client = login(attache)
    line = {"embassy": mexico.pk, "year": 2026, "category": "equipment", "committed": "224000"}
    assert post(client, "/api/budget-lines", line).status_code == 200
    again = post(client, "/api/budget-lines", line | {"committed": 100})
    assert again.status_code == 409 and again.json()["field"] == "category"
    assert "224" in again.json()["detail"]  # says what the existing line holds
    assert BudgetLine.objects.get().committed == 224000  # not silently overwritten


def test_posting_a_budget_line_again_with_replace_replaces_its_amounts(attache, mexico, login):
    client = login(attache)
    line = {"embassy": mexico.pk, "year": 2026, "category": "equipment", "committed": "12500"}
    first = post(client, "/api/budget-lines", line)
    again = post(
        client,
        "/api/budget-lines",
        line | {"committed": 20000, "spent": "1500.50", "replace": True},
    )
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert (again.json()["committed"], again.json()["spent"]) == ("20000.00", "1500.50")
    assert BudgetLine.objects.count() == 1

    read = client.get(f"/api/budget-lines/{first.json()['id']}")
    assert read.status_code == 200 and read.json()["category"] == "equipment"


def test_budget_lines_are_filtered_by_year_and_embassy(coordinator, mexico, bogota, login):
    client = login(coordinator)
    for embassy, year in [(mexico, 2025), (mexico, 2026), (bogota, 2026)]:
        line = {"embassy": embassy.pk, "year": year, "category": "training", "committed": 1000}
        assert post(client, "/api/budget-lines", line).status_code == 200
    body = client.get(f"/api/budget-lines?year=2026&embassy={mexico.pk}").json()
    assert body["count"] == 1 and body["results"][0]["year"] == 2026
    assert client.get("/api/budget-lines?year=2026").json()["count"] == 2


def test_a_negative_amount_is_refused_naming_the_field(coordinator, mexico, login):
    line = {"embassy": mexico.pk, "year": 2026, "category": "travel", "committed": -1}
    response = post(login(coordinator), "/api/budget-lines", line)
    assert response.status_code == 400 and response.json()["field"] == "committed"


# --- development aid (IATI) -------------------------------------------------------------------


def import_job(client, *files):
    """Queue an import through the API; return the job's first answer (202)."""
    response = client.post("/api/aid-activities/import", {"files": list(files)})
    assert response.status_code == 202, response.content
    return response.json()


def test_a_real_iati_file_is_imported_by_a_job_and_its_activities_read(
    coordinator, login, run_jobs
):
    client = login(coordinator)
    content = real_file(US_FILE).read_bytes()

    job = import_job(client, upload(US_FILE, content))
    assert job["status"] == "ready" and job["task"] == "import_iati_files"
    assert not AidActivity.objects.exists()  # the answer came before any work
    assert run_jobs() == 1
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["status"] == "successful" and done["error"] == ""
    assert done["result"] == {"files": 1, "created": 100, "updated": 0, "unchanged": 0}
    assert (done["stage"], done["done"], done["total"]) == ("writing", 100, 100)

    only_counter_narcotics = client.get("/api/aid-activities?counter_narcotics=true").json()
    assert only_counter_narcotics["count"] == 28 and only_counter_narcotics["pages"] == 1
    jamaica = client.get("/api/aid-activities?q=US-GOV-11-JM-19JM3720P0541").json()["results"]
    detail = client.get(f"/api/aid-activities/{jamaica[0]['id']}").json()
    # Its sectors are declared on each transaction, all on DAC 16063 (narcotics control).
    disbursed = [t for t in detail["transactions"] if t["type"] == "3"]
    assert [t["counter_narcotics_value"] for t in disbursed] == ["1989.66", "155.17"]
    assert {t["currency"] for t in disbursed} == {"USD"}

    again = import_job(client, upload(US_FILE, content))
    run_jobs()
    result = client.get(f"/api/jobs/{again['id']}").json()["result"]
    assert result == {"files": 1, "created": 0, "updated": 0, "unchanged": 100}


def test_a_corrupted_copy_fails_the_job_with_every_problem_and_nothing_is_written(
    coordinator, login, run_jobs, settings
):
    content = real_file(US_FILE).read_bytes()
    # Two values that are not numbers, in two transactions: "<value …>1989.66abc</value>".
    first = content.index(b"</value>")
    second = content.index(b"</value>", first + 1)
    corrupted = content[:first] + b"abc" + content[first:second] + b"xyz" + content[second:]

    client = login(coordinator)
    job = import_job(client, upload("good.xml", content), upload("bad.xml", corrupted))
    kept = list(Path(settings.RACINE_IMPORTS_DIR).glob("*/*.xml"))
    assert len(kept) == 2  # the uploads wait in the data folder for the job
    run_jobs()
    body = client.get(f"/api/jobs/{job['id']}").json()
    assert body["status"] == "failed" and body["result"] is None
    lines = body["error"].splitlines()
    assert len(lines) == 2 and all(line.startswith("bad.xml: line ") for line in lines)
    assert not AidActivity.objects.exists()
    assert not any(path.exists() for path in kept)  # and leave it once the job ends


def test_a_job_is_seen_only_by_its_owner(coordinator, make_user, ministry, login):
    job = import_job(login(coordinator), upload("x.xml", b"<iati-activities/>"))
    other = make_user("dominique", roles=["plan_coordinator"], organisation=ministry)
    assert login(other).get(f"/api/jobs/{job['id']}").status_code == 404
    assert login(coordinator).get(f"/api/jobs/{job['id']}").status_code == 200
    assert login(coordinator).get("/api/jobs/not-a-uuid").status_code == 404
    assert Client().get(f"/api/jobs/{job['id']}").status_code == 401


def test_only_coordinators_import_aid(attache, login):
    response = login(attache).post(
        "/api/aid-activities/import", {"files": [upload("x.xml", b"<iati-activities/>")]}
    )
    assert response.status_code == 403


# --- the academy ------------------------------------------------------------------------------


def test_the_academy_is_recorded_with_a_course_a_session_and_a_trainee(coordinator, aduana, login):
    client = login(coordinator)
    assert client.get("/api/academy").status_code == 404

    academy = {
        "name": "Académie régionale de lutte contre la criminalité organisée",
        "site": "Saint-Domingue",
        "country": "DO",
        "decided_on": "2025-11-10",
        "site_chosen_on": "2026-04-15",
    }
    saved = put(client, "/api/academy", academy)
    assert saved.status_code == 200
    assert (saved.json()["stage"], saved.json()["courses"]) == (2, [])

    course = post(client, "/api/academy/courses", {"title": "Enquêtes financières"})
    assert course.status_code == 201
    session = post(
        client,
        "/api/academy/sessions",
        {
            "course": course.json()["id"],
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-08",
            "place": "Saint-Domingue",
        },
    )
    assert session.status_code == 201
    trainee = post(
        client,
        "/api/academy/trainees",
        {
            "session": session.json()["id"],
            "full_name": "Lucía Hernández",
            "organisation": aduana.organisation_id,
            "completed": True,
        },
    )
    assert trainee.status_code == 201 and trainee.json()["country"] == "MX"

    shown = client.get("/api/academy").json()
    assert shown["site_chosen_on"] == "2026-04-15"
    [shown_course] = shown["courses"]
    assert shown_course["title"] == "Enquêtes financières"
    assert shown_course["sessions"][0]["trainees"][0]["full_name"] == "Lucía Hernández"


def test_academy_milestones_out_of_order_are_refused_naming_the_field(coordinator, login):
    response = put(
        login(coordinator), "/api/academy", {"name": "Académie", "opened_on": "2026-09-01"}
    )
    assert response.status_code == 400 and response.json()["field"] == "opened_on"


def test_a_partner_officer_cannot_read_the_academy(aduana, login):
    assert login(aduana).get("/api/academy").status_code == 403
