import { answerWithin, timedOut } from './postgres';

describe('answerWithin', () => {
  it('answers what the query answered in time', async () => {
    await expect(answerWithin(Promise.resolve([{ '?column?': 1 }]), 1000)).resolves.toEqual([{ '?column?': 1 }]);
  });

  it('passes on a query that failed in time', async () => {
    await expect(answerWithin(Promise.reject(new Error('connection refused')), 1000)).rejects.toThrow('connection refused');
  });

  it('answers timedOut for a query that never answers (a database that fell silent), instead of waiting with it', async () => {
    jest.useFakeTimers();
    try {
      const never = new Promise<never>(() => undefined);
      const answer = answerWithin(never, 2000);
      jest.advanceTimersByTime(2000);
      await expect(answer).resolves.toBe(timedOut);
    } finally {
      jest.useRealTimers();
    }
  });
});
