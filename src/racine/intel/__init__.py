"""Intelligence: entities, their resolution, networks, routes and shipment risk (issue 10).

In place: the Django-free resolution engine (``resolution/``), and the app around it —
links between the exchange's named entities (``racine intel resolve``), clusters computed
for each reader from what the sharing policy lets them see, and the review queue.
"""
