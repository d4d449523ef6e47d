// A wedding's type, date or template changed through a re-plan: POST /plan/preview shows what would be added, moved,
// removed and kept (nothing written), and POST /plan/apply, only on confirmation, applies exactly that preview — its
// revision and digest make a plan changed in between a 409, answered with a fresh preview.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { PlanChange, PlanPreview, PlanRequest, WeddingDetails, WEDDING_TYPE_LABELS, WEDDING_TYPES, WeddingType } from '../api/types';
import { useApi } from '../session/session';
import { formatDate, formatShortDate } from '../ui/format';
import { ErrorMessage } from '../ui/parts';
import { CHANGE_KINDS, groupPlanChanges, planChangesAnything, summarizePlanChanges } from './plan-changes';
import { useTemplates } from './templates-page';

const KIND_HEADINGS = { add: 'Added', move: 'Moved', remove: 'Removed', keep: 'Kept as they are' } as const;

export function ReplanPanel({ wedding }: { wedding: WeddingDetails }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const [weddingDate, setWeddingDate] = useState(wedding.weddingDate);
  const [weddingType, setWeddingType] = useState<WeddingType>(wedding.weddingType.value);
  const [templateId, setTemplateId] = useState('');
  const plannedWith = templates.data?.find((t) => (wedding.planTemplateId ? t.id === wedding.planTemplateId : t.isDefault));
  const [shown, setShown] = useState<{ request: PlanRequest; preview: PlanPreview }>();
  const [applied, setApplied] = useState<{ summary: string; date: string }>();
  // A date or type changed elsewhere (another tab, a live notice) shows up here, unless this form holds a change of its own.
  const [seen, setSeen] = useState({ date: wedding.weddingDate, type: wedding.weddingType.value });
  useEffect(() => {
    if (seen.date === wedding.weddingDate && seen.type === wedding.weddingType.value) return;
    if (weddingDate === seen.date) setWeddingDate(wedding.weddingDate);
    if (weddingType === seen.type) setWeddingType(wedding.weddingType.value);
    setSeen({ date: wedding.weddingDate, type: wedding.weddingType.value });
  }, [wedding.weddingDate, wedding.weddingType.value, seen, weddingDate, weddingType]);

  const request = (): PlanRequest => ({
    ...(weddingDate !== wedding.weddingDate ? { weddingDate } : {}),
    ...(weddingType !== wedding.weddingType.value ? { weddingType } : {}),
    ...(templateId ? { templateId } : {}),
  });
  const preview = useMutation({
    mutationFn: (asked: PlanRequest) => api.post<PlanPreview>(`/weddings/${wedding.id}/plan/preview`, asked).then((answer) => ({ request: asked, preview: answer })),
    onMutate: () => {
      setApplied(undefined);
      apply.reset();
    },
    onSuccess: setShown,
  });
  const apply = useMutation({
    mutationFn: ({ request: asked, preview: seen }: { request: PlanRequest; preview: PlanPreview }) =>
      api.post<{ wedding: WeddingDetails; changes: PlanChange[] }>(`/weddings/${wedding.id}/plan/apply`, {
        ...asked,
        revision: seen.revision,
        digest: seen.digest,
      }),
    onSuccess: (answer) => {
      setShown(undefined);
      setApplied({ summary: summarizePlanChanges(answer.changes), date: answer.wedding.weddingDate });
      setTemplateId('');
      queryClient.setQueryData(['weddings', wedding.id], answer.wedding);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== wedding.id || query.queryKey[2] === 'budget' });
    },
  });
  const stale = apply.error instanceof ApiError && apply.error.status === 409;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    preview.mutate(request());
  };
  const edit = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setShown(undefined);
    setApplied(undefined);
    apply.reset();
  };

  return (
    <>
      <form className="form" onSubmit={submit} aria-labelledby="replan-title">
        <h3 id="replan-title">Date, type and template</h3>
        <div className="field">
          <label htmlFor="wedding-date">Wedding date</label>
          <input id="wedding-date" type="date" required value={weddingDate} onChange={(event) => edit(setWeddingDate)(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="wedding-type">Wedding type</label>
          <select id="wedding-type" value={weddingType} onChange={(event) => edit(setWeddingType)(event.target.value as WeddingType)}>
            {WEDDING_TYPES.map((type) => (
              <option key={type} value={type}>
                {WEDDING_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wedding-template">Template</label>
          <select id="wedding-template" value={templateId} onChange={(event) => edit(setTemplateId)(event.target.value)}>
            <option value="">The one it is planned with{plannedWith ? ` (${plannedWith.name})` : ''}</option>
            {templates.data?.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
                {template.isDefault ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </div>
        <p className="hint">
          You see what would change first; nothing changes until you apply it. Done and hand-made milestones stay as they are.
        </p>
        <ErrorMessage error={templates.error} title="The templates could not be loaded" />
        <ErrorMessage error={preview.error} title="The re-plan could not be previewed" />
        <div className="form-actions">
          <button type="submit" className="button" disabled={preview.isPending}>
            {preview.isPending ? 'Working it out…' : 'Preview the re-plan'}
          </button>
        </div>
      </form>
      {applied && (
        <div className="alert alert-success" role="status">
          <strong>Re-plan applied.</strong> {applied.summary}
        </div>
      )}
      {stale && (
        <div className="alert alert-warning" role="alert">
          <strong>The plan changed since this preview</strong> (someone or something else changed the wedding or its milestones), so
          nothing was applied.{' '}
          <button type="button" className="button button-small" disabled={preview.isPending} onClick={() => shown && preview.mutate(shown.request)}>
            Preview again
          </button>
        </div>
      )}
      {shown && !stale && (
        <PreviewOfChanges
          wedding={wedding}
          request={shown.request}
          preview={shown.preview}
          applying={apply.isPending}
          error={apply.error}
          onApply={() => apply.mutate(shown)}
          onCancel={() => {
            setShown(undefined);
            apply.reset();
          }}
        />
      )}
    </>
  );
}

function PreviewOfChanges({
  wedding,
  request,
  preview,
  applying,
  error,
  onApply,
  onCancel,
}: {
  wedding: WeddingDetails;
  request: PlanRequest;
  preview: PlanPreview;
  applying: boolean;
  error: unknown;
  onApply: () => void;
  onCancel: () => void;
}) {
  const groups = groupPlanChanges(preview.changes);
  const asked = [
    request.weddingDate && `the wedding moves to ${formatDate(request.weddingDate)}`,
    request.weddingType && `the type becomes ${WEDDING_TYPE_LABELS[request.weddingType]}`,
    request.templateId && 'another template plans it',
  ].filter(Boolean);
  const anything = planChangesAnything(preview.changes) || asked.length > 0;
  return (
    <section className="replan" role="region" aria-labelledby="replan-preview-title">
      <h3 id="replan-preview-title">Re-plan preview</h3>
      <p>
        {asked.length > 0 ? `If ${asked.join(', ')}: ` : `With the plan as it stands for ${wedding.coupleName}: `}
        {summarizePlanChanges(preview.changes)}
      </p>
      {preview.flags.length > 0 && (
        <div className="alert alert-warning">
          <strong>Mind:</strong>
          <ul>
            {preview.flags.map((flag) => (
              <li key={flag}>{flag}</li>
            ))}
          </ul>
        </div>
      )}
      {CHANGE_KINDS.filter((kind) => kind !== 'keep' && groups[kind].length > 0).map((kind) => (
        <div key={kind} className={`replan-group replan-${kind}`}>
          <h4 id={`replan-${kind}`}>{KIND_HEADINGS[kind]}</h4>
          <ul aria-labelledby={`replan-${kind}`}>
            {groups[kind].map((change, index) => (
              <ChangeLine key={`${change.key ?? change.milestoneId}-${index}`} change={change} wedding={wedding} />
            ))}
          </ul>
        </div>
      ))}
      {groups.keep.length > 0 && (
        <details className="replan-group replan-keep">
          <summary>
            {KIND_HEADINGS.keep} ({groups.keep.length})
          </summary>
          <ul>
            {groups.keep.map((change, index) => (
              <ChangeLine key={`${change.key ?? change.milestoneId}-${index}`} change={change} wedding={wedding} />
            ))}
          </ul>
        </details>
      )}
      <ErrorMessage error={error instanceof ApiError && error.status === 409 ? undefined : error} title="The re-plan was not applied" />
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={applying || !anything} onClick={onApply}>
          {applying ? 'Applying…' : 'Apply these changes'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function ChangeLine({ change, wedding }: { change: PlanChange; wedding: WeddingDetails }) {
  // A kept milestone's date is the one it has.
  const from = change.from?.dueDate ?? wedding.milestones.find((m) => m.id === change.milestoneId)?.dueDate;
  const to = change.to?.dueDate;
  return (
    <li>
      <span className="cell-strong">{change.title}</span>:{' '}
      {change.kind === 'move' && from && to && from === to ? (
        <>due {formatShortDate(to)}, reworded or flagged anew</>
      ) : change.kind === 'move' && from && to ? (
        <>
          <del>{formatShortDate(from)}</del> → <ins>{formatShortDate(to)}</ins>
        </>
      ) : change.kind === 'add' && to ? (
        <>
          new, due <ins>{formatShortDate(to)}</ins>
        </>
      ) : change.kind === 'remove' && from ? (
        <>
          was due <del>{formatShortDate(from)}</del>
        </>
      ) : (
        (from ?? to) && <>due {formatShortDate((from ?? to)!)}</>
      )}
      {change.flag && <span className="milestone-flag"> — {change.flag}</span>}
    </li>
  );
}
