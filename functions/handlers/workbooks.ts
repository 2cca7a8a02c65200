/**
 * POST /v1/workbooks: a unit uploads its filled progress worksheet (.xlsx). The file is guarded
 * and read in a worker thread, the table recognised by its headers, and the report submitted
 * exactly like a JSON one (`submit`), with the sha256 of the file's bytes as the request hash.
 * Every finding names its sheet and cell (`cell`). Nothing is stored on any error.
 *
 * `Idempotency-Key` is optional here: without it the key is `sha256-` + the file's hash, so
 * uploading the same file again is a retry.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../../domain/findings';
import type { Submission } from '../../domain/submission';
import { hasProgressTable, workbookYear } from '../../domain/worksheet/recognise';
import { json, makeHandler } from '../http/handler';
import { type ApiError, type ApiErrorCode, apiError } from '../http/problem';
import { submissionSchema } from '../http/schemas';
import { localDate } from '../runtime';
import { submit } from '../usecases/submissions';
import { precheckWorkbook, type WorkbookProblem } from '../workbook/guard';
import { readWorkbookIsolated, recognise, withCells } from '../workbook/import';
import { isError, parseBody } from './common';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

const fromProblem = (p: WorkbookProblem): ApiError =>
  apiError(p.code as ApiErrorCode, p.message.zh, p.message.en, p.where ? { field: p.where } : {});

export const handler = makeHandler('workbooks', {
  'POST /v1/workbooks': async (req, deps) => {
    const bytes = req.bytes;
    const hash = createHash('sha256').update(bytes).digest('hex');
    const given = req.headers['idempotency-key'];
    if (given !== undefined && given !== '' && !KEY.test(given)) {
      return apiError(
        'request.idempotencyKeyMissing',
        '无效的 Idempotency-Key 请求头（8–128 个字母、数字或 ._:-）',
        'Invalid Idempotency-Key header (8–128 letters, digits or ._:-)',
        { field: 'Idempotency-Key' },
      );
    }
    const idempotencyKey = given || `sha256-${hash.slice(0, 48)}`;
    // The central directory alone rejects bombs, macros and links before a worker is started.
    const pre = precheckWorkbook(bytes);
    if (pre) return fromProblem(pre.error);
    const read = await readWorkbookIsolated(bytes);
    if (!read.ok) return fromProblem(read.error);

    if (!hasProgressTable(read.grid)) {
      return apiError(
        'workbook.tableNotFound',
        '找不到进度报表：没有一行含有“考核指标”“累计完成”等表头',
        'No progress table found: no row has headers such as 考核指标 and 累计完成',
      );
    }
    const year = workbookYear(read.grid) ?? Number(localDate(deps.now()).slice(0, 4));
    const record = await deps.store.getPlan(year);
    if (!record) {
      return apiError('plan.notFound', `${year}年度计划尚未建立`, `There is no plan for ${year}`, {
        field: 'year',
      });
    }
    const principal = req.principal!;
    const out = recognise(read.grid, record.plan, principal.unit ? { unit: principal.unit } : {});
    const errors = out.findings.filter((f) => f.severity === 'error');
    if (!out.submission || errors.length > 0) {
      const findings = withCells(out.findings, out.cells) as unknown as Finding[];
      const first = errors[0]?.code;
      const code: ApiErrorCode =
        first === 'worksheet.tableNotFound'
          ? 'workbook.tableNotFound'
          : first === 'worksheet.mergedDataCells'
            ? 'workbook.mergedDataCells'
            : 'submission.invalid';
      const where = errors[0] && 'cell' in errors[0] ? errors[0].cell : undefined;
      return apiError(
        code,
        `工作簿有 ${errors.length} 处无法读取或有误${where ? `（首处：${where}）` : ''}，未保存`,
        `The workbook has ${errors.length} problem(s)${where ? ` (first at ${where})` : ''}; nothing was stored`,
        { findings },
      );
    }
    // What was read from the sheet meets the same rules as a JSON report (sizes, lengths, and what
    // the store can hold in one transaction).
    const shaped = parseBody(submissionSchema, out.submission);
    if (isError(shaped)) return shaped;
    const result = await submit(deps, principal, shaped as Submission, { idempotencyKey, requestHash: hash });
    if (isError(result)) {
      return result.findings
        ? { ...result, findings: withCells(result.findings, out.cells) as unknown as Finding[] }
        : result;
    }
    const warnings = withCells(out.findings, out.cells);
    const receipt = result.receipt as unknown as { findings?: readonly unknown[] };
    return json(
      result.status,
      {
        ...result.receipt,
        findings: [...withCells((receipt.findings ?? []) as Finding[], out.cells), ...warnings],
      },
      {
        location: `/v1/submissions/${result.receipt.id}`,
        ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
    );
  },
});
