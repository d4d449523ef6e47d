// The deliveries being handled, for the code they call: the inbox tells the delivery of a message id that it had been
// handled before, so the delivery is counted as a duplicate without every handler having to say so. A registry by
// message id rather than an AsyncLocalStorage, whose promise hook every promise of the process would pay for (Node 20).

interface InFlight {
  deliveries: number;
  duplicates: number;
}

const inFlight = new Map<string, InFlight>();

/** Runs `work` as a delivery of that message id; answers its result and whether the inbox called it a duplicate. */
export async function inDeliveryScope<T>(messageId: string | undefined, work: () => Promise<T>): Promise<{ result: T; duplicate: boolean }> {
  if (messageId === undefined) return { result: await work(), duplicate: false };
  const entry = inFlight.get(messageId) ?? { deliveries: 0, duplicates: 0 };
  entry.deliveries++;
  inFlight.set(messageId, entry);
  let duplicate = false;
  try {
    const result = await work();
    // Two copies in flight at once share the entry: each note is taken by one of them.
    if (entry.duplicates > 0) {
      entry.duplicates--;
      duplicate = true;
    }
    return { result, duplicate };
  } finally {
    if (--entry.deliveries === 0) inFlight.delete(messageId);
  }
}

/** Called by the inbox when a message id was already recorded: a delivery of that very message is a duplicate. */
export function noteDuplicate(messageId: string): void {
  const entry = inFlight.get(messageId);
  if (entry) entry.duplicates++;
}
