import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createInPagePort } from '../host/inpage';
import { MARK_FILL } from '../host/office/workbook';
import { memorySettings } from '../host/settings';
import { PreviewGrid } from './PreviewGrid';

afterEach(cleanup);

const transport = () =>
  new Uint8Array(
    readFileSync(
      join(
        dirname(fileURLToPath(import.meta.url)),
        '../../test/fixtures/reference/progress-2006-05-transport.xlsx',
      ),
    ),
  );

describe('PreviewGrid', () => {
  it("shows all of a cell's findings on hover, in the colour of the most severe", async () => {
    const port = await createInPagePort(transport(), 'transport.xlsx', { settings: memorySettings() });
    const { container, findByText } = render(<PreviewGrid port={port} />);
    await findByText('进度报表');
    await act(() =>
      port.mark([
        { address: '进度报表!G5', severity: 'warning', message: '本月完成为0' },
        { address: "'进度报表'!$G$5", severity: 'error', message: '累计完成小于上月' },
        { address: '进度报表!G5', severity: 'warning', message: '完成比例不符' },
        { address: '进度报表!F5', severity: 'warning', message: '另一格' },
      ]),
    );
    const cell = container.querySelector<HTMLElement>('[data-address="进度报表!G5"]');
    await waitFor(() => expect(cell?.dataset.mark).toBeDefined());
    expect(cell?.title).toBe('本月完成为0\n累计完成小于上月\n完成比例不符');
    expect(cell?.dataset.mark).toBe('error');
    expect(cell?.style.background).toBe(hexToRgb(MARK_FILL.error));
    expect(container.querySelector<HTMLElement>('[data-address="进度报表!F5"]')?.title).toBe('另一格');
  });
});

/** jsdom gives colours back as `rgb(…)`. */
function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
