import { useEffect, useId, useState } from 'react';
import { createBot, listBots, removeBot, replaceBotToken } from '@/lib/client/integrations-api';
import type { BotView } from '@/lib/protocol-bot-replies';
import { ErrorMessage } from '../chat/error-message';
import { CopyField } from './copy-field';
import { useAction } from './use-action';
import styles from './settings.module.css';

/** What was just made and is shown this once: a bot's token, and its signing secret. */
interface Secrets {
  name: string;
  token: string;
  signingSecret?: string;
}

/**
 * Bots: accounts for scripts and services. Make one (with a webhook that hears its mentions and
 * DMs), copy its token and signing secret (shown once), replace a token, or remove a bot.
 */
export function BotsSection() {
  const [bots, setBots] = useState<BotView[]>();
  const [name, setName] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [secrets, setSecrets] = useState<Secrets>();
  const { isBusy, error, done, run } = useAction();
  const id = useId();

  useEffect(() => {
    void run(listBots).then((found) => found && setBots(found.value));
  }, [run]);

  const make = async () => {
    const url = webhookUrl.trim();
    const made = await run(
      () => createBot({ name: name.trim(), ...(url === '' ? {} : { webhookUrl: url }) }),
      'Bot made. Copy its token now: it is not shown again.',
    );
    if (made === undefined) return;
    const { bot, token, signingSecret } = made.value;
    setBots((current) => [...(current ?? []), bot]);
    setSecrets({ name: bot.name, token, signingSecret });
    setName('');
    setWebhookUrl('');
  };

  const replaceToken = async (bot: BotView) => {
    const replaced = await run(
      () => replaceBotToken(bot.id),
      `New token for ${bot.name}. The old one no longer works.`,
    );
    if (replaced !== undefined) setSecrets({ name: bot.name, token: replaced.value });
  };

  const remove = async (bot: BotView) => {
    const removed = await run(() => removeBot(bot.id), `${bot.name} removed.`);
    if (removed === undefined) return;
    setBots((current) =>
      current?.map((each) => (each.id === bot.id ? { ...each, deactivated: true } : each)),
    );
    if (secrets?.name === bot.name) setSecrets(undefined);
  };

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Bots
      </h3>
      {bots !== undefined && bots.length > 0 && (
        <ul className={styles.list} aria-label="Bots">
          {bots.map((bot) => (
            <li key={bot.id} className={styles.item} aria-labelledby={`${id}-bot-${bot.id}`}>
              <span className={styles.itemText}>
                <strong id={`${id}-bot-${bot.id}`}>{bot.name}</strong>
                <span className={styles.muted}>
                  {bot.deactivated ? 'removed' : (bot.webhookUrl ?? 'no webhook')}
                </span>
              </span>
              {!bot.deactivated && (
                <span className={styles.actions}>
                  <button
                    type="button"
                    className={styles.quiet}
                    disabled={isBusy}
                    aria-label={`New token for ${bot.name}`}
                    onClick={() => void replaceToken(bot)}
                  >
                    New token
                  </button>
                  <button
                    type="button"
                    className={styles.quiet}
                    disabled={isBusy}
                    aria-label={`Remove ${bot.name}`}
                    onClick={() => void remove(bot)}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {secrets !== undefined && (
        <>
          <CopyField label={`Token of ${secrets.name}`} value={secrets.token} />
          {secrets.signingSecret !== undefined && (
            <CopyField label={`Signing secret of ${secrets.name}`} value={secrets.signingSecret} />
          )}
        </>
      )}
      <form
        className={styles.stack}
        aria-label="New bot"
        onSubmit={(event) => {
          event.preventDefault();
          void make();
        }}
      >
        <label htmlFor={`${id}-name`} className={styles.label}>
          Bot name
        </label>
        <input
          id={`${id}-name`}
          className={styles.field}
          value={name}
          maxLength={64}
          required
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={`${id}-webhook`} className={styles.label}>
          Webhook URL (optional: receives its mentions and DMs)
        </label>
        <input
          id={`${id}-webhook`}
          className={styles.field}
          type="url"
          value={webhookUrl}
          placeholder="https://"
          onChange={(event) => setWebhookUrl(event.target.value)}
        />
        <button type="submit" className={styles.primary} disabled={isBusy}>
          Make bot
        </button>
      </form>
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
