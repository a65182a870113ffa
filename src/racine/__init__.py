"""Racine: the operational platform of France's international plan against drug trafficking."""

__version__ = "0.1.0"
