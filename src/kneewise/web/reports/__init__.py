"""The physio report: one runner's timeline as data, as PDF, and the runner's download."""
