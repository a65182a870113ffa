"""The plan's steering engine: Django-free rules that turn objective values into a status.

Plain data in, plain data out (dataclasses, dates and floats), so the rules can be read,
tested and reused without a database — the views, the API and the CLI all call them.
"""
