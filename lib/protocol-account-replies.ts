/**
 * The replies of the account routes, as the browser parses them. A module apart from the
 * requests' schemas: zod's code for every construct a screen's module uses lands in the chunk
 * the chat's first page shares with it, so these use only what the chat itself already does
 * (no `z.strictObject`, `z.lazy` or `z.extend`).
 */
import * as z from 'zod/mini';
import { timestampSchema, wholeNumber } from './protocol';

export const roleSchema = z.enum(['admin', 'member']);
export type Role = z.infer<typeof roleSchema>;

export const registrationSchema = z.enum(['invite', 'open']);
export type Registration = z.infer<typeof registrationSchema>;

export const accountUserSchema = z.object({
  id: wholeNumber(),
  name: z.string(),
  role: roleSchema,
});
export type AccountUser = z.infer<typeof accountUserSchema>;

export const passkeyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestampSchema,
  lastUsedAt: z.optional(timestampSchema),
});
export type PasskeyInfo = z.infer<typeof passkeyInfoSchema>;

export const signedInSchema = z.object({ user: accountUserSchema });
export type SignedIn = z.infer<typeof signedInSchema>;

/** `GET /api/session`. */
export const sessionStateSchema = z.object({
  // A spread of the shape, not `z.extend`: the page's chunk holds the zod code any screen uses.
  user: z.object({
    ...accountUserSchema.shape,
    hasPassword: z.boolean(),
    passkeys: z.array(passkeyInfoSchema),
    /** Pushes are held until then; null when they are not. */
    doNotDisturbUntil: z.optional(z.union([timestampSchema, z.literal(null)])),
  }),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const deviceSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: timestampSchema,
  lastSeenAt: timestampSchema,
  device: z.string(),
  /** The device receives web pushes. */
  push: z.optional(z.boolean()),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;
export const sessionListSchema = z.object({ sessions: z.array(deviceSessionSchema) });

export const linkCodeSchema = z.object({
  code: z.string(),
  url: z.string(),
  expiresAt: timestampSchema,
});
export type LinkCode = z.infer<typeof linkCodeSchema>;

export const adminUserSchema = z.object({
  id: wholeNumber(),
  name: z.string(),
  role: roleSchema,
  deactivated: z.boolean(),
  createdAt: timestampSchema,
  lastSeenAt: z.optional(timestampSchema),
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });

export const adminUserResultSchema = z.object({ user: adminUserSchema });

export const recoveryLinkSchema = z.object({ url: z.string(), expiresAt: timestampSchema });
export const inviteSchema = z.object({ code: z.string(), url: z.string() });
export type Invite = z.infer<typeof inviteSchema>;
/** Who may create channels: everyone signed in, or admins only. */
export const channelCreationSchema = z.enum(['everyone', 'admins']);
export type ChannelCreation = z.infer<typeof channelCreationSchema>;
export const settingsSchema = z.object({
  registration: registrationSchema,
  channelCreation: channelCreationSchema,
});
export type ServerSettings = z.infer<typeof settingsSchema>;
