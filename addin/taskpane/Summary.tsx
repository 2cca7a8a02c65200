/**
 * Opening the leaders' summary workbook: in Excel as a new workbook when the host can
 * (`openWorkbook`, Excel.createWorkbook), otherwise as a download link.
 */
import { Button, Link, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { FileDownload, ShishiApi } from '../../api/client';
import type { OpenWorkbook } from '../host/port';
import { useUi } from './context';
import { classify, failureText } from './errors';

export type { OpenWorkbook } from '../host/port';

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  if (typeof blob.arrayBuffer === 'function') return new Uint8Array(await blob.arrayBuffer());
  return new Uint8Array(await new Response(blob).arrayBuffer());
}

/**
 * A workbook from the server, opened in Excel as a new workbook when the host can, else offered
 * as a download link: the summary, a report's original workbook.
 */
export function FileOpener(props: {
  readonly label: string;
  readonly fetch: () => Promise<FileDownload>;
  /** The file's name when the server suggests none. */
  readonly fallbackName: string;
  readonly busyLabel: string;
  /** The download link's words, where Excel cannot open the file. */
  readonly downloadLabel: string;
  readonly openWorkbook?: OpenWorkbook | undefined;
}) {
  const { t, l } = useUi();
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ href: string; filename: string }>();
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  useEffect(() => () => link && URL.revokeObjectURL?.(link.href), [link]);

  const open = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const file = await props.fetch();
      if (props.openWorkbook) {
        await props.openWorkbook(await bytesOf(file.blob));
        setMessage({ intent: 'success', text: t('summaryOpened') });
      } else {
        setLink({ href: URL.createObjectURL(file.blob), filename: file.filename ?? props.fallbackName });
      }
    } catch (e) {
      setMessage({ intent: 'error', text: failureText(classify(e), t, l) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Button onClick={() => void open()} disabled={busy}>
        {props.label}
      </Button>
      {busy ? <Spinner size="tiny" label={props.busyLabel} /> : null}
      {link ? (
        <p>
          <Link href={link.href} download={link.filename}>
            {props.downloadLabel}
          </Link>
        </p>
      ) : null}
      {message ? (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}

export function SummaryOpener(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly label: string;
  /** Made before it is fetched (the office); the leader reads the latest one. */
  readonly create?: { readonly asOf: string };
  readonly openWorkbook?: OpenWorkbook | undefined;
}) {
  const { t } = useUi();
  const { api, year, create } = props;
  return (
    <FileOpener
      label={props.label}
      busyLabel={t('summaryCreating')}
      downloadLabel={t('download')}
      fallbackName={`summary-${year}.xlsx`}
      openWorkbook={props.openWorkbook}
      fetch={async () => {
        if (create) await api.createSummary(year, create.asOf);
        return api.summary(year);
      }}
    />
  );
}
