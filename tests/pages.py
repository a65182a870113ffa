"""Read what a rendered page says, as a user would: the error shown under a form field."""


def field_error(page: str, field: str, prefix: str = "id_") -> str:
    """Return the error text the DSFR form shows under ``field`` (empty when there is none)."""
    marker = f'id="{prefix}{field}-desc-error"'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split("</div>", 1)[0]
