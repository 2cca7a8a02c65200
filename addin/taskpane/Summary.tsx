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

export function SummaryOpener(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly label: string;
  /** Made before it is fetched (the office); the leader reads the latest one. */
  readonly create?: { readonly asOf: string };
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
      if (props.create) await props.api.createSummary(props.year, props.create.asOf);
      const file: FileDownload = await props.api.summary(props.year);
      if (props.openWorkbook) {
        await props.openWorkbook(await bytesOf(file.blob));
        setMessage({ intent: 'success', text: t('summaryOpened') });
      } else {
        setLink({
          href: URL.createObjectURL(file.blob),
          filename: file.filename ?? `summary-${props.year}.xlsx`,
        });
      }
    } catch (e) {
      const f = classify(e);
      setMessage({
        intent: 'error',
        text: failureText(f, t, l),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Button onClick={() => void open()} disabled={busy}>
        {props.label}
      </Button>
      {busy ? <Spinner size="tiny" label={t('summaryCreating')} /> : null}
      {link ? (
        <p>
          <Link href={link.href} download={link.filename}>
            {t('download')}
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
