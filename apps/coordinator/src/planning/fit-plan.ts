// Fits a template to the time left before a wedding. The rule, in the README's words:
//  1. Keep the items for the wedding's type (and month).
//  2. Each item's ideal date is its anchor plus its offset, moved into its hard window if it has one.
//  3. When the longest lead time is longer than the days left, every lead time is scaled by the same factor
//     (days left ÷ longest lead), so the plan is squeezed proportionally and keeps its order.
//  4. Bottom to top, each item's deadline: its window's latest day (or the wedding), and early enough for everything
//     that depends on it to have its minimum duration before its own deadline.
//  5. Top to bottom, an item is due no earlier than the start of planning (today, or the booking date) plus its
//     minimum duration after what it depends on: its scaled date, pushed later to that earliest day when needed and
//     pulled earlier to its deadline when needed. An item whose earliest day is past its window's latest day (or the
//     wedding) cannot fit: it is flagged in plain words ("a licence cannot be had in time: 14 days left") and is due
//     as early as allowed, never in the past.
// Pure: dates are calendar dates (YYYY-MM-DD) and `today` is an argument.
import { CANNOT_FIT } from './packs';
import { PlanItem, WeddingType } from './plan-item';

export interface FitRequest {
  items: readonly PlanItem[];
  weddingType: WeddingType;
  weddingDate: string;
  /** Items anchored on the booking count from it (for a wedding entered by hand: the day it was entered). */
  bookedOn: string;
  /** Nothing is due before this day or before bookedOn. */
  today: string;
  /** Keys already done: they are part of the plan, completed, and hold nothing up. */
  done?: ReadonlySet<string>;
}

export interface FittedItem {
  key: string;
  title: string;
  description: string;
  category: string;
  legal: boolean;
  /** The anchor plus the offset, inside the window: the date without compression. */
  idealDate: string;
  dueDate: string;
  /** Due on another day than the ideal one. */
  compressed: boolean;
  flag: string | null;
  done: boolean;
  /** Its position in the template. */
  sortOrder: number;
}

export interface FittedPlan {
  /** From the start of planning to the wedding. */
  daysLeft: number;
  /** 1 when the template fits; else the factor every lead time was multiplied by. */
  scale: number;
  items: FittedItem[];
  /** Each distinct flag once, in the template's order. */
  flags: string[];
}

export function appliesTo(item: PlanItem, weddingType: WeddingType, weddingDate: string): boolean {
  const month = Number(weddingDate.slice(5, 7));
  return (
    (item.appliesTo.length === 0 || item.appliesTo.includes(weddingType)) &&
    (item.months.length === 0 || item.months.includes(month))
  );
}

export function fitPlan({ items, weddingType, weddingDate, bookedOn, today, done = new Set() }: FitRequest): FittedPlan {
  const wedding = weddingDate;
  const start = min(max(bookedOn, today), wedding);
  const daysLeft = daysBetween(start, wedding);
  const applicable = items.filter((it) => appliesTo(it, weddingType, weddingDate));

  const open = applicable.filter((it) => !done.has(it.key));
  // Only the wedding's own lead times decide the squeeze; items after the booking are scaled with them.
  const longestLead = Math.max(0, ...open.filter((it) => it.anchor === 'wedding').map((it) => -it.offsetDays));
  const scale = longestLead > daysLeft ? daysLeft / longestLead : 1;

  // Backwards: the latest day each open item may be due so that what waits on it can still meet its own deadline.
  const deadline = new Map<string, string>();
  for (const it of [...open].reverse()) {
    const waiting = open.filter((other) => other.dependsOn.includes(it.key));
    deadline.set(it.key, min(latestOf(it, wedding), ...waiting.map((w) => addDays(deadline.get(w.key)!, -w.minDurationDays))));
  }

  const dueByKey = new Map<string, string>();
  const fitted = applicable.map((it, sortOrder): FittedItem => {
    const ideal = clampToWindow(it, anchorDate(it, wedding, bookedOn, 1), wedding);
    const base = { key: it.key, title: it.title, description: it.description, category: it.category, legal: it.legal, sortOrder };
    if (done.has(it.key)) {
      return { ...base, idealDate: ideal, dueDate: min(max(ideal, start), wedding), compressed: false, flag: null, done: true };
    }
    const target = clampToWindow(it, anchorDate(it, wedding, bookedOn, scale), wedding);
    const ready = max(start, ...it.dependsOn.map((key) => dueByKey.get(key) ?? start));
    // Never before its window opens either (a licence claimed more than 120 days ahead would lapse).
    const opens = it.window ? addDays(wedding, -it.window.earliestDaysBefore) : start;
    const earliest = max(addDays(ready, it.minDurationDays), opens);
    const latest = latestOf(it, wedding);
    const fits = earliest <= latest;
    // Pulled earlier only as far as what waits on it needs; pushed later only as far as its own needs.
    const due = fits ? max(earliest, min(target, deadline.get(it.key)!)) : max(latest, start);
    dueByKey.set(it.key, due);
    return {
      ...base,
      idealDate: ideal,
      dueDate: due,
      compressed: due !== ideal,
      // Cannot fit: as early as allowed (its latest day, or today when that has passed), and said so.
      flag: fits ? null : cannotFit(it, daysLeft),
      done: false,
    };
  });
  return { daysLeft, scale, items: fitted, flags: [...new Set(fitted.flatMap((it) => (it.flag ? [it.flag] : [])))] };
}

/** Scaled offsets keep at least a day when they had one: a rehearsal the day before stays the day before. */
function anchorDate(item: PlanItem, wedding: string, bookedOn: string, scale: number): string {
  const scaled = Math.sign(item.offsetDays) * Math.max(Math.min(1, Math.abs(item.offsetDays)), Math.round(Math.abs(item.offsetDays) * scale));
  return min(addDays(item.anchor === 'wedding' ? wedding : bookedOn, scaled), wedding);
}

/** Its window's latest day, else the wedding day: nothing is due after the wedding. */
const latestOf = (item: PlanItem, wedding: string) => addDays(wedding, -(item.window?.latestDaysBefore ?? 0));

function clampToWindow(item: PlanItem, date: string, wedding: string): string {
  if (!item.window) return date;
  return min(max(date, addDays(wedding, -item.window.earliestDaysBefore)), addDays(wedding, -item.window.latestDaysBefore));
}

function cannotFit(item: PlanItem, daysLeft: number): string {
  const left = `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left`;
  const known = CANNOT_FIT[item.key];
  if (known) return `${known}: ${left}`;
  const needs = item.window
    ? `it must be done ${item.window.latestDaysBefore} days before the wedding`
    : `it needs ${item.minDurationDays} days after what it waits on`;
  return `“${item.title}” cannot be done in time: ${left}, and ${needs}`;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// Calendar dates in YYYY-MM-DD order as text.
const max = (...dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));
const min = (...dates: string[]) => dates.reduce((a, b) => (b < a ? b : a));
