// Which notifications an event becomes, given the coordinator's settings: pure rules, no I/O. Each planned
// notification is keyed by (event, channel, recipient, template), the key that makes it happen once.
import type { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import type { NotificationSettings } from '../settings/notification-settings';

/** The emails; `webhook-disabled` is planned by the webhook dispatcher and `milestone-due` by the reminders, not from an event. */
export const TEMPLATES = ['wedding-created', 'couple-confirmation', 'integration-failed', 'webhook-disabled', 'milestone-due'] as const;
export type NotificationTemplate = (typeof TEMPLATES)[number];
/** Every channel of the notifications table (the migration's CHECK). */
export const CHANNELS = ['email', 'webhook', 'sms'] as const;
export type NotificationChannel = (typeof CHANNELS)[number];

export interface PlannedNotification {
  channel: NotificationChannel;
  recipient: string;
  template: NotificationTemplate;
}

/** The coordinator's own address in the settings, else the one the marketplace has (carried by the event). */
function coordinatorAddress(settings: NotificationSettings, fromEvent: string | null | undefined): string | undefined {
  if (!settings.email.enabled) return undefined;
  return settings.email.address ?? fromEvent ?? undefined;
}

/** To the coordinator, always (unless turned off); to the couple when they gave an email and it is not turned off. */
export function planWeddingCreated(event: CoordinatorWeddingCreated, settings: NotificationSettings): PlannedNotification[] {
  const planned: PlannedNotification[] = [];
  const coordinator = coordinatorAddress(settings, event.coordinatorEmail);
  if (coordinator) planned.push({ channel: 'email', recipient: coordinator, template: 'wedding-created' });
  if (event.contactEmail && settings.coupleConfirmation.enabled) {
    planned.push({ channel: 'email', recipient: event.contactEmail, template: 'couple-confirmation' });
  }
  return planned;
}

/** To the coordinator, so that a booking the automation gave up on does not go unnoticed. */
export function planIntegrationFailed(
  event: CoordinatorIntegrationFailed,
  settings: NotificationSettings,
): PlannedNotification[] {
  const coordinator = coordinatorAddress(settings, event.coordinatorEmail);
  return coordinator ? [{ channel: 'email', recipient: coordinator, template: 'integration-failed' }] : [];
}
