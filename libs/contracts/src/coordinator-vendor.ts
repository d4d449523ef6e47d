/**
 * A vendor is a wedding coordinator when its business type mentions coordination or planning
 * ("Wedding Coordination", "Event Planning", "wedding planner"). Shared because the bookings service reports
 * `pending` and the coordinator service acts on the same rule; two copies would drift.
 */
const COORDINATOR_BUSINESS_TYPE = /\b(coordinat|plann(ing|ers?)\b)/i;

export function isCoordinatorBusinessType(businessType: string | null | undefined): boolean {
  return typeof businessType === 'string' && COORDINATOR_BUSINESS_TYPE.test(businessType);
}
