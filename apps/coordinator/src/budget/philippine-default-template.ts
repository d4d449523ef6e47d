// The split a coordinator starts with (copied as their default template on first use, then theirs to edit).
// Figures are practice figures for a Metro Manila wedding, sources in the README ("Budget split"); only the 12 % VAT is law.
import { BudgetTemplateLine } from './split-budget';

export const DEFAULT_TEMPLATE_NAME = 'Philippine wedding (default)';

export const PHILIPPINE_DEFAULT_TEMPLATE: readonly BudgetTemplateLine[] = [
  // Caterers' per-head rates in Metro Manila run ₱1,000–1,500 before VAT and service charge; hotels charge more.
  { category: 'catering', label: 'Catering', basis: 'per-guest', perGuest: 1_200, vatAndServiceCharge: true },
  // Giveaways of ₱100–150 each.
  { category: 'souvenirs', label: 'Souvenirs', basis: 'per-guest', perGuest: 120 },
  // PSA birth certificates (₱155) and CENOMARs (₱210) for both, the licence and its seminar fees at the city hall.
  { category: 'documents', label: 'Documents and licence', basis: 'fixed', fixed: 5_000 },
  { category: 'reception-venue', label: 'Reception venue', basis: 'share', share: 25 },
  { category: 'photo-video', label: 'Photo and video', basis: 'share', share: 18 },
  { category: 'styling', label: 'Styling and flowers', basis: 'share', share: 14 },
  { category: 'attire', label: 'Attire, hair and make-up', basis: 'share', share: 12 },
  { category: 'coordination', label: 'Coordination', basis: 'share', share: 8 },
  { category: 'music', label: 'Music, lights and sound', basis: 'share', share: 6 },
  // Church or officiant's fees; Catholic parishes ask ₱5,000–20,000.
  { category: 'ceremony', label: 'Ceremony', basis: 'share', share: 7 },
  { category: 'contingency', label: 'Contingency', basis: 'share', share: 10 },
];
