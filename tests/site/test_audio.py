"""The audio edition: posts and editions read aloud by flite, espeak-ng or a speech server, once
per version of their words, served to players and podcast apps."""

import html
import http.server
import io
import json
import os
import shutil
import threading
import wave
from datetime import date
from pathlib import Path

import feedparser
import miniaudio
import pytest
from django.conf import settings
from django.urls import reverse

from praynews.site.config import SETTINGS
from praynews.site.editorial.edition import record_edition
from praynews.site.publishing import audio
from praynews.site.publishing.models import Recording
from praynews.site.worker import Worker
from praynews.speech import Espeak, Flite, SpeechError, SpeechServer

pytestmark = pytest.mark.django_db
ENGINE_PROGRAMS = {"flite": "flite", "espeak": "espeak-ng"}


def needs(program: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        shutil.which(program) is None and not os.environ.get("CI"),
        reason=f"{program} is not installed (apt-get install {program}); CI installs it",
    )


def needs_engines(test):
    return needs("flite")(needs("espeak-ng")(test))


@pytest.fixture
def speaker(monkeypatch):
    """The voice a fresh install reads with."""
    monkeypatch.setenv("PRAYNEWS_AUDIO", SETTINGS["PRAYNEWS_AUDIO"][0])
    return audio.voice()


@pytest.fixture
def quick_voice(monkeypatch):
    """espeak-ng, about ten times quicker than flite, for tests of what surrounds the voice
    (feeds, corrections, byte ranges) that read many posts."""
    monkeypatch.setenv("PRAYNEWS_AUDIO", "espeak")
    return audio.voice()


