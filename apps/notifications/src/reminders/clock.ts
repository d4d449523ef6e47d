// The time the reminders go by: the system clock, replaced in tests so that nobody sleeps until 09:00.
export class Clock {
  now(): Date {
    return new Date();
  }
}
