import type { NameTaken } from './account-types';

/** A bot as admins see it. */
export interface Bot {
  /** Its account's id. */
  id: number;
  name: string;
  /** Where mentions and DMs of it are posted; undefined for a bot that only speaks. */
  webhookUrl: string | undefined;
  deactivated: boolean;
  createdAt: string;
}

/** A bot with the secret its outgoing webhooks are signed with. */
export interface BotRecord extends Bot {
  signingSecret: string;
}

export interface NewBot {
  name: string;
  /** `nameKey(name)`: unique across every account, people's and bots'. */
  key: string;
  signingSecret: string;
  webhookUrl?: string;
}

/** Bots: accounts without a password, each with a signing secret and maybe a webhook. */
export interface BotStore {
  /** Makes the bot's account (a member, never an admin) and its bot row, in one transaction. */
  create(input: NewBot): Promise<{ ok: true; bot: Bot } | NameTaken>;
  /** Every bot, oldest first. */
  list(): Promise<Bot[]>;
  get(id: number): Promise<BotRecord | undefined>;
  setWebhook(id: number, webhookUrl: string | undefined): Promise<void>;
}

/** A bot row joined with its account, as both stores read it. */
export interface BotRowOf<Time> {
  id: number | string;
  name: string;
  webhook_url: string | null;
  signing_secret: string;
  deactivated_at: Time | null;
  created_at: Time;
}

/** The one place a bot row becomes a bot. */
export function toBotRecord<Time>(row: BotRowOf<Time>, iso: (time: Time) => string): BotRecord {
  return {
    id: Number(row.id),
    name: row.name,
    webhookUrl: row.webhook_url ?? undefined,
    deactivated: row.deactivated_at !== null,
    createdAt: iso(row.created_at),
    signingSecret: row.signing_secret,
  };
}

/** The bot without its secret. */
export function publicBot(record: BotRecord): Bot {
  const { id, name, webhookUrl, deactivated, createdAt } = record;
  return { id, name, webhookUrl, deactivated, createdAt };
}
