// The marketplace's booking client as the tests run it, in Node and in the browser page alike.
//
// It stands in for the booking module of the marketplace's public repository Reviled-ncst/WeddingBazaar-web:
// src/services/api/optimizedBookingApiService.ts (read at commit 069cb8cb40c5a21c0bfc48eaffedb8744bf8ac34), called by
// src/modules/services/components/BookingRequestModal.tsx, whose submit handler builds the booking request. That code
// is theirs, not ours to copy into this repository, so this file is written from it rather than taken from it: it
// reproduces step by step what the module sends (the same requests, headers, body fields and fallbacks) and how it
// reads the answers, and leaves out what does not touch the wire (caching, logging, the UI's formatting). Where it
// says "as the module does", the behaviour is the module's, including the parts we would not have chosen.
(function (root, define) {
  const api = define();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.MarketplaceBookingClient = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** The module's fast time-outs: 2 s for the health check, 8 s to create a booking. */
  const HEALTH_TIMEOUT_MS = 2000;
  const CREATE_TIMEOUT_MS = 8000;
  /** The user id the module and the modal fall back to when nobody is logged in. */
  const FALLBACK_USER_ID = '1-2025-001';

  /**
   * The request the modal's submit handler builds from its form (every field snake_case, as the module expects): the
   * form's strings as typed, the guest count parsed, optional fields left undefined when empty.
   */
  function bookingRequestFromModal(service, form) {
    return {
      vendor_id: service.vendorId || '',
      service_id: service.id || service.vendorId || '',
      service_type: service.category,
      service_name: service.name,
      event_date: form.eventDate,
      event_time: form.eventTime || undefined,
      event_location: form.eventLocation,
      guest_count: parseInt(form.guestCount),
      budget_range: form.budgetRange,
      special_requests: form.specialRequests || undefined,
      contact_person: form.contactPerson,
      contact_phone: form.contactPhone,
      contact_email: form.contactEmail || undefined,
      preferred_contact_method: form.preferredContactMethod,
      metadata: { sourceModal: 'BookingRequestModal', submissionTimestamp: new Date().toISOString() },
    };
  }

  /**
   * The body the module posts: each field twice, snake_case and camelCase, the couple's id as `coupleId` (the user id,
   * else the module's fallback), and its own metadata in place of the modal's.
   */
  function bookingPayload(request, userId) {
    const twice = (snake, camel, value) => ({ [snake]: value, [camel]: value });
    const guests = parseInt(request.guest_count) || 0;
    return {
      coupleId: userId || request.user_id || request.couple_id || FALLBACK_USER_ID,
      ...twice('vendor_id', 'vendorId', request.vendor_id || request.vendorId),
      ...twice('service_id', 'serviceId', request.service_id || request.serviceId),
      ...twice('service_type', 'serviceType', request.service_type),
      ...twice('service_name', 'serviceName', request.service_name),
      ...twice('event_date', 'eventDate', request.event_date),
      ...twice('event_time', 'eventTime', request.event_time),
      ...twice('event_location', 'eventLocation', request.event_location),
      ...twice('guest_count', 'guestCount', guests),
      ...twice('contact_person', 'contactPerson', request.contact_person),
      ...twice('contact_phone', 'contactPhone', request.contact_phone),
      ...twice('contact_email', 'contactEmail', request.contact_email),
      ...twice('preferred_contact_method', 'preferredContactMethod', request.preferred_contact_method),
      ...twice('budget_range', 'budgetRange', request.budget_range),
      ...twice('special_requests', 'specialRequests', request.special_requests),
      metadata: { source: 'optimized_api', timestamp: new Date().toISOString(), userId: userId || request.user_id },
    };
  }

  /** The `x-user-id` header the module sends with every booking. */
  function userIdHeader(request, userId) {
    return userId || request.user_id || FALLBACK_USER_ID;
  }

  function createClient(baseUrl) {
    /** As the module's fetcher does: JSON headers on every call, a time-out, and anything but 2xx thrown. */
    async function fetchJson(path, init, timeoutMs) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await fetch(`${baseUrl}${path}`, {
          ...init,
          signal: controller.signal,
          headers: { 'Content-Type': 'application/json', ...(init.headers || {}) },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${response.statusText}`);
        return await response.json();
      } finally {
        clearTimeout(timer);
      }
    }

    async function healthCheck() {
      try {
        await fetchJson('/api/health', {}, HEALTH_TIMEOUT_MS);
        return true;
      } catch {
        return false;
      }
    }

    /** What the module shows when the booking could not be sent: a booking that exists only in the browser. */
    function offlineBooking(request, userId) {
      return {
        id: `fallback-${Date.now()}`,
        userId: userId || request.user_id || FALLBACK_USER_ID,
        vendorId: request.vendor_id || '1',
        eventDate: request.event_date,
        status: 'pending',
        notes: 'Booking created offline - will sync when online',
      };
    }

    /**
     * As the module does: the health check first, and an offline booking (never sent) unless it answers 200; then the
     * POST, read as `{ success, data }` or `{ success, booking }`; anything else, or any error, is an offline booking.
     */
    async function createBookingRequest(request, userId) {
      if (!(await healthCheck())) return offlineBooking(request, userId);
      try {
        const answer = await fetchJson(
          '/api/bookings/request',
          {
            method: 'POST',
            body: JSON.stringify(bookingPayload(request, userId)),
            headers: { 'x-user-id': userIdHeader(request, userId) },
          },
          CREATE_TIMEOUT_MS,
        );
        const booking = answer.data || answer.booking;
        if (answer.success && booking) {
          return {
            id: booking.id || `booking-${Date.now()}`,
            userId: request.user_id || FALLBACK_USER_ID,
            vendorId: request.vendor_id,
            eventDate: request.event_date,
            status: booking.status || 'pending',
            createdAt: booking.created_at || new Date().toISOString(),
          };
        }
        throw new Error(answer.message || 'Invalid response from server');
      } catch {
        return offlineBooking(request, userId);
      }
    }

    return { healthCheck, createBookingRequest };
  }

  return { createClient, bookingRequestFromModal, bookingPayload, userIdHeader };
});
