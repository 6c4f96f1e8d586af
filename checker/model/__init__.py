"""Pydantic models of servcheck's documents; their JSON Schemas are generated into ``schemas/``."""
