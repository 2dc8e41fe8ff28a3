import { useId, useState, useSyncExternalStore } from 'react';
import { newLinkCode } from '@/lib/client/settings-api';
import type { LinkCode } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { useAction } from './use-action';
import styles from './settings.module.css';

/** Minutes and seconds left, as a countdown reads: "9:05". */
function countdownText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// The clock in whole seconds: the same value within a second, so React renders once per tick.
const second = () => Math.floor(Date.now() / 1000);
function everySecond(notify: () => void): () => void {
  const timer = setInterval(notify, 1000);
  return () => clearInterval(timer);
}

/** The milliseconds until `iso`, refreshed every second while shown. */
function useMsUntil(iso: string | undefined): number {
  const now = useSyncExternalStore(everySecond, second, second) * 1000;
  return iso === undefined ? 0 : Date.parse(iso) - now;
}

/**
 * "Link a device": a one-time code, as text and as a QR code of the link that fills it in,
 * with the time it has left. The QR code is drawn here, in the browser: the code never leaves
 * the page but for the server that made it.
 */
export function LinkDeviceSection() {
  const [link, setLink] = useState<{ code: LinkCode; qr: string }>();
  const { isBusy, error, run } = useAction();
  const msLeft = useMsUntil(link?.code.expiresAt);
  const id = useId();

  const show = async () => {
    const made = await run(newLinkCode);
    if (made === undefined) return;
    const code = made.value;
    const { toString } = await import('qrcode');
    const svg = await toString(code.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    setLink({ code, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
  };

  const isExpired = link !== undefined && msLeft <= 0;
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Link a device
      </h3>
      <p className={styles.note}>
        On the other device, open Parley and choose “I have a code from another device”, or scan the
        QR code. The code works once, for 10 minutes.
      </p>
      {link !== undefined && !isExpired && (
        <div className={styles.linkCode}>
          {/* A data: image is inert: no script in it can run. */}
          {/* eslint-disable-next-line @next/next/no-img-element -- drawn here, nothing to optimise */}
          <img src={link.qr} alt="QR code that signs a device in" width={176} height={176} />
          <p className={styles.code} data-testid="link-code">
            {link.code.code}
          </p>
          <p className={styles.muted} aria-live="off">
            Expires in {countdownText(msLeft)}
          </p>
        </div>
      )}
      {isExpired && <p className={styles.note}>The code expired.</p>}
      <button
        type="button"
        className={styles.primary}
        disabled={isBusy}
        onClick={() => void show()}
      >
        {link === undefined ? 'Show a code' : 'New code'}
      </button>
      <ErrorMessage text={error} />
    </section>
  );
}
