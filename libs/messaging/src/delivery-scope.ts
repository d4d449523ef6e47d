// The delivery being handled, for the code it calls: the inbox tells it that its message had been handled before, so
// the delivery is counted as a duplicate without every handler having to say so.
import { AsyncLocalStorage } from 'node:async_hooks';

interface DeliveryScope {
  messageId: string | undefined;
  duplicate: boolean;
}

const scope = new AsyncLocalStorage<DeliveryScope>();

export function inDeliveryScope<T>(messageId: string | undefined, work: (scope: DeliveryScope) => Promise<T>): Promise<T> {
  const current: DeliveryScope = { messageId, duplicate: false };
  return scope.run(current, () => work(current));
}

/** Called by the inbox when a message id was already recorded: the delivery of that very message is a duplicate. */
export function noteDuplicate(messageId: string): void {
  const current = scope.getStore();
  if (current && current.messageId === messageId) current.duplicate = true;
}
