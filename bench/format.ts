/** Number formats of the report. */

export const fmt = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
export const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}x`);
/** A share from 0 to 1 as a whole percentage. */
export const percent = (share: number) =>
  Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–';
