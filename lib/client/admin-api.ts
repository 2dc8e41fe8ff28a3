/** The admin routes, for the admin screen (loaded only when an admin opens it). */
import {
  adminUserListSchema,
  adminUserResultSchema,
  inviteSchema,
  recoveryLinkSchema,
  settingsSchema,
  type AdminUser,
  type ChannelCreation,
  type Invite,
  type Registration,
  type Role,
} from '../protocol-account-replies';
import { callApi, mapped, required, type ApiResult } from './account-api';

export async function listPeople(): Promise<ApiResult<AdminUser[]>> {
  const result = required(
    await callApi('/api/admin/users', { method: 'GET' }, adminUserListSchema),
  );
  return mapped(result, (body) => body.users);
}

export async function changePerson(
  id: number,
  change: { role?: Role; deactivated?: boolean },
): Promise<ApiResult<AdminUser>> {
  const result = required(
    await callApi(
      `/api/admin/users/${id}`,
      { method: 'PATCH', body: change },
      adminUserResultSchema,
    ),
  );
  return mapped(result, (body) => body.user);
}

export async function recoveryLink(
  id: number,
): Promise<ApiResult<{ url: string; expiresAt: string }>> {
  return required(
    await callApi(`/api/admin/users/${id}/recovery`, { method: 'POST' }, recoveryLinkSchema),
  );
}

export async function invite(replace: boolean): Promise<ApiResult<Invite>> {
  const method = replace ? 'POST' : 'GET';
  return required(await callApi('/api/admin/invite', { method }, inviteSchema));
}

export async function registration(change?: Registration): Promise<ApiResult<Registration>> {
  const init =
    change === undefined ? { method: 'GET' } : { method: 'PATCH', body: { registration: change } };
  const result = required(await callApi('/api/admin/settings', init, settingsSchema));
  return mapped(result, (body) => body.registration);
}

/** Who may create channels: read it, or change it. */
export async function channelCreation(
  change?: ChannelCreation,
): Promise<ApiResult<ChannelCreation>> {
  const init =
    change === undefined
      ? { method: 'GET' }
      : { method: 'PATCH', body: { channelCreation: change } };
  const result = required(await callApi('/api/admin/settings', init, settingsSchema));
  return mapped(result, (body) => body.channelCreation);
}
