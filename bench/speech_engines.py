"""Local text-to-speech engines for the audio edition: intelligibility, speed and speaking rate.

What it measures: each engine and voice that Debian installs here (espeak-ng, flite, festival)
reads the same short news sentences and two scripture sentences. Each recording is resampled to
16 kHz mono 16-bit and recognised by the offline PocketSphinx recogniser (its bundled US English
model, default configuration), and the word error rate (WER: word edit distance over the words
expected, lowercase, punctuation removed) says how much of the sentence came back. It also times
one reading of all the sentences as one passage: real-time factor (synthesis seconds / audio
seconds, under 1 is faster than speech) and audio seconds per 100 written words, which predicts
an episode's length from a post's word count.

Why: the audio edition needs a default engine, and it should be chosen by a measure, not by
taste. A recogniser round trip is an objective, repeatable proxy for how clearly a voice speaks:
words it cannot make out are words a listener strains at.

Limits, read the figures with them:

* The recogniser was trained on natural speech, not on synthetic speech, so it is no listener. It
  can punish a voice that people follow easily (espeak-ng's default formant voice, robotic but
  crisp, is recognised far worse than its Klatt variant that sounds no clearer) and forgive one
  that sounds robotic to a person (diphone voices keep real recorded sounds). Its US English
  model also favours US voices over British ones. Rank engines with it; do not read a WER as the
  share of words a listener would miss.
* WER also counts the recogniser's own errors and its language model's guesses, which are the
  same for every voice, so only the differences between rows mean much. Every word expected is
  checked to be in the model's vocabulary first, so no voice can be asked for a word the
  recogniser cannot produce.
* Numbers and abbreviations are written in the text as a post has them ("2,000", "3.5", "1887",
  "3rd") and expected as a good reader says them ("two thousand", "three point five", "eighteen
  eighty seven", "third"); a voice that reads them otherwise loses those words. Where British and
  US readings differ only by "and" ("three hundred and fifty"), both are accepted.
* A dozen sentences are a small sample: a difference of a few points of WER is noise.
* Timings include starting the engine once per passage, as praynews does once per recording;
  they are the best of TIMING_REPEATS runs on this machine, all taken before recognition starts
  (which then runs in RECOGNISER_WORKERS processes), so nothing else competes with the engines.

Run: .venv/bin/python bench/speech_engines.py [--show TEXT]
(needs the `pocketsphinx` PyPI package, scipy, and the engines from Debian: espeak-ng, flite,
festival with its voices; an engine or voice not installed is skipped with a line saying so)
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pocketsphinx import Decoder

RECOGNISER_RATE = 16_000  # PocketSphinx's US English model is for 16 kHz mono 16-bit audio
TIMING_REPEATS = 3  # passage syntheses timed per setting; the fastest counts
ENGINE_SECONDS = 120  # one engine run; more means it hung
# "+klatt" is espeak-ng's Klatt formant synthesiser. "en" is the same voice as "en-gb", but
# "en-gb+klatt" silently drops the variant (same audio as "en-gb"), so British Klatt is "en+klatt".
ESPEAK_VOICES = ("en-us", "en-gb", "en-us+klatt", "en+klatt")
ESPEAK_SPEEDS = (150, 160, 175)  # words per minute; espeak-ng's default is 175
FLITE_VOICES = ("slt", "kal", "kal16", "rms", "awb")
# Festival's English voices from Debian: festvox-kallpc16k, festvox-kdlpc16k, festvox-us-slt-hts.
FESTIVAL_VOICES = ("kal_diphone", "ked_diphone", "cmu_us_slt_arctic_hts")
DEFAULT_SPEED = "default"
RECOGNISER_WORKERS = os.cpu_count() or 1  # recognition runs after all timing, in parallel
# The recogniser's vocabulary has both spellings of some words: either counts as the word.
US_SPELLINGS = {"labour": "labor", "metres": "meters", "honour": "honor", "colour": "color"}
OUT_OF_VOCABULARY = -1e8  # NGramModel.prob() of a word the language model lacks is about -5e8

# (text as a post has it, words a good reader says). "[and]" is an optional word.
SENTENCES: tuple[tuple[str, str], ...] = (
    (
        "Firefighters in northern Portugal brought three wildfires under control on Tuesday "
        "after two days of strong wind.",
        "firefighters in northern portugal brought three wildfires under control on tuesday "
        "after two days of strong wind",
    ),
    (
        "The bridge over the Danube in Budapest will close for 14 months while engineers "
        "replace its steel cables.",
        "the bridge over the danube in budapest will close for fourteen months while engineers "
        "replace its steel cables",
    ),
    (
        "Heavy rain flooded more than 2,000 homes along the coast of Kerala, and schools "
        "stayed shut.",
        "heavy rain flooded more than two thousand homes along the coast of kerala and schools "
        "stayed shut",
    ),
    (
        "Doctors in Nairobi said the new clinic treated 350 children in its first week.",
        "doctors in nairobi said the new clinic treated three hundred [and] fifty children in "
        "its first week",
    ),
    (
        "Mayor Helen Carter opened a library in Glasgow on the 3rd of May.",
        "mayor helen carter opened a library in glasgow on the third of may",
    ),
    (
        "The president of Chile met farmers in Santiago to talk about the long drought.",
        "the president of chile met farmers in santiago to talk about the long drought",
    ),
    (
        "A ferry carrying 412 passengers ran aground near the Greek island of Crete, but no "
        "one was hurt.",
        "a ferry carrying four hundred [and] twelve passengers ran aground near the greek "
        "island of crete but no one was hurt",
    ),
    (
        "Prices rose by 3.5 percent in March, the highest rate in ten years, the central bank "
        "said.",
        "prices rose by three point five percent in march the highest rate in ten years the "
        "central bank said",
    ),
    (
        "The museum, built in 1887, reopened on Friday after a fire destroyed its roof.",
        "the museum built in eighteen eighty seven reopened on friday after a fire destroyed "
        "its roof",
    ),
    (
        "Police in Toronto found the missing boy safe and well at his grandmother's house on "
        "Sunday morning.",
        "police in toronto found the missing boy safe and well at his grandmother's house on "
        "sunday morning",
    ),
    (
        "Rescue teams brought 12 climbers down from a glacier 600 metres below the summit in "
        "the Swiss Alps.",
        "rescue teams brought twelve climbers down from a glacier six hundred meters below the "
        "summit in the swiss alps",
    ),
    # Scripture as the posts quote it (KJV).
    (
        "The Lord is my shepherd; I shall not want.",
        "the lord is my shepherd i shall not want",
    ),
    (
        "Come unto me, all ye that labour and are heavy laden, and I will give you rest.",
        "come unto me all ye that labor and are heavy laden and i will give you rest",
    ),
)


@dataclass(frozen=True)
class Setting:
    """One engine, voice and speed; `command` builds the engine's command line for a text file
    and an output WAV path (espeak-ng takes the text on its standard input instead)."""

    engine: str
    voice: str
    speed: str
    command: Callable[[Path, Path], list[str]]
    text_on_stdin: bool = False

    @property
    def label(self) -> str:
        return f"{self.engine} {self.voice} {self.speed}"


@dataclass(frozen=True)
class Recording:
    samples: np.ndarray  # int16 at `rate`
    rate: int
    synthesis_seconds: float

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


@dataclass
class Result:
    setting: Setting
    errors: int
    words: int
    rtf: float
    seconds_per_100_words: float
    hypotheses: list[str]
    sentence_wers: list[float]

    @property
    def wer(self) -> float:
        return 100 * self.errors / self.words


# --- words and word error rate ------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    """Lowercase words, punctuation removed (hyphens split words, inner apostrophes stay),
    British spellings made US ones."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("-", " "))
    return [US_SPELLINGS.get(word, word) for word in words]


