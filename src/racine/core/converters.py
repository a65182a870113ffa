"""The URL converter of record keys: ``<id:pk>`` matches what a database can hold.

Django's ``<int:pk>`` matches any number of digits, and a key of 20 digits then
reaches a query, which SQLite refuses with an OverflowError (a 500). Eighteen digits
at most stay within a signed 64-bit key; a longer one is simply no page (404).
"""


class RecordKeyConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
