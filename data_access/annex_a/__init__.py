"""Ofsted's Annex A: the council's child-level lists read, checked and turned into figures."""