def variants(spoken: str) -> list[list[str]]:
    """Every reading a spoken form allows: each "[word]" present or left out."""
    tokens = spoken.split()
    optional = [i for i, token in enumerate(tokens) if token.startswith("[")]
    readings = []
    for keep in itertools.product((True, False), repeat=len(optional)):
        dropped = {i for i, kept in zip(optional, keep, strict=True) if not kept}
        readings.append([token.strip("[]") for i, token in enumerate(tokens) if i not in dropped])
    return readings


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions, deletions and insertions turning `reference` into `hypothesis`."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
            )
        previous = current
    return previous[-1]


def sentence_errors(spoken: str, hypothesis: str) -> tuple[int, int]:
    """(errors, words expected) against the closest allowed reading."""
    heard = words_of(hypothesis)
    return min((edit_distance(reading, heard), len(reading)) for reading in variants(spoken))


# --- engines ------------------------------------------------------------------------------------


def espeak_settings(command: str) -> list[Setting]:
    # -b 1: the input is UTF-8, as praynews.speech runs it; --stdout: the WAV on standard output.
    def build(voice: str, speed: int) -> Callable[[Path, Path], list[str]]:
        return lambda _text, _out: [command, "-v", voice, "-s", str(speed), "-b", "1", "--stdout"]

    return [
        Setting("espeak-ng", voice, str(speed), build(voice, speed), text_on_stdin=True)
        for voice in ESPEAK_VOICES
        for speed in ESPEAK_SPEEDS
    ]


