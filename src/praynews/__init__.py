"""praynews: turn the day's news into sourced posts that end in scripture and prayer."""

__version__ = "0.1.0"
