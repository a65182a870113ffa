"""Intelligence: entities, their resolution, networks, routes and shipment risk (issue 10).

Only the Django-free resolution engine (``resolution/``) is in place so far.
"""
