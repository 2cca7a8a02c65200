/**
 * The task pane's entry: `mount(element, props)` renders the App inside Fluent's light theme.
 * `excelOpenWorkbook()` gives the `openWorkbook` prop where Excel can open a new workbook.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot, type Root } from 'react-dom/client';
import { App, type AppProps, type OpenWorkbook } from './App';

export type { AppProps, OpenWorkbook, SignInOptions } from './App';
export { App } from './App';

/** Renders the task pane into `element`; returns the root so a host can unmount it. */
export function mount(element: HTMLElement, props: AppProps): Root {
  const root = createRoot(element);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App {...props} />
    </FluentProvider>,
  );
  return root;
}

function base64Of(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

/** `Excel.createWorkbook(base64)` when the host supports it (ExcelApi 1.8), else undefined. */
export function excelOpenWorkbook(): OpenWorkbook | undefined {
  if (typeof Office === 'undefined' || typeof Excel === 'undefined') return undefined;
  if (!Office.context?.requirements?.isSetSupported('ExcelApi', '1.8')) return undefined;
  return async (bytes) => {
    await Excel.createWorkbook(base64Of(bytes));
  };
}
