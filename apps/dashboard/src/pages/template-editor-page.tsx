// GET/PUT/DELETE /templates/:id: a planning template's items edited as a draft and saved with the revision it was
// read at (a 409 means someone changed it since: reload). Legal items keep the windows the law sets.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Template, TemplateItem, WEDDING_TYPE_LABELS, WEDDING_TYPES, WeddingType } from '../api/types';
import { useApi } from '../session/session';
import { formatTime } from '../ui/format';
import { ErrorMessage, Loading, PageHeader, ProblemList, SaveError } from '../ui/parts';
import { describeAppliesTo, describeMonths, describeOffset, describeWindow, newItemKey, removeItem, templateDraftProblems } from './template-draft';
import { TEMPLATES_KEY } from './templates-page';

interface Draft {
  name: string;
  isDefault: boolean;
  items: TemplateItem[];
}

const draftOf = (template: Template): Draft => ({ name: template.name, isDefault: template.isDefault, items: template.items });

/** An item as the API takes it: its fields only, nothing the page added. */
export const itemBody = (item: TemplateItem) => ({
  key: item.key,
  title: item.title,
  description: item.description,
  category: item.category,
  anchor: item.anchor,
  offsetDays: item.offsetDays,
  window: item.window,
  minDurationDays: item.minDurationDays,
  dependsOn: item.dependsOn,
  appliesTo: item.appliesTo,
  months: item.months ?? [],
  legal: item.legal,
});

export function TemplateEditorPage() {
  const { id } = useParams() as { id: string };
  const api = useApi();
  const template = useQuery({ queryKey: [...TEMPLATES_KEY, id], queryFn: () => api.get<Template>(`/templates/${id}`) });
  const data = template.data;
  return (
    <>
      <PageHeader
        title={data?.name ?? 'Template'}
        description={data ? <>Revision {data.revision}, changed {formatTime(data.updatedAt)}{data.isDefault && <span className="badge badge-planning">default</span>}</> : undefined}
        actions={<Link to="/templates">All templates</Link>}
      />
      <ErrorMessage error={template.error} title="The template could not be loaded" />
      {template.isPending && <Loading what="the template" />}
      {data && <TemplateEditor key={data.id} template={data} onReload={() => void template.refetch()} />}
    </>
  );
}

