// Which kind of wedding a booking is, read from its words (service, location, venue details, special requests), with
// the reason in plain words; the coordinator can change it. The rite decides the legal items, so rites are looked
// for before settings: a Catholic wedding in a garden is Catholic.
import { WeddingType } from './plan-item';

export interface BookingWords {
  serviceType?: string | null;
  serviceName?: string | null;
  eventLocation?: string | null;
  venueDetails?: string | null;
  specialRequests?: string | null;
}

export interface InferredType {
  value: WeddingType;
  reason: string;
}

const FIELDS: [keyof BookingWords, string][] = [
  ['serviceType', 'service type'],
  ['serviceName', 'service'],
  ['eventLocation', 'location'],
  ['venueDetails', 'venue details'],
  ['specialRequests', 'special requests'],
];

/** In order: the first rule whose words appear in any field decides. */
const RULES: { type: WeddingType; words: RegExp; what: string }[] = [
  {
    type: 'muslim',
    words: /\b(muslim|islamic|nikah|nikkah|masjid|mosque|imam|walima|shari['’]?a)\b/i,
    what: 'a Muslim wedding',
  },
  { type: 'catholic', words: /\b(roman catholic|catholic)\b/i, what: 'a Catholic wedding' },
  {
    type: 'christian',
    words:
      /\b(born[- ]again|evangelical|baptist|methodist|pentecostal|adventist|iglesia ni cristo|uccp|presbyterian|lutheran|anglican|episcopal|protestant|jesus is lord|victory church|ccf|christian)\b/i,
    what: 'a Christian, non-Catholic church',
  },
  {
    type: 'catholic',
    words:
      /\b(cathedral|basilica|parish|archdiocese|diocese|shrine|pre-?cana|nuptial mass|mass|san agustin|quiapo|our lady of|sto\.? ni[nñ]o|santo ni[nñ]o|santuario)\b/i,
    what: 'a Catholic church',
  },
  {
    type: 'catholic',
    words: /\b(church|chapel)\b/i,
    what: 'a church; most churches in the Philippines are Catholic, change it if this one is not',
  },
  {
    type: 'chinese-filipino',
    words: /\b(chinese|tsinoy|chinoy|tea ceremony|ting hun|feng shui|binondo)\b/i,
    what: 'a Chinese-Filipino wedding',
  },
  {
    type: 'civil',
    words: /\b(civil|judge|mayor|city hall|municipal hall|courthouse|court|civil registrar)\b/i,
    what: 'a civil wedding',
  },
  {
    type: 'beach-destination',
    words: /\b(beach|seaside|island|destination|boracay|palawan|el nido|coron|siargao|panglao|bohol|la union)\b/i,
    what: 'a beach or destination wedding',
  },
  { type: 'garden', words: /\b(garden|gardens|farm|lawn|park|outdoor|al fresco|orchard)\b/i, what: 'a garden wedding' },
];

export const NOTHING_NAMED =
  'nothing in the booking names a rite or a setting: the civil plan (the licence and its papers every wedding under the Family Code needs)';

export function inferWeddingType(booking: BookingWords): InferredType {
  for (const rule of RULES) {
    for (const [field, label] of FIELDS) {
      const text = booking[field];
      const match = text ? rule.words.exec(text) : null;
      if (match) return { value: rule.type, reason: `${label} mentions “${quote(text!, match)}” (${rule.what})` };
    }
  }
  return { value: 'civil', reason: NOTHING_NAMED };
}

/** The matched words with the name around them ("Manila Cathedral", not just "Cathedral"): up to three words each side. */
function quote(text: string, match: RegExpExecArray): string {
  const before = text.slice(0, match.index).split(/[,;.()\n]/).pop()!.trim().split(/\s+/).filter(Boolean).slice(-3);
  const after = text.slice(match.index + match[0].length).split(/[,;.()\n]/)[0].trim().split(/\s+/).filter(Boolean).slice(0, 3);
  const capitalised = (words: string[]) => words.filter((w) => /^[A-Z0-9ÑÁÉÍÓÚ]/.test(w) || /^(de|del|of|the|ng|sa)$/.test(w));
  const lead = takeTrailing(before, capitalised(before));
  const tail = takeLeading(after, capitalised(after));
  return [...lead, match[0], ...tail].join(' ').slice(0, 80);
}

/** The last words of `words` while they are in `kept` (a proper name's earlier words). */
function takeTrailing(words: string[], kept: string[]): string[] {
  const out: string[] = [];
  for (let i = words.length - 1; i >= 0 && kept.includes(words[i]); i--) out.unshift(words[i]);
  while (out.length > 0 && /^(de|del|of|the|ng|sa)$/.test(out[0])) out.shift();
  return out;
}

function takeLeading(words: string[], kept: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length && kept.includes(words[i]); i++) out.push(words[i]);
  while (out.length > 0 && /^(de|del|of|the|ng|sa)$/.test(out[out.length - 1])) out.pop();
  return out;
}
