// The coordinator's webhook endpoints: add one (its signing secret shown once), pause, edit, rotate the secret,
// delete, and read its latest deliveries. A notification service without webhooks says so calmly.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { NotificationsApi } from '../api/notifications-api';
import {
  deliverySucceeded,
  describeEndpointState,
  formatDuration,
  isWebhooksUnavailable,
  WEBHOOK_EVENT_TYPES,
  WebhookDraft,
  webhookDraftProblems,
  WebhookEndpoint,
  WebhookFormat,
} from '../api/notifications';
import { formatTime } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/parts';

const QUERY_KEY = ['notifications', 'webhooks'];

const EVENT_LABELS: Record<string, string> = {
  'coordinator.wedding.created': 'A new wedding',
  'coordinator.integration.failed': 'A booking that could not be set up',
  'coordinator.milestone.due': 'A milestone falling due',
};

export function WebhookEndpointsPanel({ api }: { api: NotificationsApi }) {
  const endpoints = useQuery({ queryKey: QUERY_KEY, queryFn: () => api.webhooks() });
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean }>();
  const unavailable = isWebhooksUnavailable(endpoints.error);

  return (
    <section className="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhook endpoints</h2>
      {unavailable ? (
        <p className="alert alert-info">
          Webhooks are not available on this notification service. Once it offers them, you can send your weddings to your
          own systems or a Slack channel from here.
        </p>
      ) : (
        <>
          <p className="hint hint-spaced">
            Your systems, or a Slack channel, hear of new weddings as they happen. Each call is signed with the endpoint's secret.
          </p>
          <ErrorMessage error={endpoints.error} title="The webhook endpoints could not be loaded" />
          {endpoints.isPending && <Loading what="the webhook endpoints" />}
          {secret && <SecretOnce {...secret} onDone={() => setSecret(undefined)} />}
          {endpoints.data &&
            (endpoints.data.length === 0 ? (
              <Empty>No endpoints yet.</Empty>
            ) : (
              <ul className="endpoints">
                {endpoints.data.map((endpoint) => (
                  <EndpointItem
                    key={endpoint.id}
                    api={api}
                    endpoint={endpoint}
                    onSecret={(next) => setSecret({ url: endpoint.url, secret: next, rotated: true })}
                  />
                ))}
              </ul>
            ))}
          {endpoints.data && <AddEndpoint api={api} onCreated={(url, next) => setSecret({ url, secret: next, rotated: false })} />}
        </>
      )}
    </section>
  );
}

/** The signing secret, once: the service keeps only what it needs to sign, and never shows it again. */
function SecretOnce({ url, secret, rotated, onDone }: { url: string; secret: string; rotated: boolean; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is not allowed here: select the secret and copy it yourself.');
    }
  };
  return (
    <div className="alert alert-warning secret" role="region" aria-label="Signing secret, shown once">
      <p>
        <strong>{rotated ? 'New signing secret' : 'Endpoint added'}</strong> for <code>{url}</code>.
        {rotated && ' For the next 24 hours every call carries a signature with the previous secret too, so your receiver can switch over.'} Copy the signing secret now:{' '}
        <strong>you won't see it again.</strong>
      </p>
      <div className="field">
        <label htmlFor="webhook-secret">Signing secret</label>
        <div className="copy-row">
          {/* Focused at once: a keyboard user lands on the secret to copy. */}
          <input id="webhook-secret" readOnly autoFocus value={secret} onFocus={(event) => event.target.select()} />
          <button type="button" className="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
      </div>
      {copied && <p className="hint">{copied}</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I have saved it
        </button>
      </div>
    </div>
  );
}

