"""Audit trail: who changed which plan, task or progress record, when, from what to what."""
