"""Pure clinical and training logic: typed dataclasses and functions, no Django, no clock."""
