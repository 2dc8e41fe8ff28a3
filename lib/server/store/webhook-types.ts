/** A bot that hears a message: active, with a webhook, a member of the message's room. */
export interface WebhookTarget {
  botId: number;
  name: string;
}

/** One bot's delivery of one message, as first stored. */
export interface NewDelivery {
  /** The `deliveryId` the bot sees on every try: its key for dropping repeats. */
  id: string;
  botId: number;
  messageId: number;
  /** The JSON posted, the same bytes on every try. */
  body: string;
}

/** A delivery leased to this node for one try. */
export interface DueDelivery {
  id: string;
  botId: number;
  body: string;
  /** Tries made before this one. */
  attempts: number;
  /** Read at each try: a bot whose webhook was removed or that was deactivated gets nothing. */
  webhookUrl: string | undefined;
  signingSecret: string;
  botName: string;
  deactivated: boolean;
}

/**
 * Outgoing webhook deliveries, stored until done so a restart (or a crash) loses none. Nodes
 * sharing a database take due deliveries by lease, so each try is made by one node.
 */
export interface WebhookStore {
  /**
   * The bots with a webhook that are members of `room`, other than `exceptUserId`; none when
   * `exceptUserId` is a bot (bots do not set off bots, so two cannot answer each other forever).
   */
  targets(room: string, exceptUserId: number): Promise<WebhookTarget[]>;
  /**
   * Stores deliveries due at `now`. One per bot and message, however often it is called: a
   * repeated send of a stored message makes none again, even after the first was delivered.
   */
  enqueue(deliveries: readonly NewDelivery[], now: Date): Promise<void>;
  /** Leases up to `limit` due deliveries until `leaseUntil`, oldest due first. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDelivery[]>;
  /** Delivered, or given up on: no more tries (kept a while, for the rule above). */
  finish(id: string, outcome: 'delivered' | 'failed'): Promise<void>;
  /** Another try at `at`, after `attempts` tries. */
  retryAt(id: string, attempts: number, at: Date): Promise<void>;
  /** Ends leases early (a shutdown mid-try): the deliveries are due again at once. */
  release(ids: readonly string[]): Promise<void>;
  /** When the soonest pending delivery is due; undefined when none is pending. */
  nextDue(): Promise<Date | undefined>;
  /** Forgets finished deliveries made before `before`. */
  prune(before: Date): Promise<void>;
}

/** A due delivery's row, joined with its bot, as both stores read it. */
export interface DueRow {
  id: string;
  bot_id: number | string;
  body: string;
  attempts: number;
  webhook_url: string | null;
  signing_secret: string;
  name: string;
  deactivated: boolean | number;
}

export function toDueDelivery(row: DueRow): DueDelivery {
  return {
    id: row.id,
    botId: Number(row.bot_id),
    body: row.body,
    attempts: row.attempts,
    webhookUrl: row.webhook_url ?? undefined,
    signingSecret: row.signing_secret,
    botName: row.name,
    deactivated: Boolean(row.deactivated),
  };
}
