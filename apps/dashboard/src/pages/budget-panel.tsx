// A wedding's budget: GET/PUT /weddings/:id/budget (its total, guests and split) and PATCH …/budget/lines/:category
// (what was actually spent), with the lines planned against actual and whatever makes it infeasible in plain words.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error';
import { Budget, BudgetLine, WeddingDetails } from '../api/types';
import { useApi } from '../session/session';
import { formatBudget } from '../ui/format';
import { ErrorMessage, Loading, SaveError } from '../ui/parts';
import { parseAmount } from './budget-lines';
import { useBudgetTemplates } from './budget-templates-panel';

const BASIS_WORDS = { share: 'share of the total', 'per-guest': 'per guest', fixed: 'fixed' } as const;

export function BudgetPanel({ wedding }: { wedding: WeddingDetails }) {
  const api = useApi();
  const key = ['weddings', wedding.id, 'budget'];
  // No budget yet is an answer (404), not a failure: the panel offers to set one.
  const budget = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<Budget>(`/weddings/${wedding.id}/budget`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
  });
  const data = budget.data;
  return (
    <section className="panel" aria-labelledby="budget-title">
      <h2 id="budget-title">Budget</h2>
      <ErrorMessage error={budget.error} title="The budget could not be loaded" />
      {budget.isPending && <Loading what="the budget" />}
      {data === null && <p className="hint hint-spaced">No budget yet. Set the wedding's total and guests to split it into lines.</p>}
      {data && <BudgetLines wedding={wedding} budget={data} />}
      {data !== undefined && <SetBudget wedding={wedding} budget={data} />}
    </section>
  );
}

function BudgetLines({ wedding, budget }: { wedding: WeddingDetails; budget: Budget }) {
  return (
    <>
      {!budget.feasible ? (
        <div className="alert alert-error" role="status">
          <strong>Infeasible:</strong> this budget cannot pay for the wedding as planned.
          {budget.problems.length > 0 && (
            <ul>
              {budget.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        budget.problems.length > 0 && (
          <div className="alert alert-warning" role="status">
            <ul>
              {budget.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )
      )}
      <dl className="card-breakdown budget-figures">
        <div>
          <dt>Total</dt>
          <dd>{formatBudget(budget.total)}</dd>
        </div>
        <div>
          <dt>Guests</dt>
          <dd>{budget.guestCount}</dd>
        </div>
        <div>
          <dt>Planned</dt>
          <dd>{formatBudget(budget.plannedTotal)}</dd>
        </div>
        <div>
          <dt>Spent</dt>
          <dd>{formatBudget(budget.actualTotal)}</dd>
        </div>
      </dl>
      <table className="table table-compact budget-lines">
        <caption className="visually-hidden">Budget lines, planned and actual</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Planned</th>
            <th scope="col">Actual</th>
          </tr>
        </thead>
        <tbody>
          {budget.lines.map((line) => (
            <tr key={line.category}>
              <th scope="row">
                {line.label}
                <p className="cell-note">
                  {BASIS_WORDS[line.basis]}
                  {line.note && ` · ${line.note}`}
                </p>
              </th>
              <td className="cell-amount">{formatBudget(line.planned)}</td>
              <td>
                <ActualAmount key={`${line.category}:${line.actual}`} weddingId={wedding.id} line={line} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ActualAmount({ weddingId, line }: { weddingId: string; line: BudgetLine }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const shown = line.actual === null ? '' : String(line.actual);
  const [text, setText] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  const id = `actual-${line.category}`;
  const save = useMutation({
    // Without a revision: one line's actual does not conflict with another's, and the last one entered for a line stands.
    mutationFn: (actual: number | null) => api.patch<Budget>(`/weddings/${weddingId}/budget/lines/${encodeURIComponent(line.category)}`, { actual }),
    onSuccess: (updated) => queryClient.setQueryData(['weddings', weddingId, 'budget'], updated),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const actual = text.trim() === '' ? null : parseAmount(text);
    setInvalid(actual === undefined);
    if (actual !== undefined) save.mutate(actual);
  };
  return (
    <form className="actual-form" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor={id}>
        Actual for {line.label}
      </label>
      <input
        id={id}
        inputMode="decimal"
        placeholder="—"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid || save.error ? `${id}-error` : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button-small" disabled={save.isPending || text === shown}>
        Save<span className="visually-hidden"> the actual for {line.label}</span>
      </button>
      {(invalid || save.error) && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {invalid ? 'Enter pesos, e.g. 45000 or 45,000.50, or leave it empty.' : save.error instanceof Error ? save.error.message : 'Not saved.'}
        </p>
      )}
    </form>
  );
}

function SetBudget({ wedding, budget }: { wedding: WeddingDetails; budget: Budget | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const splits = useBudgetTemplates();
  const [total, setTotal] = useState(budget ? String(budget.total) : '');
  const [guests, setGuests] = useState(String(budget?.guestCount ?? wedding.guestCount ?? ''));
  const [templateId, setTemplateId] = useState(budget?.templateId ?? '');
  const [problem, setProblem] = useState<string>();
  const set = useMutation({
    // Made on the revision shown: a budget changed since (another tab) is refused with 409, not overwritten.
    mutationFn: (body: { total: number; guestCount: number; templateId?: string }) =>
      api.put<Budget>(`/weddings/${wedding.id}/budget`, { ...body, revision: budget?.revision ?? 0 }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['weddings', wedding.id, 'budget'], updated);
      // The guest count is the wedding's too.
      void queryClient.invalidateQueries({ queryKey: ['weddings', wedding.id], exact: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amount = parseAmount(total);
    const guestCount = Number(guests);
    if (amount === undefined) return setProblem('The total must be an amount of pesos, e.g. 850000 or 850,000.');
    if (!Number.isInteger(guestCount) || guestCount < 1) return setProblem('The guests must be a whole number, 1 or more.');
    setProblem(undefined);
    set.mutate({ total: amount, guestCount, ...(templateId ? { templateId } : {}) });
  };
  return (
    <form className="form form-inline" aria-labelledby="set-budget-title" onSubmit={submit} noValidate>
      <h3 id="set-budget-title">{budget ? 'Change the budget' : 'Set the budget'}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="budget-total">Total (PHP)</label>
          <input id="budget-total" inputMode="decimal" required value={total} onChange={(event) => setTotal(event.target.value)} aria-describedby="budget-total-help" />
        </div>
        <div className="field">
          <label htmlFor="budget-guests">Guests</label>
          <input id="budget-guests" type="number" min={1} step={1} required value={guests} onChange={(event) => setGuests(event.target.value)} />
        </div>
      </div>
      <p className="hint" id="budget-total-help">
        What the couple will spend on the wedding. The budget range of the booking is your fee, not this.
      </p>
      <div className="field">
        <label htmlFor="budget-split">Split</label>
        <select id="budget-split" value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
          <option value="">Your default split</option>
          {splits.data?.map((split) => (
            <option key={split.id} value={split.id}>
              {split.name}
            </option>
          ))}
        </select>
      </div>
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={splits.error} title="The budget splits could not be loaded" />
      <SaveError
        error={set.error}
        what="budget"
        onReload={() => {
          set.reset();
          void queryClient.invalidateQueries({ queryKey: ['weddings', wedding.id, 'budget'] });
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={set.isPending}>
          {set.isPending ? 'Saving…' : budget ? 'Save the budget' : 'Set the budget'}
        </button>
      </div>
    </form>
  );
}
