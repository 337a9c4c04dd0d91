"""Accounts: users, the unit each belongs to, and the role they hold there."""
