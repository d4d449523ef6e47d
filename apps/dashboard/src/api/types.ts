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
}

export interface WeddingDetails extends Wedding {
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
