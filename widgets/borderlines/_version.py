"""The course's version: one leaf module, so any layer can name it without importing the package."""

__version__ = "0.2.0"
