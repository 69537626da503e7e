"""Sync without a cloud account (issue #13): a drop folder and an HTTP drop per runner."""
