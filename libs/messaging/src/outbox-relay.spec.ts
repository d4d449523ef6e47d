import { OutboxValues } from './outbox';
import { admitCommitted } from './outbox-relay';

/** A row as claimForCommit leaves it: claimed (with a token) or, when the relay was full, not. */
const row = (id: string, claimed: boolean): OutboxValues =>
  [id, 'booking.created', 1, '{}', id, null, null, claimed ? 15 : null, claimed ? `token-${id}` : null];
const ids = (rows: OutboxValues[]) => rows.map(([id]) => id);

describe('admitCommitted', () => {
  it.each([
    // rows (c: claimed, u: unclaimed), room → kept, freed, any unclaimed
    { rows: 'c1 c2', room: 5, kept: ['1', '2'], freed: [], unclaimed: false },
    { rows: 'c1 c2 c3', room: 2, kept: ['1', '2'], freed: ['3'], unclaimed: false },
    { rows: 'c1 c2', room: 0, kept: [], freed: ['1', '2'], unclaimed: false },
    // Held past the limit already (the limit was lowered, or rows were claimed while it was reached): no room.
    { rows: 'c1', room: -3, kept: [], freed: ['1'], unclaimed: false },
    { rows: 'u1 u2', room: 5, kept: [], freed: [], unclaimed: true },
    { rows: 'u1 c2 c3', room: 1, kept: ['2'], freed: ['3'], unclaimed: true },
    { rows: '', room: 1, kept: [], freed: [], unclaimed: false },
  ])('$rows with room for $room: keeps $kept, frees $freed', ({ rows, room, kept, freed, unclaimed }) => {
    const values = rows
      .split(' ')
      .filter(Boolean)
      .map((r) => row(r.slice(1), r[0] === 'c'));
    const admitted = admitCommitted(values, room);
    expect({ kept: ids(admitted.kept), freed: ids(admitted.freed), unclaimed: admitted.unclaimed }).toEqual({ kept, freed, unclaimed });
  });
});
