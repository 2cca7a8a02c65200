/**
 * The browser preview's stand-in for Excel's grid: the in-page workbook's sheets as tables, the
 * validation marks shown as Excel shows them (fill + note on hover, with every finding of the
 * cell: `cellMarks`), the selected cell outlined, and every cell editable (double-click or Enter,
 * then Enter to keep, Esc to cancel).
 */
import { useCallback, useEffect, useState } from 'react';
import type { CellValue } from '../../domain/parse';
import { cellAddress, columnName, type SheetGrid, type WorkbookGrid } from '../../domain/worksheet';
import type { InPagePort } from '../host/inpage';
import { cellMarks, markKey } from '../host/marks';
import { MARK_FILL } from '../host/office/workbook';
import type { CellMark } from '../host/port';

/** Rows and columns shown at most (the preview is for worksheets, not data dumps). */
const MAX_ROWS = 500;
const MAX_COLS = 40;

const show = (v: CellValue): string => (v === null || v === undefined ? '' : String(v));
/** `'进度报表'!G6`, `进度报表!G6` → one key. */
const key = (address: string) => address.replace(/^'(.*)'!/, '$1!').replace(/\$/g, '');

export function PreviewGrid(props: { readonly port: InPagePort }) {
  const { port } = props;
  const [view, setView] = useState<{
    grid: WorkbookGrid;
    marks: ReadonlyMap<string, CellMark>;
    selection: string | undefined;
  }>({ grid: { sheets: [] }, marks: new Map(), selection: undefined });
  const [sheetName, setSheetName] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ address: string; text: string } | undefined>();

  useEffect(() => {
    let live = true;
    const refresh = () => {
      port.readGrid().then((grid) => {
        if (!live) return;
        const selection = port.selection();
        // One mark per cell, as Excel shows it: every finding of the cell in its note.
        const marks = new Map(cellMarks(port.marks()).map((m) => [m.address, m]));
        setView({ grid, marks, selection });
        // Selecting a cell from the pane shows its sheet.
        const sheet = selection?.includes('!') ? key(selection).split('!')[0] : undefined;
        if (sheet) setSheetName(sheet);
      });
    };
    refresh();
    const off = port.subscribe(refresh);
    return () => {
      live = false;
      off();
    };
  }, [port]);
  const { grid, marks, selection } = view;

  const visible = grid.sheets.filter((s) => !s.hidden);
  const sheet: SheetGrid | undefined = visible.find((s) => s.name === sheetName) ?? visible[0];
  const commit = useCallback(() => {
    if (!editing) return;
    port.setCell(editing.address, editing.text);
    setEditing(undefined);
  }, [editing, port]);

  if (!sheet) return <p style={{ padding: 12, color: '#666' }}>（空工作簿 / empty workbook）</p>;
  const values = new Map(sheet.cells.map((c) => [`${c.row},${c.col}`, c.value]));
  const rows = Math.min(MAX_ROWS, Math.max(20, ...sheet.cells.map((c) => c.row + 1)));
  const cols = Math.min(MAX_COLS, Math.max(8, ...sheet.cells.map((c) => c.col + 1)));
  const covered = new Set<string>();
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const m of sheet.merges ?? []) {
    spans.set(`${m.top},${m.left}`, { rowSpan: m.bottom - m.top + 1, colSpan: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r},${c}`);
  }
  const selected = selection ? key(selection) : undefined;

  return (
    <div data-testid="preview-grid" style={{ fontSize: 13 }}>
      <div role="tablist" style={{ display: 'flex', gap: 4, padding: '6px 8px', background: '#f3f3f3' }}>
        {visible.map((s) => (
          <button
            key={s.name}
            type="button"
            role="tab"
            aria-selected={s.name === sheet.name}
            onClick={() => setSheetName(s.name)}
            style={{
              border: '1px solid #ccc',
              background: s.name === sheet.name ? '#fff' : '#e8e8e8',
              fontWeight: s.name === sheet.name ? 600 : 400,
              padding: '2px 10px',
              cursor: 'pointer',
            }}
          >
            {s.name}
          </button>
        ))}
      </div>
      <table style={{ borderCollapse: 'collapse', tableLayout: 'fixed', width: 36 + cols * 96 }}>
        <thead>
          <tr>
            <th style={{ ...HEAD, width: 36 }} />
            {Array.from({ length: cols }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} style={{ ...HEAD, width: 96 }}>
                {columnName(i + 1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={r}>
              <th style={HEAD}>{r + 1}</th>
              {Array.from({ length: cols }, (_, c) => {
                const row = r + 1;
                const col = c + 1;
                if (covered.has(`${row},${col}`)) return null;
                const address = cellAddress(sheet.name, row, col);
                const mark = marks.get(markKey(address));
                const span = spans.get(`${row},${col}`);
                const isEditing = editing?.address === address;
                return (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    key={c}
                    data-address={address}
                    data-mark={mark?.severity}
                    title={mark?.message}
                    rowSpan={span?.rowSpan}
                    colSpan={span?.colSpan}
                    onDoubleClick={() => setEditing({ address, text: show(values.get(`${row},${col}`)) })}
                    style={{
                      border: '1px solid #e0e0e0',
                      padding: isEditing ? 0 : '2px 4px',
                      height: 20,
                      overflow: 'hidden',
                      whiteSpace: 'nowrap',
                      textOverflow: 'ellipsis',
                      background: mark ? MARK_FILL[mark.severity] : undefined,
                      outline: selected === key(address) ? '2px solid #217346' : undefined,
                      position: 'relative',
                    }}
                  >
                    {isEditing ? (
                      <input
                        // biome-ignore lint/a11y/noAutofocus: the cell the user just opened
                        autoFocus
                        aria-label={address}
                        value={editing.text}
                        onChange={(e) => setEditing({ address, text: e.target.value })}
                        onBlur={commit}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') commit();
                          if (e.key === 'Escape') setEditing(undefined);
                        }}
                        style={{ width: '100%', boxSizing: 'border-box', font: 'inherit', border: 'none' }}
                      />
                    ) : (
                      show(values.get(`${row},${col}`))
                    )}
                    {mark && !isEditing ? (
                      <span style={mark.severity === 'error' ? CORNER_ERROR : CORNER} />
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const HEAD = {
  background: '#f3f3f3',
  border: '1px solid #d4d4d4',
  fontWeight: 400,
  color: '#555',
  padding: '0 4px',
  position: 'sticky',
  top: 0,
} as const;

/** Excel's note marker: a small triangle in the top right corner. */
const CORNER = {
  position: 'absolute',
  top: 0,
  right: 0,
  width: 0,
  height: 0,
  borderLeft: '6px solid transparent',
  borderTop: '6px solid #c08000',
} as const;
const CORNER_ERROR = { ...CORNER, borderTop: '6px solid #c00000' } as const;
