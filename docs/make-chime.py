#!/usr/bin/env python3
"""Writes ui/chime.wav, the till's "paid" chime: two soft bell tones (A5 then E6), 0.9 s,
22.05 kHz 16-bit mono. Generated here rather than downloaded, so its origin and licence are ours.
Run from the repository root: python3 docs/make-chime.py"""

import math
import struct
import wave

RATE = 22050


def bell(freq, start, length, total):
    """A decaying sine with a quieter octave partial, placed at `start` seconds."""
    samples = [0.0] * total
    first = int(start * RATE)
    for i in range(int(length * RATE)):
        t = i / RATE
        envelope = math.exp(-5.0 * t) * min(1.0, t / 0.005)  # 5 ms attack, no click
        value = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(2 * math.pi * 2 * freq * t)
        if first + i < total:
            samples[first + i] = envelope * value
    return samples


def main():
    total = int(0.9 * RATE)
    tones = [bell(880.0, 0.0, 0.9, total), bell(1318.5, 0.14, 0.76, total)]
    mixed = [sum(parts) for parts in zip(*tones)]
    peak = max(abs(s) for s in mixed)
    with wave.open("ui/chime.wav", "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", int(0.6 * 32767 * s / peak)) for s in mixed))


if __name__ == "__main__":
    main()
