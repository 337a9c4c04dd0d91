"""Makes the request's user known to the audit recorder for the length of the request."""

from .recording import acting_user


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_user(user):
            return self.get_response(request)
