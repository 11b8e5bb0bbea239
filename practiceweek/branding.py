"""Council branding arithmetic: WCAG 2.2 contrast between the accent colour and text."""

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

# WCAG 2.2 AA: 4.5:1 for normal text, which the accent carries (buttons, links, header).
MIN_TEXT_CONTRAST = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    """'#1d4f91' or '1d4f91' or '#abc' as (r, g, b); ValueError on anything else."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"{colour!r} is not a hex colour like #1d4f91")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def accent_problems(accent: str) -> list[str]:
    """Why an accent colour cannot carry white text and sit on a white page; empty when fine."""
    try:
        parse_hex(accent)
    except ValueError as exc:
        return [str(exc)]
    ratio = contrast_ratio(accent, "#ffffff")
    if ratio < MIN_TEXT_CONTRAST:
        return [
            f"{accent} against white has contrast {ratio:.2f}:1; WCAG 2.2 AA needs "
            f"{MIN_TEXT_CONTRAST}:1. Choose a darker accent colour."
        ]
    return []
