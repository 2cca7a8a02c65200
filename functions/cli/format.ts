/**
 * Plain-text rendering for the terminal, in zh-CN or en: the district status, the plan,
 * receipts and findings of submissions, lists, problems. Wide (CJK) characters take two
 * columns, so tables line up in a terminal.
 */

import type { Problem } from '../../api/errors';
import type {
  AuditEntry,
  AuditVerification,
  Person,
  PlanRecord,
  PlanYear,
  ReviewResult,
  StatusView,
  SubmissionDetail,
  SubmissionHead,
  SubmitResult,
} from '../../api/views';
import { type Assessment, RESULT_WORDS } from '../../domain/assessment';
import { type Finding, fieldName } from '../../domain/findings';
import { KINDS } from '../../domain/kinds';
import {
  figureText,
  type Locale,
  NOT_REPORTED,
  PROVISIONAL_NOTE,
  PROVISIONAL_WORDS,
  pendingFigure,
  pick,
  REPORT_STATE_WORDS,
  reviewStateText,
  statusText,
} from '../../domain/labels';
import { STATUS_ORDER } from '../../domain/pacing';
import { displayWidth } from '../../domain/parse/text';
import type { Organisation } from '../../domain/plan';
import type { PlanFinding } from '../../domain/plansheet/types';
import type { LocalizedText } from '../../domain/result';
import type { DistrictStatus } from '../../domain/status';

// The CLI's commands read the locale words from here; they live in domain/labels.
export { type Locale, pick, statusText };

/** `tr(locale)('中文', 'English')`. */
export const tr =
  (locale: Locale) =>
  (zh: string, en: string): string =>
    locale === 'en' ? en : zh;

