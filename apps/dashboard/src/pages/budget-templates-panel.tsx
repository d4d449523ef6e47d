// GET/POST /budget-templates, PUT/DELETE /budget-templates/:id: how a wedding's total is split into lines — a share
// of the total, an amount per guest, or a fixed amount — saved with the revision it was read at.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { BUDGET_CATEGORIES, BudgetBasis, BudgetTemplate, BudgetTemplateLine } from '../api/types';
import { useApi } from '../session/session';
import { Empty, ErrorMessage, Loading, ProblemList, SaveError } from '../ui/parts';
import { budgetTemplateProblems, lineFigure, withLineFigure } from './budget-lines';

export const BUDGET_TEMPLATES_KEY = ['budget-templates'];

const BASIS_LABELS: Record<BudgetBasis, string> = { share: '% of the total', 'per-guest': 'per guest (PHP)', fixed: 'fixed (PHP)' };

/** "hair-makeup" → "Hair makeup": a first label for a new line, to be edited. */
const categoryLabel = (category: string) => (category.charAt(0).toUpperCase() + category.slice(1)).replace(/-/g, ' ');

export function useBudgetTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: BUDGET_TEMPLATES_KEY,
    queryFn: () => api.get<{ items: BudgetTemplate[] }>('/budget-templates').then((page) => page.items),
  });
}

