/**
 * The task pane's entry: `mount(element, props)` renders the App inside Fluent's light theme. The
 * host (Excel, the preview) comes in as `props.host`, made by `addin/host/`.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot, type Root } from 'react-dom/client';
import { App, type AppProps } from './App';

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
