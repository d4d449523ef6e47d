import { IsNumber, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Env, loadConfig } from './config';
import { NotLongerThan, RetentionStep, RetentionSweep, sweepDelayMs } from './retention';

describe('sweepDelayMs', () => {
  it.each([
    // The first sweep anywhere in the second half of the interval, so that replicas started together do not sweep in step.
    [600_000, true, 0, 300_000],
    [600_000, true, 0.5, 450_000],
    [600_000, true, 0.999, 599_700],
    // Then the interval, ±20 %.
    [600_000, false, 0, 480_000],
    [600_000, false, 0.5, 600_000],
    [600_000, false, 1, 720_000],
    [200, false, 0.25, 180],
    // Never beyond what setTimeout can wait (it would fire at once).
    [30 * 86_400_000, false, 0.5, 2 ** 31 - 1],
  ])('interval %d ms, first %s, random %d → %d ms', (interval, first, random, expected) => {
    expect(sweepDelayMs(interval, first, () => random)).toBe(expected);
  });
});

describe('RetentionSweep', () => {
  const step = (table: string, days: number): RetentionStep => ({ table, action: 'deleted', days, sql: 'DELETE …' });

  it('runs only the steps whose horizon is not 0 (0 keeps everything, as MESSAGE_RETENTION_DAYS does)', () => {
    const sweep = new RetentionSweep({} as DataSource, {
      steps: [step('outbox', 7), step('inbox', 0), step('notifications', 0.5)],
      sweepIntervalMs: 1000,
    });
    expect(sweep.activeSteps.map((s) => s.table)).toEqual(['outbox', 'notifications']);
  });
});

class Horizons {
  @Env('SCRUB_DAYS') @IsNumber() @Min(0) @NotLongerThan('deleteDays', 'DELETE_DAYS') scrubDays = 30;
  @Env('DELETE_DAYS') @IsNumber() @Min(0) deleteDays = 180;
}

describe('NotLongerThan', () => {
  it.each([
    [{}, 30, 180],
    [{ SCRUB_DAYS: '180' }, 180, 180],
    [{ SCRUB_DAYS: '0.5', DELETE_DAYS: '1' }, 0.5, 1],
    // 0 turns a step off: personal data stays until the row goes, or rows stay (and are scrubbed) for good.
    [{ SCRUB_DAYS: '0' }, 0, 180],
    [{ SCRUB_DAYS: '400', DELETE_DAYS: '0' }, 400, 0],
  ])('accepts %j', (env, scrubDays, deleteDays) => {
    expect(loadConfig(Horizons, env)).toMatchObject({ scrubDays, deleteDays });
  });

  it('refuses a scrub horizon longer than the delete horizon, naming both variables and what to do', () => {
    expect(() => loadConfig(Horizons, { SCRUB_DAYS: '200' })).toThrow(
      'SCRUB_DAYS: scrubDays: 200 days is longer than DELETE_DAYS (180 days): personal data is removed before the rows ' +
        'themselves, never after; make it shorter, or 0 to leave it until its row is deleted',
    );
  });
});
