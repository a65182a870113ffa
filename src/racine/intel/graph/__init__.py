"""The networks engine: a graph of entities and items, without Django (see network.py)."""
