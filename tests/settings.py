"""Test settings: the real settings, with the data folder in a fresh temporary directory."""

import os
import tempfile

os.environ["PRAYNEWS_HOME"] = tempfile.mkdtemp(prefix="praynews-test-")

from praynews.site.settings import *  # noqa: F403
