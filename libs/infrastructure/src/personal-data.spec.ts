import { CENSORED, maskPersonalText, redactPersonalData } from './personal-data';

describe('maskPersonalText', () => {
  it.each([
    ['refusing jane.doe+wedding@example.com.ph', 'refusing [email]'],
    ['/api/bookings/jane%40example.org', '/api/bookings/[email]'],
    ['Key (email_normalized)=(jane@example.org) already exists.', 'Key (email_normalized)=([email]) already exists.'],
    ['call +63 917 123 4567 now', 'call [phone] now'],
    ['call 0917-123-4567', 'call [phone]'],
    ['(02) 8123 4567', '([phone]'],
    ['phone_normalized=639171234567', 'phone_normalized=[phone]'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'token [token]'],
    ['{"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/t+b=="}', '{"secret":"whsec_[redacted]"}'],
    ['/api/coordinator/calendar/3q2-7wLZ_kV0d1cQmBf9jYH6gGd8hXpI1rTzNaS4uEo.ics', '/api/coordinator/calendar/[redacted].ics'],
    ['GET http://h:1/api/coordinator/calendar/abc_DEF-123.ics?x=1 404', 'GET http://h:1/api/coordinator/calendar/[redacted].ics?x=1 404'],
    ['/api/notifications/sms/inbound?secret=s3cr3t-value&from=x', '/api/notifications/sms/inbound?secret=[redacted]&from=x'],
    ['/feed?a=1&TOKEN=abc&apikey=def', '/feed?a=1&TOKEN=[redacted]&apikey=[redacted]'],
    // What must stay: ids, dates, times, addresses, counts.
    ['booking 7d7f8a3e-4a57-4bd6-9a57-446655440000', 'booking 7d7f8a3e-4a57-4bd6-9a57-446655440000'],
    ['booking 12345678-1234-4234-9234-123456789012', 'booking 12345678-1234-4234-9234-123456789012'],
    ['eventDate 2027-02-14', 'eventDate 2027-02-14'],
    ['at 2026-12-01T21:27:07.123Z', 'at 2026-12-01T21:27:07.123Z'],
    ['listening on http://127.0.0.1:3001', 'listening on http://127.0.0.1:3001'],
    ['OutboxTraceContext1764700000000', 'OutboxTraceContext1764700000000'],
    ['6 milestones', '6 milestones'],
    ['GET /api/coordinator/calendar/:file', 'GET /api/coordinator/calendar/:file'],
    ['POST /api/coordinator/calendar/rotate', 'POST /api/coordinator/calendar/rotate'],
    ['v1:AbCdEfGhIjK:aaaa:bbbb:cccc', 'v1:AbCdEfGhIjK:aaaa:bbbb:cccc'],
  ])('%p → %p', (text, masked) => {
    expect(maskPersonalText(text)).toBe(masked);
  });
});

describe('redactPersonalData', () => {
  it('censors personal fields at any depth, whatever their spelling, and masks the rest of the text', () => {
    const record = {
      msg: 'delivery failed',
      bookingId: 'b-1',
      event: { coupleName: 'Jane & John', contact_email: 'jane@example.org', nested: { contactPhone: '+63 917 123 4567' } },
      req: { headers: { Authorization: 'Bearer x' } },
      reason: 'refusing jane@example.org',
      list: [{ email: 'a@b.co' }],
      absent: { email: null },
    };
    expect(redactPersonalData(record)).toEqual({
      msg: 'delivery failed',
      bookingId: 'b-1',
      event: { coupleName: CENSORED, contact_email: CENSORED, nested: { contactPhone: CENSORED } },
      req: { headers: { Authorization: CENSORED } },
      reason: 'refusing [email]',
      list: [{ email: CENSORED }],
      absent: { email: null },
    });
  });

  it('turns an error into its type, masked message and stack, without the parameters a failed query carries', () => {
    const error = Object.assign(new Error('duplicate key: (jane@example.org)'), { parameters: ['Jane', 'jane@example.org'], code: '23505' });
    const redacted = redactPersonalData({ err: error }) as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({ type: 'Error', message: 'duplicate key: ([email])', parameters: CENSORED, code: '23505' });
    expect(String(redacted.err.stack)).not.toContain('jane@example.org');
  });
});