@pytest.fixture(params=sorted(ENGINE_PROGRAMS))
def each_local_engine(request, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUDIO", request.param)
    return audio.voice()


def file_of(recording: Recording) -> Path:
    return Path(settings.MEDIA_ROOT) / recording.file


def decoded_seconds(path: Path) -> float:
    info = miniaudio.mp3_get_file_info(str(path))
    return info.num_frames / info.sample_rate


@needs_engines
def test_a_post_is_read_aloud_and_its_page_plays_it_with_a_transcript(
    client, site, each_local_engine
):
    done = audio.record_due(each_local_engine, limit=2)
    assert (done.made, done.failed) == (2, 0)
    recording = Recording.objects.filter(post__isnull=False).first()
    page = html.unescape(client.get(recording.post.get_absolute_url()).content.decode())
    assert f'<audio controls preload="none" src="{recording.url}"' in page
    assert "Transcript" in page and recording.post.as_draft.reflection.prayer in page
    path = file_of(recording)
    assert path.stat().st_size == recording.size
    assert abs(decoded_seconds(path) - recording.seconds) < 0.2
    stream = miniaudio.stream_file(
        str(path),
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=16_000,
        frames_to_read=16_000,
    )
    first_second = next(stream)
    assert len(first_second) == 16_000
    assert max(abs(sample) for sample in first_second) > 1000  # speech, not silence


@needs("espeak-ng")
def test_the_podcast_feed_carries_each_editions_audio_with_its_length_and_duration(
    client, site, quick_voice
):
    posts = list(site.order_by("pk")[:2])
    record_edition(date(2026, 11, 30), [(p.story, [], p) for p in posts])
    audio.record_due(quick_voice, limit=50)
    xml = client.get(reverse("podcast")).content
    feed = feedparser.parse(xml)
    assert not feed.bozo
    assert "itunes" in feed.namespaces and b"<itunes:explicit>false</itunes:explicit>" in xml
    episode = next(e for e in feed.entries if e.title.startswith("Edition of Monday 30"))
    enclosure = episode.enclosures[0]
    recording = Recording.objects.get(edition__day=date(2026, 11, 30))
    path = file_of(recording)
    assert enclosure.type == "audio/mpeg" and int(enclosure.length) == path.stat().st_size
    assert int(episode.itunes_duration) == round(decoded_seconds(path))
    edition_posts = {p.pk for p in posts}
    titles = {e.title for e in feed.entries}
    assert not any(p.headline in titles for p in posts if p.pk in edition_posts)
    edition_page = client.get("/editions/2026-11-30/").content.decode()
    assert recording.url in edition_page


@needs("espeak-ng")
def test_a_corrected_post_is_read_again_and_never_plays_its_old_words(client, site, quick_voice):
    audio.record_due(quick_voice, limit=1)
    old = Recording.objects.get()
    post = old.post
    post.draft["reflection"]["prayer"] = "Lord, be near the people of Lae. Amen."
    post.save()
    assert old.url not in client.get(post.get_absolute_url()).content.decode()
    assert audio.record_due(quick_voice, limit=1).made == 1
    new = Recording.objects.get(post=post)
    assert new.digest != old.digest and not file_of(old).exists()
    assert new.url in client.get(post.get_absolute_url()).content.decode()


@needs("espeak-ng")
def test_two_workers_reading_the_same_post_keep_one_recording(site, quick_voice):
    post = site.first()
    lines = audio.post_lines(post)
    audio._record(quick_voice, post, lines)
    audio._record(quick_voice, post, lines)  # as a second worker finishing later would
    assert Recording.objects.filter(post=post).count() == 1
    assert file_of(Recording.objects.get(post=post)).exists()


@needs("espeak-ng")
def test_players_can_seek_with_a_byte_range(client, site, quick_voice):
    audio.record_due(quick_voice, limit=1)
    recording = Recording.objects.get()
    whole = file_of(recording).read_bytes()
    part = client.get(recording.url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and b"".join(part.streaming_content) == whole[100:200]
    assert part["Content-Range"] == f"bytes 100-199/{len(whole)}"


@needs("flite")
def test_a_fresh_install_reads_with_flite_its_clearest_engine(speaker):
    assert isinstance(speaker, Flite) and speaker.name == "flite rms"


def only_programs(tmp_path, monkeypatch, *programs: str) -> None:
    """PATH holding only these programs, as on a machine where the others are not installed."""
    for program in programs:
        (tmp_path / program).symlink_to(shutil.which(program))
    monkeypatch.setenv("PATH", str(tmp_path))


@needs("espeak-ng")
def test_without_flite_a_fresh_install_reads_with_espeak_ng(tmp_path, monkeypatch):
    only_programs(tmp_path, monkeypatch, "espeak-ng")
    monkeypatch.setenv("PRAYNEWS_AUDIO", "local")
    assert isinstance(audio.voice(), Espeak)


def test_without_any_local_engine_the_worker_says_what_to_install(site, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUDIO", "local")
    monkeypatch.setenv("PATH", "/nonexistent")
    summary = Worker()._record_audio()
    assert summary == "no audio: neither flite nor espeak-ng is installed (apt-get install flite)"


@needs("flite")
def test_a_flite_voice_that_is_not_built_in_is_refused_not_swapped(monkeypatch):
    with pytest.raises(SpeechError, match="no voice 'nosuch'"):
        Flite("nosuch")


def test_without_espeak_the_worker_says_so_and_goes_on(site, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUDIO", "espeak")
    monkeypatch.setenv("PATH", "/nonexistent")
    summary = Worker()._record_audio()
    assert summary.startswith("no audio: espeak-ng is not installed")
    assert not Recording.objects.exists()


def test_audio_off_and_a_bad_setting_are_told_apart(monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUDIO", "off")
    assert audio.voice() is None
    monkeypatch.setenv("PRAYNEWS_AUDIO", "loud")
    with pytest.raises(Exception, match="PRAYNEWS_AUDIO='loud' must be one of"):
        audio.voice()


class SpeechHandler(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/audio/speech answering one second of a tone as WAV."""

    asked: list[dict] = []
    status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).asked.append({"body": body, "auth": self.headers.get("Authorization")})
        data = tone_wav() if self.status == 200 else b"overloaded"
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def tone_wav(rate: int = 24_000) -> bytes:
    samples = bytes(
        b
        for i in range(rate)
        for b in int(8000 * ((i // 30) % 2 * 2 - 1)).to_bytes(2, "little", signed=True)
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples)
    return out.getvalue()


@pytest.fixture
def speech_server():
    handler = type("Handler", (SpeechHandler,), {"asked": [], "status": 200})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_a_speech_server_reads_the_post_and_its_answer_is_encoded(site, speech_server, monkeypatch):
    handler, url = speech_server
    monkeypatch.setenv("PRAYNEWS_AUDIO", "server")
    monkeypatch.setenv("PRAYNEWS_SPEECH_URL", url)
    monkeypatch.setenv("PRAYNEWS_SPEECH_KEY", "sk-test")
    speaker = audio.voice()
    assert isinstance(speaker, SpeechServer)
    assert audio.record_due(speaker, limit=1).made == 1
    asked = handler.asked[0]
    assert asked["auth"] == "Bearer sk-test"
    assert asked["body"]["model"] == "tts-1" and asked["body"]["response_format"] == "wav"
    recording = Recording.objects.get()
    assert recording.seconds == pytest.approx(len(handler.asked), abs=0.01)
    assert abs(decoded_seconds(file_of(recording)) - recording.seconds) < 0.2


def test_a_failing_speech_server_is_counted_and_nothing_is_stored(site, speech_server):
    handler, url = speech_server
    handler.status = 503
    done = audio.record_due(SpeechServer(url, "tts-1", "alloy"), limit=2)
    assert (done.made, done.failed) == (0, 2)
    assert not Recording.objects.exists()
    with pytest.raises(SpeechError, match="HTTP 503"):
        SpeechServer(url, "tts-1", "alloy").speak(["One line."])


def test_long_posts_go_to_the_server_in_pieces_it_accepts(speech_server):
    handler, url = speech_server
    paragraph = "The river rose overnight and the town woke to water in its streets. " * 40
    speech = SpeechServer(url, "tts-1", "alloy").speak([paragraph, paragraph, "Amen."])
    assert all(len(a["body"]["input"]) <= 4096 for a in handler.asked)
    assert len(handler.asked) >= 2 and speech.seconds == pytest.approx(len(handler.asked))
