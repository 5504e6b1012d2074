#!/usr/bin/env python3
"""Draws Starling's icon: a gold STAR over the bars of a voice, on a deep teal tile.

Writes assets/icons/starling-<size>.png for the desktop menu (hicolor sizes) and the window.
Run from the project root: python3 scripts/make-icon.py (needs Pillow: pip install pillow).
The PNGs are committed; this script is how they were made.
"""
import math
import os

from PIL import Image, ImageDraw

BIG = 1024  # drawn large, then scaled down for smooth edges
SIZES = [32, 48, 64, 128, 256, 512]
OUT = os.path.join("assets", "icons")


def tile():
    """Rounded square with a vertical gradient, deep blue to teal."""
    top, bottom = (34, 46, 102), (23, 128, 128)
    mask = Image.new("L", (BIG, BIG), 0)
    ImageDraw.Draw(mask).rounded_rectangle([40, 40, BIG - 40, BIG - 40], radius=200, fill=255)
    grad = Image.new("RGBA", (BIG, BIG))
    g = ImageDraw.Draw(grad)
    for y in range(BIG):
        t = y / (BIG - 1)
        g.line([(0, y), (BIG, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)) + (255,))
    return grad, mask


def star_points(cx, cy, outer, inner):
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def main():
    os.makedirs(OUT, exist_ok=True)
    grad, mask = tile()
    icon = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    icon.paste(grad, (0, 0), mask)
    d = ImageDraw.Draw(icon)
    # The star: the STAR of the answer, gold.
    d.polygon(star_points(BIG / 2, 400, 270, 112), fill=(255, 196, 61, 255))
    # A voice: five rounded bars under it, the middle one tallest.
    heights = [90, 150, 210, 150, 90]
    width, gap = 64, 40
    x0 = BIG / 2 - (len(heights) * width + (len(heights) - 1) * gap) / 2
    base = 800
    for i, h in enumerate(heights):
        x = x0 + i * (width + gap)
        d.rounded_rectangle([x, base - h / 2, x + width, base + h / 2], radius=width / 2, fill=(255, 255, 255, 235))
    for size in SIZES:
        icon.resize((size, size), Image.LANCZOS).save(os.path.join(OUT, f"starling-{size}.png"), optimize=True)
    print("wrote", ", ".join(f"starling-{s}.png" for s in SIZES), "in", OUT)


if __name__ == "__main__":
    main()
