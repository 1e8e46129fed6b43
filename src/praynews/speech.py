"""The shell of the audio edition: text made speech by a local engine (Debian's `flite`, the
default, or `espeak-ng`) or by an OpenAI-compatible `/v1/audio/speech` server, and encoded as
MP3 with LAME (`lameenc`, from PyPI).

Every engine gives 16-bit PCM, so every recording goes through the same encoder and its length
in seconds is known exactly (samples / rate), which a podcast feed must state. The text reaches
a local engine on its standard input or in a file, never on its command line, so nothing in a
post can become an option. The speech server is the publisher's own (like the model server), so
it is reached directly, not through the fetcher that keeps untrusted addresses off private
networks.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx
import lameenc

from praynews.core.errors import PrayNewsError

# MP3 for speech: one channel at 48 kbit/s is clear for a voice and about 21 MB for an hour;
# podcast apps all play it (Opus plays in fewer of them).
MP3_BITRATE = 48
MP3_QUALITY = 2  # LAME's 0 (best, slowest) to 9; 2 is its "high quality" preset
# flite's voice. bench/speech_engines.py reads 13 news sentences through each engine and voice
# installed here and has an offline recogniser (PocketSphinx) hear them back: rms lost 6.6% of
# the words, the best of all; flite's kal16 13.7%, festival's best 10.8%, espeak-ng 51-92%.
FLITE_VOICE = "rms"
# espeak-ng, kept for machines without flite: its clearest setting in the same measurement was
# the klatt voice at 175 words a minute (51% of words lost, against 86-92% for plain en-us).
ESPEAK_VOICE = "en-us+klatt"
ESPEAK_SPEED = 175
# A paragraph's worth of pause between paragraphs, in espeak-ng's units of 10 ms.
ESPEAK_PARAGRAPH_PAUSE = 40
ENGINE_SECONDS = 300  # one post's synthesis; either engine reads a post in a few seconds
# OpenAI's speech endpoint takes at most 4,096 characters of input a request.
MAX_REQUEST_CHARACTERS = 4000


class SpeechError(PrayNewsError):
    default_message = "the audio could not be made"


@dataclass(frozen=True)
class Speech:
    """Mono 16-bit PCM at `rate` samples a second."""

    pcm: bytes
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.rate


class Voice(Protocol):
    name: str

    def speak(self, paragraphs: Sequence[str]) -> Speech: ...


def _from_wav(data: bytes, source: str) -> Speech:
    """PCM from a WAV file, refused unless it is the mono 16-bit speech we encode."""
    try:
        with wave.open(io.BytesIO(data)) as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise SpeechError(what=source, why="the audio is not mono 16-bit PCM")
            return Speech(wav.readframes(wav.getnframes()), wav.getframerate())
    except (wave.Error, EOFError) as exc:
        raise SpeechError(what=source, why=f"the audio is not a WAV file ({exc})") from exc


class Espeak:
    """Debian's espeak-ng, run once per recording with the text on its standard input."""

    def __init__(self, voice: str = ESPEAK_VOICE, speed: int = ESPEAK_SPEED) -> None:
        self.command = shutil.which("espeak-ng")
        if self.command is None:
            raise SpeechError(why="espeak-ng is not installed (apt-get install espeak-ng)")
        self.voice, self.speed = voice, speed
        self.name = f"espeak-ng {voice} {speed} wpm"

    def speak(self, paragraphs: Sequence[str]) -> Speech:
        """The paragraphs read in turn; espeak-ng pauses at each blank line between them."""
        text = "\n\n".join(" ".join(p.split()) for p in paragraphs)
        # -b 1: the input is UTF-8; --stdout: a WAV file on standard output.
        command = [self.command, "-v", self.voice, "-s", str(self.speed), "-b", "1", "--stdout"]
        return _from_wav(_run("espeak-ng", command, text.encode()), "espeak-ng")


