/**
 * A deterministic point cloud (a golden-angle spiral in a few coloured arms) drawn on the start
 * page before any projection exists. Columnar like real map data: positions and colours are
 * typed arrays handed to deck.gl as binary attributes.
 */
export interface PointColumns {
  length: number;
  positions: Float32Array;
  colors: Uint8Array;
}

const PALETTE: Array<[number, number, number]> = [
  [86, 180, 233],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [240, 228, 66],
];

export function welcomePoints(count = 2_000): PointColumns {
  const positions = new Float32Array(count * 2);
  const colors = new Uint8Array(count * 4);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < count; i++) {
    const radius = Math.sqrt(i / count) * 200;
    const angle = i * golden;
    positions[2 * i] = radius * Math.cos(angle);
    positions[2 * i + 1] = radius * Math.sin(angle);
    const [r, g, b] = PALETTE[Math.floor((angle / (2 * Math.PI)) * PALETTE.length) % PALETTE.length];
    colors.set([r, g, b, 220], 4 * i);
  }
  return { length: count, positions, colors };
}
