// The notification service's part of the dashboard: the delivery log (every email, SMS and webhook call, its attempts,
// a resend), the settings, and the webhook endpoints.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { NotificationsApi, useNotificationsApi } from '../api/notifications-api';
import {
  attemptAnswer,
  describeAttempts,
  formatDuration,
  Notification,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  recipientLabel,
  templateLabel,
} from '../api/notifications';
import { formatTime } from '../ui/format';
import { Empty, ErrorMessage, FilterSelect, Loading, PageHeader, Pager, StatusBadge } from '../ui/parts';
import { NotificationSettingsPanel } from './notification-settings-panel';
import { WebhookEndpointsPanel } from './webhook-endpoints-panel';

const PAGE_SIZE = 20;
/** The log changes without the coordinator's doing (a send, a retry): read it again this often while it is open. */
const REFRESH_MS = 5_000;
const REFRESH_WHILE_SENDING_MS = 1_500;

export function NotificationsPage() {
  const { api, error } = useNotificationsApi();
  return (
    <>
      <PageHeader
        title="Notifications"
        description="The emails, texts and webhook calls sent about your weddings, who receives them, and where webhooks go."
      />
      <ErrorMessage error={error} title="The notification service could not be found" />
      {!api && !error && <Loading what="the notification service" />}
      {api && (
        <div className="stack">
          <DeliveryLog api={api} />
          <div className="columns">
            <NotificationSettingsPanel api={api} />
            <WebhookEndpointsPanel api={api} />
          </div>
        </div>
      )}
    </>
  );
}