class Flite:
    """Debian's flite, run once per recording. It cannot write a WAV file to a pipe (it seeks
    back to fill in the header), so the text and the audio pass through a private folder."""

    def __init__(self, voice: str = FLITE_VOICE) -> None:
        self.command = shutil.which("flite")
        if self.command is None:
            raise SpeechError(why="flite is not installed (apt-get install flite)")
        if voice not in _flite_voices(self.command):
            # flite reads an unknown voice's name as "use the default" and says nothing.
            raise SpeechError(what="flite", why=f"it has no voice {voice!r}")
        self.voice = voice
        self.name = f"flite {voice}"

    def speak(self, paragraphs: Sequence[str]) -> Speech:
        """The paragraphs read in turn, one line each, so flite pauses between them."""
        text = "\n".join(" ".join(p.split()) for p in paragraphs)
        with tempfile.TemporaryDirectory(prefix="praynews-flite-") as folder:
            script, out = f"{folder}/script.txt", f"{folder}/speech.wav"
            with open(script, "w", encoding="utf-8") as handle:
                handle.write(text)
            _run("flite", [self.command, "-voice", self.voice, "-f", script, "-o", out])
            with open(out, "rb") as handle:
                return _from_wav(handle.read(), "flite")


def _flite_voices(command: str) -> set[str]:
    """The voices this flite has built in; `flite -lv` says "Voices available: kal rms ..."."""
    listed = _run("flite", [command, "-lv"]).decode(errors="replace")
    return set(listed.partition(":")[2].split())


def _run(engine: str, command: list[str], stdin: bytes = b"") -> bytes:
    """The engine's standard output, or a SpeechError saying why it failed."""
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=ENGINE_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise SpeechError(what=engine, why="took too long") from exc
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip()[:300] or f"exit {done.returncode}"
        raise SpeechError(what=engine, why=why)
    return done.stdout


def local_voice() -> Voice:
    """The clearest local engine installed: flite, else espeak-ng."""
    try:
        return Flite()
    except SpeechError as flite_missing:
        try:
            return Espeak()
        except SpeechError:
            raise SpeechError(
                why="neither flite nor espeak-ng is installed (apt-get install flite)"
            ) from flite_missing


class SpeechServer:
    """An OpenAI-compatible speech server: `base_url` ends in /v1, as the model server's
    does. Long posts are sent a few paragraphs at a time and the pieces joined."""

    def __init__(
        self, base_url: str, model: str, voice: str, api_key: str = "", timeout: float = 120.0
    ) -> None:
        self.url = base_url.rstrip("/") + "/audio/speech"
        self.model, self.voice = model, voice
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(headers=headers, timeout=timeout)
        self.name = f"{model} {voice} at {base_url}"

    def speak(self, paragraphs: Sequence[str]) -> Speech:
        pieces = [self._request(chunk) for chunk in _chunks(paragraphs)]
        rates = {piece.rate for piece in pieces}
        if len(rates) > 1:
            raise SpeechError(what=self.url, why="the server answered at different sample rates")
        return Speech(b"".join(piece.pcm for piece in pieces), rates.pop())

    def _request(self, text: str) -> Speech:
        body = {"model": self.model, "voice": self.voice, "input": text, "response_format": "wav"}
        try:
            response = self.client.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise SpeechError(what=self.url, why=f"no answer ({exc})") from exc
        if response.status_code != 200:
            raise SpeechError(what=self.url, why=f"HTTP {response.status_code}")
        return _from_wav(response.content, self.url)


def _chunks(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs joined into requests of at most MAX_REQUEST_CHARACTERS (a longer paragraph
    goes alone, cut at a sentence end where it must be cut)."""
    chunks: list[str] = []
    for paragraph in paragraphs:
        while len(paragraph) > MAX_REQUEST_CHARACTERS:
            cut = paragraph.rfind(". ", 0, MAX_REQUEST_CHARACTERS) + 1 or MAX_REQUEST_CHARACTERS
            chunks.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if chunks and len(chunks[-1]) + len(paragraph) + 2 <= MAX_REQUEST_CHARACTERS:
            chunks[-1] = f"{chunks[-1]}\n\n{paragraph}"
        elif paragraph:
            chunks.append(paragraph)
    return chunks


def mp3(speech: Speech) -> bytes:
    """The speech as a mono MP3 file."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_BITRATE)
    encoder.set_in_sample_rate(speech.rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return bytes(encoder.encode(speech.pcm) + encoder.flush())
