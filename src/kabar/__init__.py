"""Kabar: a news story engine for Indonesian news."""

__version__ = "0.1.0"
