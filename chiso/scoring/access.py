"""Who may do what with scores and rankings.

The province's secretariat (admins and coordinators) imports the official results; everyone
signed in reads them (they are published)."""

from chiso.org.access import works_for_province


def can_import_results(user) -> bool:
    return works_for_province(user)
