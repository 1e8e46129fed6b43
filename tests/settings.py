"""Test settings: the real settings, with the data folder in a fresh temporary directory."""

import os
import tempfile

os.environ["PRAYNEWS_HOME"] = tempfile.mkdtemp(prefix="praynews-test-")
# The worker's tests are about its other stages; the audio tests switch audio on themselves.
os.environ.setdefault("PRAYNEWS_AUDIO", "off")

from praynews.site.settings import *  # noqa: F403

# Hashing a password is slow on purpose; the login tests make many attempts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
