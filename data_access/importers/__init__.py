"""Importers: read a file, validate every row, then commit all of it or nothing."""
