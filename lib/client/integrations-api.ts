/** The bot and incoming-hook routes, for the admin screen (loaded only when an admin opens it). */
import {
  botCreatedSchema,
  botListSchema,
  botTokenSchema,
  hookCreatedSchema,
  hookListSchema,
  type BotCreated,
  type BotView,
  type HookView,
} from '../protocol-bot-replies';
import { callApi, mapped, required, type ApiResult } from './account-api';

export async function listBots(): Promise<ApiResult<BotView[]>> {
  const result = required(await callApi('/api/admin/bots', { method: 'GET' }, botListSchema));
  return mapped(result, (body) => body.bots);
}

/** Makes a bot; its token and signing secret are in the answer, and never shown again. */
export async function createBot(body: {
  name: string;
  webhookUrl?: string;
}): Promise<ApiResult<BotCreated>> {
  return required(await callApi('/api/admin/bots', { method: 'POST', body }, botCreatedSchema));
}

/** A new token for the bot: the old one stops at once. */
export async function replaceBotToken(id: number): Promise<ApiResult<string>> {
  const result = required(
    await callApi(`/api/admin/bots/${id}/token`, { method: 'POST' }, botTokenSchema),
  );
  return mapped(result, (body) => body.token);
}

/** Deactivates the bot: its token stops; its messages stay. */
export async function removeBot(id: number): Promise<ApiResult<undefined>> {
  return callApi(`/api/admin/bots/${id}`, { method: 'DELETE' });
}

export async function listHooks(): Promise<ApiResult<HookView[]>> {
  const result = required(await callApi('/api/admin/hooks', { method: 'GET' }, hookListSchema));
  return mapped(result, (body) => body.hooks);
}

/** Makes an incoming hook for a channel; its URL (the secret) is shown this once. */
export async function createHook(body: {
  room: string;
  name: string;
}): Promise<ApiResult<{ hook: HookView; url: string }>> {
  return required(await callApi('/api/admin/hooks', { method: 'POST', body }, hookCreatedSchema));
}

/** Removes the hook: its URL stops; what it posted stays. */
export async function removeHook(id: number): Promise<ApiResult<undefined>> {
  return callApi(`/api/admin/hooks/${id}`, { method: 'DELETE' });
}
