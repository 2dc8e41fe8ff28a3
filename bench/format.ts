/** Number formats of the report. */

export const fmt = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
export const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}x`);
