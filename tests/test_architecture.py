"""The dependency rules of STYLE.md, checked on the source.

- engines (modules documented as Django-free) import no Django;
- ``core`` imports no other Racine app;
- an app uses another app only through its ``services`` (or ``schemas``) module.
"""

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "racine"
ENGINES = [
    SRC / "config.py",
    SRC / "core" / "auditchain.py",
    SRC / "resources" / "iati.py",
    SRC / "plan" / "engine" / "status.py",
    SRC / "plan" / "charts.py",
    SRC / "plan" / "worldmap.py",
    SRC / "exchange" / "policy.py",
    SRC / "exchange" / "identifiers.py",
    SRC / "exchange" / "filetypes.py",
    SRC / "sanctions" / "workflow.py",
    *sorted((SRC / "sanctions" / "matching").glob("*.py")),
    *sorted((SRC / "sanctions" / "sources").glob("*.py")),
    *sorted((SRC / "intel" / "resolution").glob("*.py")),
    *sorted((SRC / "intel" / "trends").glob("*.py")),
    *sorted((SRC / "intel" / "graph").glob("*.py")),
]
APPS = sorted(p.name for p in SRC.iterdir() if (p / "apps.py").exists())


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engines_import_no_django():
    for engine in ENGINES:
        assert not {n for n in imports(engine) if n.split(".")[0] == "django"}, engine


def test_core_imports_no_other_app():
    for path in (SRC / "core").rglob("*.py"):
        others = {
            n
            for n in imports(path)
            if n.split(".")[:2][-1] in set(APPS) - {"core"} and n.startswith("racine.")
        }
        assert not others, f"{path} imports {others}"


def test_apps_use_each_other_only_through_services():
    for app in APPS:
        for path in (SRC / app).rglob("*.py"):
            for name in imports(path):
                parts = name.split(".")
                if (
                    len(parts) >= 3
                    and parts[0] == "racine"
                    and parts[1] in APPS
                    and parts[1] != app
                ):
                    allowed = parts[2] in {
                        "services",
                        "schemas",
                        "choices",
                        "errors",
                        "permissions",
                    }
                    allowed = allowed or (
                        parts[1] == "core"
                        and parts[2]
                        in {
                            "models",
                            "audit",
                            "pages",
                            "forms",
                            "regions",
                            "validation",
                            "collation",
                            "formatting",
                            # shared helpers of bulk imports: the one dialect-aware module,
                            # request limits, typed exports, API messages in words
                            "db",
                            "limits",
                            "exports",
                            "api_messages",
                        }
                    )
                    assert allowed, f"{path.relative_to(SRC)} imports {name}"
