from django.urls import path

from carecommons.budgets import views

app_name = "budgets"
urlpatterns = [path("personal-assistants/pay/", views.pa_pay, name="pa-pay")]
