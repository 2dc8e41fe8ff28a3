/**
 * The bot and hook admin routes' replies, as the admin screen parses them. Apart from
 * protocol-bots.ts on purpose: that module uses message:send's schemas, and a page module that
 * imported it would keep them in the chat page's first load.
 */
import * as z from 'zod/mini';

export const botSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: z.literal('bot'),
  webhookUrl: z.optional(z.string()),
  deactivated: z.boolean(),
  createdAt: z.string(),
});
export type BotView = z.infer<typeof botSchema>;

export const botCreatedSchema = z.object({
  bot: botSchema,
  token: z.string(),
  signingSecret: z.string(),
});
export type BotCreated = z.infer<typeof botCreatedSchema>;
export const botListSchema = z.object({ bots: z.array(botSchema) });
export const botTokenSchema = z.object({ token: z.string() });

export const hookViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  room: z.string(),
  deactivated: z.boolean(),
  createdAt: z.string(),
});
export type HookView = z.infer<typeof hookViewSchema>;
export const hookCreatedSchema = z.object({ hook: hookViewSchema, url: z.string() });
export const hookListSchema = z.object({ hooks: z.array(hookViewSchema) });
