"""Benchmarks against SPEC section 10's budgets: run by hand, never collected by pytest."""
