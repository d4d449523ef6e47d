// GET /dashboard: what needs the coordinator's attention, at a glance.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Dashboard, WEDDING_STATUSES } from '../api/types';
import { useApi } from '../session/session';
import { formatDate, formatShortDate, relativeDay } from '../ui/format';
import { Empty, ErrorMessage, Loading, PageHeader, ProgressBar, StatusBadge } from '../ui/parts';
import { ActivityList } from './activity-page';

export function OverviewPage() {
  const api = useApi();
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard') });
  const data = dashboard.data;
  return (
    <>
      <PageHeader title="Overview" description={data ? `Today is ${formatDate(data.today)}` : undefined} />
      <ErrorMessage error={dashboard.error} title="The overview could not be loaded" />
      {dashboard.isPending && <Loading what="the overview" />}
      {data && (
        <>
          <section className="cards" aria-label="Counts">
            <article className="card">
              <h2>Clients</h2>
              <p className="card-figure">{data.clients.total}</p>
              <dl className="card-breakdown">
                <div>
                  <dt>Leads</dt>
                  <dd>{data.clients.lead}</dd>
                </div>
                <div>
                  <dt>Active</dt>
                  <dd>{data.clients.active}</dd>
                </div>
                <div>
                  <dt>Inactive</dt>
                  <dd>{data.clients.inactive}</dd>
                </div>
              </dl>
            </article>
            <article className="card">
              <h2>Weddings</h2>
              <p className="card-figure">{WEDDING_STATUSES.reduce((sum, status) => sum + data.weddingsByStatus[status], 0)}</p>
              <dl className="card-breakdown">
                {WEDDING_STATUSES.map((status) => (
                  <div key={status}>
                    <dt>{status[0].toUpperCase() + status.slice(1)}</dt>
                    <dd>{data.weddingsByStatus[status]}</dd>
                  </div>
                ))}
              </dl>
            </article>
            <article className={`card ${data.milestones.overdue > 0 ? 'card-alert' : ''}`}>
              <h2>Overdue milestones</h2>
              <p className="card-figure">{data.milestones.overdue}</p>
              <p className="card-note">Open milestones past their due date</p>
            </article>
            <article className="card">
              <h2>Due this week</h2>
              <p className="card-figure">{data.milestones.dueNext7Days}</p>
              <p className="card-note">Open milestones due in the next 7 days</p>
            </article>
          </section>

          <div className="columns">
            <section className="panel" aria-labelledby="upcoming-title">
              <h2 id="upcoming-title">Weddings in the next 90 days</h2>
              {data.upcomingWeddings.length === 0 ? (
                <Empty>No weddings in the next 90 days.</Empty>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Couple</th>
                      <th scope="col">Date</th>
                      <th scope="col">Status</th>
                      <th scope="col">Progress</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.upcomingWeddings.map((wedding) => (
                      <tr key={wedding.id}>
                        <td>
                          <Link to={`/weddings/${wedding.id}`}>{wedding.coupleName}</Link>
                          <div className="cell-note">{wedding.venue}</div>
                        </td>
                        <td className="cell-date">
                          {formatShortDate(wedding.weddingDate)}
                          <div className="cell-note">{relativeDay(wedding.weddingDate, data.today)}</div>
                        </td>
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
            </section>
            <section className="panel" aria-labelledby="recent-title">
              <h2 id="recent-title">Latest activity</h2>
              <ActivityList entries={data.recentActivity} />
              <p className="panel-more">
                <Link to="/activity">All activity</Link>
              </p>
            </section>
          </div>
        </>
      )}
    </>
  );
}
