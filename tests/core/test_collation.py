"""Names sort as readers expect in each language, in every list and choice."""

from django.utils import translation

from racine.core.collation import collated, sort_key


def test_accents_and_case_do_not_push_a_name_out_of_its_letter():
    names = ["Brésil", "Équateur", "Venezuela", "bolivie", "Bénin", "Espagne", "Égypte"]

    assert collated(names) == [
        "Bénin",
        "bolivie",
        "Brésil",
        "Égypte",
        "Équateur",
        "Espagne",
        "Venezuela",
    ]


def test_spanish_sorts_enye_after_n():
    words = ["ñandú", "nube", "oso", "nación"]

    assert sorted(words, key=lambda w: sort_key(w, "es")) == ["nación", "nube", "ñandú", "oso"]


def _options(page: str, select_id: str) -> list[str]:
    select = page.split(f'id="{select_id}"')[1].split("</select>")[0]
    return [option.split(">", 1)[1].split("<")[0].strip() for option in select.split("<option")[1:]]


def test_the_country_choices_of_a_form_follow_the_readers_alphabet(administrator, login):
    client = login(administrator)

    french = _options(
        client.get("/administration/organisations/nouvelle/").content.decode(), "id_country"
    )
    assert french.index("Bénin") < french.index("Brésil")
    assert french.index("Égypte") < french.index("Équateur") < french.index("Espagne")
    assert french.index("Équateur") < french.index("Fidji")

    with translation.override("es"):
        client.cookies["django_language"] = "es"
        spanish = _options(
            client.get("/administration/organisations/nouvelle/").content.decode(), "id_country"
        )
    assert spanish.index("Benín") < spanish.index("Brasil")
    assert spanish.index("Ecuador") < spanish.index("España")


def test_the_posts_list_puts_equateur_among_the_e(coordinator, login):
    import datetime as dt
    from decimal import Decimal

    from racine.resources import services as resources
    from tests.factories import make_organisation

    for name, country in [
        ("Ambassade de France en Uruguay", "UY"),
        ("Ambassade de France en Équateur", "EC"),
    ]:
        embassy = make_organisation(name, country=country)
        resources.save_post(
            coordinator,
            resources.PostData(
                embassy.pk, "other", "Attaché", Decimal(1), dt.date(2024, 1, 1), None
            ),
        )

    page = login(coordinator).get("/ressources/").content.decode()
    table = page.split("<tbody>")[1]

    assert table.index("en Équateur") < table.index("en Uruguay")
