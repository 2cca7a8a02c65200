/**
 * The May 2006 progress reports of three bureaus, exactly as they filled in the worksheets in
 * `test/fixtures/reference/` (typed text such as "0.126万" and "４１０" already read as numbers).
 * Sample data for demos and tests; amounts in 万元.
 */
import type { Submission } from '../submission';

export const TRANSPORT_2006_05: Submission = {
  year: 2006,
  unit: 'transport',
  period: '2006-05',
  filledOn: '2006-06-03',
  rows: [
    {
      indicator: '3.1',
      thisPeriod: 15.6,
      cumulative: 15.6,
      completionPercent: 44.5714285714286,
      funding: { total: 468, higher: 300, district: 168, other: 0 },
      progress: '已建成3条,在建1条(路基已完成),1条6月开工',
    },
  ],
  details: [
    {
      indicator: '3.1',
      name: '城关镇至东岗村水泥路',
      township: '城关镇',
      village: '东岗村',
      planned: 4.5,
      completed: 4.5,
      start: '2006-03-10',
      finish: '2006-05-20',
      acceptance: 'accepted',
      investment: 135,
    },
    {
      indicator: '3.1',
      name: '河口乡至柳林村水泥路',
      township: '河口乡',
      village: '柳林村',
      planned: 6.2,
      completed: 6.2,
      start: '2006-03-15',
      finish: '2006-05-28',
      acceptance: 'awaiting_acceptance',
      investment: 186,
    },
    {
      indicator: '3.1',
      name: '石桥镇至王庄村沥青路',
      township: '石桥镇',
      village: '王庄村',
      planned: 4.9,
      completed: 4.9,
      start: '2006-04-01',
      finish: '2006-05-30',
      acceptance: 'awaiting_acceptance',
      investment: 147,
    },
    {
      indicator: '3.1',
      name: '新集乡至后湾村水泥路',
      township: '新集乡',
      village: '后湾村',
      planned: 8,
      completed: 0,
      start: '2006-05-08',
      acceptance: 'in_progress',
      investment: 0,
      note: '路基已完成',
    },
    {
      indicator: '3.1',
      name: '城关镇至西坡村水泥路',
      township: '城关镇',
      village: '西坡村',
      planned: 11.4,
      completed: 0,
      acceptance: 'not_started',
      investment: 0,
      note: '6月开工',
    },
  ],
  reporter: { name: '李明', phone: '0000-5551234' },
  unitHead: '张国强',
};

export const LABOR_2006_05: Submission = {
  year: 2006,
  unit: 'labor',
  period: '2006-05',
  filledOn: '2006-06-02',
  rows: [
    {
      indicator: '1.1',
      thisPeriod: 420,
      cumulative: 1820,
      completionPercent: 45.5,
      funding: { total: 42.5, higher: 12.5, district: 30, other: 0 },
      progress: '举办招聘会3场',
    },
    {
      indicator: '1.2',
      thisPeriod: 310,
      cumulative: 1260,
      funding: { total: 8, higher: 0, district: 8, other: 0 },
      progress: '开展再就业培训2期',
      note: '累计完成数按万人填写',
    },
    {
      indicator: '2.1',
      thisPeriod: 365,
      cumulative: 1402,
      completionPercent: 41.4057885410514,
      funding: { total: 0, higher: 0, district: 0, other: 0 },
    },
    {
      indicator: '2.2',
      thisPeriod: 900,
      cumulative: 2650,
      completionPercent: 37.8571428571429,
      funding: { total: 0, higher: 0, district: 0, other: 0 },
      note: '含农民工参保',
    },
    {
      indicator: '2.3',
      thisPeriod: 120,
      cumulative: 410,
      funding: { total: 0, higher: 0, district: 0, other: 0 },
      note: '全角数字为原样填写',
    },
  ],
  reporter: { name: '孙丽', phone: '0000-5552345' },
  unitHead: '赵文华',
};

/** The bureau's own older layout: one funding column, no 完成比例, no unit line. */
export const CIVIL_AFFAIRS_2006_05: Submission = {
  year: 2006,
  unit: 'civil-affairs',
  period: '2006-05',
  filledOn: '2006-06-05',
  rows: [
    {
      indicator: '7.1',
      thisPeriod: 0,
      cumulative: 0,
      funding: { total: 85 },
      progress: '石桥镇敬老院主体工程完工60%',
      note: '预计9月完工',
    },
    {
      indicator: '7.2',
      thisPeriod: 5,
      cumulative: 12,
      funding: { total: 6.5 },
      progress: '新集乡敬老院入住5人',
    },
  ],
  reporter: { name: '周敏', phone: '0000-5553456' },
};

export const SAMPLE_REPORTS_2006_05: readonly Submission[] = [
  TRANSPORT_2006_05,
  LABOR_2006_05,
  CIVIL_AFFAIRS_2006_05,
];
