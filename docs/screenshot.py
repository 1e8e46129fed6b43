"""Regenerate docs/post.png, the README's screenshot: build the demo site, photograph a post.

Run: .venv/bin/python docs/screenshot.py   (needs Debian's chromium)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

POST = "/posts/strong-earthquake-kills-at-least-19-in-papua-new-guinea/"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    home = tempfile.mkdtemp(prefix="praynews-shot-")
    env = {**os.environ, "PRAYNEWS_HOME": home}
    praynews = [sys.executable, "-m", "praynews.cli"]
    subprocess.run([*praynews, "demo", "--no-serve"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen([*praynews, "serve", "--port", str(port)], env=env)
    try:
        time.sleep(3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=FLAGS
            )
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            page.goto(f"http://127.0.0.1:{port}{POST}")
            out = Path(__file__).parent / "post.png"
            page.screenshot(path=str(out), full_page=False)
            browser.close()
            print(f"wrote {out}")
    finally:
        server.terminate()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
