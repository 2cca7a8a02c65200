/**
 * Exact decimal scaling by powers of ten. `0.4 * 10000` is 4000 in floating point but
 * `0.126 * 10000` is 1259.9999999999998, and `0.15 * 100` is 15.000000000000002: a pledge
 * total must never show such noise. Moving the decimal point in the digit string and
 * converting once gives the double nearest to the true decimal, which is the best a
 * `number` can hold.
 */

/** `digits × 10^exponent`, with the sign apart. `digits` is a non-empty string of 0-9. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

/** `decimalFromParts(false, '0', '126')` → 126 × 10⁻³. */
export function decimalFromParts(negative: boolean, intPart: string, fracPart: string): Decimal {
  const digits = `${intPart}${fracPart}`;
  return { negative, digits: digits === '' ? '0' : digits, exponent: -fracPart.length };
}

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * The shortest decimal that reads back as `n` (what `String(n)` prints), exponent form included.
 * `decimalFromNumber(0.15)` → 15 × 10⁻². `n` must be finite.
 */
export function decimalFromNumber(n: number): Decimal {
  const m = NUMBER_TEXT.exec(String(Math.abs(n)));
  if (m === null) throw new RangeError(`not a finite number: ${n}`);
  const frac = m[2] ?? '';
  return {
    negative: n < 0,
    digits: `${m[1]}${frac}`,
    exponent: Number(m[3] ?? '0') - frac.length,
  };
}

/** `shiftDecimal(d, 4)` multiplies by 10 000 without rounding. */
export function shiftDecimal(d: Decimal, powerOfTen: number): Decimal {
  return { ...d, exponent: d.exponent + powerOfTen };
}

/** Plain positional notation, never exponent form: 126 × 10¹ → `'1260'`, 4 × 10⁻⁸ → `'0.00000004'`. */
export function decimalToString(d: Decimal): string {
  let intPart: string;
  let fracPart: string;
  if (d.exponent >= 0) {
    intPart = d.digits + '0'.repeat(d.exponent);
    fracPart = '';
  } else {
    const fracLength = -d.exponent;
    const padded = d.digits.padStart(fracLength + 1, '0');
    intPart = padded.slice(0, padded.length - fracLength);
    fracPart = padded.slice(padded.length - fracLength);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  const body = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  return d.negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** The nearest double; `-0` comes back as `0` because a blank sign means nothing in a report. */
export function decimalToNumber(d: Decimal): number {
  const n = Number(decimalToString(d));
  return n === 0 ? 0 : n;
}
