"""Curated data files the core reads: places, cue lexicons. Reviewed like code."""
