import { PNG } from "pngjs";

// The two icons a Teams app package needs, drawn at build time: a 192×192 colour icon and a 32×32 white outline on
// a transparent background (Teams' rules for the outline icon).

type Rgba = [number, number, number, number];

function draw(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const offset = (y * size + x) * 4;
      const [r, g, b, a] = paint(x, y);
      png.data[offset] = r;
      png.data[offset + 1] = g;
      png.data[offset + 2] = b;
      png.data[offset + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

/** A speech bubble: a disc with a tail at the lower left. */
function inBubble(x: number, y: number, size: number, inset: number): boolean {
  const centre = size / 2;
  const radius = size / 2 - inset;
  const inDisc = (x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2;
  const inTail = x >= inset && x < centre && y >= centre && y < size - inset && x - inset <= size - inset - y;
  return inDisc || inTail;
}

export function colorIcon(accent: string): Buffer {
  const hex = accent.replace("#", "");
  const rgb: Rgba = [
    Number.parseInt(hex.slice(0, 2), 16),
    Number.parseInt(hex.slice(2, 4), 16),
    Number.parseInt(hex.slice(4, 6), 16),
    255,
  ];
  return draw(192, (x, y) => (inBubble(x, y, 192, 36) ? [255, 255, 255, 255] : rgb));
}

export function outlineIcon(): Buffer {
  return draw(32, (x, y) => (inBubble(x, y, 32, 3) && !inBubble(x, y, 32, 6) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}
