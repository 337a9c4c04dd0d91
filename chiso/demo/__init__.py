"""The demo province: a believable, seeded province with plans built by code."""
