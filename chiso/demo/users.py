"""One demo login per role, all with the same password, printed when the demo starts."""

from django.db.models import Q

from chiso.accounts.models import Role, User
from chiso.org.models import OrgUnit

PASSWORD = "chiso-demo"

# (username, full name, position, unit code, role)
LOGINS = [
    ("admin", "Quản trị hệ thống", "Quản trị viên", "tinh", Role.ADMIN),
    (
        "noivu",
        "Trần Thị Mai",
        "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ",
        "snv-p4",
        Role.COORDINATOR,
    ),
    ("giamdoc.sxd", "Lê Văn Bình", "Giám đốc Sở Xây dựng", "sxd", Role.LEADER),
    ("vanphong.sxd", "Nguyễn Thu Hà", "Chuyên viên Văn phòng Sở Xây dựng", "sxd-vp", Role.OFFICER),
    ("xem.sxd", "Phạm Minh Đức", "Chuyên viên Phòng Kế hoạch - Tài chính", "sxd-khtc", Role.VIEWER),
]


def create_users() -> list[User]:
    users = []
    for username, full_name, position, unit_code, role in LOGINS:
        user = User(
            username=username,
            full_name=full_name,
            position=position,
            role=role,
            unit=OrgUnit.objects.get(code=unit_code),
            email=_email(username),
        )
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(PASSWORD)
        user.save()
        users.append(user)
    return users


def other_users() -> int:
    """How many users the demo did not create: its published logins must not join them."""
    ours = Q(pk__in=[])
    for username, *_rest in LOGINS:
        ours |= Q(username=username, email=_email(username))
    return User.objects.exclude(ours).count()


def _email(username: str) -> str:
    return f"{username}@example.gov.vn"
