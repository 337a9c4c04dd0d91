"""Service indicators computed from the province's dossier and feedback (PAKN) exports."""
