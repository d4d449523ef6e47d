import { isUUID } from 'class-validator';
import { eventIdOf, webhookIdFor } from './webhook-deliveries';

describe('webhook delivery ids', () => {
  it('names a delivery msg_ and its row id', () => {
    expect(webhookIdFor('0e5224ed-bfd6-4ee2-86db-28fcd8d30355')).toBe('msg_0e5224edbfd64ee286db28fcd8d30355');
  });

  it.each([
    ['0e5224ed-bfd6-4ee2-86db-28fcd8d30355', '0e5224ed-bfd6-4ee2-86db-28fcd8d30355'],
    ['milestone-1:lead:2030-03-17', undefined],
  ])('keys reminder %s by a uuid, the same every time', (key, expected) => {
    const id = eventIdOf(key);
    expect(isUUID(id)).toBe(true);
    expect(eventIdOf(key)).toBe(id);
    if (expected) expect(id).toBe(expected);
    else expect(eventIdOf(`${key}x`)).not.toBe(id);
  });
});
