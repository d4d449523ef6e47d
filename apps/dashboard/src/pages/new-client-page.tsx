// POST /clients: a couple entered by hand; a contact another client already has is refused with a link to that client.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Client, CLIENT_STATUSES, ClientStatus } from '../api/types';
import { useApi } from '../session/session';
import { ErrorMessage, PageHeader } from '../ui/parts';

export function NewClientPage() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ coupleName: '', email: '', phone: '', status: 'lead' as ClientStatus, budgetRange: '', notes: '' });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  const create = useMutation({
    mutationFn: () =>
      api.post<Client>('/clients', {
        coupleName: form.coupleName.trim(),
        status: form.status,
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
        ...(form.budgetRange.trim() ? { budgetRange: form.budgetRange.trim() } : {}),
        ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      }),
    onSuccess: (client) => {
      void queryClient.invalidateQueries();
      navigate(`/clients/${client.id}`);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <>
      <PageHeader title="Add a client" description={<Link to="/clients">Back to clients</Link>} />
      <section className="panel panel-narrow">
        <form className="form" onSubmit={submit}>
          <div className="field">
            <label htmlFor="coupleName">Couple's names</label>
            <input id="coupleName" required maxLength={200} value={form.coupleName} onChange={set('coupleName')} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="email">Email</label>
              <input id="email" type="email" maxLength={254} value={form.email} onChange={set('email')} aria-describedby="contact-help" />
            </div>
            <div className="field">
              <label htmlFor="phone">Phone</label>
              <input id="phone" type="tel" maxLength={32} value={form.phone} onChange={set('phone')} aria-describedby="contact-help" />
            </div>
          </div>
          <p className="hint" id="contact-help">
            An email or a phone number is needed: bookings find the client by them.
          </p>
          <div className="field-row">
            <div className="field">
              <label htmlFor="status">Status</label>
              <select id="status" value={form.status} onChange={set('status')}>
                {CLIENT_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {status}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="budgetRange">Budget range</label>
              <input id="budgetRange" maxLength={64} placeholder="e.g. 50k-100k" value={form.budgetRange} onChange={set('budgetRange')} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="notes">Notes</label>
            <textarea id="notes" rows={4} maxLength={4000} value={form.notes} onChange={set('notes')} />
          </div>
          <ErrorMessage error={create.error} title="The client was not added" />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? 'Adding…' : 'Add client'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
