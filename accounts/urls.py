from django.urls import path

from . import views

urlpatterns = [
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("nguoi-dung/", views.UserListView.as_view(), name="user_list"),
    path("nguoi-dung/them/", views.UserCreateView.as_view(), name="user_add"),
    path("nguoi-dung/<int:pk>/", views.UserUpdateView.as_view(), name="user_edit"),
    path(
        "nguoi-dung/<int:pk>/dat-lai-mat-khau/",
        views.UserResetPasswordView.as_view(),
        name="user_reset_password",
    ),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.UserUnlockView.as_view(), name="user_unlock"),
]
