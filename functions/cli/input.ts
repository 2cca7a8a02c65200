/**
 * Reading a report to submit from a file. The reader is chosen by the file's content, not its
 * name: today a JSON `Submission`; a workbook reader (xlsx, a zip that starts with `PK`) is one
 * more entry in `READERS`.
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApiClient } from '../../api/client';
import type { Plan } from '../../domain/plan';
import type { Submission } from '../../domain/submission';
import { workbookYear } from '../../domain/worksheet/recognise';
import { looksLikeXlsx, readWorkbook, recognise, withCells } from '../workbook/import';
import { UsageError } from './errors';

export interface LoadedReport {
  readonly submission: Submission;
  /** Which reader understood the file, e.g. `json`. */
  readonly format: string;
  /**
   * The file itself, for formats the server reads on its own: an .xlsx is sent as it is to
   * POST /v1/workbooks (`ApiClient.submitWorkbook`), so its findings name their cells.
   */
  readonly bytes?: Uint8Array;
}

/**
 * The published plan a workbook is read against: of `year` when the workbook names one (its
 * `_shishi` sheet or its title), else of the default year. The CLI asks the API
 * (`apiPlans`); tests may answer a plan of their own.
 */
export type PlanSource = (year: number | undefined) => Promise<Plan>;

/**
 * The published plans as the API answers them (GET /v1/plans/{year}); `defaultYear` answers
 * the year of a workbook that names none. The client is made only when a workbook needs a plan.
 */
export const apiPlans =
  (client: () => Promise<ApiClient>, defaultYear: () => Promise<number>): PlanSource =>
  async (year) =>
    (await (await client()).getPlan(year ?? (await defaultYear()))).plan;

export interface ReportReader {
  readonly format: string;
  /** True when this reader understands the bytes. */
  sniff(bytes: Uint8Array): boolean;
  /** Reads the report; throws a `UsageError` when the file is not one. */
  read(bytes: Uint8Array, file: string, plans: PlanSource): Promise<Submission>;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** First byte that is not a BOM or whitespace. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  return bytes[i];
}

export const jsonReader: ReportReader = {
  format: 'json',
  sniff: (bytes) => firstSignificant(bytes) === 0x7b, // '{'
  async read(bytes, file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new UsageError(
        `${file} 不是有效的 JSON：${(e as Error).message}`,
        `${file} is not valid JSON: ${(e as Error).message}`,
      );
    }
    const s = parsed as Partial<Submission> | null;
    if (typeof s !== 'object' || s === null || Array.isArray(s) || !('rows' in s) || !('unit' in s)) {
      throw new UsageError(
        `${file} 不是一份报表：应为含 year、unit、period、rows 的 JSON 对象`,
        `${file} is not a report: expected a JSON object with year, unit, period and rows`,
      );
    }
    return s as Submission;
  },
};

/**
 * A filled progress worksheet (.xlsx, told by its `PK\x03\x04` zip signature): guarded and read
 * here too, so the report's unit is known (for the token) and reading errors are shown with
 * their cells before anything is sent. It is recognised against the stored published plan of
 * the workbook's year.
 */
export const xlsxReader: ReportReader = {
  format: 'xlsx',
  sniff: (bytes) => looksLikeXlsx(bytes),
  async read(bytes, file, plans) {
    const read = await readWorkbook(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!read.ok) {
      throw new UsageError(
        `${file}：${read.error.message.zh}（${read.error.code}）`,
        `${file}: ${read.error.message.en} (${read.error.code})`,
      );
    }
    const out = recognise(read.grid, await plans(workbookYear(read.grid)));
    const errors = withCells(out.findings, out.cells).filter((f) => f.severity === 'error');
    if (!out.submission || errors.length > 0) {
      throw new UsageError(
        [`${file} 无法读取：`, ...errors.map((f) => `  ${f.message.zh}`)].join('\n'),
        [`${file} cannot be read:`, ...errors.map((f) => `  ${f.message.en}`)].join('\n'),
      );
    }
    return out.submission;
  },
};

/** Readers by precedence. */
export const READERS: ReportReader[] = [jsonReader, xlsxReader];

export async function loadReport(
  file: string,
  plans: PlanSource,
  readers: readonly ReportReader[] = READERS,
): Promise<LoadedReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `找不到文件 ${file}` : `无法读取文件 ${file}（${code ?? (e as Error).message}）`,
      code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code ?? (e as Error).message})`,
    );
  }
  const reader = readers.find((r) => r.sniff(bytes));
  if (!reader) {
    throw new UsageError(
      `无法识别 ${file} 的格式（支持：${readers.map((r) => r.format).join('、')}）`,
      `Cannot tell what ${file} is (supported: ${readers.map((r) => r.format).join(', ')})`,
    );
  }
  return {
    submission: await reader.read(bytes, file, plans),
    format: reader.format,
    ...(reader.format === 'xlsx' ? { bytes } : {}),
  };
}

/** The JSON text sent for a report: the same report always gives the same text. */
export const requestBody = (submission: Submission): string => JSON.stringify(submission);

/**
 * An idempotency key from the report's content: sending the same report again is a retry
 * (the server answers the first receipt), a changed report is a new version.
 */
export const contentKey = (body: string): string =>
  `sha256-${createHash('sha256').update(body).digest('hex').slice(0, 48)}`;
