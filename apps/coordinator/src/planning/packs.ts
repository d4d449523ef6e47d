// The plan every coordinator starts with: the general items any wedding needs, in a sensible order (consultation
// first, rehearsal last), and each wedding type's own items with Philippine lead times. Legal items are rules with
// their sources (README "Milestone plans"); a coordinator may reword them but not change their windows.
import { PlanItem, WeddingType } from './plan-item';

const EVERY_TYPE: WeddingType[] = [];
/** The Family Code's licence does not apply to marriages between Muslims solemnized by their rites (Family Code Art. 33). */
const LICENCE_TYPES: WeddingType[] = ['catholic', 'christian', 'civil', 'chinese-filipino', 'beach-destination', 'garden'];
const OUTDOOR: WeddingType[] = ['beach-destination', 'garden'];
const JUNE_TO_NOVEMBER = [6, 7, 8, 9, 10, 11];

type PackItem = Omit<PlanItem, 'window' | 'months' | 'legal' | 'anchor'> &
  Partial<Pick<PlanItem, 'window' | 'months' | 'legal' | 'anchor'>> & {
    /** Where the rule comes from; "practice" when the figure is a practical lead time rather than law. */
    source: string;
  };

const item = ({ source: _source, ...it }: PackItem): PlanItem => ({
  anchor: 'wedding',
  window: null,
  months: [],
  legal: false,
  ...it,
});

