// The service's "now" for what goes by the wall clock — reminders at 09:00, SMS quiet hours, the SMS daily cap — so
// that a test can stand at 08:59 or 22:00 without waiting for either (it passes its own, or replaces `now` on the
// running app's instance). Leases and timeouts keep real time.
export class Clock {
  now(): Date {
    return new Date();
  }
}