const pad = (s: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

const truncate = (s: string, width: number) => {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(`${out + ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
};

/** Renders rows as an aligned table; `align` marks right-aligned columns with 'r'. */
export function table(header: string[], rows: string[][], align = ''): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, align[i] === 'r'))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** Up to two decimals, thousands separated; float noise such as -1e-15 shows as 0. */
const num = figureText;

/** A status as the API answers it (`late` and `missing` lists) or as the domain computes it. */
export type StatusLike = DistrictStatus & Partial<Pick<StatusView, 'late' | 'missing'>>;

/**
 * The district status as a terminal report: the verdict with the one-vote veto and who answers
 * for each failed indicator, the indicators (with figures awaiting review), the units, late and
 * missing reports, and funding.
 */
export function formatStatus(s: StatusLike, locale: Locale): string {
  const zh = locale !== 'en';
  const t = tr(locale);
  const out: string[] = [];
  out.push(
    t(
      `${s.organisation.name} ${s.year}年为民办实事 — 截至 ${s.asOf} 的进度`,
      `${s.organisation.name}: ${s.year} pledges — status as of ${s.asOf}`,
    ),
  );
  out.push(
    t(
      `总体结论（一票否决）：${statusText(s.verdict, locale)}`,
      `${s.organisation.level === 'district' ? 'District' : 'City'} verdict (one-vote veto): ${statusText(s.verdict, locale)}`,
    ),
  );
  for (const f of s.failures) {
    out.push(
      t(
        `  否决指标 ${f.indicator} ${f.name}，第一责任人：${f.responsible.map((p) => `${p.name}（${p.title}）`).join('、')}`,
        `  Failed ${f.indicator} ${f.name}; first responsible: ${f.responsible.map((p) => `${p.name} (${p.title})`).join(', ')}`,
      ),
    );
  }
  const counts = STATUS_ORDER.filter((k) => s.counts[k] > 0)
    .map((k) => `${statusText(k, locale)} ${s.counts[k]}`)
    .join(zh ? '，' : ', ');
  out.push(
    t(
      `完成率 ${pct(s.completionRate)}；指标：${counts}`,
      `Completion rate ${pct(s.completionRate)}; indicators: ${counts}`,
    ),
    '',
  );
  const pendingShown = s.indicators.some((i) => pendingFigure(i) !== undefined);
  const provisional = pick(PROVISIONAL_WORDS.text, locale);
  out.push(
    table(
      t(
        `编号|考核指标|目标|累计完成|${provisional}|完成|应完成|状态`,
        `id|indicator|target|progress|${provisional}|done|expected|status`,
      ).split('|'),
      s.indicators.map((i) => {
        const pending = pendingFigure(i);
        return [
          i.id,
          truncate(i.name, 24),
          pick(KINDS[i.kind].show.target(num(i.target), i.unitOfMeasure), locale),
          i.reported ? num(i.progress) : NOT_REPORTED,
          pending === undefined ? '' : num(pending),
          pct(i.completion),
          pct(i.expected),
          statusText(i.status, locale),
        ];
      }),
      '  rrrrr',
    ),
  );
  if (pendingShown) out.push(pick(PROVISIONAL_NOTE, locale));
  out.push('');
  const unitName = (id: string) => (zh ? (s.units.find((u) => u.unit === id)?.name ?? id) : id);
  const reports = (u: DistrictStatus['units'][number]) =>
    u.late || u.missing ? t(`迟报 ${u.late}，缺报 ${u.missing}`, `late ${u.late}, missing ${u.missing}`) : '';
  out.push(
    table(
      (s.organisation.level === 'district'
        ? t('名次|责任单位|结论|完成率|报送', 'rank|unit|verdict|completion|reports')
        : t('名次|区县|结论|完成率|报送', 'rank|district|verdict|completion|reports')
      ).split('|'),
      [...s.units]
        .sort((a, b) => a.rank - b.rank)
        .map((u) => [
          String(u.rank),
          unitName(u.unit),
          statusText(u.verdict, locale),
          pct(u.completionRate),
          reports(u),
        ]),
      'r  r',
    ),
  );
  const overdue = (label: LocalizedText, list: readonly { unit: string; period: string; due: string }[]) => {
    const byPeriod = new Map<string, { due: string; units: string[] }>();
    for (const r of list) {
      const e = byPeriod.get(r.period) ?? { due: r.due, units: [] };
      e.units.push(unitName(r.unit));
      byPeriod.set(r.period, e);
    }
    return [...byPeriod]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, e]) =>
        t(
          `${label.zh} ${period}（${e.due} 截止）：${e.units.join('、')}`,
          `${label.en} ${period} (due ${e.due}): ${e.units.join(', ')}`,
        ),
      );
  };
  const lateLines = [
    ...overdue(REPORT_STATE_WORDS.missing.label, s.missing ?? []),
    ...overdue(REPORT_STATE_WORDS.late.label, s.late ?? []),
  ];
  if (lateLines.length) out.push('', ...lateLines);
  out.push(
    '',
    t(
      `投入资金 ${num(s.funding.total)} 万元：上级资金 ${num(s.funding.higher)}，${s.organisation.level === 'district' ? '区级配套' : '区县配套'} ${num(s.funding.district)}，其他 ${num(s.funding.other)}，未分来源 ${num(s.funding.unspecified)}`,
      `Funding ${num(s.funding.total)} (10k yuan): higher ${num(s.funding.higher)}, ${s.organisation.level === 'district' ? 'district' : 'districts'} ${num(s.funding.district)}, other ${num(s.funding.other)}, unsplit ${num(s.funding.unspecified)}`,
    ),
  );
  if (s.sample) out.push('', pick(s.sample, locale));
  return out.join('\n');
}

/** The plan: pledges, then each indicator with its target, unit of measure and main unit. */
/** `shishi plan list`: one line per year, newest first, with its versions and state. */
export function formatPlanYears(years: readonly PlanYear[], locale: Locale): string {
  const t = tr(locale);
  if (years.length === 0) return t('还没有任何年度计划', 'There is no plan yet');
  return table(
    t('年度|计划|起止|最新版|已发布版', 'year|plan|dates|newest|published').split('|'),
    years.map((y) => [
      String(y.year),
      truncate(y.title, 30),
      `${y.start} – ${y.end}`,
      String(y.latestVersion),
      y.publishedVersion === undefined
        ? t('未发布（草稿）', 'none (draft)')
        : y.publishedVersion === y.latestVersion
          ? String(y.publishedVersion)
          : t(`${y.publishedVersion}（另有草稿）`, `${y.publishedVersion} (a newer draft exists)`),
    ]),
  );
}

export function formatPlan(record: PlanRecord, locale: Locale): string {
  const t = tr(locale);
  const p = record.plan;
  const name = (id: string) => (locale === 'en' ? id : (p.units.find((u) => u.id === id)?.name ?? id));
  const out = [
    t(
      `${p.title}（${p.year}年度计划第 ${record.version} 版，${p.start} 至 ${p.end}）`,
      `${p.title} (${p.year} plan, version ${record.version}, ${p.start} to ${p.end})`,
    ),
    t(
      `${p.organisation.name}；每月报送，次月 ${p.reporting.dueDay} 日前；报送期 ${p.reporting.firstPeriod} 至 ${p.reporting.lastPeriod}`,
      `${p.organisation.name}; monthly reports, due on day ${p.reporting.dueDay} of the next month; periods ${p.reporting.firstPeriod} to ${p.reporting.lastPeriod}`,
    ),
    '',
    t(`实事 ${p.pledges.length} 件：`, `${p.pledges.length} pledges:`),
    ...p.pledges.map((g) => `  ${g.id}  ${g.name}`),
    '',
    table(
      t(
        '编号|考核指标|目标|计量单位|责任单位|完成期限|分解',
        'id|indicator|target|unit|main unit|deadline|split',
      ).split('|'),
      p.indicators.map((i) => [
        i.id,
        truncate(i.name, 30),
        pick(KINDS[i.kind].show.planTarget(num(i.target)), locale),
        KINDS[i.kind].show.planUnit(i.unitOfMeasure),
        name(i.mainUnit),
        i.deadline,
        (i.subTargets ?? []).map((s) => `${name(s.unit)} ${num(s.target)}`).join(t('、', ', ')),
      ]),
      '  r',
    ),
  ];
  if (p.sample) out.push('', pick(p.sample, locale));
  return out.join('\n');
}

const SEVERITY_TEXT = { error: { zh: '错误', en: 'error' }, warning: { zh: '提示', en: 'warning' } };

/** Where a finding points, for people: rows and details counted from 1. */
export function findingLocation(f: Finding, locale: Locale): string {
  const t = tr(locale);
  const { section, index, field } = f.location;
  const n = index !== undefined ? index + 1 : undefined;
  const where =
    section === 'row'
      ? t(`第 ${n ?? '?'} 行`, `row ${n ?? '?'}`)
      : section === 'detail'
        ? t(`项目明细第 ${n ?? '?'} 行`, `project detail ${n ?? '?'}`)
        : t('报表', 'report');
  const indicator = f.indicator ? t(`（指标 ${f.indicator}）`, ` (${f.indicator})`) : '';
  const name = pick(fieldName(field), locale);
  const gap = locale === 'en' || !indicator ? ' ' : '';
  return `${where}${indicator}${gap}${name || field}`.trim();
}

/** One line per finding: severity, location, message. */
export function formatFindings(findings: readonly Finding[], locale: Locale): string[] {
  const colon = locale === 'en' ? ': ' : '：';
  return findings.map(
    (f) =>
      `  [${pick(SEVERITY_TEXT[f.severity], locale)}] ${findingLocation(f, locale)}${colon}${pick(f.message, locale)}`,
  );
}

/** A draft plan's findings, each with its sheet and cell when it has one. */
export function formatPlanFindings(findings: readonly PlanFinding[], locale: Locale): string[] {
  const colon = locale === 'en' ? ': ' : '：';
  return findings.map(
    (f) =>
      `  [${pick(SEVERITY_TEXT[f.severity], locale)}] ${f.cell ?? f.field ?? ''}${f.cell || f.field ? colon : ''}${pick(f.message, locale)}`,
  );
}

/** A version's review state: 待审核 / 已采用 / 已退回. */
export const stateText = reviewStateText;

/** The receipt of a stored report, with its warnings. */
export function formatReceipt(r: SubmitResult, locale: Locale): string {
  const t = tr(locale);
  const { receipt } = r;
  const out = [
    t(
      `已报送 ${receipt.id} 第 ${receipt.version} 版，${stateText(receipt.state, locale)}（${receipt.submittedAt}）${r.replayed ? '；此前已报送过同一份报表，返回首次回执' : ''}`,
      `Submitted ${receipt.id} version ${receipt.version}, ${stateText(receipt.state, locale)} (${receipt.submittedAt})${r.replayed ? '; this same report was sent before: first receipt returned' : ''}`,
    ),
  ];
  if (receipt.findings.length) {
    out.push(t(`提示 ${receipt.findings.length} 条：`, `${receipt.findings.length} warning(s):`));
    out.push(...formatFindings(receipt.findings, locale));
  }
  return out.join('\n');
}

/** A report the API refused: why, and each finding (errors first). */
export function formatRejection(p: Problem, locale: Locale): string {
  const t = tr(locale);
  const out = [t(`报表未通过校验：${p.message.zh}`, `The report was rejected: ${p.message.en}`)];
  if (p.field && !p.findings?.length) out.push(t(`  字段：${p.field}`, `  field: ${p.field}`));
  const findings = [...(p.findings ?? [])].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  out.push(...formatFindings(findings, locale));
  for (const e of p.errors ?? [])
    out.push(`  [${pick(SEVERITY_TEXT.error, locale)}] ${pick(e.message, locale)}`);
  return out.join('\n');
}

/** Any other answer of the API that is an error. */
export function formatProblem(p: Problem, locale: Locale): string {
  const t = tr(locale);
  return t(
    `服务器拒绝了请求（${p.status} ${p.code}）：${p.message.zh}${p.field ? `（字段：${p.field}）` : ''}`,
    `The server refused the request (${p.status} ${p.code}): ${p.message.en}${p.field ? ` (field: ${p.field})` : ''}`,
  );
}

const time = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

export function formatSubmissions(items: readonly SubmissionHead[], locale: Locale): string {
  const t = tr(locale);
  if (items.length === 0) return t('没有报表。', 'No reports.');
  return table(
    t(
      '编号|最新版|状态|采用版|首次报送|最近报送|审核时间',
      'id|latest|state|accepted|first sent|last sent|reviewed',
    ).split('|'),
    items.map((h) => [
      h.id,
      String(h.latestVersion),
      stateText(h.latestState, locale),
      h.acceptedVersion !== undefined ? String(h.acceptedVersion) : '',
      time(h.firstSubmittedAt),
      time(h.latestSubmittedAt),
      time(h.reviewedAt),
    ]),
    ' r r',
  );
}

/** One report's versions, with reviews and findings. */
export function formatSubmissionDetail(d: SubmissionDetail, locale: Locale): string {
  const t = tr(locale);
  const out = [
    t(
      `${d.id}：${d.unit} ${d.period}，共 ${d.latestVersion} 版，最新版${stateText(d.latestState, locale)}${d.acceptedVersion !== undefined ? `，采用第 ${d.acceptedVersion} 版` : ''}`,
      `${d.id}: ${d.unit} ${d.period}, ${d.latestVersion} version(s), latest ${stateText(d.latestState, locale)}${d.acceptedVersion !== undefined ? `, version ${d.acceptedVersion} accepted` : ''}`,
    ),
  ];
  for (const v of d.versions) {
    out.push(
      t(
        `  第 ${v.version} 版  ${time(v.submittedAt)}  ${v.by}  ${stateText(v.state, locale)}`,
        `  v${v.version}  ${time(v.submittedAt)}  ${v.by}  ${stateText(v.state, locale)}`,
      ),
    );
    if (v.review) {
      out.push(
        t(
          `    审核：${v.review.decision === 'accept' ? '采用' : '退回'}（${v.review.by}，${time(v.review.at)}）${v.review.comment ? `：${v.review.comment}` : ''}`,
          `    review: ${v.review.decision === 'accept' ? 'accepted' : 'returned'} (${v.review.by}, ${time(v.review.at)})${v.review.comment ? `: ${v.review.comment}` : ''}`,
        ),
      );
    }
    out.push(...formatFindings(v.findings, locale).map((l) => `  ${l}`));
  }
  if (d.next) out.push('', t(`更早的版本：--cursor ${d.next}`, `older versions: --cursor ${d.next}`));
  return out.join('\n');
}

/** A frozen year-end assessment: each unit's 达标 / 不达标, the 问责 list and the 表彰 candidates. */
export function formatAssessment(a: Assessment & { readonly version?: number }, locale: Locale): string {
  const t = tr(locale);
  const people = (ps: readonly { name: string; title: string }[]) =>
    ps.map((p) => t(`${p.name}（${p.title}）`, `${p.name} (${p.title})`)).join(t('、', ', '));
  const out = [
    t(
      `${a.organisation.name} ${a.year}年为民办实事年终考核${a.version ? `（第 ${a.version} 版）` : ''}：${statusText(a.verdict, locale)}，完成率 ${pct(a.completionRate)}`,
      `${a.organisation.name}: ${a.year} year-end assessment${a.version ? ` (version ${a.version})` : ''}: ${statusText(a.verdict, locale)}, completion ${pct(a.completionRate)}`,
    ),
    '',
    table(
      t('名次|责任单位|考核结果|完成率|未完成指标', 'rank|unit|result|completion|failed indicators').split(
        '|',
      ),
      [...a.units]
        .sort((x, y) => x.rank - y.rank)
        .map((u) => [
          String(u.rank),
          t(u.name, u.unit),
          pick(RESULT_WORDS[u.result], locale),
          pct(u.completionRate),
          u.failed.map((f) => f.indicator).join(t('、', ', ')),
        ]),
      'r  r',
    ),
    '',
    t('问责名单：', 'Accountability:'),
    ...(a.accountability.length === 0
      ? [t('  无未完成指标', '  no failed indicator')]
      : a.accountability.map((f) =>
          t(
            `  ${f.indicator} ${f.name}（${f.unitName}）：${people(f.responsible)}`,
            `  ${f.indicator} ${f.name} (${f.unit}): ${people(f.responsible)}`,
          ),
        )),
    t(
      `表彰建议：${a.commended.map((c) => c.name).join('、') || '无'}`,
      `Commendation candidates: ${a.commended.map((c) => c.unit).join(', ') || 'none'}`,
    ),
  ];
  return out.join('\n');
}

export function formatReview(r: ReviewResult, comment: string, locale: Locale): string {
  const t = tr(locale);
  return r.state === 'accepted'
    ? t(
        `已采用 ${r.id} 第 ${r.version} 版（${time(r.reviewedAt)}）`,
        `Accepted ${r.id} version ${r.version} (${time(r.reviewedAt)})`,
      )
    : t(
        `已退回 ${r.id} 第 ${r.version} 版（${time(r.reviewedAt)}）：${comment}`,
        `Returned ${r.id} version ${r.version} (${time(r.reviewedAt)}): ${comment}`,
      );
}

export function formatAudit(page: { items: readonly AuditEntry[]; next?: string }, locale: Locale): string {
  const t = tr(locale);
  if (page.items.length === 0) return t('没有审计记录。', 'No audit entries.');
  const out = [
    table(
      t('时间|操作|对象|操作人|角色|说明', 'at|action|target|who|role|detail').split('|'),
      page.items.map((e) => [time(e.at), e.action, e.target, e.who, e.role, truncate(e.detail ?? '', 40)]),
    ),
  ];
  if (page.next) out.push('', t(`更多：--cursor ${page.next}`, `more: --cursor ${page.next}`));
  return out.join('\n');
}

/** `shishi audit verify`: the chain intact with its head, or the first entry wrong and why. */
export function formatAuditVerification(v: AuditVerification, locale: Locale): string {
  const t = tr(locale);
  const head = v.head
    ? t(`链头：第 ${v.head.seq} 条，${v.head.hash}`, `head: entry ${v.head.seq}, ${v.head.hash}`)
    : '';
  if (v.ok) {
    return [
      t(
        `${v.year} 年审计链完整：${v.entries} 条记录。`,
        `The ${v.year} audit chain is intact: ${v.entries} entries.`,
      ),
      ...(head ? [head] : []),
    ].join('\n');
  }
  const p = v.problem!;
  const e = p.entry;
  return [
    t(
      `${v.year} 年审计链有误（${p.kind}）：${p.zh}`,
      `The ${v.year} audit chain is not intact (${p.kind}): ${p.en}`,
    ),
    ...(e
      ? [
          t(
            `记录：${time(e.at)} ${e.action} ${e.target} ${e.who}`,
            `entry: ${time(e.at)} ${e.action} ${e.target} ${e.who}`,
          ),
        ]
      : []),
    ...(head ? [head] : []),
  ].join('\n');
}

const LEVEL_TEXT: Readonly<Record<Organisation['level'], LocalizedText>> = {
  district: { zh: '区', en: 'district' },
  city: { zh: '市', en: 'city' },
  province: { zh: '省', en: 'province' },
};

/** `shishi orgs`: one line per organisation, with its level and parent. */
export function formatOrganisations(items: readonly Organisation[], locale: Locale): string {
  const t = tr(locale);
  if (items.length === 0)
    return t('表中还没有任何组织（尚未建立计划）。', 'No organisation in the table yet (no plan stored).');
  return table(
    t('编号|名称|层级|上级', 'id|name|level|parent').split('|'),
    items.map((o) => [
      o.id,
      truncate(o.name, 24),
      pick(LEVEL_TEXT[o.level], locale),
      o.parent ? `${truncate(o.parent.name, 16)} (${o.parent.id})` : '',
    ]),
  );
}

export const ROLE_TEXT: Readonly<Record<Person['role'], LocalizedText>> = {
  office: { zh: '考核办', en: 'office' },
  leader: { zh: '领导', en: 'leader' },
  city: { zh: '市考核办', en: 'city office' },
  unit: { zh: '责任单位', en: 'unit' },
};

export const PERSON_STATE_TEXT: Readonly<Record<Person['state'], LocalizedText>> = {
  active: { zh: '启用', en: 'active' },
  disabled: { zh: '已停用', en: 'disabled' },
};

/** A person's phone and e-mail, either or both. */
export const contactOf = (p: Pick<Person, 'phone' | 'email'>): string =>
  [p.phone, p.email].filter(Boolean).join(', ');

/** The widest each column of `formatPeople` may be, so that a row fits in 80 columns. */
const PEOPLE_WIDTHS = [14, 8, 16, 22, 8] as const;

/**
 * `shishi users list`: name, role, unit, contact and state, in 80 columns (long values cut with
 * …); under each row, the person's full subject, which `users disable` and `token --user` take.
 */
export function formatPeople(items: readonly Person[], locale: Locale): string {
  const t = tr(locale);
  if (items.length === 0) return t('还没有任何人员。', 'Nobody yet.');
  const rows = items.map((p) =>
    [
      p.name,
      pick(ROLE_TEXT[p.role], locale),
      p.unit ?? '',
      contactOf(p),
      pick(PERSON_STATE_TEXT[p.state], locale),
    ].map((cell, i) => truncate(cell, PEOPLE_WIDTHS[i]!)),
  );
  const [header, rule, ...lines] = table(
    t('姓名|角色|单位|电话/邮箱|状态', 'name|role|unit|phone/e-mail|state').split('|'),
    rows,
  ).split('\n');
  return [header, rule, ...lines.flatMap((line, i) => [line, `  sub ${items[i]!.sub}`])].join('\n');
}

export { displayWidth };
