/**
 * Every text of the task pane in both languages. Domain messages carry their own {zh, en};
 * this table holds only what the pane itself says, and takes the words of statuses and review
 * states from domain/labels (the same words as the CLI, the cells and the summary workbook).
 */
import { REVIEW_STATE_WORDS, STATUS_WORDS } from '../../domain/labels';
import type { Status } from '../../domain/pacing';
import type { ReviewState } from '../../domain/submission';
import type { Locale } from '../i18n';

const STATE_LABELS = {
  state_pending: REVIEW_STATE_WORDS.pending.label,
  state_accepted: REVIEW_STATE_WORDS.accepted.label,
  state_returned: REVIEW_STATE_WORDS.returned.label,
} as const satisfies Record<`state_${ReviewState}`, { zh: string; en: string }>;

const STATUS_LABELS = {
  status_met: STATUS_WORDS.met.label,
  status_on_track: STATUS_WORDS.on_track.label,
  status_behind: STATUS_WORDS.behind.label,
  status_at_risk: STATUS_WORDS.at_risk.label,
  status_failed: STATUS_WORDS.failed.label,
} as const satisfies Record<`status_${Status}`, { zh: string; en: string }>;

const TABLE = {
  appTitle: { zh: '为民办实事', en: 'Public pledges' },
  language: { zh: '语言', en: 'Language' },
  switchToEnglish: { zh: 'English', en: 'English' },
  switchToChinese: { zh: '中文', en: '中文' },
  signInTitle: { zh: '登录', en: 'Sign in' },
  chooseUser: { zh: '示例用户', en: 'Sample user' },
  signIn: { zh: '登录', en: 'Sign in' },
  signInCognito: { zh: '使用单位账号登录', en: 'Sign in with your account' },
  signingIn: { zh: '正在登录…', en: 'Signing in…' },
  signInFailed: { zh: '登录失败', en: 'Sign-in failed' },
  signedInAs: { zh: '当前用户', en: 'Signed in as' },
  signOut: { zh: '退出', en: 'Sign out' },
  roleOffice: { zh: '考核办', en: 'Assessment office' },
  roleLeader: { zh: '领导', en: 'Leader' },
  roleUnit: { zh: '责任单位', en: 'Responsible unit' },
  roleUnknown: { zh: '无法识别账号角色', en: 'The account has no known role' },
  workbook: { zh: '工作簿', en: 'Workbook' },
  recognise: { zh: '识别', en: 'Recognise' },
  recognising: { zh: '正在识别工作簿…', en: 'Reading the workbook…' },
  recognised: { zh: '识别结果', en: 'Recognised' },
  unit: { zh: '填报单位', en: 'Unit' },
  period: { zh: '报送期', en: 'Period' },
  indicatorsFound: { zh: '识别到的指标', en: 'Indicators found' },
  noTable: { zh: '未找到进度报表', en: 'No progress table was found' },
  columnMapping: { zh: '列对应', en: 'Columns' },
  adjustColumns: { zh: '调整', en: 'Adjust' },
  confirmColumns: { zh: '确认列对应', en: 'Confirm columns' },
  noColumn: { zh: '—', en: '—' },
  columnsSaved: {
    zh: '列对应已保存在本文档中，以后识别时使用',
    en: 'The columns are saved in this document and used from now on',
  },
  mappingIgnored: {
    zh: '本文档中保存的列对应无法读取，已忽略，改为自动识别',
    en: 'The columns saved in this document could not be read; they were ignored',
  },
  validate: { zh: '校验', en: 'Validate' },
  validating: { zh: '正在校验…', en: 'Validating…' },
  noFindings: { zh: '校验通过，没有发现问题', en: 'No problems found' },
  findings: { zh: '校验结果', en: 'Findings' },
  errors: { zh: '错误', en: 'Errors' },
  warnings: { zh: '提示', en: 'Warnings' },
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '提示', en: 'Warning' },
  goToCell: { zh: '定位到单元格', en: 'Go to cell' },
  noCell: { zh: '无对应单元格', en: 'no cell' },
  explanationTitle: { zh: '进度滞后说明', en: 'Explanation of delay' },
  explanationHint: {
    zh: '以下指标进度滞后，请填写说明后重新校验',
    en: 'These indicators are behind schedule: explain, then validate again',
  },
  cause: { zh: '滞后原因', en: 'Cause of delay' },
  remedy: { zh: '整改措施', en: 'Remedy' },
  expectedCompletion: { zh: '预计完成时间', en: 'Expected completion' },
  applyExplanation: { zh: '保存说明并校验', en: 'Save and validate' },
  submit: { zh: '提交', en: 'Submit' },
  submitting: { zh: '正在提交…', en: 'Submitting…' },
  submitBlocked: { zh: '请先改正错误', en: 'Fix the errors first' },
  receiptTitle: { zh: '已提交', en: 'Submitted' },
  receiptId: { zh: '编号', en: 'ID' },
  version: { zh: '版本', en: 'Version' },
  time: { zh: '时间', en: 'Time' },
  yearsUnreachable: {
    zh: '无法连接服务器，暂时取不到年度计划列表，将自动重试；已保存在本机的报表不受影响',
    en: 'Could not reach the server to list the plan years; trying again by itself. Reports kept on this computer are safe',
  },
  networkFailed: {
    zh: '网络连接失败，报表已保存在本机，将自动重新发送',
    en: 'Could not reach the server. The report is kept on this computer and will be sent again by itself',
  },
  serverFailed: {
    zh: '服务器暂时不可用，报表已保存在本机，将自动重新发送',
    en: 'The server is unavailable. The report is kept on this computer and will be sent again by itself',
  },
  retry: { zh: '重试', en: 'Retry' },
  pendingKept: { zh: '待发送的报表', en: 'Waiting to be sent' },
  pendingAuto: {
    zh: '报表已保存在本机，服务器恢复后会自动发送，无需重新提交。关闭任务窗格也不会丢失。',
    en: 'The report is kept on this computer and will be sent by itself when the server answers; no need to submit it again. Closing the pane does not lose it.',
  },
  pendingManual: {
    zh: '报表已保存在本机，尚未发送。请点击“重试”发送（如登录已过期，请先重新登录）。',
    en: 'The report is kept on this computer but not sent yet. Press Retry to send it (sign in again first if your sign-in has expired).',
  },
  rejectedTitle: { zh: '服务器校验未通过', en: 'The server rejected the report' },
  history: { zh: '历史', en: 'History' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  noSubmissions: { zh: '暂无报表', en: 'No reports yet' },
  officeComment: { zh: '考核办意见', en: "Office's comment" },
  stateLabel: { zh: '状态', en: 'State' },
  ...STATE_LABELS,
  board: { zh: '报送情况', en: 'Reports' },
  open: { zh: '查看', en: 'Open' },
  close: { zh: '关闭', en: 'Close' },
  rows: { zh: '指标数据', en: 'Rows' },
  cumulative: { zh: '累计完成', en: 'Cumulative' },
  thisPeriod: { zh: '本月完成', en: 'This month' },
  comment: { zh: '审核意见', en: 'Comment' },
  accept: { zh: '通过', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  commentRequired: { zh: '退回时须填写意见', en: 'A comment is required to return a report' },
  reviewed: { zh: '审核已保存', en: 'Review saved' },
  conflict: {
    zh: '该报表已被他人审核，或已有新版本，已重新加载',
    en: 'Someone reviewed it already, or a newer version arrived; reloaded',
  },
  statusSheet: { zh: '状态表', en: 'Status sheet' },
  statusSheetWritten: { zh: '已写入工作表“实事进度”', en: 'Written to the sheet 实事进度' },
  summaryWorkbook: { zh: '汇总表', en: 'Summary workbook' },
  /** The office's tab: short enough that the three tabs fit 350 px in English. */
  statusTab: { zh: '状态表 / 汇总表', en: 'Status & summary' },
  summaryCreating: { zh: '正在生成汇总表…', en: 'Making the summary workbook…' },
  summaryOpened: { zh: '汇总表已在新工作簿中打开', en: 'The summary opened in a new workbook' },
  download: { zh: '下载汇总表', en: 'Download the summary' },
  latestSummary: { zh: '最新汇总表', en: 'Latest summary workbook' },
  asOf: { zh: '截至', en: 'As of' },
  overview: { zh: '总体情况', en: 'Overview' },
  verdict: { zh: '总体结论（一票否决）', en: 'Verdict (one-vote veto)' },
  completion: { zh: '完成率', en: 'Completion' },
  failedAndAtRisk: { zh: '未完成及严重滞后指标', en: 'Failed and at-risk indicators' },
  noneAtRisk: { zh: '没有未完成或严重滞后的指标', en: 'No failed or at-risk indicators' },
  responsible: { zh: '第一责任人', en: 'First responsible' },
  pledges: { zh: '实事项目', en: 'Pledges' },
  ...STATUS_LABELS,
  indicator: { zh: '考核指标', en: 'Indicator' },
  target: { zh: '年度目标', en: 'Target' },
  progress: { zh: '累计完成', en: 'Progress' },
  mainUnit: { zh: '责任单位', en: 'Unit' },
  failedGeneric: { zh: '操作失败', en: 'Something went wrong' },
  refresh: { zh: '刷新', en: 'Refresh' },
  year: { zh: '年度', en: 'Year' },
  yearDraft: { zh: '草稿', en: 'draft' },
  noPlanOffice: {
    zh: '还没有年度计划。请打开市里下发的目标任务分解表，在“计划”中导入，补全后发布。',
    en: "There is no plan yet. Open the city's decomposition workbook, import it under Plan, complete it and publish it.",
  },
  noPlanPublished: {
    zh: '年度计划尚未发布，请等待考核办发布后再使用。',
    en: 'The plan has not been published yet. Please wait until the office publishes it.',
  },
  draftNotPublished: {
    zh: '该年度计划尚未发布：请在“计划”中补全并发布。',
    en: "This year's plan is not published yet: complete and publish it under Plan.",
  },
  plan: { zh: '计划', en: 'Plan' },
  planDraft: { zh: '草稿', en: 'Draft' },
  planPublished: { zh: '已发布', en: 'Published' },
  planNone: { zh: '该年度还没有计划', en: 'No plan for this year yet' },
  planYearInvalid: { zh: '请填写有效的年度', en: 'Enter a valid year' },
  importPlan: { zh: '导入分解表', en: "Import the city's workbook" },
  importHint: {
    zh: '读取当前打开的工作簿（市目标任务分解表），生成该年度的计划草稿。',
    en: "Reads the open workbook (the city's decomposition table) into a draft plan for the year.",
  },
  importing: { zh: '正在导入…', en: 'Importing…' },
  imported: { zh: '已导入为草稿', en: 'Imported as a draft' },
  importRefused: { zh: '分解表有错误，未保存任何内容', en: 'The workbook has errors; nothing was stored' },
  completeDraft: { zh: '补全草稿', en: 'Complete the draft' },
  person: { zh: '姓名', en: 'Name' },
  personTitle: { zh: '职务', en: 'Title' },
  addPerson: { zh: '添加责任人', en: 'Add a person' },
  removePerson: { zh: '删除', en: 'Remove' },
  base: { zh: '上年基数', en: "Last year's base" },
  baseInvalid: { zh: '请填写数字', en: 'Enter a figure' },
  saveDraft: { zh: '保存草稿', en: 'Save the draft' },
  draftSaved: { zh: '草稿已保存', en: 'The draft is saved' },
  publish: { zh: '发布', en: 'Publish' },
  published: { zh: '计划已发布', en: 'The plan is published' },
  publishRefused: {
    zh: '计划未通过校验，未发布。请补全以下内容：',
    en: 'The plan did not pass the checks and was not published. Complete these:',
  },
  exportPlan: { zh: '导出计划工作簿', en: 'Export the plan workbook' },
  planOpened: { zh: '计划工作簿已在新工作簿中打开', en: 'The plan opened in a new workbook' },
  downloadPlan: { zh: '下载计划工作簿', en: 'Download the plan workbook' },
  working: { zh: '正在处理…', en: 'Working…' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type StringKey = keyof typeof TABLE;

/** The pane's text for `key` in `locale`. */
export function text(locale: Locale, key: StringKey): string {
  const entry = TABLE[key];
  return locale === 'en' ? entry.en : entry.zh;
}

export const STRING_KEYS = Object.keys(TABLE) as StringKey[];
