from django.urls import path

from carecommons.budgets import views, views_budgets, views_plans, views_rates

app_name = "budgets"
urlpatterns = [
    path("personal-assistants/pay/", views.pa_pay, name="pa-pay"),
    path("funding/", views.funding, name="funding"),
    path("charging-rates/", views_rates.charging_rates, name="charging-rates"),
    path("charging-rates/new/", views_rates.charging_rates_enter, name="charging-rates-new"),
    path("charging-rates/<str:year>/correct/", views_rates.charging_rates_enter, name="charging-rates-correct"),
    path("charging-rates/entries/<int:entry_id>/", views_rates.charging_rates_check, name="charging-rates-check"),
    path("assessments/<int:assessment_id>/plan/", views_plans.plan_start, name="plan-start"),
    path("plans/waiting/", views_plans.plans_waiting, name="plans-waiting"),
    path("plans/<int:plan_id>/", views_plans.plan_overview, name="plan"),
    path("plans/<int:plan_id>/add/", views_plans.plan_item_add, name="plan-item-add"),
    path("plans/<int:plan_id>/items/<int:item_id>/remove/", views_plans.plan_item_remove, name="plan-item-remove"),
    path("plans/<int:plan_id>/management/", views_plans.plan_management, name="plan-management"),
    path("plans/<int:plan_id>/send/", views_plans.plan_submit, name="plan-submit"),
    path("plans/<int:plan_id>/agree/", views_plans.plan_agree, name="plan-agree"),
    path("plans/<int:plan_id>/sign-off/", views_plans.plan_sign_off, name="plan-sign-off"),
    path("budgets/", views_budgets.budgets_list, name="list"),
    path("budgets/<int:budget_id>/", views_budgets.budget_detail, name="budget"),
    path("budgets/<int:budget_id>/statement/", views_budgets.statement, name="statement"),
    path("budgets/<int:budget_id>/statement/print/", views_budgets.statement, {"fmt": "print"}, name="statement-print"),
    path("budgets/<int:budget_id>/statement.csv", views_budgets.statement, {"fmt": "csv"}, name="statement-csv"),
    path("budgets/<int:budget_id>/money/", views_budgets.money_record, name="money"),
    path("budgets/<int:budget_id>/corrections/<int:txn_id>/", views_budgets.correct, name="correct"),
    path("budgets/<int:budget_id>/review/", views_budgets.review, name="review"),
    path("budgets/<int:budget_id>/assistants/add/", views_budgets.assistant_add, name="assistant-add"),
    path("budgets/<int:budget_id>/assistants/<int:assistant_id>/timesheet/", views_budgets.timesheet_enter, name="timesheet"),
    path("budgets/<int:budget_id>/timesheets/<int:timesheet_id>/approve/", views_budgets.timesheet_approve, name="timesheet-approve"),
    path("shared-activities/", views_budgets.pools, name="pools"),
    path("shared-activities/new/", views_budgets.pool_create, name="pool-create"),
    path("shared-activities/<int:pool_id>/", views_budgets.pool_detail, name="pool"),
    path("shared-activities/leave/<int:membership_id>/", views_budgets.pool_leave, name="pool-leave"),
]
