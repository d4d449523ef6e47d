// The SMS side's "now": quiet hours, the daily cap's day and when a message is due all read it, so a test can stand
// at 22:00 or 07:01 without waiting for either (it replaces `now` on the running app's instance).
export class SmsClock {
  now(): Date {
    return new Date();
  }
}
