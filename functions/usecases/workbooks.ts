/**
 * POST /v1/workbooks: a unit uploads its filled progress worksheet (.xlsx). The file is guarded
 * and read in a worker thread, the table recognised by its headers against the year's plan (read
 * with the same district check as GET /v1/plans), checked by the same schema as a JSON report,
 * and submitted exactly like one (`submit`), with the sha256 of the file's bytes as the request
 * hash. Every finding names its sheet and cell (`cell`). Nothing is stored on any error.
 */
import { createHash } from 'node:crypto';
import { type ApiError, type ApiFinding, apiError, isApiError, WORKSHEET_PROBLEM } from '../../api/errors';
import type { Principal } from '../../api/roles';
import { parseBody, submissionSchema } from '../../api/schemas';
import type { Receipt } from '../../api/views';
import { defaultPlanYear } from '../../api/years';
import { beyondReading, hasProgressTable, workbookYear } from '../../domain/worksheet/recognise';
import { type Deps, localDate } from '../runtime';
import { FileExistsError, fileStoreFor } from '../store/files';
import { workbookFileKey } from '../store/repository';
import { recognise, withCells } from '../workbook/import';
import { getPlan, listPlans } from './plans';
import { submit } from './submissions';
import { readUpload } from './upload';

export interface WorkbookSubmitted {
  readonly status: 201;
  /** The stored version; its findings are the validation warnings and the reading ones, with their cells. */
  readonly receipt: Omit<Receipt, 'findings'> & { readonly findings: readonly ApiFinding[] };
  readonly replayed: boolean;
}

/** The sha256 of the file, hex: the request hash, and (shortened) the key of an upload without one. */
export const workbookHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads, checks and submits an uploaded workbook for the principal's unit. Without an
 * idempotency key the key is `sha256-` + the file's hash, so uploading the same file again is a
 * retry.
 */
export async function submitWorkbook(
  deps: Deps,
  principal: Principal,
  bytes: Buffer,
  idempotencyKey: string | undefined,
): Promise<WorkbookSubmitted | ApiError> {
  const hash = workbookHash(bytes);
  const grid = await readUpload(bytes);
  if (isApiError(grid)) return grid;

  if (!hasProgressTable(grid)) {
    return apiError(
      'workbook.tableNotFound',
      '找不到进度报表：没有一行含有“考核指标”“累计完成”等表头',
      'No progress table found: no row has headers such as 考核指标 and 累计完成',
    );
  }
  // A workbook that names no year is read against the year a client would default to.
  const today = localDate(deps.now());
  const year =
    workbookYear(grid) ??
    defaultPlanYear((await listPlans(deps, principal)).items, today)?.year ??
    Number(today.slice(0, 4));
  const record = await getPlan(deps, principal, year);
  if (isApiError(record)) return record;
  const out = recognise(grid, record.plan, principal.unit ? { unit: principal.unit } : {});
  const errors = out.findings.filter((f) => f.severity === 'error');
  if (!out.submission || errors.length > 0) {
    const first = errors[0];
    const code = (first && WORKSHEET_PROBLEM[first.code]) ?? 'submission.invalid';
    const where = first?.cell;
    return apiError(
      code,
      `工作簿有 ${errors.length} 处无法读取或有误${where ? `（首处：${where}）` : ''}，未保存`,
      `The workbook has ${errors.length} problem(s)${where ? ` (first at ${where})` : ''}; nothing was stored`,
      { findings: withCells(out.findings, out.cells) },
    );
  }
  // What was read from the sheet meets the same rules as a JSON report (sizes, lengths, and what
  // the store can hold in one transaction).
  const shaped = parseBody(submissionSchema, out.submission);
  if (isApiError(shaped)) return shaped;
  const result = await submit(deps, principal, shaped, {
    idempotencyKey: idempotencyKey || `sha256-${hash.slice(0, 48)}`,
    requestHash: hash,
    // The file as sent, for the office to open from the review: kept by its hash, so the same
    // file again (a retry, a crash before the version) finds its copy there.
    keepWorkbook: async () => {
      try {
        await fileStoreFor(deps.config).put(workbookFileKey(principal.org, hash), bytes);
      } catch (e) {
        if (!(e instanceof FileExistsError)) throw e;
      }
    },
  });
  // The add-in's rule wherever reading and validation findings meet: a cell that could not be read
  // is not also reported as empty (any reading error has been answered above, so none is here yet).
  if (isApiError(result)) {
    return result.findings
      ? { ...result, findings: withCells(beyondReading(result.findings, out.findings), out.cells) }
      : result;
  }
  const findings = [
    ...withCells(beyondReading(result.receipt.findings, out.findings), out.cells),
    ...withCells(out.findings, out.cells),
  ];
  return { status: result.status, receipt: { ...result.receipt, findings }, replayed: result.replayed };
}
