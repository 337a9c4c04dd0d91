"""Tracking: reporting periods, progress updates with evidence, their review, roll-up."""
