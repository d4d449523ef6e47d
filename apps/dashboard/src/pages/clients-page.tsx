// GET /clients: search by name, email or phone, filter by status, page through.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Client, CLIENT_STATUSES, Page } from '../api/types';
import { useApi } from '../session/session';
import { formatTime } from '../ui/format';
import { Empty, ErrorMessage, FilterSelect, Loading, PageHeader, Pager, StatusBadge } from '../ui/parts';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;

export function ClientsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const status = params.get('status') ?? '';
  const search = params.get('search') ?? '';
  const [typed, setTyped] = useState(search);

  // The query follows the search box once typing pauses; the address keeps it, so Back and reload show the same list.
  useEffect(() => {
    if (typed === search) return;
    const timer = setTimeout(() => update({ search: typed, page: '' }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  });

  const update = (changes: Record<string, string>) =>
    setParams((current) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value) current.set(key, value);
        else current.delete(key);
      }
      return current;
    });

  const clients = useQuery({
    queryKey: ['clients', { page, status, search }],
    queryFn: () => api.get<Page<Client>>('/clients', { page, pageSize: PAGE_SIZE, status, search }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Clients"
        description="Couples who booked you or whom you added, newest first."
        actions={
          <Link className="button button-primary" to="/clients/new">
            Add a client
          </Link>
        }
      />
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="client-search">Search</label>
          <input
            id="client-search"
            type="search"
            placeholder="Name, email or phone"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        <FilterSelect id="client-status" label="Status" value={status} anyLabel="All statuses" values={CLIENT_STATUSES} onChange={(next) => update({ status: next, page: '' })} />
      </form>
      <ErrorMessage error={clients.error} title="The clients could not be loaded" />
      {clients.isPending && <Loading what="clients" />}
      {clients.data && (
        <section className="panel" aria-label="Clients">
          {clients.data.items.length === 0 ? (
            <Empty>{search || status ? 'No client matches.' : 'No clients yet. A booking creates one, or add one yourself.'}</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Couple</th>
                  <th scope="col">Email</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Status</th>
                  <th scope="col">Added</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.items.map((client) => (
                  <tr key={client.id}>
                    <td>
                      <Link to={`/clients/${client.id}`}>{client.coupleName}</Link>
                    </td>
                    <td>{client.email ?? '—'}</td>
                    <td>{client.phone ?? '—'}</td>
                    <td>
                      <StatusBadge status={client.status} />
                    </td>
                    <td>{formatTime(client.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager label="Clients" page={page} pageSize={PAGE_SIZE} total={clients.data.total} onPage={(next) => update({ page: String(next) })} />
        </section>
      )}
    </>
  );
}
