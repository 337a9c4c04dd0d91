"""The count of unread reminders, for the bell in the header."""


def unread_notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": lambda: user.notifications.filter(read=False).count()}
