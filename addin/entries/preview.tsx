/**
 * The browser preview: the task pane as in Excel, without Office. The workbook lives in the page
 * (addin/host/inpage.ts): open an .xlsx file, see its sheets in a simple grid with the
 * validation marks, edit cells, download the result. The API is the real one on this origin.
 */
import ExcelJS from 'exceljs';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createInPagePort, type InPagePort } from '../host/inpage';
import { session } from '../shared/session';
import { mount } from '../taskpane/index';
import { connectApi, localSignIn } from './config';
import { PreviewGrid } from './PreviewGrid';

async function blankWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as BlobPart], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Sheet(props: {
  readonly port: InPagePort;
  readonly onOpen: (file: File) => void;
  readonly error?: string;
}) {
  const { port } = props;
  return (
    <div>
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 8,
          alignItems: 'center',
          padding: 8,
          borderBottom: '1px solid #ddd',
          background: '#217346',
          color: '#fff',
        }}
      >
        <strong>实事 · 浏览器预览 / browser preview</strong>
        <label style={{ cursor: 'pointer' }}>
          打开 .xlsx / Open .xlsx:{' '}
          <input
            type="file"
            data-testid="open-xlsx"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) props.onOpen(f);
              e.target.value = '';
            }}
          />
        </label>
        <span data-testid="workbook-label">{port.label}</span>
        <button
          type="button"
          onClick={async () =>
            download(await port.toXlsx(), port.label.endsWith('.xlsx') ? port.label : 'workbook.xlsx')
          }
        >
          下载 / Download
        </button>
      </div>
      {props.error ? <p style={{ color: '#a00', padding: 8 }}>{props.error}</p> : null}
      <PreviewGrid port={port} />
    </div>
  );
}

function Preview(props: { readonly first: InPagePort; readonly onPort: (port: InPagePort) => void }) {
  const [port, setPort] = useState(props.first);
  const [error, setError] = useState<string>();
  const { onPort } = props;
  useEffect(() => onPort(port), [port, onPort]);
  const open = async (file: File) => {
    try {
      setPort(await createInPagePort(await file.arrayBuffer(), file.name));
      setError(undefined);
    } catch (e) {
      setError(
        `无法打开 ${file.name} / Cannot open ${file.name}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };
  return <Sheet port={port} onOpen={open} {...(error ? { error } : {})} />;
}

async function main(): Promise<void> {
  const api = connectApi();
  const signIn = await localSignIn();
  const first = await createInPagePort(await blankWorkbook(), '空白工作簿 / blank workbook.xlsx');
  const paneHost = document.getElementById('root')!;
  let pane: { root: Root; element: HTMLElement } | undefined;
  // The pane is mounted again for each workbook opened, as Excel opens a new pane per workbook.
  const showPane = (port: InPagePort) => {
    pane?.root.unmount();
    pane?.element.remove();
    const element = document.createElement('div');
    paneHost.append(element);
    pane = { element, root: mount(element, { host: { workbook: port }, api, session, signIn }) };
  };
  createRoot(document.getElementById('sheet')!).render(
    <StrictMode>
      <Preview first={first} onPort={showPane} />
    </StrictMode>,
  );
}

main().catch((e: unknown) => {
  document.body.textContent = `预览无法启动 / The preview could not start: ${e instanceof Error ? e.message : String(e)}`;
});
