// The shapes a plan is made of: a template item (what the coordinator edits) and the wedding types it applies to.

export const WEDDING_TYPES = ['catholic', 'christian', 'civil', 'muslim', 'chinese-filipino', 'beach-destination', 'garden'] as const;
export type WeddingType = (typeof WEDDING_TYPES)[number];

export const PLAN_ANCHORS = ['wedding', 'booking'] as const;
export type PlanAnchor = (typeof PLAN_ANCHORS)[number];

/** Days before the wedding between which an item must be done: a rule (law, canon or a registrar's practice), not a wish. */
export interface PlanWindow {
  earliestDaysBefore: number;
  latestDaysBefore: number;
}

export interface PlanItem {
  /** Stable within a template; a milestone made from it keeps it, so a re-plan knows which milestone is which. */
  key: string;
  title: string;
  description: string;
  category: string;
  anchor: PlanAnchor;
  /** Signed: against the wedding, negative is before it; against the booking, positive is after it. */
  offsetDays: number;
  window: PlanWindow | null;
  /** Days the item needs once what it depends on is done (or once planning starts). */
  minDurationDays: number;
  dependsOn: string[];
  /** Empty: every type. */
  appliesTo: WeddingType[];
  /** Wedding months (1–12) it applies to; empty: every month (a rain plan only for June–November). */
  months: number[];
  legal: boolean;
}
