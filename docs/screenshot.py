"""Take the README's screenshots of the home page and the plan's dashboard: `make screenshot`.

The dashboard is taken in French (plan.png), Spanish (plan-es.png) and English
(plan-en.png). SCREENSHOT_PORT chooses the port of the throw-away server (8765).

Loads the demo data into a throw-away data folder, serves it, signs in as the demo
administrator in Debian's Chromium and saves the page as PNG.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PORT = int(os.environ.get("SCREENSHOT_PORT", "8765"))
LANGUAGES = {"fr": "plan.png", "es": "plan-es.png", "en": "plan-en.png"}


def main(target: str) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "RACINE_DATA_DIR": data_dir, "RACINE_DATABASE_URL": ""}
        subprocess.run(
            [sys.executable, "-m", "racine.cli", "demo", "--load-only"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "racine.cli", "serve", "--port", str(PORT), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz")  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{PORT}/connexion/")
                page.fill("#id_username", "coordination")
                page.fill("#id_password", "racine-demo-2025")
                page.locator("main button[type=submit]").click()
                page.wait_for_url("**/")
                page.screenshot(path=target, full_page=True)
                for language, name in LANGUAGES.items():
                    page.context.add_cookies(
                        [
                            {
                                "name": "django_language",
                                "value": language,
                                "domain": "127.0.0.1",
                                "path": "/",
                            }
                        ]
                    )
                    page.goto(f"http://127.0.0.1:{PORT}/plan/")
                    page.screenshot(path=str(Path(target).with_name(name)))
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(f"saved {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/home.png")
