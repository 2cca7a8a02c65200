/** Small helpers shared by the workbooks this backend writes (templates, summaries). */

import type { Borders, Fill, Font, Workbook } from 'exceljs';
import { quoteFormula } from '../../domain/parse';
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
 * whatever its first character; control characters that XML cannot hold are dropped, and text a
 * spreadsheet would take for a formula is quote-prefixed (`'=HYPERLINK(…)`, OWASP's advice), so it
 * stays text when someone edits the cell or saves the sheet as CSV.
 */
export function inert(text: string | undefined | null): string {
  if (text === undefined || text === null) return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters on purpose
  return quoteFormula(String(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
}

/**
 * A workbook's bytes, every text cell of every sheet first made inert: the one way the workbooks
 * this backend makes are written (the streamed summary writes its rows through `inert`).
 */
export async function xlsxBytes(wb: Workbook): Promise<Buffer> {
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value === 'string') {
          const safe = inert(cell.value);
          if (safe !== cell.value) cell.value = safe;
        }
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A `Content-Disposition: attachment` header value per RFC 6266: `filename="…"` an ASCII fallback
 * of letters, digits and `._-` only (anything else, quotes, `;`, CR/LF included, becomes `_`), and
 * `filename*=UTF-8''…` the real name percent-encoded per RFC 8187 (only its attr-chars left as
 * they are), so no name can add a parameter or a header.
 * `attachment('汇总.xlsx', 'summary.xlsx')` → `attachment; filename="summary.xlsx"; filename*=UTF-8''%E6%B1%87%E6%80%BB.xlsx`.
 */
export function attachment(filename: string, fallback = 'shishi.xlsx'): string {
  const ascii = fallback.replace(/[^A-Za-z0-9._-]/g, '_') || 'shishi.xlsx';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
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