function DeliveryLog({ api }: { api: NotificationsApi }) {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const status = params.get('status') ?? '';
  const channel = params.get('channel') ?? '';
  const [open, setOpen] = useState<string>();
  const update = (changes: Record<string, string>) =>
    setParams((current) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value) current.set(key, value);
        else current.delete(key);
      }
      return current;
    });
  const log = useQuery({
    queryKey: ['notifications', 'log', { page, status, channel }],
    queryFn: () => api.deliveryLog({ page, pageSize: PAGE_SIZE, status, channel }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.status === 'pending' || item.status === 'sending') ? REFRESH_WHILE_SENDING_MS : REFRESH_MS,
  });

  return (
    <section className="panel" aria-labelledby="delivery-log-heading">
      <h2 id="delivery-log-heading">Delivery log</h2>
      <form className="filters filters-compact" onSubmit={(event) => event.preventDefault()} aria-label="Filter the delivery log">
        <FilterSelect id="log-status" label="Status" value={status} anyLabel="All statuses" values={NOTIFICATION_STATUSES} onChange={(next) => update({ status: next, page: '' })} />
        <FilterSelect id="log-channel" label="Channel" value={channel} anyLabel="All channels" values={NOTIFICATION_CHANNELS} onChange={(next) => update({ channel: next, page: '' })} />
      </form>
      <ErrorMessage error={log.error} title="The delivery log could not be loaded" />
      {log.isPending && <Loading what="the delivery log" />}
      {log.data && (
        <>
          {log.data.items.length === 0 ? (
            <Empty>
              {status || channel ? 'No notification matches.' : 'Nothing sent yet. A new booking sends you an email, and the couple a confirmation.'}
            </Empty>
          ) : (
            <table className="table" aria-label="Notifications">
              <thead>
                <tr>
                  <th scope="col">Sent about</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((item) => (
                  <Fragment key={item.id}>
                    <NotificationRow item={item} open={open === item.id} onToggle={() => setOpen(open === item.id ? undefined : item.id)} />
                    {open === item.id && (
                      <tr className="row-details">
                        <td colSpan={5} id={`notification-${item.id}`}>
                          <NotificationDetailsView api={api} id={item.id} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
          <Pager label="Delivery log" page={page} pageSize={PAGE_SIZE} total={log.data.total} onPage={(next) => update({ page: String(next) })} />
        </>
      )}
    </section>
  );
}

function NotificationRow({ item, open, onToggle }: { item: Notification; open: boolean; onToggle: () => void }) {
  const about = item.subject ?? templateLabel(item.template);
  return (
    <tr>
      <td>
        <span className="cell-strong">{about}</span>
        <br />
        <span className="cell-note">
          {item.channel} · {templateLabel(item.template)}
          {item.resendOf && ' · resent'}
          {item.weddingId && (
            <>
              {' · '}
              <Link to={`/weddings/${item.weddingId}`}>open the wedding</Link>
            </>
          )}
        </span>
      </td>
      <td className="cell-wrap">{recipientLabel(item)}</td>
      <td className="cell-status">
        <StatusBadge status={item.status} /> <span className="cell-note">{describeAttempts(item)}</span>
        {item.lastError && item.status !== 'sent' && <p className="cell-note cell-error">{item.lastError}</p>}
      </td>
      <td className="cell-date">
        <time dateTime={item.createdAt}>{formatTime(item.createdAt)}</time>
      </td>
      <td>
        <button type="button" className="button button-small" aria-expanded={open} aria-controls={`notification-${item.id}`} onClick={onToggle}>
          {open ? 'Hide' : 'Attempts'}
          <span className="visually-hidden">
            {' '}
            of “{about}” to {recipientLabel(item)}
          </span>
        </button>
      </td>
    </tr>
  );
}

function NotificationDetailsView({ api, id }: { api: NotificationsApi; id: string }) {
  const queryClient = useQueryClient();
  const details = useQuery({
    queryKey: ['notifications', 'one', id],
    queryFn: () => api.notification(id),
    refetchInterval: (query) => (['pending', 'sending'].includes(query.state.data?.status ?? '') ? REFRESH_WHILE_SENDING_MS : false),
  });
  const [resentTo, setResentTo] = useState<string>();
  const resend = useMutation({
    mutationFn: () => api.resend(id),
    onMutate: () => setResentTo(undefined),
    onSuccess: (resent) => {
      setResentTo(resent.recipient);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'log'] });
    },
  });

  if (details.isPending) return <Loading what="the attempts" />;
  if (details.error) return <ErrorMessage error={details.error} title="The attempts could not be loaded" />;
  const notification = details.data;
  return (
    <div className="details-block">
      {resentTo && (
        <p className="alert alert-success" role="status">
          Resent: a new copy to {resentTo} is on its way. It is the newest entry of the log.
        </p>
      )}
      {notification.attempts.length === 0 ? (
        <p className="hint">No attempt yet{notification.nextAttemptAt ? `; the first is due ${formatTime(notification.nextAttemptAt)}` : ''}.</p>
      ) : (
        <table className="table table-compact" aria-label="Attempts">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Outcome</th>
              <th scope="col">Server's answer</th>
            </tr>
          </thead>
          <tbody>
            {notification.attempts.map((attempt) => (
              <tr key={attempt.attempt}>
                <td>{attempt.attempt}</td>
                <td className="cell-date">{attempt.startedAt ? formatTime(attempt.startedAt) : '—'}</td>
                <td>{formatDuration(attempt.durationMs)}</td>
                <td>
                  <StatusBadge status={attempt.outcome} />
                </td>
                <td className="cell-wrap">{attemptAnswer(attempt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notification.status === 'pending' && notification.nextAttemptAt && notification.attempts.length > 0 && (
        <p className="hint">Next attempt {formatTime(notification.nextAttemptAt)}.</p>
      )}
      {notification.scrubbedAt ? (
        // Nothing left to send: the service answers a resend with 410.
        <p className="hint">
          Its address and content were removed on {formatTime(notification.scrubbedAt)}, as the privacy rules ask; it can no
          longer be resent.
        </p>
      ) : (
        <>
          <ErrorMessage error={resend.error} title="Not resent" />
          <div className="form-actions">
            <button type="button" className="button" disabled={resend.isPending} onClick={() => resend.mutate()}>
              {resend.isPending ? 'Resending…' : 'Resend'}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
