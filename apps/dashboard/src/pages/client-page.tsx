// GET /clients/:id with the client's weddings; PATCH /clients/:id to edit; POST /weddings to plan a wedding by hand.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ClientDetails, CLIENT_STATUSES, ClientStatus, WeddingDetails } from '../api/types';
import { useApi } from '../session/session';
import { formatShortDate, formatTime } from '../ui/format';
import { Empty, ErrorMessage, Loading, PageHeader, ProgressBar, StatusBadge } from '../ui/parts';

export function ClientPage() {
  const { id } = useParams() as { id: string };
  const api = useApi();
  const client = useQuery({ queryKey: ['clients', id], queryFn: () => api.get<ClientDetails>(`/clients/${id}`) });
  const data = client.data;
  return (
    <>
      <PageHeader
        title={data?.coupleName ?? 'Client'}
        description={
          data ? (
            <>
              <StatusBadge status={data.status} /> Client since {formatTime(data.createdAt)}
            </>
          ) : undefined
        }
        actions={<Link to="/clients">All clients</Link>}
      />
      <ErrorMessage error={client.error} title="The client could not be loaded" />
      {client.isPending && <Loading what="the client" />}
      {data && (
        <div className="columns">
          <section className="panel" aria-labelledby="weddings-title">
            <h2 id="weddings-title">Weddings</h2>
            {data.weddings.length === 0 ? (
              <Empty>No wedding yet.</Empty>
            ) : (
              <ul className="wedding-cards">
                {data.weddings.map((wedding) => (
                  <li key={wedding.id} className="wedding-card">
                    <Link to={`/weddings/${wedding.id}`}>{formatShortDate(wedding.weddingDate)}</Link>
                    <span className="cell-note">{wedding.venue}</span>
                    <StatusBadge status={wedding.status} />
                    <ProgressBar value={wedding.progress} label={`Progress of the wedding on ${formatShortDate(wedding.weddingDate)}`} />
                  </li>
                ))}
              </ul>
            )}
            <PlanWedding clientId={data.id} />
          </section>
          <section className="panel" aria-labelledby="edit-title">
            <h2 id="edit-title">Details</h2>
            <EditClient client={data} />
          </section>
        </div>
      )}
    </>
  );
}

function EditClient({ client }: { client: ClientDetails }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const current = { status: client.status, email: client.email ?? '', phone: client.phone ?? '', notes: client.notes ?? '' };
  const [form, setForm] = useState(current);
  const [base, setBase] = useState(current);
  const [saved, setSaved] = useState(false);
  const pristine = sameFields(form, current);
  // A change made elsewhere (another tab, a booking) shows up here, unless this form holds edits of its own.
  useEffect(() => {
    if (sameFields(base, current)) return;
    if (sameFields(form, base)) setForm(current);
    setBase(current);
  });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [field]: event.target.value });
  };

  const save = useMutation({
    mutationFn: () => {
      const changes: Record<string, string> = {};
      if (form.status !== client.status) changes.status = form.status;
      if (form.notes !== (client.notes ?? '')) changes.notes = form.notes;
      if (form.email.trim() !== (client.email ?? '')) changes.email = form.email.trim();
      if (form.phone.trim() !== (client.phone ?? '')) changes.phone = form.phone.trim();
      return api.patch(`/clients/${client.id}`, changes);
    },
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="client-status">Status</label>
        <select id="client-status" value={form.status} onChange={set('status')}>
          {CLIENT_STATUSES.map((status: ClientStatus) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="client-email">Email</label>
        <input id="client-email" type="email" maxLength={254} value={form.email} onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor="client-phone">Phone</label>
        <input id="client-phone" type="tel" maxLength={32} value={form.phone} onChange={set('phone')} />
      </div>
      <div className="field">
        <label htmlFor="client-notes">Notes</label>
        <textarea id="client-notes" rows={5} maxLength={4000} value={form.notes} onChange={set('notes')} />
      </div>
      {client.budgetRange && <p className="hint">Budget range given: {client.budgetRange}</p>}
      <ErrorMessage error={save.error} title="The changes were not saved" />
      {saved && (
        <p className="alert alert-success" role="status">
          Saved.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending || pristine}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

const sameFields = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

function PlanWedding({ clientId }: { clientId: string }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [weddingDate, setWeddingDate] = useState('');
  const [venue, setVenue] = useState('');
  const plan = useMutation({
    mutationFn: () => api.post<WeddingDetails>('/weddings', { clientId, weddingDate, ...(venue.trim() ? { venue: venue.trim() } : {}) }),
    onSuccess: (wedding) => {
      void queryClient.invalidateQueries();
      navigate(`/weddings/${wedding.id}`);
    },
  });
  return (
    <form
      className="form form-inline"
      aria-labelledby="plan-title"
      onSubmit={(event) => {
        event.preventDefault();
        plan.mutate();
      }}
    >
      <h3 id="plan-title">Plan a wedding</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="plan-date">Wedding date</label>
          <input id="plan-date" type="date" required value={weddingDate} onChange={(event) => setWeddingDate(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="plan-venue">Venue</label>
          <input id="plan-venue" maxLength={500} value={venue} onChange={(event) => setVenue(event.target.value)} />
        </div>
      </div>
      <ErrorMessage error={plan.error} title="The wedding was not added" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={plan.isPending}>
          Add wedding with its milestone plan
        </button>
      </div>
    </form>
  );
}
