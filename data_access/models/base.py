"""The declarative base whose metadata holds every table of the improvement domain."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
