/** The Content-Disposition every download carries (issue 15, item 8): RFC 6266 and RFC 8187. */
import { describe, expect, it } from 'vitest';
import { dispositionFilename } from '../../api/client';
import { attachment } from './xlsx-util';

/** The header's parameters as a careful parser splits them (`;` outside quotes). */
function params(header: string): string[] {
  return header.match(/(?:[^;"]|"[^"]*")+/g)!.map((p) => p.trim());
}

describe('attachment', () => {
  it('keeps a hostile name in its parameter: no quote, semicolon or line break gets out', () => {
    for (const name of ['ev"il;x=1.xlsx', 'a\r\nSet-Cookie: x=1.xlsx', "it's (1)*.xlsx"]) {
      // Act
      const header = attachment(name, name);

      // Assess
      expect(header).not.toMatch(/[\r\n]/);
      expect(params(header).map((p) => p.split('=')[0])).toEqual(['attachment', 'filename', 'filename*']);
      expect(header).toMatch(
        /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/,
      );
      expect(dispositionFilename(header)).toBe(name);
    }
    expect(attachment('ev"il;x=1.xlsx', 'template-2006-ev"il;x=1.xlsx')).toContain(
      'filename="template-2006-ev_il_x_1.xlsx"',
    );
  });

  it('gives a Chinese name in UTF-8 and an ASCII fallback', () => {
    // Act
    const header = attachment('××区2006年汇总.xlsx', 'summary-2006.xlsx');

    // Assess
    expect(header).toBe(
      `attachment; filename="summary-2006.xlsx"; filename*=UTF-8''%C3%97%C3%97%E5%8C%BA2006%E5%B9%B4%E6%B1%87%E6%80%BB.xlsx`,
    );
    expect(dispositionFilename(header)).toBe('××区2006年汇总.xlsx');
    expect(attachment('汇总.xlsx', '汇总.xlsx')).toContain('filename="__.xlsx"');
  });
});
