"""Today, check-in and plan, mounted at the site root."""

from django.urls import URLPattern, URLResolver, path

from kneewise.web.daily import history_views, reminder_views, views, workout_views

app_name = "daily"
urlpatterns: list[URLPattern | URLResolver] = [
    path("today/", views.today, name="today"),
    path("today/workout.fit", workout_views.today_workout, name="today_workout"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-ins/", history_views.history, name="history"),
    path("knee-score/", views.knee_score, name="akps"),
    path("plan/", views.plan, name="plan"),
    path("plan/calendar.ics", views.calendar_download, name="calendar"),
    path("plan/calendar/revoke/", views.revoke_calendar, name="revoke_calendar"),
    path("calendar/<str:token>.ics", views.calendar_subscription, name="subscription"),
    path("reminders/stop/<str:token>/", reminder_views.stop, name="stop_reminders"),
]
