"""Everything that touches the database, and nothing that draws."""
