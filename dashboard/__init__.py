"""The web front: Dash pages, their components, the read API and the rules they show."""
