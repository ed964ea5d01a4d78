/**
 * printf("%.Nf")-compatible fixed-point formatting. `toFixed` rounds exact ties (a binary value
 * lying exactly halfway, e.g. 0.03125 at 4 digits) upwards, while glibc's printf rounds them to
 * even; trec_eval prints with printf, so ties are resolved to even here.
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '-nan' : value > 0 ? 'inf' : '-inf';
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  const halves = magnitude * 2 ** (digits + 1);
  let text: string;
  if (Number.isInteger(halves) && halves % 2 === 1 && halves < 2 ** 53) {
    const lower = Math.floor(magnitude * 10 ** digits);
    const rounded = lower % 2 === 0 ? lower : lower + 1;
    const units = String(rounded).padStart(digits + 1, '0');
    text = digits === 0 ? units : `${units.slice(0, units.length - digits)}.${units.slice(units.length - digits)}`;
  } else {
    text = magnitude.toFixed(digits);
  }
  // printf keeps the sign of negative values that round to zero ("-0.0000").
  return negative ? `-${text}` : text;
}

/** C's atol: optional whitespace and sign, then as many digits as there are; 0 when there are none. */
export function atol(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1], 10) : 0;
}

/** C's atof for ordinary decimal input; 0 when the text does not start with a number. */
export function atof(text: string): number {
  const match = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
  return match ? Number.parseFloat(match[0]) : 0;
}
