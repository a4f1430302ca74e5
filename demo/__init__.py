"""The demo province: the founding year walked through the real services (`manage.py seed_demo`).

The top of the dependency graph: it may import every other app, and no app imports it.
"""
