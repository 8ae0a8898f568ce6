from django.http import HttpResponse
from django.urls import path

from symposium.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The ceiling: the full middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
