/**
 * Orders strings the way C's strcmp orders their UTF-8 bytes, i.e. by code point.
 * JavaScript's `<` compares UTF-16 code units, which disagrees with code-point order only when a
 * surrogate pair meets a character in U+E000–U+FFFF; the fix-up below covers that case.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
