from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboards import views as dashboards_views
from reports import job_views
from reports import views as reports_views
from surveys import urls as survey_urls

from . import views
from .forms import LoginForm, PasswordChangeForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("akun/masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/kata-sandi/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("satker/<slug:slug>/", include("dashboards.urls")),
    path("satker/<slug:slug>/", include("reports.urls")),
    path("satker/<slug:slug>/data/", include("transfer.urls")),
    path("dokumen/<id:job_id>/", job_views.job_detail, name="job_detail"),
    path("dokumen/<id:job_id>/unduh/", job_views.job_download, name="job_download"),
    path("verifikasi/<str:code>/", job_views.verify, name="verify"),
    path("pemberitahuan/", reports_views.notices, name="notices"),
    path("pemberitahuan/dibaca/", reports_views.notices_read, name="notices_read"),
    path("publik/", dashboards_views.public_index, name="public_index"),
    path("publik/<slug:slug>/<year:year>/", dashboards_views.public_plan, name="public_plan"),
    path("publik/<slug:slug>/survei/", dashboards_views.public_surveys, name="public_surveys"),
    path(
        "publik/<slug:slug>/survei/<year:year>/<quarter:quarter>/",
        dashboards_views.public_survey_quarter,
        name="public_survey_quarter",
    ),
    path(
        "publik/<slug:slug>/<year:year>/keputusan.pdf",
        reports_views.public_decree_download,
        name="public_decree",
    ),
    path("satker/<slug:slug>/progres/", include("targets.urls")),
    path("satker/<slug:slug>/progres/", include("periods.urls")),
    path("satker/<slug:slug>/", include("evidence.urls")),
    path("satker/<slug:slug>/lke/", include("lke.urls")),
    path("satker/<slug:slug>/survei/", include(survey_urls.unit)),
    path("survei/", include(survey_urls.public)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "zi_portal.views.server_error"

admin.site.site_header = "ZI Portal – Administrasi"
admin.site.site_title = "ZI Portal"
admin.site.index_title = "Rencana Kerja Zona Integritas"