function EventChoices({ idPrefix, chosen, onChange }: { idPrefix: string; chosen: string[]; onChange: (events: string[]) => void }) {
  return (
    <fieldset className="fieldset">
      <legend>Events</legend>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <label className="check" key={type} htmlFor={`${idPrefix}-${type}`}>
          <input
            id={`${idPrefix}-${type}`}
            type="checkbox"
            checked={chosen.includes(type)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, type] : chosen.filter((t) => t !== type))}
          />
          <span>
            {EVENT_LABELS[type]} <code className="check-code">{type}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function AddEndpoint({ api, onCreated }: { api: NotificationsApi; onCreated: (url: string, secret: string) => void }) {
  const queryClient = useQueryClient();
  const empty: WebhookDraft = { url: '', events: [...WEBHOOK_EVENT_TYPES], description: '', format: '' };
  const [draft, setDraft] = useState(empty);
  const [problems, setProblems] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => api.createWebhook(draft),
    onSuccess: (created) => {
      onCreated(created.endpoint?.url ?? draft.url.trim(), created.secret);
      setDraft(empty);
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = webhookDraftProblems(draft);
    setProblems(found);
    if (found.length === 0) create.mutate();
  };
  return (
    <form className="form form-inline" onSubmit={submit} aria-labelledby="add-webhook-heading" noValidate>
      <h3 id="add-webhook-heading">Add an endpoint</h3>
      <div className="field">
        <label htmlFor="webhook-url">Address</label>
        <input
          id="webhook-url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/weddings"
          maxLength={2048}
          value={draft.url}
          onChange={(event) => setDraft({ ...draft, url: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="webhook-description">Description (optional)</label>
        <input
          id="webhook-description"
          maxLength={200}
          value={draft.description}
          onChange={(event) => setDraft({ ...draft, description: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="webhook-format">Format</label>
        <select id="webhook-format" value={draft.format} onChange={(event) => setDraft({ ...draft, format: event.target.value as WebhookFormat })}>
          <option value="">Signed JSON (your own systems)</option>
          <option value="slack">Slack message (an incoming-webhook address)</option>
        </select>
      </div>
      <EventChoices idPrefix="new-webhook" chosen={draft.events} onChange={(events) => setDraft({ ...draft, events })} />
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <strong>Please check.</strong> {problems.join(' ')}
        </div>
      )}
      <ErrorMessage error={create.error} title="The endpoint was not added" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
}

function EndpointItem({ api, endpoint, onSecret }: { api: NotificationsApi; endpoint: WebhookEndpoint; onSecret: (secret: string) => void }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'rotate' | 'delete' | 'deliveries'>('view');
  const refresh = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });
  const toggle = useMutation({ mutationFn: () => api.updateWebhook(endpoint.id, { enabled: !endpoint.enabled }), onSuccess: refresh });
  const rotate = useMutation({
    mutationFn: () => api.rotateWebhookSecret(endpoint.id),
    onSuccess: (next) => {
      setMode('view');
      onSecret(next.secret);
    },
  });
  const remove = useMutation({ mutationFn: () => api.deleteWebhook(endpoint.id), onSuccess: refresh });
  const error = toggle.error ?? rotate.error ?? remove.error;
  const name = endpoint.description ?? endpoint.url;
  const state = describeEndpointState(endpoint);

  return (
    <li className="endpoint" aria-label={`Endpoint ${name}`}>
      <div className="endpoint-head">
        <div>
          <p className="endpoint-url">
            <code>{endpoint.url}</code>
          </p>
          <p className="cell-note">
            {endpoint.description && <>{endpoint.description} · </>}
            {endpoint.format === 'slack' ? 'Slack · ' : ''}
            {endpoint.events.length > 0 ? endpoint.events.map((type) => EVENT_LABELS[type] ?? type).join(', ') : 'every event'}
          </p>
        </div>
        <span className={`badge ${endpoint.enabled ? 'badge-active' : 'badge-inactive'}`}>{state.badge}</span>
      </div>
      {state.words && <p className="hint">{state.words}</p>}
      <div className="endpoint-actions">
        <button type="button" className="button button-small" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
          {endpoint.enabled ? 'Pause' : 'Resume'}
          <span className="visually-hidden"> {name}</span>
        </button>
        <button type="button" className="button button-small" aria-expanded={mode === 'edit'} onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}>
          Edit<span className="visually-hidden"> {name}</span>
        </button>
        <button
          type="button"
          className="button button-small"
          aria-expanded={mode === 'deliveries'}
          onClick={() => setMode(mode === 'deliveries' ? 'view' : 'deliveries')}
        >
          Deliveries<span className="visually-hidden"> to {name}</span>
        </button>
        <button type="button" className="button button-small" aria-expanded={mode === 'rotate'} onClick={() => setMode(mode === 'rotate' ? 'view' : 'rotate')}>
          Rotate secret<span className="visually-hidden"> of {name}</span>
        </button>
        <button type="button" className="button button-small button-danger" onClick={() => setMode(mode === 'delete' ? 'view' : 'delete')}>
          Delete<span className="visually-hidden"> {name}</span>
        </button>
      </div>
      <ErrorMessage error={error} title="That did not work" />
      {mode === 'rotate' && (
        <div className="alert alert-warning" role="group" aria-label="Confirm the new secret">
          <p>Replace the signing secret? Calls are signed with the new one at once, and with the old one too for 24 hours: switch your receiver to the new one within that time.</p>
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              {rotate.isPending ? 'Rotating…' : 'Yes, rotate it'}
            </button>
            <button type="button" className="button" onClick={() => setMode('view')}>
              Keep the current one
            </button>
          </div>
        </div>
      )}
      {mode === 'delete' && (
        <div className="alert alert-warning" role="group" aria-label="Confirm the deletion">
          <p>Delete this endpoint? It gets no more calls, and its delivery history goes with it.</p>
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? 'Deleting…' : 'Yes, delete it'}
            </button>
            <button type="button" className="button" onClick={() => setMode('view')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {mode === 'edit' && <EditEndpoint api={api} endpoint={endpoint} onDone={() => setMode('view')} />}
      {mode === 'deliveries' && <Deliveries api={api} endpoint={endpoint} />}
    </li>
  );
}

function EditEndpoint({ api, endpoint, onDone }: { api: NotificationsApi; endpoint: WebhookEndpoint; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(endpoint.url);
  const [events, setEvents] = useState(endpoint.events);
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: () => api.updateWebhook(endpoint.id, { url: url.trim(), events }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = webhookDraftProblems({ url, events, description: '', format: '' });
    setProblems(found);
    if (found.length === 0) save.mutate();
  };
  const idPrefix = `edit-${endpoint.id}`;
  return (
    <form className="form form-inline" onSubmit={submit} aria-label={`Edit ${endpoint.url}`} noValidate>
      <div className="field">
        <label htmlFor={`${idPrefix}-url`}>Address</label>
        <input id={`${idPrefix}-url`} type="url" maxLength={2048} value={url} onChange={(event) => setUrl(event.target.value)} />
      </div>
      <EventChoices idPrefix={idPrefix} chosen={events} onChange={setEvents} />
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <strong>Please check.</strong> {problems.join(' ')}
        </div>
      )}
      <ErrorMessage error={save.error} title="The endpoint was not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save endpoint'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Deliveries({ api, endpoint }: { api: NotificationsApi; endpoint: WebhookEndpoint }) {
  const deliveries = useQuery({
    queryKey: [...QUERY_KEY, endpoint.id, 'deliveries'],
    queryFn: () => api.webhookDeliveries(endpoint.id),
    // Calls go out as events arrive: the open list keeps up.
    refetchInterval: 5_000,
  });
  if (deliveries.isPending) return <Loading what="the deliveries" />;
  if (deliveries.error) return <ErrorMessage error={deliveries.error} title="The deliveries could not be loaded" />;
  if (deliveries.data.length === 0) return <Empty>No calls to this endpoint yet.</Empty>;
  return (
    <table className="table table-compact" aria-label={`Deliveries to ${endpoint.url}`}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Answer</th>
          <th scope="col">Took</th>
          <th scope="col">Body (first 4 KB)</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((delivery) => (
          <tr key={delivery.id}>
            <td className="cell-date">
              {delivery.at ? formatTime(delivery.at) : '—'}
              {delivery.eventType && <div className="cell-note">{EVENT_LABELS[delivery.eventType] ?? delivery.eventType}</div>}
            </td>
            <td>
              <span className={`badge ${deliverySucceeded(delivery) ? 'badge-active' : 'badge-failed'}`}>
                {delivery.statusCode ?? delivery.outcome ?? 'no answer'}
              </span>
            </td>
            <td>{formatDuration(delivery.durationMs)}</td>
            <td>{delivery.response ? <pre className="response-body">{delivery.response}</pre> : <span className="cell-note">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
