/**
 * The guard an uploaded workbook passes before any spreadsheet library sees it. An .xlsx is a
 * zip of XML parts written by whoever sent it, so everything is checked from the zip's central
 * directory first (sizes, counts, compression ratios), then while inflating (the real sizes,
 * never more than declared), then in the XML text (DOCTYPE/ENTITY, cell addresses, string
 * lengths, cell counts, merged and validated areas), all without building a DOM and without
 * iterating any declared range.
 *
 * `guardWorkbook(bytes)` → `{ ok: true, value: GuardedWorkbook }` or a coded `WorkbookProblem`.
 */
import { inflateRawSync } from 'node:zlib';
import type { WorkbookProblemCode } from '../../api/errors';
import { type Area, a1Reader, EXCEL_MAX_COLS, EXCEL_MAX_ROWS } from '../../domain/worksheet/address';

export interface WorkbookProblem {
  readonly code: WorkbookProblemCode;
  readonly message: { readonly zh: string; readonly en: string };
  /** The zip entry (part) or `Sheet!A1` cell concerned, when there is one. */
  readonly where?: string;
}

export interface GuardLimits {
  /** Largest upload, bytes (default 10 MB). */
  readonly maxBytes: number;
  /** Most zip entries (default 1,000). */
  readonly maxEntries: number;
  /** Largest total uncompressed size, bytes (default 100 MB). */
  readonly maxUncompressed: number;
  /** Largest compression ratio of an entry bigger than `ratioFloor` (default 200). */
  readonly maxRatio: number;
  /** Entries smaller than this are not held to `maxRatio` (default 1 MB). */
  readonly ratioFloor: number;
  /** Most cells per sheet, and most merged or validated cells per sheet (default 200,000). */
  readonly maxCellsPerSheet: number;
  /** Longest cell or shared string, characters (Excel's own limit, 32,767). */
  readonly maxCellChars: number;
}

export const DEFAULT_LIMITS: GuardLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 1000,
  maxUncompressed: 100 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 1024 * 1024,
  maxCellsPerSheet: 200_000,
  maxCellChars: 32_767,
};

export interface SheetPart {
  readonly name: string;
  /** Zip path of the sheet's XML, e.g. `xl/worksheets/sheet1.xml`. */
  readonly path: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  readonly cellCount: number;
}

export interface GuardedWorkbook {
  readonly sheets: readonly SheetPart[];
  /** Inflated XML parts by zip path (only parts under `xl/`, `docProps/` and the content types). */
  readonly parts: ReadonlyMap<string, string>;
}

export type GuardResult =
  | { readonly ok: true; readonly value: GuardedWorkbook }
  | ({ readonly ok: false } & {
      readonly error: WorkbookProblem;
    });

export function workbookProblem(
  code: WorkbookProblemCode,
  zh: string,
  en: string,
  where?: string,
): WorkbookProblem {
  return { code, message: { zh, en }, ...(where !== undefined ? { where } : {}) };
}

const fail = (
  code: WorkbookProblemCode,
  zh: string,
  en: string,
  where?: string,
): { readonly ok: false; readonly error: WorkbookProblem } => ({
  ok: false,
  error: workbookProblem(code, zh, en, where),
});

/** `PK\x03\x04`: a zip that starts with a local file header (an empty zip is no workbook either). */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

class ZipError extends Error {}

