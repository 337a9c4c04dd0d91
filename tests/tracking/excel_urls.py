"""The site's URLs plus the Excel round trip's, for tests run before they are wired in."""

from django.urls import path

from chiso.tracking import excel_views
from chiso.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    path(
        "progress/periods/<int:period_pk>/units/<int:unit_pk>/excel/",
        excel_views.period_excel_download,
        name="excel_download",
    ),
    path(
        "progress/periods/<int:period_pk>/units/<int:unit_pk>/excel/upload/",
        excel_views.period_excel_upload,
        name="excel_upload",
    ),
]
