// GET /weddings/:id with its client and milestones: completion toggles (progress follows), milestones added by hand,
// the wedding type and why, a re-plan (date, type or template, previewed before it applies), the budget, the status.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Dashboard, Milestone, WeddingDetails, WEDDING_STATUSES, WEDDING_TYPE_LABELS, WeddingStatus } from '../api/types';
import { useApi } from '../session/session';
import { formatBudget, formatDate, formatShortDate, relativeDay } from '../ui/format';
import { ErrorMessage, Loading, PageHeader, ProgressBar, StatusBadge } from '../ui/parts';
import { BudgetPanel } from './budget-panel';
import { ReplanPanel } from './replan-panel';

export function WeddingPage() {
  const { id } = useParams() as { id: string };
  const api = useApi();
  const wedding = useQuery({ queryKey: ['weddings', id], queryFn: () => api.get<WeddingDetails>(`/weddings/${id}`) });
  const today = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard') }).data?.today;
  const data = wedding.data;

  return (
    <>
      <PageHeader
        title={data ? `${data.coupleName}` : 'Wedding'}
        description={
          data ? (
            <>
              <StatusBadge status={data.status} /> {formatDate(data.weddingDate)}
              {today && ` · ${relativeDay(data.weddingDate, today)}`} · {data.venue}
            </>
          ) : undefined
        }
        actions={<Link to="/weddings">All weddings</Link>}
      />
      <ErrorMessage error={wedding.error} title="The wedding could not be loaded" />
      {wedding.isPending && <Loading what="the wedding" />}
      {data && (
        <div className="columns columns-wide-left">
          <section className="panel" aria-labelledby="milestones-title">
            <div className="panel-heading">
              <h2 id="milestones-title">Milestones</h2>
              <ProgressBar value={data.progress} label="Wedding progress" />
            </div>
            <MilestoneList wedding={data} today={today} />
            <AddMilestone wedding={data} />
          </section>
          <div className="stack">
            <section className="panel" aria-labelledby="details-title">
              <h2 id="details-title">Details</h2>
              <dl className="details">
                <div>
                  <dt>Type</dt>
                  <dd>
                    <strong>{WEDDING_TYPE_LABELS[data.weddingType.value] ?? data.weddingType.value}</strong>
                    <p className="cell-note">
                      {data.weddingType.source === 'coordinator' ? 'Chosen by you' : 'Inferred'}: {data.weddingType.reason}
                    </p>
                  </dd>
                </div>
                <div>
                  <dt>Client</dt>
                  <dd>{data.client ? <Link to={`/clients/${data.client.id}`}>{data.client.coupleName}</Link> : '—'}</dd>
                </div>
                <div>
                  <dt>Contact</dt>
                  <dd>{[data.coupleEmail, data.couplePhone].filter(Boolean).join(' · ') || '—'}</dd>
                </div>
                <div>
                  <dt>Guests</dt>
                  <dd>{data.guestCount ?? 'Not said'}</dd>
                </div>
                <div>
                  <dt>Your fee</dt>
                  <dd>{formatBudget(data.budget)}</dd>
                </div>
                <div>
                  <dt>Source</dt>
                  <dd>{data.bookingId ? 'Booked through the marketplace' : 'Added by hand'}</dd>
                </div>
              </dl>
              <p className="panel-more">
                <Link to={`/activity?weddingId=${data.id}`}>This wedding's activity</Link>
              </p>
            </section>
            <section className="panel" aria-labelledby="change-title">
              <h2 id="change-title">Change</h2>
              <ReplanPanel wedding={data} />
              <ChangeStatus wedding={data} />
            </section>
            <BudgetPanel wedding={data} />
          </div>
        </div>
      )}
    </>
  );
}

