"""Draws static/img/link-preview.png, the picture a shared link shows when the event has none of its own.

1200 x 630, the size KakaoTalk, Facebook and X crop link previews to. Needs
Pillow and the Nanum Square Round font (Debian: fonts-nanum-extra):
    .venv/bin/python scripts/link_preview_image.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/nanum/NanumSquareRoundB.ttf"
BRAND, INK, ACCENT = (11, 79, 138), (255, 255, 255), (255, 196, 77)

image = Image.new("RGB", (1200, 630), BRAND)
draw = ImageDraw.Draw(image)
for index, radius in enumerate((520, 400, 280)):
    shade = tuple(min(255, channel + 18 * (index + 1)) for channel in BRAND)
    draw.ellipse((1200 - radius, 630 - radius, 1200 + radius, 630 + radius), fill=shade)
draw.rectangle((90, 150, 110, 470), fill=ACCENT)
draw.text((150, 160), "Symposium", font=ImageFont.truetype(FONT, 120), fill=INK)
draw.text((154, 320), "학술·산업 심포지엄", font=ImageFont.truetype(FONT, 58), fill=INK)
draw.text((154, 400), "Academic–industry symposium", font=ImageFont.truetype(FONT, 44), fill=INK)
target = Path(__file__).resolve().parent.parent / "static" / "img" / "link-preview.png"
image.save(target, optimize=True)