def flite_settings(command: str) -> list[Setting]:
    listed = run_text([command, "-lv"])
    available = set(listed.split(":", 1)[-1].split())
    settings = []
    for voice in FLITE_VOICES:
        if voice not in available:
            print(f"skipped: flite voice {voice} is not installed (flite -lv: {listed.strip()})")
            continue
        settings.append(
            Setting(
                "flite",
                voice,
                DEFAULT_SPEED,
                lambda text, out, v=voice: [command, "-voice", v, "-f", str(text), "-o", str(out)],
            )
        )
    return settings


def festival_settings(command: str) -> list[Setting]:
    festival = shutil.which("festival")
    listed = run_text([festival, "--pipe"], stdin="(print (voice.list))") if festival else ""
    available = set(listed.strip("()\n ").split())
    settings = []
    for voice in FESTIVAL_VOICES:
        if voice not in available:
            print(f"skipped: festival voice {voice} is not installed")
            continue
        settings.append(
            Setting(
                "festival",
                voice,
                DEFAULT_SPEED,
                lambda text, out, v=voice: [
                    command,
                    "-eval",
                    f"(voice_{v})",
                    "-o",
                    str(out),
                    str(text),
                ],
            )
        )
    return settings


ENGINES: tuple[tuple[str, str, Callable[[str], list[Setting]]], ...] = (
    ("espeak-ng", "espeak-ng", espeak_settings),
    ("flite", "flite", flite_settings),
    ("festival", "text2wave", festival_settings),
)


def available_settings() -> list[Setting]:
    settings = []
    for engine, program, make in ENGINES:
        command = shutil.which(program)
        if command is None:
            print(f"skipped: {engine} is not installed ({program} not found; apt-get install it)")
            continue
        settings.extend(make(command))
    return settings


def run_text(command: Sequence[str], stdin: str = "") -> str:
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=ENGINE_SECONDS, check=True
    )
    return done.stdout


