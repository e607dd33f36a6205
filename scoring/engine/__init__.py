"""The pure scoring engine: SCORING.md §2–§8 in plain Python with Decimal.

Nothing here imports Flask or SQLAlchemy: services hand the engine plain
dataclasses (see ``types``) and get plain results back, so every rule can be
tested directly and with properties.
"""
