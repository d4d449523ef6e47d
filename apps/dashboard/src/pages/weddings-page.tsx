// GET /weddings: the coordinator's weddings by date, upcoming first; filter by status and by past or upcoming.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Dashboard, Page, Wedding, WEDDING_STATUSES } from '../api/types';
import { useApi } from '../session/session';
import { addDays, formatDate, relativeDay } from '../ui/format';
import { Empty, ErrorMessage, FilterSelect, Loading, PageHeader, Pager, ProgressBar, StatusBadge } from '../ui/parts';

const PAGE_SIZE = 20;
const WHEN = { upcoming: 'Upcoming', past: 'Past', all: 'All dates' } as const;
type When = keyof typeof WHEN;

export function WeddingsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const status = params.get('status') ?? '';
  const when = (params.get('when') ?? 'upcoming') as When;
  // The coordinator's today (their time zone), as the API counts it.
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard') });
  const today = dashboard.data?.today;

  const range = !today || when === 'all' ? {} : when === 'upcoming' ? { from: today } : { to: addDays(today, -1) };
  const weddings = useQuery({
    queryKey: ['weddings', { page, status, ...range }],
    queryFn: () => api.get<Page<Wedding>>('/weddings', { page, pageSize: PAGE_SIZE, status, ...range }),
    enabled: when === 'all' || today !== undefined,
    placeholderData: keepPreviousData,
  });
  const update = (changes: Record<string, string>) =>
    setParams((current) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value) current.set(key, value);
        else current.delete(key);
      }
      return current;
    });

  return (
    <>
      <PageHeader title="Weddings" description="By wedding date. New bookings appear here as they arrive." />
      <form className="filters" aria-label="Filter weddings" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="wedding-when">When</label>
          <select id="wedding-when" value={when} onChange={(event) => update({ when: event.target.value === 'upcoming' ? '' : event.target.value, page: '' })}>
            {Object.entries(WHEN).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect id="wedding-status" label="Status" value={status} anyLabel="All statuses" values={WEDDING_STATUSES} onChange={(next) => update({ status: next, page: '' })} />
      </form>
      <ErrorMessage error={dashboard.error ?? weddings.error} title="The weddings could not be loaded" />
      {weddings.isPending && !weddings.error && <Loading what="weddings" />}
      {weddings.data && (
        <section className="panel" aria-label="Weddings">
          {weddings.data.items.length === 0 ? (
            <Empty>No wedding matches. A coordinator booking adds one, with its milestone plan.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Couple</th>
                  <th scope="col">Venue</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                </tr>
              </thead>
              <tbody>
                {weddings.data.items.map((wedding) => (
                  <tr key={wedding.id}>
                    <td className="cell-date">
                      {formatDate(wedding.weddingDate)}
                      {today && <div className="cell-note">{relativeDay(wedding.weddingDate, today)}</div>}
                    </td>
                    <td>
                      <Link to={`/weddings/${wedding.id}`}>{wedding.coupleName}</Link>
                    </td>
                    <td>{wedding.venue}</td>
                    <td>
                      <StatusBadge status={wedding.status} />
                    </td>
                    <td>
                      <ProgressBar value={wedding.progress} label={`Progress of ${wedding.coupleName}'s wedding`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager label="Weddings" page={page} pageSize={PAGE_SIZE} total={weddings.data.total} onPage={(next) => update({ page: String(next) })} />
        </section>
      )}
    </>
  );
}
