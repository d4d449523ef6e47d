// The notification service from the browser: another origin (its own port), found in /dashboard/config.json (the
// coordinator's NOTIFICATIONS_API_URL), called with the same token; the service's CORS_ORIGINS let the dashboard read it.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '../session/session';
import { ApiClient, Query } from './api-client';
import { ApiError } from './api-error';
import {
  DeliveryLogPage,
  NotificationDetails,
  NotificationSettings,
  readDeliveryLogPage,
  readList,
  readNotificationDetails,
  readSettings,
  readSmsConsent,
  readWebhook,
  readWebhookDelivery,
  readWebhookSecret,
  settingsBody,
  WebhookDelivery,
  WebhookDraft,
  webhookBody,
  WebhookEndpoint,
  WebhookSecret,
} from './notifications';

export class NotificationsApi {
  constructor(private readonly client: ApiClient) {}

  async deliveryLog(query: Query): Promise<DeliveryLogPage> {
    return readDeliveryLogPage(await this.client.get('', query));
  }

  async notification(id: string): Promise<NotificationDetails> {
    return readNotificationDetails(await this.client.get(`/${encodeURIComponent(id)}`));
  }

  async resend(id: string): Promise<NotificationDetails> {
    return readNotificationDetails(await this.client.post(`/${encodeURIComponent(id)}/resend`));
  }

  async settings(): Promise<NotificationSettings> {
    return readSettings(await this.client.get('/settings'));
  }

  async saveSettings(settings: NotificationSettings, saved: NotificationSettings): Promise<NotificationSettings> {
    return readSettings(await this.client.put('/settings', settingsBody(settings, saved)));
  }

  async smsConsent(): Promise<string> {
    return readSmsConsent(await this.client.get('/settings/sms-consent'));
  }

  /** The code texted to the settings' number: the settings as they now stand. */
  async confirmSmsCode(code: string): Promise<NotificationSettings> {
    return readSettings(await this.client.post('/sms/confirm', { code }));
  }

  /** A new code for the settings' number (the one before no longer counts). */
  async requestSmsCode(): Promise<NotificationSettings> {
    return readSettings(await this.client.post('/sms/confirmation'));
  }

  async webhooks(): Promise<WebhookEndpoint[]> {
    return readList(await this.client.get('/webhooks')).map(readWebhook);
  }

  async createWebhook(draft: WebhookDraft): Promise<WebhookSecret> {
    return readWebhookSecret(await this.client.post('/webhooks', webhookBody(draft)));
  }

  async updateWebhook(id: string, changes: Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'enabled'>>): Promise<void> {
    await this.client.patch(`/webhooks/${encodeURIComponent(id)}`, changes);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.client.delete(`/webhooks/${encodeURIComponent(id)}`);
  }

  async rotateWebhookSecret(id: string): Promise<WebhookSecret> {
    return readWebhookSecret(await this.client.post(`/webhooks/${encodeURIComponent(id)}/rotate-secret`));
  }

  async webhookDeliveries(id: string): Promise<WebhookDelivery[]> {
    return readList(await this.client.get(`/webhooks/${encodeURIComponent(id)}/deliveries`)).map(readWebhookDelivery);
  }
}

interface DashboardConfig {
  notificationsApiUrl: string;
}

async function loadDashboardConfig(): Promise<DashboardConfig> {
  let response: Response;
  try {
    response = await fetch('/dashboard/config.json', { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'The coordinator service cannot be reached: check that it is running, then try again.', null);
  }
  const body = (await response.json().catch(() => null)) as { notificationsApiUrl?: unknown } | null;
  if (!response.ok || typeof body?.notificationsApiUrl !== 'string') {
    throw new ApiError(response.status, "The dashboard's settings could not be read, so the notification service is not known.", body);
  }
  return { notificationsApiUrl: body.notificationsApiUrl };
}

/** The notification service's client for the signed-in coordinator, once the dashboard knows where the service is. */
export function useNotificationsApi(): { api: NotificationsApi | undefined; error: unknown; serviceUrl: string | undefined } {
  const { token, signOut } = useSession();
  const config = useQuery({ queryKey: ['dashboard-config'], queryFn: loadDashboardConfig, staleTime: Infinity });
  const base = config.data ? `${config.data.notificationsApiUrl}/api/notifications` : undefined;
  const api = useMemo(
    () => (token && base ? new NotificationsApi(new ApiClient(token, (message) => signOut(message, token), base, 'notification service')) : undefined),
    [token, base, signOut],
  );
  return { api, error: config.error, serviceUrl: config.data?.notificationsApiUrl || window.location.origin };
}
