"""The Django project: settings, URLs and the web apps of Kneewise."""
