/** Small helpers shared by the workbooks this backend writes (templates, summaries). */

import type { Borders, Fill, Font } from 'exceljs';
import { inflateEntry, readCentralDirectory } from './guard';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const THIN: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const CJK_FONT = 'Noto Sans CJK SC';
export const BODY_FONT: Partial<Font> = { name: CJK_FONT, size: 11 };
export const BOLD_FONT: Partial<Font> = { name: CJK_FONT, size: 11, bold: true };
export const TITLE_FONT: Partial<Font> = { name: CJK_FONT, size: 16, bold: true };

export const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
export const HEADER_FILL = solid('FFD9E1F2');

/**
 * Text from users (notes, explanations, names) as an inert cell value: always a plain string,
 * never a formula or hyperlink. exceljs writes a string value as a shared (or inline) string
 * whatever its first character; control characters that XML cannot hold are dropped.
 */
export function inert(text: string | undefined | null): string {
  if (text === undefined || text === null) return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters on purpose
  return String(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Text that a spreadsheet program would take for a formula when typed. */
export const looksLikeFormula = (text: string): boolean => /^[=+\-@\t\r]/.test(text);

/** `attachment; filename*=UTF-8''…` with a plain ASCII fallback. */
export function attachment(filename: string, fallback = 'shishi.xlsx'): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The text of each part of an .xlsx (a zip), by path: for checks of the XML itself (no formula
 * or hyperlink where there must be none). Uses the guard's zip reader.
 */
export function xlsxParts(zip: Buffer): Map<string, string> {
  const parts = new Map<string, string>();
  for (const e of readCentralDirectory(zip)) parts.set(e.name, inflateEntry(zip, e).toString('utf8'));
  return parts;
}
