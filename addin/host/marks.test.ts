import { describe, expect, it } from 'vitest';
import { cellMarks, cellNote, markKey, NOTE_LIMIT } from './marks';

const m = (message: string) => ({ message });
/** Three findings as long as the pane's English ones: together far over 255 characters. */
const LONG = [
  '进度报表!E4: "abc" is not a number; enter a single figure in digits, e.g. "35", "1,820" or "0.4万"',
  'Indicator 3.1: cumulative should be the previous cumulative plus this month = 25.6, found 10',
  'Indicator 3.1: cumulative 10 is below the previously accepted cumulative 12; check the figures',
];

describe('cellNote', () => {
  it('tells every finding of the cell, one a line, in order, each once', () => {
    expect(cellNote([m('累计完成小于上月'), m('本月为0'), m('累计完成小于上月'), m('完成比例不符')])).toBe(
      '累计完成小于上月\n本月为0\n完成比例不符',
    );
    expect(cellNote([m('只有一条')])).toBe('只有一条');
  });

  it('keeps within 255 characters: the longest are cut with "…", every finding keeps its start', () => {
    const note = cellNote([m('短的一条'), ...LONG.map(m)]);
    expect(note.length).toBeLessThanOrEqual(NOTE_LIMIT);
    const lines = note.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('短的一条');
    LONG.forEach((text, i) => {
      const line = lines[i + 1] ?? '';
      expect(line.endsWith('…')).toBe(true);
      expect(text.startsWith(line.slice(0, -1))).toBe(true);
      expect(line.length).toBeGreaterThan(60);
    });
    expect(new Set(lines).size).toBe(4);
  });

  it('says how many more when too many to tell apart, never going over the limit', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      m(`第${i + 1}条：累计完成与本月完成之和不符，请核对后重新填写`),
    );
    const note = cellNote(many);
    expect(note.length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(note.startsWith('第1条：')).toBe(true);
    expect(note).toMatch(/\n…\+\d+$/);
    const lines = note.split('\n');
    expect(lines.length - 1 + Number(lines.at(-1)?.slice(2))).toBe(30);
  });

  it('never splits a character outside the basic plane', () => {
    const note = cellNote([m(`${'𠀀'.repeat(200)}`), m('x'.repeat(200))], 101);
    expect(note.length).toBeLessThanOrEqual(101);
    expect(note).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('cellMarks', () => {
  it('gives one mark per cell, however its address is written, the error colour over a warning', () => {
    expect(
      cellMarks([
        { address: '进度报表!G11', severity: 'warning', message: '本月为0' },
        { address: '进度报表!F11', severity: 'warning', message: '完成比例不符' },
        { address: "'进度报表'!$G$11", severity: 'error', message: '累计完成小于上月' },
        { address: '进度报表!g11', severity: 'warning', message: '第三条' },
      ]),
    ).toEqual([
      { address: '进度报表!G11', severity: 'error', message: '本月为0\n累计完成小于上月\n第三条' },
      { address: '进度报表!F11', severity: 'warning', message: '完成比例不符' },
    ]);
    expect(markKey("'It''s'!$a$1")).toBe("It's!A1");
  });
});
