"""Read functions: take a Session, build a select(), return small results.

Filtering and aggregation happen in SQL; nothing loads a whole table to filter it here.
"""

HOME_AREA = "E08000008"  # Tameside
