"""Today, check-in and plan, mounted at the site root."""

from django.urls import URLPattern, URLResolver, path

from kneewise.web.daily import history_views, reminder_views, views, week_views, workout_views

app_name = "daily"
urlpatterns: list[URLPattern | URLResolver] = [
    path("today/", views.today, name="today"),
    path("today/workout.fit", workout_views.today_workout, name="today_workout"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-ins/", history_views.history, name="history"),
    path("knee-score/", views.knee_score, name="akps"),
    path("today/move/", week_views.move, name="move_today"),
    path("today/move/undo/", week_views.undo, name="undo_move"),
    path("plan/", views.plan, name="plan"),
    path("plan/run-days/", week_views.run_days, name="run_days"),
    path("plan/calendar.ics", views.calendar_download, name="calendar"),
    path("plan/calendar/revoke/", views.revoke_calendar, name="revoke_calendar"),
    path("calendar/<str:token>.ics", views.calendar_subscription, name="subscription"),
    path("reminders/stop/<str:token>/", reminder_views.stop, name="stop_reminders"),
]
