from django.urls import path

from carecommons.core import views, views_password, views_second_factor

app_name = "core"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views_second_factor.sign_in_code, name="sign-in-code"),
    path("sign-in/recovery-code/", views_second_factor.sign_in_recovery, name="sign-in-recovery"),
    path("sign-in/set-up/", views_second_factor.sign_in_set_up, name="sign-in-set-up"),
    path("sign-in-codes/", views_second_factor.sign_in_codes, name="sign-in-codes"),
    path("sign-in-codes/new-recovery-codes/", views_second_factor.recovery_codes_new, name="recovery-codes-new"),
    path("sign-in-codes/turn-off/", views_second_factor.sign_in_codes_off, name="sign-in-codes-off"),
    path("sign-in/forgotten-password/", views_password.password_forgotten, name="password-forgotten"),
    path("sign-in/forgotten-password/sent/", views_password.password_reset_sent, name="password-reset-sent"),
    path("sign-in/new-password/<uidb64>/<token>/", views_password.PasswordResetConfirm.as_view(), name="password-reset-confirm"),
    path("sign-in/new-password/done/", views_password.password_reset_done, name="password-reset-done"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("c/<str:code>/", views.short_link, name="short-link"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
