import { inferWeddingType, NOTHING_NAMED } from './wedding-types';

describe('inferWeddingType', () => {
  it.each([
    // booking words, type, reason
    [{ eventLocation: 'Manila Cathedral, Intramuros' }, 'catholic', 'location mentions “Manila Cathedral” (a Catholic church)'],
    [{ eventLocation: 'San Agustin Church' }, 'catholic', 'location mentions “San Agustin Church” (a Catholic church)'],
    [{ specialRequests: 'nuptial mass at 3pm' }, 'catholic', 'special requests mentions “nuptial mass” (a Catholic church)'],
    [
      { eventLocation: 'Christ the King Church' },
      'catholic',
      'location mentions “Christ the King Church” (a church; most churches in the Philippines are Catholic, change it if this one is not)',
    ],
    [{ serviceType: 'Roman Catholic wedding package' }, 'catholic', 'service type mentions “Roman Catholic” (a Catholic wedding)'],
    [{ eventLocation: 'Victory Church Fort', specialRequests: 'born again couple' }, 'christian', 'location mentions “Victory Church Fort” (a Christian, non-Catholic church)'],
    [{ specialRequests: 'Nikah with our imam' }, 'muslim', 'special requests mentions “Nikah” (a Muslim wedding)'],
    [{ eventLocation: 'Golden Mosque, Quiapo' }, 'muslim', 'location mentions “Golden Mosque” (a Muslim wedding)'],
    [{ specialRequests: 'tea ceremony for the elders' }, 'chinese-filipino', 'special requests mentions “tea ceremony” (a Chinese-Filipino wedding)'],
    [{ eventLocation: 'Quezon City Hall' }, 'civil', 'location mentions “Quezon City Hall” (a civil wedding)'],
    [{ specialRequests: 'civil rites by the mayor' }, 'civil', 'special requests mentions “civil” (a civil wedding)'],
    [{ eventLocation: 'White Beach, Boracay' }, 'beach-destination', 'location mentions “White Beach” (a beach or destination wedding)'],
    [{ venueDetails: 'Blue Lagoon resort in El Nido' }, 'beach-destination', 'venue details mentions “El Nido” (a beach or destination wedding)'],
    [{ eventLocation: 'Sonya’s Garden, Tagaytay' }, 'garden', 'location mentions “Sonya’s Garden” (a garden wedding)'],
    // The rite first: a Catholic wedding on a beach resort's chapel is Catholic; a garden reception after a civil rite is civil.
    [{ eventLocation: 'Beach resort chapel', specialRequests: 'Catholic rites' }, 'catholic', 'special requests mentions “Catholic” (a Catholic wedding)'],
    [{ eventLocation: 'Hillside garden', specialRequests: 'judge to officiate' }, 'civil', 'special requests mentions “judge” (a civil wedding)'],
    // Words inside other words do not count ("Massachusetts", "parkway" are not mass or park).
    [{ eventLocation: 'Massachusetts Ave parkway' }, 'civil', NOTHING_NAMED],
  ])('%j → %s', (booking, type, reason) => {
    expect(inferWeddingType(booking)).toEqual({ value: type, reason });
  });

  it.each([[{}], [{ eventLocation: null, specialRequests: null }], [{ eventLocation: '', specialRequests: '   ' }], [{ eventLocation: 'TBD' }]])(
    'says so when nothing names a rite or a setting: %j',
    (booking) => {
      expect(inferWeddingType(booking)).toEqual({ value: 'civil', reason: NOTHING_NAMED });
    },
  );
});
