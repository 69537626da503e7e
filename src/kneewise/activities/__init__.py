"""Activity file decoding and summaries (FIT, GPX, TCX); pure, no Django."""
