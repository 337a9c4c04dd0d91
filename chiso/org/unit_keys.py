"""The accent-free keys a file may name a unit by, for imports that read units by name."""

from django.utils import timezone

from chiso.vietnamese.text import search_key, usual_spellings

from .models import OrgUnit


def unit_keys() -> dict[str, str]:
    """Accent-free key of each unit's name, short name, code and other names → its code.

    A key two units share is kept for the one still active, or for neither."""
    today = timezone.localdate()
    claims: dict[str, set[tuple[bool, str]]] = {}
    for code, name, short, aliases, until in OrgUnit.objects.values_list(
        "code", "name", "short_name", "aliases", "valid_until"
    ):
        active = until is None or until >= today
        for text in {name, short, code, *aliases}:
            if text:
                claims.setdefault(search_key(text), set()).add((active, code))
    keys = {}
    for key, owners in claims.items():
        active = {code for is_active, code in owners if is_active}
        candidates = active or {code for _a, code in owners}
        if len(candidates) == 1:
            keys[key] = candidates.pop()
    return keys


def unit_spellings(keys: dict[str, str]) -> dict[str, str]:
    """The usual spellings of each unit's name, short name, code and other names → the code
    `keys` (`unit_keys`) gives them, for a file mapper to look up before reading any other
    spelling through `keys`."""
    found = {}
    for names in OrgUnit.objects.values_list("name", "short_name", "code", "aliases"):
        *fixed, aliases = names
        for text in {*fixed, *aliases}:
            for form in usual_spellings(text or ""):
                code = keys.get(search_key(form))
                if code:
                    found[form] = code
    return found
