import { consumerQueueNames, formatDelay, retryQueueName, topologyNames } from './topology';

describe('formatDelay', () => {
  it.each([
    [1, '1ms'],
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1500ms'],
    [10_000, '10s'],
    [60_000, '1m'],
    [90_000, '90s'],
    [5_400_000, '90m'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
    [129_600_000, '36h'],
  ])('names %p ms %p', (delayMs, name) => {
    expect(formatDelay(delayMs)).toBe(name);
  });
});

describe('queue names', () => {
  const topology = {
    exchange: 'bookings.events',
    queue: 'coordinator.booking-created',
    routingKeys: ['booking.created'],
    retryDelaysMs: [1000, 10_000, 60_000],
    queueType: 'quorum' as const,
  };

  it('names each retry queue after its delay, so another ladder declares other queues', () => {
    expect(retryQueueName('q', 10_000)).toBe('q.retry-10s');
    expect(consumerQueueNames(topology)).toEqual([
      'coordinator.booking-created',
      'coordinator.booking-created.retry-1s',
      'coordinator.booking-created.retry-10s',
      'coordinator.booking-created.retry-1m',
      'coordinator.booking-created.dead-letter',
    ]);
  });

  it('declares one queue for a delay used twice in the ladder', () => {
    expect(consumerQueueNames({ ...topology, retryDelaysMs: [1000, 1000] })).toEqual([
      'coordinator.booking-created',
      'coordinator.booking-created.retry-1s',
      'coordinator.booking-created.dead-letter',
    ]);
  });

  it('lists every exchange and queue of a service, with each exchange’s unrouted pair', () => {
    expect(topologyNames({ publishes: 'coordinator.events', consumes: topology })).toEqual({
      exchanges: ['coordinator.events', 'bookings.events', 'coordinator.events.unrouted', 'bookings.events.unrouted'],
      queues: [...consumerQueueNames(topology), 'coordinator.events.unrouted', 'bookings.events.unrouted'],
    });
  });
});