/** The shipped items with their sources, in the pack's order. */
export const PACK_ITEMS: readonly (PlanItem & { source: string })[] = (
  [
    {
      key: 'consultation',
      title: 'Initial Consultation',
      description: 'Meet the couple to confirm vision, priorities, guest count and budget.',
      category: 'planning',
      anchor: 'booking',
      offsetDays: 3,
      minDurationDays: 0,
      dependsOn: [],
      appliesTo: EVERY_TYPE,
      source: 'practice: within days of the booking',
    },
    {
      key: 'venue-selection',
      title: 'Venue Selection',
      description: 'Shortlist, visit and reserve the ceremony and reception venues.',
      category: 'venue',
      offsetDays: -180,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: EVERY_TYPE,
      source: 'practice: popular venues book six months ahead or more',
    },
    {
      key: 'church-reservation',
      title: 'Reserve the church and the date',
      description: 'Book the date with the parish or church office; ask for its list of requirements and seminar dates.',
      category: 'ceremony',
      offsetDays: -180,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: ['catholic', 'christian'],
      source: 'practice: parish offices take reservations six to twelve months ahead',
    },
    {
      key: 'family-date-check',
      title: 'Confirm the date and hour with the elders',
      description: 'Check the date and the ceremony hour against the family’s almanac (auspicious days) before vendors are booked.',
      category: 'family',
      offsetDays: -160,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: ['chinese-filipino'],
      source: 'practice (custom)',
    },
    {
      key: 'vendor-booking',
      title: 'Vendor Booking',
      description: 'Book the caterer, photographer, florist, music and other key vendors.',
      category: 'vendors',
      offsetDays: -150,
      minDurationDays: 0,
      dependsOn: ['venue-selection'],
      appliesTo: EVERY_TYPE,
      source: 'practice',
    },
    {
      key: 'psa-documents',
      title: 'PSA birth certificates and CENOMAR',
      description:
        'Order both parties’ PSA birth certificates and Certificates of No Marriage (CENOMAR) from the Philippine Statistics Authority.',
      category: 'legal',
      offsetDays: -140,
      minDurationDays: 7,
      dependsOn: ['consultation'],
      appliesTo: LICENCE_TYPES,
      legal: true,
      source:
        'Family Code Arts. 11–12 (birth certificates with the licence application); CENOMAR asked by local civil registrars and issued by the PSA; 7 days is a practical delivery time',
    },
    {
      key: 'pmoc',
      title: 'Pre-Marriage Orientation and Counseling (PMOC)',
      description: 'Attend the PMOC session at the city or municipal population office and get its certificate for the licence.',
      category: 'legal',
      offsetDays: -130,
      minDurationDays: 7,
      dependsOn: ['consultation'],
      appliesTo: LICENCE_TYPES,
      legal: true,
      source:
        'Family Code Art. 16 (counselling, parties 18–25); PD 965 and Republic Act 10354 Sec. 15 (certificate of compliance before a licence is issued); 7 days to get a session slot is practice',
    },
    {
      key: 'guest-travel',
      title: 'Guest travel and room blocks',
      description: 'Hold flights, transfers and room blocks for the entourage and guests; send the travel details.',
      category: 'travel',
      offsetDays: -120,
      minDurationDays: 0,
      dependsOn: ['venue-selection'],
      appliesTo: ['beach-destination'],
      source: 'practice',
    },
    {
      key: 'baptismal-confirmation',
      title: 'Baptismal and confirmation certificates',
      description:
        'Request fresh baptismal and confirmation certificates “for marriage purposes” from each party’s parish of baptism.',
      category: 'church',
      offsetDays: -120,
      // Issued within six months of the wedding; the banns wait on them.
      window: { earliestDaysBefore: 180, latestDaysBefore: 0 },
      minDurationDays: 7,
      dependsOn: ['consultation'],
      appliesTo: ['catholic'],
      legal: true,
      source:
        'archdiocese practice (e.g. Archdiocese of Manila parishes): certificates issued within six months of the wedding; 7 days to receive them is practice',
    },
    {
      key: 'canonical-interview',
      title: 'Canonical interview',
      description: 'Both parties meet the parish priest for the prenuptial investigation (canonical interview).',
      category: 'church',
      offsetDays: -100,
      minDurationDays: 1,
      dependsOn: ['church-reservation'],
      appliesTo: ['catholic'],
      legal: true,
      source: 'Code of Canon Law c. 1066–1067 (prenuptial investigation); timing per archdiocese practice',
    },
    {
      key: 'pre-cana',
      title: 'Pre-Cana seminar',
      description: 'Attend the parish’s Pre-Cana marriage preparation seminar and keep its certificate.',
      category: 'church',
      offsetDays: -90,
      minDurationDays: 1,
      dependsOn: ['church-reservation'],
      appliesTo: ['catholic'],
      legal: true,
      source: 'archdiocese practice (required by parishes before the wedding)',
    },
    {
      key: 'pastor-counseling',
      title: 'Premarital counseling with the pastor',
      description: 'Sessions with the officiating pastor, as the church asks.',
      category: 'church',
      offsetDays: -90,
      minDurationDays: 7,
      dependsOn: ['church-reservation'],
      appliesTo: ['christian'],
      source: 'practice (church’s own requirement)',
    },
    {
      key: 'solemnizing-officer',
      title: 'Book the solemnizing officer',
      description:
        'Book the judge, mayor or minister and confirm their authority: a minister registered with the PSA; a judge within the court’s jurisdiction; a mayor within the city or municipality.',
      category: 'ceremony',
      offsetDays: -90,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: ['christian', 'civil', 'chinese-filipino', 'beach-destination', 'garden'],
      legal: true,
      source: 'Family Code Art. 7 (who may solemnize); the 90-day lead time is practice',
    },
    {
      key: 'design-decor',
      title: 'Design & Decor',
      description: 'Settle the theme, palette, floral and styling plan with the couple.',
      category: 'design',
      offsetDays: -90,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: EVERY_TYPE,
      source: 'practice',
    },
    {
      key: 'betrothal',
      title: 'Betrothal (ting hun) and family meeting',
      description: 'The formal betrothal: families meet, gifts are exchanged, the wedding plans are announced.',
      category: 'family',
      offsetDays: -90,
      minDurationDays: 0,
      dependsOn: ['family-date-check'],
      appliesTo: ['chinese-filipino'],
      source: 'practice (custom)',
    },
    {
      key: 'licence-application',
      title: 'File the marriage licence application',
      description:
        'File at the local civil registrar with the PSA documents and the PMOC certificate; the application is posted for ten consecutive days.',
      category: 'legal',
      offsetDays: -90,
      // 130 = the licence's 120 days of validity + 10 days of posting; 21 = practice (posting, release, a margin).
      window: { earliestDaysBefore: 130, latestDaysBefore: 21 },
      minDurationDays: 1,
      dependsOn: ['psa-documents', 'pmoc'],
      appliesTo: LICENCE_TYPES,
      legal: true,
      source:
        'Family Code Arts. 9–17 (application, posting for 10 consecutive days) and Art. 20 (valid 120 days anywhere in the Philippines); filing at least 21 days before is practice',
    },
    {
      key: 'muslim-mahr-witnesses',
      title: 'Agree the mahr and the witnesses',
      description: 'Stipulate the customary dower (mahr) and name the two competent witnesses.',
      category: 'legal',
      offsetDays: -60,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: ['muslim'],
      legal: true,
      source: 'PD 1083 (Code of Muslim Personal Laws) Art. 15; the lead time is practice',
    },
    {
      key: 'muslim-solemnizer',
      title: 'The wali’s consent and the solemnizer',
      description: 'The bride’s wali consents; book who solemnizes: the wali, a person he authorizes, or a Shari’a judge.',
      category: 'legal',
      offsetDays: -60,
      minDurationDays: 0,
      dependsOn: ['consultation'],
      appliesTo: ['muslim'],
      legal: true,
      source: 'PD 1083 Arts. 15 and 18; the lead time is practice',
    },
    {
      key: 'venue-sworn-request',
      title: 'Sworn request to marry at the venue',
      description:
        'Outside a church, chapel or the officer’s chambers, both parties ask the solemnizing officer in writing and designate the place in a sworn statement.',
      category: 'legal',
      offsetDays: -60,
      minDurationDays: 0,
      dependsOn: ['solemnizing-officer'],
      appliesTo: OUTDOOR,
      legal: true,
      source: 'Family Code Art. 8; the lead time is practice',
    },
    {
      key: 'banns',
      title: 'Banns on three Sundays',
      description:
        'The parish publishes the banns on three consecutive Sundays (in each party’s parish); collect the certificate of publication.',
      category: 'church',
      offsetDays: -45,
      // 21 days: three Sundays counted from any weekday the papers go in.
      window: { earliestDaysBefore: 180, latestDaysBefore: 7 },
      minDurationDays: 21,
      dependsOn: ['canonical-interview', 'baptismal-confirmation'],
      appliesTo: ['catholic'],
      legal: true,
      source:
        'Code of Canon Law c. 1067 (publication left to the bishops’ conference); three Sundays per archdiocese practice; done a week before is practice',
    },
    {
      key: 'licence-release',
      title: 'Claim the marriage licence',
      description: 'Collect the licence once the ten days’ posting is over; it is valid for 120 days anywhere in the Philippines.',
      category: 'legal',
      offsetDays: -45,
      window: { earliestDaysBefore: 120, latestDaysBefore: 7 },
      // The day after ten days' posting.
      minDurationDays: 11,
      dependsOn: ['licence-application'],
      appliesTo: LICENCE_TYPES,
      legal: true,
      source:
        'Family Code Art. 17 (issued after 10 consecutive days of posting) and Art. 20 (valid 120 days, so not earlier than 120 days before); in hand a week before is practice',
    },
    {
      key: 'rain-plan',
      title: 'Rain plan',
      description: 'A covered fallback for the ceremony and reception (tent, indoor room, timing) for the rainy and typhoon season.',
      category: 'venue',
      offsetDays: -30,
      minDurationDays: 0,
      dependsOn: ['venue-selection'],
      appliesTo: OUTDOOR,
      months: JUNE_TO_NOVEMBER,
      source: 'practice: PAGASA’s rainy season and most typhoons fall June–November',
    },
    {
      key: 'licence-before-travel',
      title: 'Licence and documents in hand before travelling',
      description: 'Pick the licence up before the trip: the officer at the destination needs it, and the registrar that issued it is at home.',
      category: 'travel',
      offsetDays: -14,
      minDurationDays: 0,
      dependsOn: ['licence-release'],
      appliesTo: ['beach-destination'],
      source: 'practice (follows the licence’s release)',
    },
    {
      key: 'tea-ceremony',
      title: 'Tea ceremony preparations',
      description: 'Tea set, red envelopes, the order in which elders are served, and who leads it.',
      category: 'family',
      offsetDays: -14,
      minDurationDays: 0,
      dependsOn: ['betrothal'],
      appliesTo: ['chinese-filipino'],
      source: 'practice (custom)',
    },
    {
      key: 'final-details',
      title: 'Final Details',
      description: 'Confirm the timeline, seating, headcount and vendor arrivals.',
      category: 'planning',
      offsetDays: -14,
      minDurationDays: 0,
      dependsOn: ['vendor-booking', 'design-decor'],
      appliesTo: EVERY_TYPE,
      source: 'practice',
    },
    {
      key: 'rehearsal',
      title: 'Rehearsal',
      description: 'Run the ceremony rehearsal with the entourage and officiant.',
      category: 'ceremony',
      offsetDays: -1,
      minDurationDays: 0,
      dependsOn: ['final-details'],
      appliesTo: EVERY_TYPE,
      source: 'practice',
    },
  ] satisfies PackItem[]
).map((it) => ({ ...item(it), source: it.source }));

/** The default pack as a template's items (sources stay in code and in the README). */
export const DEFAULT_PACK: readonly PlanItem[] = PACK_ITEMS.map(({ source: _source, ...it }) => it);

export const DEFAULT_PACK_NAME = 'Philippine wedding (default pack)';

/** The legal items: rules in code, whose windows, durations, dependencies and types a template cannot change. */
export const LEGAL_RULES: ReadonlyMap<string, PlanItem> = new Map(DEFAULT_PACK.filter((it) => it.legal).map((it) => [it.key, it]));

/** How a legal item that cannot be done in time is flagged, in plain words; the days left are appended. */
export const CANNOT_FIT: Readonly<Record<string, string>> = {
  'licence-application': 'a licence cannot be had in time',
  'licence-release': 'a licence cannot be had in time',
  'psa-documents': 'the PSA documents cannot arrive in time for the licence',
  pmoc: 'the PMOC certificate cannot be had in time for the licence',
  banns: 'the banns cannot be published on three Sundays in time',
  'baptismal-confirmation': 'the baptismal and confirmation certificates cannot arrive in time',
};
