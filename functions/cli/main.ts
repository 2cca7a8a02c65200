/**
 * The `shishi` command line. Today it computes in-process on the 2006 sample district; the
 * HTTP API and DynamoDB Local behind it come next (see README "Status of the project").
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '../../domain/dates';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import { formatStatus, type Locale } from './format';

const USAGE = `用法 / usage:
  shishi status [--as-of YYYY-MM-DD] [--lang zh-CN|en] [--json]
      2006年示例区的进度与一票否决结论（含2006年5月三个单位的示例报表）
      status of the 2006 sample district (with the May 2006 sample reports)
  shishi plan [--json]      2006年示例计划 / the 2006 sample plan`;

/** The sample reports as accepted versions, received on the day they were filled in. */
export function sampleRecords(): SubmissionRecord[] {
  return SAMPLE_REPORTS_2006_05.map((submission, i) => ({
    id: `sample-2006-05-${i + 1}`,
    version: 1,
    state: 'accepted',
    submittedAt: `${submission.filledOn}T09:00:00+08:00`,
    submission,
  }));
}

export function run(argv: string[], write: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string', default: '2006-06-10' },
      lang: { type: 'string', default: 'zh-CN' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'status'] = positionals;
  const locale: Locale = values.lang === 'en' ? 'en' : 'zh-CN';
  if (values.help) {
    write(USAGE);
    return 0;
  }
  switch (command) {
    case 'start':
    case 'status': {
      const asOf = values['as-of'];
      if (!isIsoDate(asOf)) {
        write(`--as-of 应为日期，如 2006-06-10 / --as-of must be a date such as 2006-06-10 (got "${asOf}")`);
        return 2;
      }
      const status = computeStatus(SAMPLE_PLAN_2006, sampleRecords(), asOf);
      write(values.json ? JSON.stringify(status, null, 2) : formatStatus(status, locale));
      return 0;
    }
    case 'plan':
      write(JSON.stringify(SAMPLE_PLAN_2006, null, 2));
      return 0;
    default:
      write(`未知命令 / unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`));
}
