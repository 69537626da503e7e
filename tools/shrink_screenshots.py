"""Copy screenshots into docs/screenshots/<phase>/ as small palette PNGs (≤ 300 kB each).

Usage: python tools/shrink_screenshots.py before|after
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
# The closing note's pages (issue #12 item 20); the others stay in artifacts/ only.
PAGES = ("today", "check-in", "plan", "progress", "activity")


def shrink(source: Path, target: Path) -> int:
    """Quantise to 64 colours (screenshots are flat colour) and return the new size in bytes."""
    image = Image.open(source).convert("RGB")
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    return target.stat().st_size


def main(phase: str) -> None:
    folder = ROOT / "docs" / "screenshots" / phase
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "artifacts" / "screenshots").glob(f"i12-look-{phase}-*.png")):
        page = source.stem.removeprefix(f"i12-look-{phase}-").removesuffix("-dark")
        if page.rsplit("-", 1)[0] not in PAGES:
            continue
        size = shrink(source, folder / source.name.removeprefix(f"i12-look-{phase}-"))
        print(f"{source.name}: {source.stat().st_size // 1024} kB → {size // 1024} kB")


if __name__ == "__main__":
    main(sys.argv[1])
