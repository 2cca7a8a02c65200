import { describe, expect, it } from 'vitest';
import { displayWidth, table } from './format';
import { run } from './main';

const capture = (argv: string[]) => {
  let out = '';
  const code = run(argv, (s) => {
    out += s;
  });
  return { code, out };
};

describe('shishi status (in-process, sample district)', () => {
  it('prints the verdict and every indicator in Chinese by default', () => {
    const { code, out } = capture(['status', '--as-of', '2006-06-10']);
    expect(code).toBe(0);
    expect(out).toContain('总体结论（一票否决）：严重滞后');
    expect(out).toMatch(/3\.1\s+建成乡镇到村水泥\(沥青\)路\s+35公里\s+15\.6\s+44\.6%\s+24\.7%\s+正常/);
    expect(out).toContain('示例数据');
  });

  it('speaks English on request', () => {
    const { out } = capture(['status', '--lang', 'en']);
    expect(out).toContain('District verdict (one-vote veto): at risk');
  });

  it('prints JSON for machines', () => {
    const status = JSON.parse(capture(['status', '--json', '--as-of', '2006-12-31']).out);
    expect(status.verdict).toBe('failed');
    expect(status.failures).toHaveLength(14); // with only May's figures, every indicator falls short
  });

  it('rejects a bad date and an unknown command in both languages', () => {
    expect(capture(['status', '--as-of', '2006-13-01'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('must be a date'),
    });
    expect(capture(['frobnicate'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('未知命令 / unknown command'),
    });
  });
});

describe('terminal tables', () => {
  it('counts CJK characters as two columns so columns line up', () => {
    expect(displayWidth('区交通局')).toBe(8);
    expect(displayWidth('abc')).toBe(3);
    const lines = table(
      ['单位', 'n'],
      [
        ['区交通局', '1'],
        ['labor', '22'],
      ],
      ' r',
    ).split('\n');
    expect(lines.map(displayWidth)).toEqual([12, 12, 12, 12]);
  });
});
