"""Who signs a unit's report and in what capacity, as Nghị định 30/2020 writes it: the signer
of the unit's own plan of the year when it names one, else the unit's leader in chiso —
"GIÁM ĐỐC", or "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" when a deputy signs for the head — else the
capacity the unit's kind gives, with the name left for the office to fill in."""

import re

from chiso.accounts.models import Role, User
from chiso.org.models import OrgUnit, UnitKind

_TITLE = re.compile(
    r"^(?P<deputy>phó\s+)?(?P<head>giám đốc|chủ tịch|chánh thanh tra|chánh văn phòng|"
    r"trưởng phòng|trưởng ban|chi cục trưởng|cục trưởng|thủ trưởng)\b",
    re.IGNORECASE,
)
_HEAD_OF_KIND = {
    UnitKind.PROVINCE: "CHỦ TỊCH",
    UnitKind.DISTRICT: "CHỦ TỊCH",
    UnitKind.COMMUNE: "CHỦ TỊCH",
    UnitKind.DEPARTMENT: "GIÁM ĐỐC",
    UnitKind.DIVISION: "TRƯỞNG PHÒNG",
}


def capacity(position: str) -> str:
    """The signing capacity a position gives: "Phó Giám đốc Sở Xây dựng" → "KT. GIÁM ĐỐC /
    PHÓ GIÁM ĐỐC"; "" when the position names no head of a body."""
    found = _TITLE.match(position.strip())
    if found is None:
        return ""
    head = found["head"].upper()
    return f"KT. {head} / PHÓ {head}" if found["deputy"] else head


def signature(unit: OrgUnit, plan_signer: str = "", plan_capacity: str = "") -> tuple[str, str]:
    """(name, capacity) of who signs `unit`'s report."""
    if plan_signer.strip():
        return plan_signer, plan_capacity
    leaders = User.objects.filter(unit=unit, role=Role.LEADER, is_active=True).order_by("pk")
    # The head signs before a deputy; a leader whose position says nothing comes last.
    ranked = sorted(leaders, key=lambda user: (not capacity(user.position), bool(_deputy(user))))
    if ranked:
        leader = ranked[0]
        return leader.display_name, capacity(leader.position) or _HEAD_OF_KIND.get(
            unit.kind, "THỦ TRƯỞNG ĐƠN VỊ"
        )
    return "", _HEAD_OF_KIND.get(unit.kind, "THỦ TRƯỞNG ĐƠN VỊ")


def _deputy(user: User) -> bool:
    return capacity(user.position).startswith("KT.")
