"""Tells the user when the documents their request asked for could not be started."""

from django.contrib import messages
from django.utils.translation import gettext as _

from .services import enqueue_failures


class DocumentEnqueueFailureMiddleware:
    """Collects the documents a request could not send to the task queue (broker down) and
    says so on the next page; the documents themselves are marked to be started again (see
    `services.enqueue_render`). Sits after MessageMiddleware so the message is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = enqueue_failures.set([])
        try:
            response = self.get_response(request)
            if enqueue_failures.get():
                messages.warning(
                    request,
                    _(
                        "The PDF could not be started just now: the task queue does not answer. "
                        "It starts by itself when the queue is back, and you can start it "
                        "again under My documents."
                    ),
                )
            return response
        finally:
            enqueue_failures.reset(token)
