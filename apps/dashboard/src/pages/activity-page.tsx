// GET /activity: everything that happened to the coordinator's records, newest first.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ActivityEntry, Page } from '../api/types';
import { useApi } from '../session/session';
import { formatTime } from '../ui/format';
import { Empty, ErrorMessage, Loading, PageHeader, Pager } from '../ui/parts';

const PAGE_SIZE = 25;

const TYPE_LABELS: Record<string, string> = {
  client_created: 'New client',
  client_matched: 'Client matched',
  client_updated: 'Client updated',
  wedding_created: 'New wedding',
  wedding_updated: 'Wedding updated',
  milestone_completed: 'Milestone done',
  milestone_reopened: 'Milestone reopened',
  integration_failed: 'Booking not set up',
  calendar_feed_rotated: 'Calendar feed',
};

export function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  if (entries.length === 0) return <Empty>Nothing has happened yet. New bookings show up here as they arrive.</Empty>;
  return (
    <ol className="activity">
      {entries.map((entry) => (
        <li key={entry.id} className={`activity-item activity-${entry.activityType}`}>
          <span className="activity-type">{TYPE_LABELS[entry.activityType] ?? entry.activityType}</span>
          <span className="activity-description">
            {entry.weddingId ? <Link to={`/weddings/${entry.weddingId}`}>{entry.description}</Link> : entry.description}
            {typeof entry.metadata.reason === 'string' && <span className="cell-note"> — {entry.metadata.reason}</span>}
          </span>
          <time className="activity-time" dateTime={entry.createdAt}>
            {formatTime(entry.createdAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}

export function ActivityPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const weddingId = params.get('weddingId') ?? undefined;
  const activity = useQuery({
    queryKey: ['activity', { page, weddingId }],
    queryFn: () => api.get<Page<ActivityEntry>>('/activity', { page, pageSize: PAGE_SIZE, weddingId }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="Activity"
        description={
          weddingId ? (
            <>
              One wedding's activity. <Link to="/activity">Show all activity</Link>
            </>
          ) : (
            'Everything that happened to your clients and weddings, newest first.'
          )
        }
      />
      <ErrorMessage error={activity.error} title="The activity could not be loaded" />
      {activity.isPending && <Loading what="the activity" />}
      {activity.data && (
        <section className="panel">
          <ActivityList entries={activity.data.items} />
          <Pager
            label="Activity"
            page={page}
            pageSize={PAGE_SIZE}
            total={activity.data.total}
            onPage={(next) => setParams((current) => (current.set('page', String(next)), current))}
          />
        </section>
      )}
    </>
  );
}