/** Reads the central directory; throws `ZipError` on anything malformed or unsupported (zip64, encryption). */
export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const minEocd = 22;
  if (buf.length < minEocd) throw new ZipError('too short');
  let eocd = -1;
  const stop = Math.max(0, buf.length - minEocd - 0xffff);
  for (let i = buf.length - minEocd; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('zip64');
  if (cdOffset + cdSize > eocd) throw new ZipError('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('bad central header');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) throw new ZipError('bad name');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An entry's bytes, inflated no further than its declared size. */
export function inflateEntry(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipError('bad local header');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError('entry out of bounds');
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw new ZipError('stored size mismatch');
    return data;
  }
  // Inflation stops as soon as the output passes the declared size: a lying header costs nothing.
  return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
}

/** References as the file's XML holds them: upper case, `$` allowed, whole columns and rows. */
const A1 = a1Reader({ lowerCase: false, maxDigits: 7, wholeLines: true });
/**
 * A cell's own `r`: no `$`, and a letter and a digit more than Excel has, so that `XFE1` is out of
 * range (`cellOutOfRange`) rather than no address at all (`invalidReference`).
 */
const CELL_REF = a1Reader({ lowerCase: false, anchors: false, maxLetters: 4, maxDigits: 8 });

/** `B7` → { row: 7, col: 2 }; undefined when it is not an A1 address at all. */
export const parseA1 = A1.cell;

/** `A1:C3`, `A1`, `A:A`, `1:1` (whole columns / rows) → an area; undefined when malformed. */
export const parseRange = A1.range;

const inExcel = (a: Area) =>
  a.top >= 1 && a.left >= 1 && a.bottom <= EXCEL_MAX_ROWS && a.right <= EXCEL_MAX_COLS;
const areaOf = (a: Area) => (a.bottom - a.top + 1) * (a.right - a.left + 1);

/** XML-decoded attribute values we care about are plain ASCII; anything else is refused as a reference. */
function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

const xmlText = (s: string) =>
  s.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '_').length;

const MACRO_CONTENT = /macroEnabled|vbaProject|vnd\.ms-office\.vba|vnd\.ms-excel\.(?:sheet|template)\.macro/i;

/**
 * Checks an uploaded workbook. Nothing here builds a DOM or allocates per declared cell: the work
 * is linear in the bytes actually present.
 */
export function guardWorkbook(input: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): GuardResult {
  const buf = toBuffer(input);
  const zip = precheckZip(buf, limits);
  if (!zip.ok) return zip;
  return guardParts(buf, zip.entries, limits);
}

const toBuffer = (input: Uint8Array): Buffer =>
  Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);

/**
 * The cheap half of the guard, from the central directory alone (nothing is inflated): size,
 * magic bytes, entry count, declared sizes and ratios, encryption, macros, links, embedded objects.
 * The server runs it before starting a worker.
 */
export function precheckWorkbook(
  input: Uint8Array,
  limits: GuardLimits = DEFAULT_LIMITS,
): { readonly ok: false; readonly error: WorkbookProblem } | undefined {
  const out = precheckZip(toBuffer(input), limits);
  return out.ok ? undefined : out;
}

