"""Serving the site: a post page through `praynews serve` beside the same bytes served as a
static file by the same server, in the same run; and the database queries each page costs.

The sample news is published into a temporary data folder (audio off), then `praynews serve`
(waitress with its default threads, or --threads N; static files by WhiteNoise) is started.
The post page is fetched once and its bytes are written into the static folder, and the
server started again so WhiteNoise serves them too. wrk (Debian's `wrk`) loads each URL in
turn, with the same connections and length, for several rounds; the median of each is
printed, and their ratio. Goal: the post page at least half the static rate. Then the
in-process part: the chunks the RSS feed reaches the server in (one body, not hundreds of
writes), and the queries of each kind of page (a page of cards must cost the same number
whatever its length: no query per card).

Run: .venv/bin/python bench/serve_post.py [--seconds N] [--rounds N] [--connections N]
     [--threads N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PRAYNEWS = [sys.executable, "-m", "praynews.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], port: int, threads: int | None) -> subprocess.Popen:
    command = [*PRAYNEWS, "serve", "--port", str(port)]
    if threads:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("praynews serve did not answer within a minute")


def requests_per_second(url: str, seconds: int, connections: int) -> float:
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in done.stdout:
        raise SystemExit(f"{url} answered errors under load:\n{done.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def measure_serving(env: dict[str, str], home: Path, args: argparse.Namespace) -> None:
    port = free_port()
    server = start_server(env, port, args.threads)
    base = f"http://127.0.0.1:{port}"
    listing = urllib.request.urlopen(base + "/posts/").read().decode()
    post_path = re.search(r'href="(/posts/[^"/]+/)"', listing).group(1)
    body = urllib.request.urlopen(base + post_path).read()
    server.terminate()
    server.wait()
    static = home / "static" / "bench" / "post.html"
    static.parent.mkdir(parents=True, exist_ok=True)
    static.write_bytes(body)
    server = start_server(env, port, args.threads)
    try:
        urls = {
            "post page": base + post_path,
            "same bytes, static": base + "/static/bench/post.html",
        }
        rates: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(args.rounds):
            for name, url in urls.items():
                rates[name].append(requests_per_second(url, args.seconds, args.connections))
    finally:
        server.terminate()
        server.wait()
    print(f"post page {post_path}: {len(body):,} bytes")
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, value in medians.items():
        rounds = ", ".join(f"{v:.0f}" for v in rates[name])
        print(f"  {name:20} {value:8.0f} requests/s  (rounds: {rounds})")
    ratio = medians["post page"] / medians["same bytes, static"]
    print(f"  ratio                {ratio:8.2f}   (goal: at least 0.50)")


def measure_in_process() -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "praynews.site.settings"
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from praynews.site.editorial.models import Post
    from praynews.site.publishing.models import PostTopic
    from praynews.site.wsgi import application

    setup_test_environment()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/feed/rss/",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "wsgi.url_scheme": "http",
        "wsgi.input": sys.stdin.buffer,
        "wsgi.errors": sys.stderr,
        "HTTP_HOST": "127.0.0.1",
    }
    chunks = list(application(environ, lambda status, headers: None))
    print(f"RSS feed: {sum(map(len, chunks)):,} bytes in {len(chunks)} chunk(s)")
    client = Client()
    post = Post.objects.filter(status=Post.Status.PUBLISHED).first()
    region = PostTopic.objects.filter(kind="region").values_list("slug", flat=True).first()
    pages = {
        "home": "/",
        "post": post.get_absolute_url(),
        "all posts": "/posts/",
        "topics": "/topics/",
        f"region {region}": f"/topics/region/{region}/",
        "search": "/search/?q=said",
        "RSS": "/feed/rss/",
        "JSON Feed": "/feed/json/",
        "sitemap": "/sitemap.xml",
    }
    print("queries per page:")
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        print(f"  {name:20} {len(captured):3d}  (HTTP {status})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each URL, alternating")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections")
    parser.add_argument("--threads", type=int, help="praynews serve --threads (default: its own)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="praynews-bench-") as folder:
        home = Path(folder)
        env = {**os.environ, "PRAYNEWS_HOME": str(home), "PRAYNEWS_AUDIO": "off"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        subprocess.run([*PRAYNEWS, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        measure_serving(env, home, args)
        os.environ.update(PRAYNEWS_HOME=str(home), PRAYNEWS_AUDIO="off")
        measure_in_process()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
