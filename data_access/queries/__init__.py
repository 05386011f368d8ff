"""Read functions: take a Session, build a select(), return small results.

Filtering and aggregation happen in SQL; nothing loads a whole table to filter it here. The
configured authority is found on the session (data_access/authority.py, `home_code`).
"""