function precheckZip(
  buf: Buffer,
  limits: GuardLimits,
):
  | { readonly ok: true; readonly entries: ZipEntry[] }
  | { readonly ok: false; readonly error: WorkbookProblem } {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  if (buf.length > limits.maxBytes) {
    return fail(
      'workbook.tooLarge',
      `文件超过 ${mb(limits.maxBytes)}`,
      `The file is larger than ${mb(limits.maxBytes)}`,
    );
  }
  if (!looksLikeXlsx(buf)) {
    return fail(
      'workbook.notXlsx',
      '文件不是 Excel 工作簿（.xlsx）；请在 Excel 中“另存为”Excel 工作簿后再上传',
      'The file is not an Excel workbook (.xlsx); save it as an Excel Workbook and upload that',
    );
  }
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(buf);
  } catch (e) {
    return fail(
      'workbook.unreadable',
      `工作簿文件已损坏，无法读取（${(e as Error).message}）`,
      `The workbook file is damaged and cannot be read (${(e as Error).message})`,
    );
  }
  if (entries.length > limits.maxEntries) {
    return fail(
      'workbook.zipBomb',
      `工作簿包含 ${entries.length} 个部件，超过上限 ${limits.maxEntries}`,
      `The workbook has ${entries.length} parts, more than ${limits.maxEntries}`,
    );
  }
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > limits.maxUncompressed) {
      return fail(
        'workbook.zipBomb',
        `工作簿解压后超过 ${mb(limits.maxUncompressed)}`,
        `The workbook unpacks to more than ${mb(limits.maxUncompressed)}`,
        e.name,
      );
    }
    if (e.size > limits.ratioFloor && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
      return fail(
        'workbook.zipBomb',
        `部件 ${e.name} 的压缩比超过 ${limits.maxRatio}:1（疑似压缩炸弹）`,
        `Part ${e.name} is compressed more than ${limits.maxRatio}:1 (a zip bomb?)`,
        e.name,
      );
    }
    if ((e.flags & 1) !== 0) {
      return fail(
        'workbook.unreadable',
        '工作簿已加密，请去掉密码后再上传',
        'The workbook is encrypted; remove the password and upload it again',
        e.name,
      );
    }
    if (e.method !== 0 && e.method !== 8) {
      return fail(
        'workbook.unreadable',
        `部件 ${e.name} 的压缩方式不受支持`,
        `Part ${e.name} uses an unsupported compression method`,
        e.name,
      );
    }
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    return fail(
      'workbook.notXlsx',
      '文件是压缩包，但不是 Excel 工作簿（.xlsx）',
      'The file is a zip archive but not an Excel workbook (.xlsx)',
    );
  }
  for (const n of names) {
    const lower = n.toLowerCase();
    if (lower.endsWith('vbaproject.bin') || lower.endsWith('vbadata.xml')) {
      return fail(
        'workbook.macro',
        '工作簿含有宏，不予接收；请另存为不含宏的 .xlsx',
        'The workbook contains macros; save it as a macro-free .xlsx',
        n,
      );
    }
    if (lower.startsWith('xl/externallinks/')) {
      return fail(
        'workbook.externalLink',
        '工作簿引用了其他工作簿（外部链接），请先断开链接',
        'The workbook links to other workbooks (external links); break the links first',
        n,
      );
    }
    if (
      lower.startsWith('xl/embeddings/') ||
      lower.includes('oleobject') ||
      lower.startsWith('xl/activex/')
    ) {
      return fail(
        'workbook.embeddedObject',
        '工作簿含有嵌入对象，不予接收',
        'The workbook contains embedded objects',
        n,
      );
    }
  }

  return { ok: true, entries };
}

function guardParts(buf: Buffer, entries: readonly ZipEntry[], limits: GuardLimits): GuardResult {
  const parts = new Map<string, string>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    let data: Buffer;
    try {
      data = inflateEntry(buf, e);
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return tooBig
        ? fail(
            'workbook.zipBomb',
            `部件 ${e.name} 解压后大于其声明的大小`,
            `Part ${e.name} unpacks to more than its declared size`,
            e.name,
          )
        : fail(
            'workbook.unreadable',
            `部件 ${e.name} 已损坏`,
            `Part ${e.name} is damaged (${(err as Error).message})`,
            e.name,
          );
    }
    if (data.length !== e.size) {
      return fail(
        'workbook.unreadable',
        `部件 ${e.name} 的大小与声明不符`,
        `Part ${e.name} does not have its declared size`,
        e.name,
      );
    }
    if (/\.(xml|rels|vml)$/i.test(e.name)) parts.set(e.name, data.toString('utf8'));
  }

  for (const [name, xml] of parts) {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
      return fail(
        'workbook.doctype',
        `部件 ${name} 含有 DOCTYPE/ENTITY 声明，不予接收`,
        `Part ${name} declares a DOCTYPE or ENTITY; refused`,
        name,
      );
    }
  }
  const types = parts.get('[Content_Types].xml') ?? '';
  if (MACRO_CONTENT.test(types) || MACRO_CONTENT.test(parts.get('xl/_rels/workbook.xml.rels') ?? '')) {
    return fail(
      'workbook.macro',
      '工作簿为启用宏的格式，不予接收；请另存为 .xlsx',
      'The workbook is macro-enabled; save it as a macro-free .xlsx',
      '[Content_Types].xml',
    );
  }
  if (/oleObject|activeX/i.test(types)) {
    return fail(
      'workbook.embeddedObject',
      '工作簿含有嵌入对象，不予接收',
      'The workbook contains embedded objects',
    );
  }
  if (/externalLink/i.test(types)) {
    return fail(
      'workbook.externalLink',
      '工作簿引用了其他工作簿（外部链接），请先断开链接',
      'The workbook links to other workbooks (external links); break the links first',
    );
  }

  const sheetsOut = sheetParts(parts);
  if (!sheetsOut.ok) return sheetsOut;
  const sheets: SheetPart[] = [];
  for (const s of sheetsOut.value) {
    const checked = checkSheet(s.name, parts.get(s.path) ?? '', limits);
    if (!checked.ok) return checked;
    sheets.push({ ...s, cellCount: checked.value });
  }
  const strings = checkSharedStrings(parts.get('xl/sharedStrings.xml') ?? '', limits);
  if (strings) return { ok: false, error: strings };
  for (const [name, xml] of parts) {
    if (!name.startsWith('xl/')) continue;
    const bad = checkReferences(name, xml);
    if (bad) return { ok: false, error: bad };
  }
  return { ok: true, value: { sheets, parts } };
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const out: string[] = ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