def synthesise(setting: Setting, text: str, folder: Path) -> Recording:
    """The text read by one setting, timed from starting the engine to its exit."""
    text_path, wav_path = folder / "input.txt", folder / "output.wav"
    text_path.write_text(text + "\n", encoding="utf-8")
    command = setting.command(text_path, wav_path)
    stdin = text.encode() if setting.text_on_stdin else None
    start = time.perf_counter()
    done = subprocess.run(
        command, input=stdin, capture_output=True, timeout=ENGINE_SECONDS, check=True
    )
    elapsed = time.perf_counter() - start
    data = done.stdout if setting.text_on_stdin else wav_path.read_bytes()
    samples, rate = read_wav(data)
    return Recording(samples, rate, elapsed)


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """16-bit PCM samples (channels averaged) and rate. Frames are read to the end of the data:
    espeak-ng's WAV on standard output declares a length it cannot know yet."""
    with wave.open(io.BytesIO(data)) as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{wav.getsampwidth() * 8}-bit audio; 16-bit expected")
        channels, rate = wav.getnchannels(), wav.getframerate()
        frames = wav.readframes(sys.maxsize)
    samples = np.frombuffer(frames, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples, rate


def to_recogniser_rate(samples: np.ndarray, rate: int) -> bytes:
    """Mono 16-bit PCM at RECOGNISER_RATE (polyphase resampling, clipped to 16 bits)."""
    from scipy.signal import resample_poly

    if rate != RECOGNISER_RATE:
        common = math.gcd(rate, RECOGNISER_RATE)
        resampled = resample_poly(
            samples.astype(np.float64), RECOGNISER_RATE // common, rate // common
        )
        samples = np.clip(np.round(resampled), -32768, 32767).astype(np.int16)
    return samples.astype("<i2").tobytes()


# --- recogniser ---------------------------------------------------------------------------------


def load_recogniser() -> Decoder:
    try:
        import pocketsphinx
    except ImportError:
        sys.exit(
            "pocketsphinx is missing: .venv/bin/pip install pocketsphinx "
            "(5.x carries its US English model)"
        )
    return pocketsphinx.Decoder(loglevel="FATAL")  # default models and settings, quiet


def check_vocabulary() -> None:
    """Exit if a word expected is one the recogniser's language model cannot produce."""
    import pocketsphinx

    model = pocketsphinx.NGramModel.readfile(
        os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
    )
    expected = {word for _, spoken in SENTENCES for word in words_of(spoken.replace("[", ""))}
    missing = sorted(word for word in expected if model.prob([word]) < OUT_OF_VOCABULARY)
    if missing:
        sys.exit(f"words not in the recogniser's vocabulary, reword them: {', '.join(missing)}")


def recognise(decoder: Decoder, pcm: bytes) -> str:
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis is not None else ""


# --- measuring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synthesised:
    """One setting's sentences as 16 kHz PCM, and its timed passage."""

    setting: Setting
    sentences: list[bytes]
    rtf: float
    seconds_per_100_words: float
    passage_digest: int


def synthesise_setting(setting: Setting, folder: Path) -> Synthesised:
    sentences = []
    for text, _ in SENTENCES:
        recording = synthesise(setting, text, folder)
        sentences.append(to_recogniser_rate(recording.samples, recording.rate))
    passage = " ".join(text for text, _ in SENTENCES)
    timed = [synthesise(setting, passage, folder) for _ in range(TIMING_REPEATS)]
    fastest = min(timed, key=lambda recording: recording.synthesis_seconds)
    return Synthesised(
        setting,
        sentences,
        rtf=fastest.synthesis_seconds / fastest.seconds,
        seconds_per_100_words=100 * fastest.seconds / len(passage.split()),
        passage_digest=hash(fastest.samples.tobytes()),
    )


_decoder: Decoder | None = None  # one per recognising process


def _start_worker() -> None:
    global _decoder
    _decoder = load_recogniser()


def _recognise_in_worker(pcm: bytes) -> str:
    return recognise(_decoder, pcm)


def recognise_all(done: Sequence[Synthesised]) -> list[list[str]]:
    """What the recogniser heard in every sentence of every setting."""
    pcms = [pcm for synthesised in done for pcm in synthesised.sentences]
    with multiprocessing.Pool(RECOGNISER_WORKERS, initializer=_start_worker) as pool:
        heard = pool.map(_recognise_in_worker, pcms, chunksize=1)
    per = len(SENTENCES)
    return [heard[i : i + per] for i in range(0, len(heard), per)]


def score(synthesised: Synthesised, heard: Sequence[str]) -> Result:
    errors = words = 0
    sentence_wers = []
    for (_, spoken), hypothesis in zip(SENTENCES, heard, strict=True):
        wrong, expected = sentence_errors(spoken, hypothesis)
        errors, words = errors + wrong, words + expected
        sentence_wers.append(100 * wrong / expected)
    return Result(
        synthesised.setting,
        errors,
        words,
        rtf=synthesised.rtf,
        seconds_per_100_words=synthesised.seconds_per_100_words,
        hypotheses=list(heard),
        sentence_wers=sentence_wers,
    )


def warn_duplicates(done: Sequence[Synthesised]) -> None:
    """Say so when two settings made the same audio (an option the engine ignored)."""
    first: dict[int, Setting] = {}
    for synthesised in done:
        same = first.setdefault(synthesised.passage_digest, synthesised.setting)
        if same is not synthesised.setting:
            print(f"note: {synthesised.setting.label} made the same audio as {same.label}")


def print_table(results: Sequence[Result]) -> None:
    print(f"\n{'engine':<10} {'voice':<22} {'speed':>7} {'WER %':>6} {'RTF':>6} {'s/100 w':>8}")
    for result in results:
        s = result.setting
        print(
            f"{s.engine:<10} {s.voice:<22} {s.speed:>7} {result.wer:>6.1f} "
            f"{result.rtf:>6.4f} {result.seconds_per_100_words:>8.1f}"
        )


def print_best(results: Sequence[Result]) -> None:
    ranked = sorted(results, key=lambda result: (result.errors, result.rtf))
    best = ranked[0]
    print(f"\nbest by WER: {best.setting.label} at {best.wer:.1f}% ({best.errors}/{best.words})")
    if len(ranked) > 1:
        runner = ranked[1]
        print(f"  next: {runner.setting.label} at {runner.wer:.1f}%")
    for engine, _, _ in ENGINES:
        own = [result for result in ranked if result.setting.engine == engine]
        if own:
            print(f"  best {engine}: {own[0].setting.label} at {own[0].wer:.1f}%")


def print_hardest(results: Sequence[Result]) -> None:
    print("\nsentences by mean WER over all settings:")
    means = [
        (sum(result.sentence_wers[i] for result in results) / len(results), text)
        for i, (text, _) in enumerate(SENTENCES)
    ]
    for mean, text in sorted(means, reverse=True):
        print(f"  {mean:5.1f}%  {text[:70]}")


def print_hypotheses(results: Sequence[Result], wanted: str) -> None:
    for result in results:
        if wanted.lower() not in result.setting.label.lower():
            continue
        print(f"\n{result.setting.label}:")
        for (_, spoken), heard, wer in zip(
            SENTENCES, result.hypotheses, result.sentence_wers, strict=True
        ):
            print(f"  {wer:5.1f}%  said: {spoken}\n          heard: {heard}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show",
        metavar="TEXT",
        help="print what was heard for settings whose "
        "label contains TEXT (e.g. 'flite slt', 'espeak')",
    )
    args = parser.parse_args()
    load_recogniser()  # exits when pocketsphinx is missing
    try:
        import scipy.signal  # noqa: F401
    except ImportError:
        sys.exit("scipy is missing (resampling to 16 kHz): .venv/bin/pip install scipy")
    check_vocabulary()
    settings = available_settings()
    if not settings:
        sys.exit("no speech engine is installed: apt-get install espeak-ng flite festival")
    done = []
    with tempfile.TemporaryDirectory() as folder:
        for setting in settings:
            print(f"synthesising {setting.label} ...", file=sys.stderr)
            done.append(synthesise_setting(setting, Path(folder)))
    print(f"recognising with {RECOGNISER_WORKERS} processes ...", file=sys.stderr)
    results = [score(s, heard) for s, heard in zip(done, recognise_all(done), strict=True)]
    warn_duplicates(done)
    words = sum(len(words_of(spoken.replace("[and]", ""))) for _, spoken in SENTENCES)
    print(
        f"\n{len(SENTENCES)} sentences, {words} words expected in all; RTF best of "
        f"{TIMING_REPEATS}; s/100 w = audio seconds per 100 written words"
    )
    print_table(results)
    print_best(results)
    print_hardest(results)
    if args.show:
        print_hypotheses(results, args.show)


if __name__ == "__main__":
    main()
