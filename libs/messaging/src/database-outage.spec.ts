import { Logger } from '@nestjs/common';
import { DatabaseOutage } from './database-outage';

const INTERVAL_MS = 1000;

/** A probe whose answers the test gives, one pending query at a time. */
function scriptedProbe() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    pending,
    probe: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    answer: () => pending.shift()!.resolve(),
    fail: () => pending.shift()!.reject(new Error('connect ECONNREFUSED')),
  };
}

describe('DatabaseOutage', () => {
  let logs: { level: string; msg: string }[];

  beforeEach(() => {
    jest.useFakeTimers();
    logs = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((entry: { msg: string }) => void logs.push({ level: 'warn', msg: entry.msg }));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((entry: { msg: string }) => void logs.push({ level: 'log', msg: entry.msg }));
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const start = () => {
    const probe = scriptedProbe();
    const outage = new DatabaseOutage({ queue: 'q', probe: probe.probe, probeIntervalMs: INTERVAL_MS });
    const consumer = { pause: jest.fn(), resume: jest.fn() };
    outage.attach(consumer);
    return { probe, outage, consumer };
  };

  it('pauses once for many failures, probes every interval, and resumes at the first answer, with one line each', async () => {
    const { probe, outage, consumer } = start();
    for (let i = 0; i < 3; i++) outage.begin(new Error('Connection terminated unexpectedly'));
    expect(outage.ongoing).toBe(true);
    expect(consumer.pause).toHaveBeenCalledTimes(1);

    for (let i = 0; i < 4; i++) {
      await jest.advanceTimersByTimeAsync(INTERVAL_MS);
      expect(probe.pending).toHaveLength(1);
      probe.fail();
    }
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    probe.answer();
    await jest.advanceTimersByTimeAsync(0);

    expect(outage.ongoing).toBe(false);
    expect(consumer.resume).toHaveBeenCalledTimes(1);
    expect(logs).toEqual([
      { level: 'warn', msg: 'database unavailable; consumer paused until it answers again' },
      { level: 'log', msg: 'database answers again; consumer resumed' },
    ]);
    // No probe once resumed.
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(probe.pending).toHaveLength(0);
  });

  it('does not send a second probe while one hangs, until it has waited ten intervals', async () => {
    const { probe, outage, consumer } = start();
    outage.begin(new Error('Connection terminated unexpectedly'));
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(probe.pending).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(9 * INTERVAL_MS);
    expect(probe.pending).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(probe.pending).toHaveLength(2);
    // The new probe's answer resumes; the abandoned one's, later, changes nothing.
    probe.pending[1].resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(consumer.resume).toHaveBeenCalledTimes(1);
    probe.answer();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(consumer.resume).toHaveBeenCalledTimes(1);
  });

  it('answers whether the database answers within one interval, and at once "no" during an outage', async () => {
    const { probe, outage } = start();
    const answered = outage.answers();
    await jest.advanceTimersByTimeAsync(0);
    probe.answer();
    await expect(answered).resolves.toBe(true);

    const refused = outage.answers();
    await jest.advanceTimersByTimeAsync(0);
    probe.fail();
    await expect(refused).resolves.toBe(false);

    const silent = outage.answers();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    await expect(silent).resolves.toBe(false);

    outage.begin(new Error('the handler did not finish'));
    const during = outage.answers();
    await expect(during).resolves.toBe(false);
    expect(probe.pending).toHaveLength(1); // the silent one, still waiting; none sent for `during`
  });

  it('probes no more once stopped', async () => {
    const { probe, outage, consumer } = start();
    outage.begin(new Error('connect ECONNREFUSED'));
    outage.stop();
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(probe.pending).toHaveLength(0);
    expect(consumer.resume).not.toHaveBeenCalled();
  });
});
