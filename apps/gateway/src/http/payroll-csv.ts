import { PAYROLL_COLUMNS, type PayrollRow } from '@uehub/contracts';

/** A CSV field (RFC 4180): quoted when needed; text starting like a formula is prefixed with ' so spreadsheets do not run it. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The payroll export as CSV: a header line, then one line per user (CRLF line ends). */
export function payrollCsv(rows: PayrollRow[]): string {
  const lines = [PAYROLL_COLUMNS.join(','), ...rows.map((row) => PAYROLL_COLUMNS.map((column) => field(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
