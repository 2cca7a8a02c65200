/**
 * Plain-text rendering of a status for the terminal, in zh-CN or en. Wide (CJK) characters take
 * two columns, so tables line up in a terminal.
 */
import type { Status } from '../../domain/pacing';
import type { DistrictStatus } from '../../domain/status';

export type Locale = 'zh-CN' | 'en';

const STATUS_TEXT: Record<Status, { zh: string; en: string }> = {
  met: { zh: '已完成', en: 'met' },
  on_track: { zh: '正常', en: 'on track' },
  behind: { zh: '滞后', en: 'behind' },
  at_risk: { zh: '严重滞后', en: 'at risk' },
  failed: { zh: '未完成(否决)', en: 'failed (veto)' },
};

export const statusText = (s: Status, locale: Locale): string =>
  STATUS_TEXT[s][locale === 'en' ? 'en' : 'zh'];

/** Terminal columns a string takes: East Asian wide and full-width characters count twice. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

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
const num = (x: number) =>
  Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The district status as a terminal report: verdict, indicators, units. */
export function formatStatus(s: DistrictStatus, locale: Locale): string {
  const zh = locale !== 'en';
  const t = (z: string, e: string) => (zh ? z : e);
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
      `District verdict (one-vote veto): ${statusText(s.verdict, locale)}`,
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
  out.push(t(`完成率 ${pct(s.completionRate)}`, `Completion rate ${pct(s.completionRate)}`), '');
  out.push(
    table(
      t(
        '编号|考核指标|目标|累计完成|完成|应完成|状态',
        'id|indicator|target|progress|done|expected|status',
      ).split('|'),
      s.indicators.map((i) => [
        i.id,
        truncate(i.name, 24),
        i.kind === 'milestone' ? t('全面推行', 'done') : `${num(i.target)}${i.unitOfMeasure}`,
        i.reported ? `${num(i.progress)}` : '—',
        pct(i.completion),
        pct(i.expected),
        statusText(i.status, locale),
      ]),
      '  rrrr',
    ),
  );
  out.push('');
  const states = (u: DistrictStatus['units'][number]) =>
    u.late || u.missing ? t(`迟报 ${u.late}，缺报 ${u.missing}`, `late ${u.late}, missing ${u.missing}`) : '';
  out.push(
    table(
      t('名次|责任单位|结论|完成率|报送', 'rank|unit|verdict|completion|reports').split('|'),
      [...s.units]
        .sort((a, b) => a.rank - b.rank)
        .map((u) => [
          String(u.rank),
          u.name,
          statusText(u.verdict, locale),
          pct(u.completionRate),
          states(u),
        ]),
      'r  r',
    ),
  );
  out.push(
    '',
    t(
      `投入资金 ${num(s.funding.total)} 万元：上级资金 ${num(s.funding.higher)}，区级配套 ${num(s.funding.district)}，其他 ${num(s.funding.other)}，未分来源 ${num(s.funding.unspecified)}`,
      `Funding ${num(s.funding.total)} (10k yuan): higher ${num(s.funding.higher)}, district ${num(s.funding.district)}, other ${num(s.funding.other)}, unsplit ${num(s.funding.unspecified)}`,
    ),
  );
  if (s.sample) out.push('', zh ? s.sample.zh : s.sample.en);
  return out.join('\n');
}
