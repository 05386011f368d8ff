"""Pure functions that return components; no queries inside."""