function TemplateEditor({ template, onReload }: { template: Template; onReload: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The draft is what the coordinator sees and edits; `base` is the template it started from. A newer revision read
  // while the draft is untouched (another tab, a live notice) replaces it; with edits, the save's 409 says so.
  const [base, setBase] = useState(template);
  const [draft, setDraft] = useState(() => draftOf(template));
  const [open, setOpen] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const touched = JSON.stringify(draft) !== JSON.stringify(draftOf(base));
  useEffect(() => {
    // With edits, `base` stays at the revision they were made on, so that saving them over a newer one is refused.
    if (template.revision === base.revision || touched) return;
    setBase(template);
    setDraft(draftOf(template));
  }, [template, base.revision, touched]);

  const edit = (next: Draft) => {
    setSaved(false);
    setDraft(next);
  };
  const setItem = (index: number, item: TemplateItem) => edit({ ...draft, items: draft.items.map((it, i) => (i === index ? item : it)) });

  const save = useMutation({
    mutationFn: () =>
      api.put<Template>(`/templates/${template.id}`, {
        name: draft.name.trim(),
        isDefault: draft.isDefault,
        items: draft.items.map(itemBody),
        revision: base.revision,
      }),
    onSuccess: (updated) => {
      setSaved(true);
      setBase(updated);
      setDraft(draftOf(updated));
      queryClient.setQueryData([...TEMPLATES_KEY, template.id], updated);
      void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY, exact: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/templates/${template.id}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: [...TEMPLATES_KEY, template.id] });
      void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY, exact: true });
      navigate('/templates');
    },
  });
  // Back to the template as last read, untouched: the newer revision the reload brings then replaces it (above).
  const reload = () => {
    save.reset();
    setSaved(false);
    setDraft(draftOf(base));
    onReload();
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = templateDraftProblems(draft.name, draft.items);
    setProblems(found);
    if (found.length === 0) save.mutate();
  };
  const addItem = () => {
    const key = newItemKey('New milestone', draft.items.map((item) => item.key));
    const item: TemplateItem = {
      key,
      title: 'New milestone',
      description: '',
      category: 'planning',
      anchor: 'wedding',
      offsetDays: -30,
      window: null,
      minDurationDays: 0,
      dependsOn: [],
      appliesTo: [],
      months: [],
      legal: false,
    };
    edit({ ...draft, items: [...draft.items, item] });
    setOpen(key);
  };

  return (
    <form className="panel panel-stack" aria-labelledby="template-form-title" onSubmit={submit} noValidate>
      <h2 id="template-form-title">Items</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="template-name">Template name</label>
          <input id="template-name" required maxLength={120} value={draft.name} onChange={(event) => edit({ ...draft, name: event.target.value })} />
        </div>
        <label className="check check-field" htmlFor="template-default">
          <input
            id="template-default"
            type="checkbox"
            checked={draft.isDefault}
            disabled={base.isDefault}
            onChange={(event) => edit({ ...draft, isDefault: event.target.checked })}
            aria-describedby="template-default-help"
          />
          <span>
            The default for new weddings
            <span className="check-code" id="template-default-help">
              {base.isDefault ? 'Make another template the default to change this.' : 'Bookings from now on are planned with this template.'}
            </span>
          </span>
        </label>
      </div>
      <table className="table table-compact template-items">
        <caption className="visually-hidden">The template's items</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Category</th>
            <th scope="col">When</th>
            <th scope="col">Applies to</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.items.map((item, index) => {
            const expanded = open === item.key;
            const editorId = `item-editor-${index}`;
            return (
              <Fragment key={item.key}>
                <tr>
                  <td>
                    <span className="cell-strong">{item.title || 'Untitled'}</span>{' '}
                    {item.legal && <span className="badge badge-legal">legal</span>}
                    {item.dependsOn.length > 0 && (
                      <p className="cell-note">After {item.dependsOn.map((key) => draft.items.find((other) => other.key === key)?.title ?? key).join(', ')}</p>
                    )}
                  </td>
                  <td>{item.category}</td>
                  <td>
                    {describeOffset(item.anchor, item.offsetDays)}
                    {item.window && <p className="cell-note">Window: {describeWindow(item.window)}</p>}
                    {item.months.length > 0 && <p className="cell-note">Only in {describeMonths(item.months)}</p>}
                  </td>
                  <td>{describeAppliesTo(item.appliesTo)}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={expanded}
                      aria-controls={expanded ? editorId : undefined}
                      onClick={() => setOpen(expanded ? undefined : item.key)}
                    >
                      {expanded ? 'Close' : 'Edit'}
                      <span className="visually-hidden"> {item.title}</span>
                    </button>
                    {!item.legal && (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => edit({ ...draft, items: removeItem(draft.items, index) })}
                      >
                        Remove<span className="visually-hidden"> {item.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr className="row-details">
                    <td colSpan={5} id={editorId}>
                      <ItemFields index={index} item={item} items={draft.items} onChange={(next) => setItem(index, next)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="button" onClick={addItem}>
          Add an item
        </button>
      </div>
      <ProblemList what="template" problems={problems} />
      <SaveError error={save.error} what="template" onReload={reload} />
      {saved && !touched && (
        <p className="alert alert-success" role="status">
          Saved. Revision {base.revision}.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending || !touched}>
          {save.isPending ? 'Saving…' : 'Save template'}
        </button>
        <button type="button" className="button" disabled={!touched || save.isPending} onClick={() => edit(draftOf(base))}>
          Discard changes
        </button>
        <span className="form-actions-end">
          {confirmDelete ? (
            <>
              <span>Delete “{base.name}” for good?</span>{' '}
              <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
                Yes, delete it
              </button>{' '}
              <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
              Delete template
            </button>
          )}
        </span>
      </div>
      <ErrorMessage error={remove.error} title="The template was not deleted" />
    </form>
  );
}

function ItemFields({ index, item, items, onChange }: { index: number; item: TemplateItem; items: TemplateItem[]; onChange: (item: TemplateItem) => void }) {
  const id = (field: string) => `item-${index}-${field}`;
  const set = <K extends keyof TemplateItem>(field: K, value: TemplateItem[K]) => onChange({ ...item, [field]: value });
  const whole = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));
  const shown = (value: number) => (Number.isNaN(value) ? '' : String(value));
  // An item may depend only on items above it (the plan is fitted top to bottom).
  const others = items.slice(0, index);
  return (
    <fieldset className="fieldset item-fields">
      <legend>Edit “{item.title || 'Untitled'}”</legend>
      {item.legal && (
        <p className="alert alert-info" id={id('legal')}>
          <strong>A legal requirement, a rule in the planner:</strong> {describeWindow(item.window)}
          {item.minDurationDays > 0 && `, taking at least ${item.minDurationDays} days`}, for {describeAppliesTo(item.appliesTo)}
          {item.months.length > 0 && ` in ${describeMonths(item.months)}`}. These cannot be edited; its words, category and
          offset can.
        </p>
      )}
      <p className="hint">
        Key <code>{item.key}</code>
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('title')}>Title</label>
          <input id={id('title')} required maxLength={200} value={item.title} onChange={(event) => set('title', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={id('category')}>Category</label>
          <input id={id('category')} required maxLength={64} list="item-categories" value={item.category} onChange={(event) => set('category', event.target.value)} />
          <datalist id="item-categories">
            {[...new Set(items.map((other) => other.category).filter(Boolean))].map((category) => (
              <option key={category} value={category} />
            ))}
          </datalist>
        </div>
      </div>
      <div className="field">
        <label htmlFor={id('description')}>Description</label>
        <textarea id={id('description')} rows={2} maxLength={2000} value={item.description} onChange={(event) => set('description', event.target.value)} />
      </div>
      <div className="field-row field-row-3">
        <div className="field">
          <label htmlFor={id('anchor')}>Counted from</label>
          <select id={id('anchor')} value={item.anchor} onChange={(event) => set('anchor', event.target.value as TemplateItem['anchor'])}>
            <option value="wedding">the wedding date</option>
            <option value="booking">the booking date</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('offset')}>Offset in days</label>
          <input
            id={id('offset')}
            type="number"
            step={1}
            value={shown(item.offsetDays)}
            onChange={(event) => set('offsetDays', whole(event.target.value))}
            aria-describedby={id('offset-reads')}
          />
          <span className="hint" id={id('offset-reads')}>
            {Number.isNaN(item.offsetDays) ? 'Negative: before; positive: after.' : `Due ${describeOffset(item.anchor, item.offsetDays)}.`}
          </span>
        </div>
        <div className="field">
          <label htmlFor={id('duration')}>Minimum duration in days</label>
          <input
            id={id('duration')}
            type="number"
            min={0}
            step={1}
            disabled={item.legal}
            value={shown(item.minDurationDays)}
            onChange={(event) => set('minDurationDays', whole(event.target.value))}
          />
        </div>
      </div>
      {!item.legal && (
        <fieldset className="fieldset">
          <legend>Hard window</legend>
          <label className="check" htmlFor={id('window')}>
            <input
              id={id('window')}
              type="checkbox"
              checked={item.window !== null}
              onChange={(event) => set('window', event.target.checked ? { earliestDaysBefore: Math.max(0, -item.offsetDays || 30), latestDaysBefore: 0 } : null)}
            />
            <span>It must be done within a window before the wedding</span>
          </label>
          {item.window && (
            <div className="field-row">
              <div className="field">
                <label htmlFor={id('earliest')}>Not earlier than (days before)</label>
                <input
                  id={id('earliest')}
                  type="number"
                  min={0}
                  step={1}
                  value={shown(item.window.earliestDaysBefore)}
                  onChange={(event) => set('window', { ...item.window!, earliestDaysBefore: whole(event.target.value) })}
                />
              </div>
              <div className="field">
                <label htmlFor={id('latest')}>Not later than (days before)</label>
                <input
                  id={id('latest')}
                  type="number"
                  min={0}
                  step={1}
                  value={shown(item.window.latestDaysBefore)}
                  onChange={(event) => set('window', { ...item.window!, latestDaysBefore: whole(event.target.value) })}
                />
              </div>
            </div>
          )}
        </fieldset>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('depends')}>Depends on</label>
          <select
            id={id('depends')}
            multiple
            size={Math.min(6, Math.max(2, others.length))}
            value={item.dependsOn}
            onChange={(event) => set('dependsOn', Array.from(event.target.selectedOptions, (option) => option.value))}
            aria-describedby={id('depends-help')}
          >
            {others.map((other) => (
              <option key={other.key} value={other.key}>
                {other.title}
              </option>
            ))}
          </select>
          <span className="hint" id={id('depends-help')}>
            Planned after these (items above it only). Ctrl or ⌘ and click to choose more than one.
          </span>
        </div>
        <fieldset className="fieldset">
          <legend>Applies to (none: every type)</legend>
          <div className="check-grid">
            {WEDDING_TYPES.map((type: WeddingType) => (
              <label className="check" key={type} htmlFor={id(`type-${type}`)}>
                <input
                  id={id(`type-${type}`)}
                  type="checkbox"
                  checked={item.appliesTo.includes(type)}
                  disabled={item.legal}
                  onChange={(event) =>
                    set('appliesTo', event.target.checked ? [...item.appliesTo, type] : item.appliesTo.filter((t) => t !== type))
                  }
                />
                <span>{WEDDING_TYPE_LABELS[type]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </fieldset>
  );
}
