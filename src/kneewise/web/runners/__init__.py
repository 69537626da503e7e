"""The runner: profile and baseline, daily check-ins, knee scores, and their plan."""
