"""URL map of the site."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("chiso.web.urls")),
    path("units/", include("chiso.web.unit_urls")),
    path("plans/", include("chiso.web.plan_urls")),
    path("frameworks/", include("chiso.frameworks.urls")),
    path("imports/", include("chiso.docimport.urls")),
    path("progress/", include("chiso.tracking.urls")),
    path("reports/", include("chiso.reporting.urls")),
    path("indicators/", include("chiso.metrics.urls")),
    path("surveys/", include("chiso.surveys.urls")),
    path("scoring/", include("chiso.scoring.urls")),
    path("public/", include("chiso.web.public_urls")),
    path("khao-sat/", include("chiso.surveys.public_urls")),
    path("public/xep-hang/", include("chiso.scoring.public_urls")),
]