export function BudgetTemplatesPanel() {
  const templates = useBudgetTemplates();
  const [chosen, setChosen] = useState<string>();
  const current = templates.data?.find((t) => t.id === chosen) ?? templates.data?.find((t) => t.isDefault) ?? templates.data?.[0];
  return (
    <section className="panel" aria-labelledby="budget-templates-title">
      <h2 id="budget-templates-title">Budget splits</h2>
      <ErrorMessage error={templates.error} title="The budget splits could not be loaded" />
      {templates.isPending && <Loading what="the budget splits" />}
      {templates.data && templates.data.length === 0 && <Empty>No budget splits yet.</Empty>}
      {templates.data && current && (
        <>
          <div className="field">
            <label htmlFor="budget-template-choice">Budget split</label>
            <select id="budget-template-choice" value={current.id} onChange={(event) => setChosen(event.target.value)}>
              {templates.data.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                  {template.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </select>
          </div>
          <BudgetTemplateEditor key={current.id} template={current} onGone={() => setChosen(undefined)} />
          <AddBudgetTemplate from={current} onAdded={setChosen} />
        </>
      )}
    </section>
  );
}

function BudgetTemplateEditor({ template, onGone }: { template: BudgetTemplate; onGone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(template);
  const [lines, setLines] = useState(template.lines);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const touched = JSON.stringify(lines) !== JSON.stringify(base.lines);
  useEffect(() => {
    if (template.revision === base.revision || touched) return;
    setBase(template);
    setLines(template.lines);
  }, [template, base.revision, touched]);
  const save = useMutation({
    mutationFn: (isDefault: boolean) =>
      api.put<BudgetTemplate>(`/budget-templates/${template.id}`, { name: base.name, isDefault, lines: touched ? lines : base.lines, revision: base.revision }),
    onSuccess: (updated) => {
      setSaved(true);
      setBase(updated);
      setLines(updated.lines);
      void queryClient.invalidateQueries({ queryKey: BUDGET_TEMPLATES_KEY });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/budget-templates/${template.id}`),
    onSuccess: () => {
      onGone();
      void queryClient.invalidateQueries({ queryKey: BUDGET_TEMPLATES_KEY });
    },
  });
  const changeLines = (next: BudgetTemplateLine[]) => {
    setSaved(false);
    setLines(next);
  };
  const setLine = (index: number, line: BudgetTemplateLine) => changeLines(lines.map((l, i) => (i === index ? line : l)));
  const [adding, setAdding] = useState('');
  const unused = BUDGET_CATEGORIES.filter((category) => !lines.some((line) => line.category === category));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = budgetTemplateProblems(lines);
    setProblems(found);
    if (found.length === 0) save.mutate(base.isDefault);
  };
  return (
    <form className="form" aria-label={`Lines of ${base.name}`} onSubmit={submit} noValidate>
      <table className="table table-compact split-lines">
        <caption className="visually-hidden">Lines of {base.name}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Basis</th>
            <th scope="col">Figure</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={line.category}>
              <td>
                <label className="visually-hidden" htmlFor={`split-${index}-label`}>
                  Label of {line.category}
                </label>
                <input id={`split-${index}-label`} maxLength={100} value={line.label} onChange={(event) => setLine(index, { ...line, label: event.target.value })} />
                <span className="cell-note">{line.category}</span>
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`split-${index}-basis`}>
                  Basis of {line.label}
                </label>
                <select
                  id={`split-${index}-basis`}
                  value={line.basis}
                  onChange={(event) => setLine(index, withLineFigure({ ...line, basis: event.target.value as BudgetBasis }, lineFigure(line)))}
                >
                  {(Object.keys(BASIS_LABELS) as BudgetBasis[]).map((basis) => (
                    <option key={basis} value={basis}>
                      {BASIS_LABELS[basis]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`split-${index}-figure`}>
                  {line.label}, {BASIS_LABELS[line.basis]}
                </label>
                <input
                  id={`split-${index}-figure`}
                  type="number"
                  min={0}
                  step="0.01"
                  value={Number.isNaN(lineFigure(line)) ? '' : lineFigure(line)}
                  onChange={(event) => setLine(index, withLineFigure(line, event.target.value.trim() === '' ? Number.NaN : Number(event.target.value)))}
                />
                {line.basis === 'per-guest' && (
                  <label className="check check-small" htmlFor={`split-${index}-vat`}>
                    <input
                      id={`split-${index}-vat`}
                      type="checkbox"
                      checked={line.vatAndServiceCharge ?? false}
                      onChange={(event) => setLine(index, { ...line, vatAndServiceCharge: event.target.checked })}
                    />
                    <span>plus 12% VAT and 10% service</span>
                  </label>
                )}
              </td>
              <td>
                <button type="button" className="button button-small button-quiet" onClick={() => changeLines(lines.filter((_, i) => i !== index))}>
                  Remove<span className="visually-hidden"> {line.label}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unused.length > 0 && (
        <div className="field-row split-add">
          <div className="field">
            <label htmlFor="split-new-category">Another line</label>
            <select id="split-new-category" value={adding} onChange={(event) => setAdding(event.target.value)}>
              <option value="">Choose a category…</option>
              {unused.map((category) => (
                <option key={category} value={category}>
                  {category}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-button">
            <button
              type="button"
              className="button"
              disabled={!adding}
              onClick={() => {
                changeLines([...lines, { category: adding, label: categoryLabel(adding), basis: 'fixed', fixed: 0 }]);
                setAdding('');
              }}
            >
              Add line
            </button>
          </div>
        </div>
      )}
      <ProblemList what="split" problems={problems} />
      <SaveError
        error={save.error}
        what="split"
        onReload={() => {
          save.reset();
          setLines(base.lines);
          void queryClient.invalidateQueries({ queryKey: BUDGET_TEMPLATES_KEY });
        }}
      />
      {saved && !touched && (
        <p className="alert alert-success" role="status">
          Split saved{base.isDefault ? '; it is your default' : ''}.
        </p>
      )}
      <ErrorMessage error={remove.error} title="The split was not deleted" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!touched || save.isPending}>
          Save split
        </button>
        {!base.isDefault && (
          <>
            <button type="button" className="button" disabled={touched || save.isPending} onClick={() => save.mutate(true)}>
              Make it the default
            </button>
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Delete split
            </button>
          </>
        )}
      </div>
    </form>
  );
}

function AddBudgetTemplate({ from, onAdded }: { from: BudgetTemplate; onAdded: (id: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => api.post<BudgetTemplate>('/budget-templates', { name: name.trim(), lines: from.lines }),
    onSuccess: (created) => {
      setName('');
      onAdded(created.id);
      void queryClient.invalidateQueries({ queryKey: BUDGET_TEMPLATES_KEY });
    },
  });
  return (
    <form
      className="form form-inline"
      aria-labelledby="add-split-title"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-split-title">Add a budget split</h3>
      <div className="field">
        <label htmlFor="new-split-name">Name (starts as a copy of {from.name})</label>
        <input id="new-split-name" required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <ErrorMessage error={add.error} title="The split was not added" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={add.isPending || !name.trim()}>
          Add split
        </button>
      </div>
    </form>
  );
}
