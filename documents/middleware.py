"""Tells the user when the work their request started could not be sent to the task queue."""

from django.contrib import messages

from .queue import enqueue_failures


class EnqueueFailureMiddleware:
    """Collects what a request could not send to the task queue (broker down) and says so on
    the next page, once per kind of work (`queue.send`); the rows themselves are marked to be
    sent again by their app's sweep. Sits after MessageMiddleware so the message is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = enqueue_failures.set([])
        try:
            response = self.get_response(request)
            for message in enqueue_failures.get():
                messages.warning(request, str(message))
            return response
        finally:
            enqueue_failures.reset(token)