function MilestoneList({ wedding, today }: { wedding: WeddingDetails; today: string | undefined }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['weddings', wedding.id];
  // The state a click asked for, shown from the click itself: React puts a controlled box back to its props as the
  // change event ends, and the optimistic data below reaches this list only a timer tick later (the query cache
  // notifies on a timer) — until then the box would read unchanged, to a screen reader or a test reading it.
  const [clicked, setClicked] = useState<{ id: string; completed: boolean }>();
  const toggle = useMutation({
    mutationFn: (milestone: Milestone) =>
      api.patch<WeddingDetails>(`/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: !milestone.completed }),
    // The box shows its new state at once; the answer brings the progress, and a refusal puts the box back.
    onMutate: async (milestone) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<WeddingDetails>(key);
      if (previous) {
        queryClient.setQueryData<WeddingDetails>(key, {
          ...previous,
          milestones: previous.milestones.map((m) => (m.id === milestone.id ? { ...m, completed: !milestone.completed } : m)),
        });
      }
      return { previous };
    },
    onError: (_error, _milestone, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(key, updated);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== wedding.id });
    },
    onSettled: () => setClicked(undefined),
  });
  return (
    <>
      <ErrorMessage error={toggle.error} title="The milestone was not changed" />
      <ul className="milestones">
        {wedding.milestones.map((milestone) => {
          const completed = clicked?.id === milestone.id ? clicked.completed : milestone.completed;
          const overdue = !completed && today !== undefined && milestone.dueDate < today;
          return (
            <li key={milestone.id} className={`milestone ${completed ? 'milestone-done' : ''}`}>
              <input
                type="checkbox"
                id={`milestone-${milestone.id}`}
                checked={completed}
                disabled={toggle.isPending}
                onChange={() => {
                  setClicked({ id: milestone.id, completed: !milestone.completed });
                  toggle.mutate(milestone);
                }}
                aria-describedby={[`milestone-${milestone.id}-due`, milestone.flag ? `milestone-${milestone.id}-flag` : ''].join(' ').trim()}
              />
              <div className="milestone-body">
                <label htmlFor={`milestone-${milestone.id}`}>{milestone.title}</label>
                <p className="cell-note">{milestone.description}</p>
                <p className="milestone-tags">
                  {milestone.category && <span className="badge badge-category">{milestone.category}</span>}
                  {milestone.legal && <span className="badge badge-legal">legal</span>}
                  <span className={`badge badge-${milestone.source === 'manual' ? 'manual' : 'plan'}`}>
                    {milestone.source === 'manual' ? 'hand-made' : 'planned'}
                  </span>
                </p>
                {milestone.flag && (
                  <p className="milestone-flag" id={`milestone-${milestone.id}-flag`}>
                    <span aria-hidden="true">⚠ </span>
                    {milestone.flag}
                  </p>
                )}
              </div>
              <div className="milestone-due" id={`milestone-${milestone.id}-due`}>
                <span>Due {formatShortDate(milestone.dueDate)}</span>
                {milestone.compressed && (
                  <span className="badge badge-compressed" title="Due earlier than its usual lead time: the wedding is close">
                    compressed
                  </span>
                )}
                {overdue && <span className="badge badge-overdue">overdue</span>}
                {completed && <span className="badge badge-completed">done</span>}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function AddMilestone({ wedding }: { wedding: WeddingDetails }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const empty = { title: '', dueDate: '', category: '', description: '' };
  const [form, setForm] = useState(empty);
  const [added, setAdded] = useState<string>();
  const add = useMutation({
    mutationFn: () =>
      api.post<Milestone>(`/weddings/${wedding.id}/milestones`, {
        title: form.title.trim(),
        dueDate: form.dueDate,
        ...(form.category.trim() ? { category: form.category.trim() } : {}),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
      }),
    onSuccess: (milestone) => {
      setAdded(milestone.title);
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: ['weddings', wedding.id], exact: true });
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== wedding.id });
    },
  });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => {
    setAdded(undefined);
    setForm({ ...form, [field]: event.target.value });
  };
  return (
    <form
      className="form form-inline"
      aria-labelledby="add-milestone-title"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-milestone-title">Add a milestone by hand</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="milestone-title">Title</label>
          <input id="milestone-title" required maxLength={200} value={form.title} onChange={set('title')} />
        </div>
        <div className="field">
          <label htmlFor="milestone-due-date">Due date</label>
          <input id="milestone-due-date" type="date" required value={form.dueDate} onChange={set('dueDate')} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="milestone-category">Category</label>
          <input id="milestone-category" maxLength={64} value={form.category} onChange={set('category')} />
        </div>
        <div className="field">
          <label htmlFor="milestone-description">Description</label>
          <input id="milestone-description" maxLength={2000} value={form.description} onChange={set('description')} />
        </div>
      </div>
      <p className="hint">A re-plan never moves or removes it.</p>
      <ErrorMessage error={add.error} title="The milestone was not added" />
      {added && (
        <p className="alert alert-success" role="status">
          Added “{added}”.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={add.isPending}>
          Add milestone
        </button>
      </div>
    </form>
  );
}

function ChangeStatus({ wedding }: { wedding: WeddingDetails }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<WeddingStatus>(wedding.status);
  const change = useMutation({
    mutationFn: () => api.patch<WeddingDetails>(`/weddings/${wedding.id}`, { status }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['weddings', wedding.id], updated);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== wedding.id });
    },
  });
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate();
      }}
    >
      <div className="field">
        <label htmlFor="wedding-status">Status</label>
        <select id="wedding-status" value={status} onChange={(event) => setStatus(event.target.value as WeddingStatus)}>
          {WEDDING_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={change.error} title="The status was not changed" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={change.isPending || status === wedding.status}>
          Save status
        </button>
      </div>
    </form>
  );
}
