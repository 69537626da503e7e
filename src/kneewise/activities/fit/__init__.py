"""FIT decoder: bulk (numpy) decoding of activity files into `ActivityStreams`."""

from kneewise.activities.fit.decode import decode_fit

__all__ = ["decode_fit"]
