"""At 1280 px, wide tables show every column or scroll visibly; charts are readable;
the dashboard reads in Spanish and English without a French word (screenshots in docs/)."""

from pathlib import Path

import pytest

from tests.browser.test_plan import coordination  # noqa: F401 (fixture)
from tests.test_languages import FRENCH_ONLY

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDE_TABLES = ["/partenaires/accords/", "/ressources/", "/administration/journal/"]

# For each table: is its last column inside the viewport, or inside a box that scrolls
# sideways (overflow-x auto or scroll) and is itself inside the viewport?
LAST_COLUMN_REACHABLE = """
() => [...document.querySelectorAll('main table')].map(table => {
  const cells = table.querySelectorAll('thead th');
  const last = cells[cells.length - 1].getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  let box = table.parentElement, scroller = null;
  while (box && box !== document.body) {
    const style = getComputedStyle(box);
    if (['auto', 'scroll'].includes(style.overflowX) && box.scrollWidth > box.clientWidth) {
      scroller = box; break;
    }
    box = box.parentElement;
  }
  const pageScrolls = document.documentElement.scrollWidth > width;
  return {
    visible: last.right <= width + 1 && !pageScrolls,
    scrolls: scroller !== null && scroller.getBoundingClientRect().right <= width + 1,
    right: last.right, width, pageScrolls,
  };
})
"""


@pytest.fixture
def administration(coordination):  # noqa: F811
    from racine.core.models import Role, User

    user = User.objects.get(username="coordination")
    user.roles.add(Role.objects.get(code="administrator"))
    return coordination


@pytest.mark.parametrize("path", WIDE_TABLES)
def test_wide_tables_show_every_column_or_scroll_visibly_at_1280_px(administration, path):
    page = administration
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)

    tables = page.evaluate(LAST_COLUMN_REACHABLE)

    assert tables, path
    for table in tables:
        assert table["visible"] or table["scrolls"], (path, table)


def test_the_objective_chart_is_large_enough_to_read(coordination):  # noqa: F811
    page = coordination
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/plan/objectifs/accords-region/")

    chart = page.locator(".racine-chart svg").first.bounding_box()
    assert chart["width"] >= 600 and chart["height"] >= 250, chart


def test_the_timeline_shows_its_labels_whole(coordination):  # noqa: F811
    page = coordination
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/plan/")

    cut = page.evaluate(
        """() => {
          const svg = document.querySelector('.racine-chart--wide svg');
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')]
            .filter(t => t.textContent.trim())
            .filter(t => { const r = t.getBoundingClientRect();
                           return r.left < box.left - 1 || r.right > box.right + 1; })
            .map(t => t.textContent);
        }"""
    )
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.racine-chart--wide svg text')]"
        ".map(t => t.textContent)"
    )
    assert cut == []
    assert not any(label.endswith("…") for label in labels), labels


@pytest.mark.parametrize(("language", "name"), [("es", "plan-es.png"), ("en", "plan-en.png")])
def test_the_dashboard_reads_without_french_in_spanish_and_english(
    coordination,  # noqa: F811
    language,
    name,
):
    page = coordination
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto("/plan/")
    assert page.locator("html").get_attribute("lang") == language

    text = page.locator("main").inner_text()
    leftovers = [french for french in FRENCH_ONLY if french in text]
    assert leftovers == []
    page.screenshot(path=str(DOCS / name), full_page=False)
