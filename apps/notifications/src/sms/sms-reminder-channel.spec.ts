import { reminderEventId } from './sms-reminder-channel';

describe('reminderEventId', () => {
  it('keeps a reminder id that is a uuid', () => {
    expect(reminderEventId('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
  });

  it.each(['milestone-1:lead:2030-06-15', 'milestone-1:due-day:2030-06-18'])('makes a stable uuid of %p', (id) => {
    const uuid = reminderEventId(id);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reminderEventId(id)).toBe(uuid);
  });

  it('gives two reminders two ids', () => {
    expect(reminderEventId('milestone-1:lead:2030-06-15')).not.toBe(reminderEventId('milestone-1:lead:2030-06-16'));
  });
});
