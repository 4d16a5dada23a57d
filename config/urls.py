from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.admin_site import reserve_admin_for_superusers
from accounts.forms import LoginForm
from reports.views import HomeView

reserve_admin_for_superusers(admin.site)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "dang-nhap/",
        login_not_required(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("bao-cao/", include("reports.urls")),
    path("cong-viec/", include("core.urls")),
    path("quan-chung/", include("candidates.urls")),
    path("", include("admissions.urls")),
]
