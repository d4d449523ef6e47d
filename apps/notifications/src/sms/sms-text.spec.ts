import { integrationFailedText, reminderText, weddingCreatedText } from './sms-text';

describe('SMS texts', () => {
  it('tells of a new wedding: the couple and the date', () => {
    expect(weddingCreatedText({ coupleName: 'John & Jane', weddingDate: '2030-06-15' })).toBe(
      'New wedding: John & Jane, 15 Jun 2030. Details in your Wedding Coordinator dashboard.',
    );
  });

  it('shortens a long name so the text stays one SMS', () => {
    const text = weddingCreatedText({ coupleName: 'A'.repeat(120), weddingDate: '2030-06-15' });
    expect(text).toContain(`${'A'.repeat(49)}…, 15 Jun 2030`);
    expect(text.length).toBeLessThanOrEqual(160);
  });

  it.each([
    [{ coupleName: 'John & Jane', eventDate: '2030-06-15' }, 'A booking from John & Jane (15 Jun 2030) could not be added to your weddings automatically. Please check your email.'],
    [{ coupleName: null, eventDate: null }, 'A booking could not be added to your weddings automatically. Please check your email.'],
  ])('tells of a failed integration: %p', (event, expected) => {
    expect(integrationFailedText(event)).toBe(expected);
  });

  it.each([
    [{ kind: 'lead', late: false }, 'Reminder: "Book the venue" for John & Jane is due 18 Jun 2030.'],
    [{ kind: 'due-day', late: false }, 'Reminder: "Book the venue" for John & Jane is due today.'],
    [{ kind: 'due-day', late: true }, 'Late reminder: "Book the venue" for John & Jane is due 18 Jun 2030.'],
    [{ kind: 'lead', late: true }, 'Late reminder: "Book the venue" for John & Jane is due 18 Jun 2030.'],
  ] as const)('reminds of a milestone: %p', (variant, expected) => {
    expect(reminderText({ milestoneTitle: 'Book the venue', coupleName: 'John & Jane', dueDate: '2030-06-18', ...variant })).toBe(expected);
  });
});
