"""Ofsted's Annex A lists in, the scorecard's figures out (SPEC section 13): the lists read in
memory (reader.py), the measures as pure rules (rules.py, measures.py), working days
(working_days.py), teams and their aliases (teams.py), the import (importer.py), and a
synthetic Annex A to try it on (synthetic.py and its synthetic_*.py helpers)."""
