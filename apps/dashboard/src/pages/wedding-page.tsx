// GET /weddings/:id with its client and milestones: completion toggles (progress follows), a new date (the open
// milestones' due dates follow, compressed ones marked), and the status.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Dashboard, Milestone, WeddingDetails, WEDDING_STATUSES, WeddingStatus } from '../api/types';
import { useApi } from '../session/session';
import { formatBudget, formatDate, formatShortDate, relativeDay } from '../ui/format';
import { ErrorMessage, Loading, PageHeader, ProgressBar, StatusBadge } from '../ui/parts';
import { MilestoneMove, milestoneMoves } from './milestone-moves';

export function WeddingPage() {
  const { id } = useParams() as { id: string };
  const api = useApi();
  const wedding = useQuery({ queryKey: ['weddings', id], queryFn: () => api.get<WeddingDetails>(`/weddings/${id}`) });
  const today = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard') }).data?.today;
  const [moves, setMoves] = useState<{ to: string; moves: MilestoneMove[] }>();
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
            {moves && <MovedDueDates to={moves.to} moves={moves.moves} onDismiss={() => setMoves(undefined)} />}
            <MilestoneList wedding={data} today={today} />
          </section>
          <div className="stack">
            <section className="panel" aria-labelledby="details-title">
              <h2 id="details-title">Details</h2>
              <dl className="details">
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
                  <dt>Budget</dt>
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
              <MoveDate wedding={data} onMoved={setMoves} />
              <ChangeStatus wedding={data} />
            </section>
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
                aria-describedby={`milestone-${milestone.id}-due`}
              />
              <div className="milestone-body">
                <label htmlFor={`milestone-${milestone.id}`}>{milestone.title}</label>
                <p className="cell-note">{milestone.description}</p>
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

function MovedDueDates({ to, moves, onDismiss }: { to: string; moves: MilestoneMove[]; onDismiss: () => void }) {
  return (
    <div className="alert alert-info moved" role="status">
      <p>
        <strong>Wedding moved to {formatDate(to)}.</strong>{' '}
        {moves.length === 0 ? 'No open milestone changed its due date.' : 'New due dates of the open milestones:'}
      </p>
      {moves.length > 0 && (
        <ul>
          {moves.map((move) => (
            <li key={move.id}>
              {move.title}: <del>{formatShortDate(move.from)}</del> → <ins>{formatShortDate(move.to)}</ins>
              {move.compressed && <span className="badge badge-compressed">compressed</span>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function MoveDate({ wedding, onMoved }: { wedding: WeddingDetails; onMoved: (moved: { to: string; moves: MilestoneMove[] }) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [weddingDate, setWeddingDate] = useState(wedding.weddingDate);
  const move = useMutation({
    mutationFn: () => api.patch<WeddingDetails>(`/weddings/${wedding.id}`, { weddingDate }),
    onSuccess: (updated) => {
      onMoved({ to: updated.weddingDate, moves: milestoneMoves(wedding.milestones, updated.milestones) });
      queryClient.setQueryData(['weddings', wedding.id], updated);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== wedding.id });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    move.mutate();
  };
  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="wedding-date">Wedding date</label>
        <input id="wedding-date" type="date" required value={weddingDate} onChange={(event) => setWeddingDate(event.target.value)} aria-describedby="wedding-date-help" />
      </div>
      <p className="hint" id="wedding-date-help">
        Open milestones move with the date; one that no longer fits its lead time becomes due today and is marked compressed.
      </p>
      <ErrorMessage error={move.error} title="The date was not changed" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={move.isPending || weddingDate === wedding.weddingDate}>
          {move.isPending ? 'Moving…' : 'Move the wedding'}
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
