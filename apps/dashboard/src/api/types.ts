// The coordinator API's answers as the dashboard reads them (see the README's "Coordinator dashboard API").

export type ClientStatus = 'lead' | 'active' | 'inactive';
export type WeddingStatus = 'planning' | 'confirmed' | 'completed' | 'cancelled';

export const CLIENT_STATUSES: ClientStatus[] = ['lead', 'active', 'inactive'];
export const WEDDING_STATUSES: WeddingStatus[] = ['planning', 'confirmed', 'completed', 'cancelled'];

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Client {
  id: string;
  coupleName: string;
  email: string | null;
  phone: string | null;
  status: ClientStatus;
  budgetRange: string | null;
  notes: string | null;
  weddingId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Wedding {
  id: string;
  clientId: string | null;
  bookingId: string | null;
  coupleName: string;
  coupleEmail: string | null;
  couplePhone: string | null;
  weddingDate: string;
  venue: string;
  status: WeddingStatus;
  progress: number;
  budget: number | null;
  guestCount: number | null;
  notes: string | null;
  createdAt: string;
}

export interface Milestone {
  id: string;
  weddingId: string;
  title: string;
  description: string;
  daysBefore: number;
  dueDate: string;
  completed: boolean;
  completedAt: string | null;
  compressed: boolean;
  sortOrder: number;
  /** The template item it was planned from; null when made by hand. */
  key: string | null;
  source: MilestoneSource;
  category: string;
  legal: boolean;
  /** What stands in its way, in plain words ("a licence cannot be had in time: 14 days left"). */
  flag: string | null;
}

export interface WeddingDetails extends Wedding {
  weddingType: WeddingTypeChoice;
  /** The template its plan comes from; null: the coordinator's default. */
  planTemplateId: string | null;
  client: Client | null;
  milestones: Milestone[];
}

export interface ClientDetails extends Client {
  weddings: Wedding[];
}

export interface ActivityEntry {
  id: string;
  weddingId: string | null;
  activityType: string;
  description: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface Dashboard {
  today: string;
  clients: { total: number; lead: number; active: number; inactive: number };
  weddingsByStatus: Record<WeddingStatus, number>;
  upcomingWeddings: Pick<Wedding, 'id' | 'coupleName' | 'weddingDate' | 'venue' | 'status' | 'progress'>[];
  milestones: { overdue: number; dueNext7Days: number };
  recentActivity: ActivityEntry[];
}

// Issue 18: wedding types, planning templates, re-plans and budgets (see the README's "Planning" and "Budget").

export type WeddingType = 'catholic' | 'christian' | 'civil' | 'muslim' | 'chinese-filipino' | 'beach-destination' | 'garden';
export const WEDDING_TYPES: WeddingType[] = ['catholic', 'christian', 'civil', 'muslim', 'chinese-filipino', 'beach-destination', 'garden'];
export const WEDDING_TYPE_LABELS: Record<WeddingType, string> = {
  catholic: 'Catholic',
  christian: 'Christian',
  civil: 'Civil',
  muslim: 'Muslim',
  'chinese-filipino': 'Chinese-Filipino',
  'beach-destination': 'Beach or destination',
  garden: 'Garden',
};

export interface WeddingTypeChoice {
  value: WeddingType;
  /** Why: what in the booking named it, or that the coordinator chose it. */
  reason: string;
  source: 'inferred' | 'coordinator';
}

export type MilestoneSource = 'plan' | 'manual';

export interface TemplateWindow {
  earliestDaysBefore: number;
  latestDaysBefore: number;
}

export interface TemplateItem {
  key: string;
  title: string;
  description: string;
  category: string;
  anchor: 'wedding' | 'booking';
  /** Signed: for the wedding anchor, negative is before the wedding. */
  offsetDays: number;
  window: TemplateWindow | null;
  minDurationDays: number;
  dependsOn: string[];
  /** Empty: every type. */
  appliesTo: WeddingType[];
  /** Wedding months (1–12) it applies to; empty: every month (a rain plan for June–November). */
  months: number[];
  /** A rule in code (law, canon): its window, duration, types and months cannot be changed. */
  legal: boolean;
}

export interface Template {
  id: string;
  name: string;
  isDefault: boolean;
  revision: number;
  updatedAt: string;
  items: TemplateItem[];
}

export type PlanChangeKind = 'add' | 'move' | 'remove' | 'keep';

export interface PlanChange {
  kind: PlanChangeKind;
  key: string | null;
  title: string;
  milestoneId?: string;
  from?: { dueDate: string };
  to?: { dueDate: string };
  flag?: string | null;
}

/** What a re-plan asks for: the fields left out stay as they are. */
export interface PlanRequest {
  weddingType?: WeddingType;
  weddingDate?: string;
  templateId?: string;
}

export interface PlanPreview {
  revision: number;
  digest: string;
  changes: PlanChange[];
  flags: string[];
}

export type BudgetBasis = 'share' | 'per-guest' | 'fixed';

export interface BudgetLine {
  category: string;
  label: string;
  basis: BudgetBasis;
  planned: number;
  actual: number | null;
  note?: string;
}

export interface Budget {
  weddingId: string;
  total: number;
  guestCount: number;
  currency: 'PHP';
  templateId: string | null;
  feasible: boolean;
  problems: string[];
  lines: BudgetLine[];
  plannedTotal: number;
  actualTotal: number;
  /** 0 before a budget is set; a PUT or PATCH made on another revision → 409. */
  revision: number;
  updatedAt: string;
}

/** The categories a budget line may have (the API refuses others). */
export const BUDGET_CATEGORIES = [
  'reception-venue',
  'catering',
  'photo-video',
  'styling',
  'attire',
  'hair-makeup',
  'coordination',
  'music',
  'lights-sound',
  'ceremony',
  'documents',
  'invitations',
  'cake',
  'rings',
  'transport',
  'souvenirs',
  'contingency',
] as const;

export interface BudgetTemplateLine {
  category: string;
  label: string;
  basis: BudgetBasis;
  share?: number;
  perGuest?: number;
  fixed?: number;
  /** Per-guest lines: the price is before 12% VAT and 10% service charge. */
  vatAndServiceCharge?: boolean;
}

export interface BudgetTemplate {
  id: string;
  name: string;
  isDefault: boolean;
  revision: number;
  updatedAt: string;
  lines: BudgetTemplateLine[];
}