function sheetParts(
  parts: ReadonlyMap<string, string>,
): { ok: true; value: Omit<SheetPart, 'cellCount'>[] } | { ok: false; error: WorkbookProblem } {
  const wb = parts.get('xl/workbook.xml') ?? '';
  const rels = parts.get('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, target);
  }
  const out: Omit<SheetPart, 'cellCount'>[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const rawName = attr(m[0], 'name') ?? '';
    const name = rawName
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    const state = attr(m[0], 'state');
    const rid = attr(m[0], 'r:id') ?? attr(m[0], 'id');
    const target = rid === undefined ? undefined : targets.get(rid);
    if (target === undefined) continue;
    out.push({
      name,
      path: resolveTarget(target),
      state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
    });
  }
  if (out.length === 0) {
    return {
      ok: false,
      error: workbookProblem('workbook.unreadable', '工作簿中没有工作表', 'The workbook has no worksheets'),
    };
  }
  return { ok: true, value: out };
}

/** Counts cells and checks every address and inline value; linear in the sheet's text. */
function checkSheet(
  sheet: string,
  xml: string,
  limits: GuardLimits,
): { ok: true; value: number } | { ok: false; error: WorkbookProblem } {
  const bad = (code: WorkbookProblemCode, zh: string, en: string, where?: string) => ({
    ok: false as const,
    error: workbookProblem(code, zh, en, where),
  });
  let cells = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*>/g)) {
    const r = attr(m[0], 'r');
    if (r !== undefined && (!/^\d{1,8}$/.test(r) || Number(r) > EXCEL_MAX_ROWS || Number(r) < 1)) {
      return bad(
        'workbook.cellOutOfRange',
        `工作表“${sheet}”的第 ${r} 行超出 Excel 的范围（1–1048576）`,
        `Sheet "${sheet}": row ${r} is outside Excel's range (1–1048576)`,
        `${sheet}!${r}`,
      );
    }
  }
  for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*>/g)) {
    cells++;
    if (cells > limits.maxCellsPerSheet) {
      return bad(
        'workbook.tooManyCells',
        `工作表“${sheet}”的单元格超过 ${limits.maxCellsPerSheet} 个`,
        `Sheet "${sheet}" has more than ${limits.maxCellsPerSheet} cells`,
        sheet,
      );
    }
    const r = attr(m[0], 'r');
    if (r === undefined) continue;
    const at = CELL_REF.cell(r);
    if (!at) {
      return bad(
        'workbook.invalidReference',
        `工作表“${sheet}”中有无效的单元格地址“${r.slice(0, 20)}”`,
        `Sheet "${sheet}" has an invalid cell address "${r.slice(0, 20)}"`,
        sheet,
      );
    }
    if (at.col > EXCEL_MAX_COLS || at.row > EXCEL_MAX_ROWS || at.row < 1) {
      return bad(
        'workbook.cellOutOfRange',
        `工作表“${sheet}”的单元格 ${r} 超出 Excel 的范围（XFD1048576）`,
        `Sheet "${sheet}": cell ${r} is outside Excel's range (XFD1048576)`,
        `${sheet}!${r}`,
      );
    }
  }
  for (const m of xml.matchAll(/<(?:\w+:)?(v|t)>([^<]*)<\/(?:\w+:)?\1>/g)) {
    if (xmlText(m[2]!) > limits.maxCellChars) {
      return bad(
        'workbook.cellTooLong',
        `工作表“${sheet}”中有超过 ${limits.maxCellChars} 个字符的单元格`,
        `Sheet "${sheet}" has a cell longer than ${limits.maxCellChars} characters`,
        sheet,
      );
    }
  }
  // Merged and validated areas: libraries expand them cell by cell, so their area is what counts.
  for (const [tag, name] of [
    ['mergeCell', 'ref'],
    ['dataValidation', 'sqref'],
  ] as const) {
    let area = 0;
    for (const m of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*>`, 'g'))) {
      const ref = attr(m[0], name) ?? '';
      for (const part of ref.trim().split(/\s+/)) {
        const rng = parseRange(part);
        if (!rng || !inExcel(rng)) {
          return bad(
            'workbook.invalidReference',
            `工作表“${sheet}”中有无效的区域“${ref.slice(0, 30)}”`,
            `Sheet "${sheet}" has an invalid range "${ref.slice(0, 30)}"`,
            sheet,
          );
        }
        area += areaOf(rng);
      }
      if (area > limits.maxCellsPerSheet) {
        return bad(
          'workbook.tooManyCells',
          `工作表“${sheet}”的${tag === 'mergeCell' ? '合并' : '数据验证'}区域超过 ${limits.maxCellsPerSheet} 个单元格`,
          `Sheet "${sheet}": ${tag === 'mergeCell' ? 'merged' : 'validated'} areas cover more than ${limits.maxCellsPerSheet} cells`,
          sheet,
        );
      }
    }
  }
  return { ok: true, value: cells };
}

function checkSharedStrings(xml: string, limits: GuardLimits): WorkbookProblem | undefined {
  let i = 0;
  let index = 0;
  for (;;) {
    const start = xml.indexOf('<si', i);
    if (start < 0) return undefined;
    const end = xml.indexOf('</si>', start);
    if (end < 0) return undefined;
    // Phonetic runs (<rPh>) are not shown; count the rest.
    const body = xml.slice(start, end).replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
    if (xmlText(body) > limits.maxCellChars + 4) {
      return workbookProblem(
        'workbook.cellTooLong',
        `共享字符串第 ${index + 1} 项超过 ${limits.maxCellChars} 个字符（Excel 的上限）`,
        `Shared string ${index + 1} is longer than ${limits.maxCellChars} characters (Excel's limit)`,
        'xl/sharedStrings.xml',
      );
    }
    index++;
    i = end + 5;
  }
}

/** Every `ref` / `sqref` attribute in a part under xl/ must be a plain A1 reference list. */
function checkReferences(part: string, xml: string): WorkbookProblem | undefined {
  for (const m of xml.matchAll(/\s(s?ref)\s*=\s*"([^"]*)"/g)) {
    const value = m[2]!;
    const ok = value
      .trim()
      .split(/\s+/)
      .filter((r) => r !== '')
      .every((r) => {
        const rng = parseRange(r);
        return rng !== undefined && inExcel(rng);
      });
    if (!ok) {
      return workbookProblem(
        'workbook.invalidReference',
        `部件 ${part} 中有无效的引用“${value.slice(0, 30)}”`,
        `Part ${part} has an invalid reference "${value.slice(0, 30)}"`,
        part,
      );
    }
  }
  return undefined;
}
